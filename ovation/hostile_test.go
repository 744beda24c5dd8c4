package ovation_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/labwire/labwire/ovation"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A server that answers list pages as scripted by body (per page number).
func hostile(t *testing.T, body func(page string) string, opts ...ovation.Option) (*ovation.Client, *int) {
	t.Helper()
	calls := 0
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls++
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, body(r.URL.Query().Get("page")))
	}))
	t.Cleanup(ts.Close)
	c, err := ovation.NewClient(append([]ovation.Option{ovation.WithBaseURL(ts.URL), ovation.WithAPIKey("k"), ovation.WithMaxRetries(0)}, opts...)...)
	require.NoError(t, err)
	return c, &calls
}

func TestStreamedPagesFromAHostileServer(t *testing.T) {
	ctx := context.Background()
	cases := map[string]string{
		"cut short":       `{"requisitions":[{"id":1},{"id":2`,
		"not an object":   `[1,2,3]`,
		"html":            `<html>oops</html>`,
		"wrong item type": `{"requisitions":[{"id":1},{"id":{"CANARY":1}}]}`,
		"bad time":        `{"requisitions":[{"id":1},{"id":2,"created_at":"CANARY-yesterday"}]}`,
		"items not array": `{"requisitions":{"id":1}}`,
		"garbage between": `{"requisitions":[{"id":1} {"id":2}]}`,
	}
	for name, body := range cases {
		t.Run(name, func(t *testing.T) {
			c, _ := hostile(t, func(string) string { return body })
			var got []ovation.ID
			var last error
			for r, err := range c.Requisitions.All(ctx, "789", nil) {
				if err != nil {
					last = err
					break
				}
				got = append(got, r.ID)
			}
			require.Error(t, last)
			assert.NotContains(t, last.Error(), "CANARY")
			assert.LessOrEqual(t, len(got), 1, "items before the fault are yielded, nothing after")
		})
	}

	// A page larger than the cap fails as too large, and is not read further.
	big := `{"requisitions":[` + strings.Repeat(`{"id":1},`, 2000) + `{"id":1}]}`
	c, _ := hostile(t, func(string) string { return big }, ovation.WithMaxResponseBytes(1024))
	_, err := c.Requisitions.List(ctx, "789", nil)
	assert.ErrorIs(t, err, ovation.ErrResponseTooLarge)

	// Meta that never ends, over the same requisition: paging stops at the first page that
	// repeats it, with an error, the requisition yielded once (issue 18).
	c, calls := hostile(t, func(p string) string {
		if p == "3" {
			return `{"requisitions":[],"meta":{"currentPage":3,"perPage":1,"totalEntries":1000}}`
		}
		return `{"requisitions":[{"id":1}],"meta":{"currentPage":` + map[string]string{"": "1", "2": "2"}[p] + `,"perPage":1,"totalEntries":1000}}`
	})
	n := 0
	var last error
	for _, err := range c.Requisitions.All(ctx, "789", &ovation.RequisitionListParams{PerPage: 1}) {
		if err != nil {
			last = err
			continue
		}
		n++
	}
	assert.Equal(t, 1, n)
	assert.Equal(t, 2, *calls)
	assert.ErrorIs(t, last, ovation.ErrInvalidResponse)
	assert.EqualError(t, last, "ovation: GET /project_templates/{projectTemplateId}/requisitions: page 2 makes no progress: it holds only items already seen")

	// No meta: a short page is the last.
	c, calls = hostile(t, func(string) string { return `{"requisitions":[{"id":1}]}` })
	n = 0
	for _, err := range c.Requisitions.All(ctx, "789", &ovation.RequisitionListParams{PerPage: 2}) {
		require.NoError(t, err)
		n++
	}
	assert.Equal(t, 1, n)
	assert.Equal(t, 1, *calls)
}
