package ovation_test

import (
	"context"
	"testing"

	"github.com/labwire/labwire/ovation"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Streamed page items (and the page's meta) are checked as strictly as a single-object
// answer: a duplicate key, a key differing only in case, or invalid UTF-8 is
// ErrInvalidResponse, never a silently chosen value or a U+FFFD.
func TestStreamedPageItemsAreStrictJSON(t *testing.T) {
	cases := map[string]string{
		"duplicate key":    `{"requisitions":[{"id":1,"identifier":"CANARY-A","identifier":"CANARY-B"}]}`,
		"case-variant key": `{"requisitions":[{"id":1,"identifier":"CANARY-A","Identifier":"CANARY-B"}]}`,
		"invalid UTF-8":    "{\"requisitions\":[{\"id\":1,\"identifier\":\"CANARY-\xff\"}]}",
		"duplicate meta":   `{"requisitions":[],"meta":{"currentPage":1,"currentPage":9}}`,
	}
	for name, body := range cases {
		t.Run(name, func(t *testing.T) {
			c, _ := hostile(t, func(string) string { return body })
			_, err := c.Requisitions.List(context.Background(), "789", nil)
			require.Error(t, err)
			assert.ErrorIs(t, err, ovation.ErrInvalidResponse)
			assert.NotContains(t, err.Error(), "CANARY")

			var got []ovation.Requisition
			var last error
			for r, err := range c.Requisitions.All(context.Background(), "789", nil) {
				if err != nil {
					last = err
					break
				}
				got = append(got, *r)
			}
			assert.ErrorIs(t, last, ovation.ErrInvalidResponse)
			assert.Empty(t, got)
		})
	}
}
