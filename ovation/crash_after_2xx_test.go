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

// A server that answers 201 and dies mid-body (the requisition was created) is not sent
// the create again, and the caller gets an error, not a half requisition. A 429 with a
// huge Retry-After on a read fails at once instead of waiting.
func TestCreateAnsweredThenCrashIsSentOnce(t *testing.T) {
	var n atomic.Int32
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", "400")
		w.WriteHeader(http.StatusCreated)
		_, _ = io.WriteString(w, `{"requisition":{"id":1,"identifier":"R`)
		w.(http.Flusher).Flush()
		conn, _, err := w.(http.Hijacker).Hijack()
		if err == nil {
			_ = conn.Close()
		}
	}))
	t.Cleanup(ts.Close)
	c, err := ovation.NewClient(ovation.WithBaseURL(ts.URL), ovation.WithAPIKey("k"), ovation.WithMaxRetries(3), ovation.WithRetryWait(time.Millisecond, time.Millisecond))
	require.NoError(t, err)
	r, err := c.Requisitions.Create(context.Background(), "789", createParams())
	require.Error(t, err)
	assert.Nil(t, r)
	assert.EqualValues(t, 1, n.Load())

	c2, n2 := hostileOne(t, 429, "", map[string]string{"Retry-After": "999999999999"})
	_, err = c2.Requisitions.Get(context.Background(), "789", "R1")
	assert.ErrorIs(t, err, ovation.ErrRateLimited)
	assert.EqualValues(t, 1, n2.Load())
}
