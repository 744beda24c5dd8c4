package ovation_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/labwire/labwire/ovation"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hostileOne answers every request with status and body, counting receptions.
func hostileOne(t *testing.T, status int, body string, hdr map[string]string) (*ovation.Client, *atomic.Int32) {
	t.Helper()
	var n atomic.Int32
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		_, _ = io.Copy(io.Discard, r.Body)
		for k, v := range hdr {
			w.Header().Set(k, v)
		}
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}))
	t.Cleanup(ts.Close)
	c, err := ovation.NewClient(ovation.WithBaseURL(ts.URL), ovation.WithAPIKey("k"), ovation.WithMaxRetries(2), ovation.WithRetryWait(time.Millisecond, time.Millisecond))
	require.NoError(t, err)
	return c, &n
}

func createParams() *ovation.RequisitionCreateParams {
	return &ovation.RequisitionCreateParams{Requisition: &ovation.Requisition{
		RequestedTests: []ovation.RequestedTest{{PanelCode: "P1"}},
	}}
}

// A requisition answer that is not a requisition is ErrInvalidResponse, never a zero
// *Requisition with a nil error.
func TestRequisitionAnswerThatIsNoRequisition(t *testing.T) {
	for name, tc := range map[string]struct {
		status int
		body   string
	}{
		"204":            {http.StatusNoContent, ""},
		"empty 200":      {200, ""},
		"whitespace":     {200, " \n\t "},
		"null":           {200, "null"},
		"wrapped null":   {200, `{"requisition":null}`},
		"empty object":   {200, `{}`},
		"array":          {200, `[]`},
		"wrapped string": {200, `{"requisition":"CANARY"}`},
		"dup key":        {200, `{"requisition":{"id":1,"id":2}}`},
		"dup wrapper":    {200, `{"requisition":{"id":1},"requisition":{"id":2}}`},
		"invalid utf8":   {200, "{\"requisition\":{\"id\":1,\"identifier\":\"\xff\"}}"},
		"trailing":       {200, `{"requisition":{"id":1}} {"x":1}`},
	} {
		t.Run(name, func(t *testing.T) {
			c, n := hostileOne(t, tc.status, tc.body, map[string]string{"Content-Type": "application/json"})
			r, err := c.Requisitions.Get(context.Background(), "789", "R1")
			require.Error(t, err, "got %+v", r)
			assert.Nil(t, r)
			assert.ErrorIs(t, err, ovation.ErrInvalidResponse)
			assert.NotContains(t, err.Error(), "CANARY")
			assert.EqualValues(t, 1, n.Load(), "a 2xx is not retried")
		})
	}
}

// A write answered by a redirect is not followed and not repeated; a 503 to a POST is
// not retried (the create may have happened), to a PUT it is (idempotent).
func TestWritesAnsweredHostilely(t *testing.T) {
	ctx := context.Background()
	for _, status := range []int{301, 302, 303, 307, 308} {
		c, n := hostileOne(t, status, "", map[string]string{"Location": "/elsewhere"})
		_, err := c.Requisitions.Create(ctx, "789", createParams())
		require.Error(t, err)
		assert.EqualValues(t, 1, n.Load(), "POST %d", status)
		_, err = c.Requisitions.Delete(ctx, "789", "R1")
		require.Error(t, err)
		assert.EqualValues(t, 2, n.Load(), "DELETE %d", status)
	}
	c, n := hostileOne(t, 503, `{"error":"CANARY"}`, map[string]string{"Retry-After": "0"})
	_, err := c.Requisitions.Create(ctx, "789", createParams())
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "CANARY")
	assert.EqualValues(t, 1, n.Load(), "a POST answered 503 is not sent again")
}
