package fake

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFaultStatusAnswer(t *testing.T) {
	t.Parallel()
	s, h := newTestServer(t)
	s.Script(Fault{
		Route:      "POST /v2/items/{id}/results",
		Status:     http.StatusTooManyRequests,
		RetryAfter: "1",
		Header:     http.Header{"X-Ratelimit-Reset": {"7"}},
		Body:       json.RawMessage(`{"error":"slow down"}`),
	})

	resp, body, err := do(t, s, http.MethodPost, "/v2/items/9/results", `{"a":1}`)
	require.NoError(t, err)
	assert.Equal(t, http.StatusTooManyRequests, resp.StatusCode)
	assert.Equal(t, "1", resp.Header.Get("Retry-After"))
	assert.Equal(t, "7", resp.Header.Get("X-RateLimit-Reset"))
	assert.Equal(t, "application/json", resp.Header.Get("Content-Type"))
	assert.JSONEq(t, `{"error":"slow down"}`, string(body))
	assert.Zero(t, h.calls.Load(), "a faulted request must not reach the handler")

	resp, _, err = do(t, s, http.MethodPost, "/v2/items/9/results", `{"a":1}`)
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, resp.StatusCode, "the fault is consumed once")
	assert.EqualValues(t, 1, h.calls.Load())

	reqs := s.Requests()
	require.Len(t, reqs, 2)
	require.NotNil(t, reqs[0].Fault)
	assert.Equal(t, http.StatusTooManyRequests, reqs[0].Fault.Status)
	assert.False(t, reqs[0].Handled)
	assert.JSONEq(t, `{"a":1}`, string(reqs[0].Body))
	assert.Nil(t, reqs[1].Fault)
	assert.True(t, reqs[1].Handled)
	assert.Empty(t, s.PendingFaults())
}

func TestFaultWithoutBody(t *testing.T) {
	t.Parallel()
	s, _ := newTestServer(t)
	s.Script(Fault{Status: http.StatusInternalServerError})
	resp, body, err := do(t, s, http.MethodGet, "/anything", "")
	require.NoError(t, err)
	assert.Equal(t, http.StatusInternalServerError, resp.StatusCode)
	assert.Empty(t, body)
	assert.Empty(t, resp.Header.Get("Retry-After"))
}

func TestFaultsConsumedInOrderByMatch(t *testing.T) {
	t.Parallel()
	s, h := newTestServer(t)
	s.Script(
		Fault{Route: "GET /v2/a/{id}", Status: 500},
		Fault{Route: "POST /v2/b", Status: 503},
		Fault{Route: "GET /v2/a/{id}", Status: 429, RetryAfter: "2"},
		Fault{Status: 502}, // any request
	)

	status := func(method, path string) int {
		resp, _, err := do(t, s, method, path, "")
		require.NoError(t, err)
		return resp.StatusCode
	}
	assert.Equal(t, 503, status(http.MethodPost, "/v2/b"), "first fault matching POST /v2/b")
	assert.Equal(t, 500, status(http.MethodGet, "/v2/a/1"))
	assert.Equal(t, 502, status(http.MethodPost, "/v2/b"), "the catch-all is the next fault matching")
	require.Len(t, s.PendingFaults(), 1)
	assert.Equal(t, "GET /v2/a/{id}", s.PendingFaults()[0].Route)
	assert.Equal(t, 200, status(http.MethodGet, "/v2/a"), "GET /v2/a does not match GET /v2/a/{id}")
	assert.Equal(t, 429, status(http.MethodGet, "/v2/a/2"))
	assert.Equal(t, 200, status(http.MethodGet, "/v2/a/2"))
	assert.Empty(t, s.PendingFaults())
	assert.EqualValues(t, 2, h.calls.Load(), "GET /v2/a and the last GET /v2/a/2")
}

func TestFaultDrops(t *testing.T) {
	t.Parallel()
	tests := []struct {
		drop      Drop
		wantBody  bool
		wantCalls int32
	}{
		{DropBeforeBody, false, 0},
		{DropAfterBody, true, 0},
		{DropAfterHandler, true, 1},
	}
	for _, tt := range tests {
		t.Run(tt.drop.String(), func(t *testing.T) {
			t.Parallel()
			s, h := newTestServer(t)
			s.Script(Fault{Route: "POST /v2/items/{id}/results", Drop: tt.drop})

			_, _, err := do(t, s, http.MethodPost, "/v2/items/1/results", `{"a":1}`)
			require.Error(t, err, "the connection is closed without an answer")
			assert.Equal(t, tt.wantCalls, h.calls.Load())

			reqs := s.Requests()
			require.Len(t, reqs, 1)
			require.NotNil(t, reqs[0].Fault)
			assert.Equal(t, tt.drop, reqs[0].Fault.Drop)
			assert.Equal(t, tt.wantCalls == 1, reqs[0].Handled)
			if tt.wantBody {
				assert.JSONEq(t, `{"a":1}`, string(reqs[0].Body))
			} else {
				assert.Nil(t, reqs[0].Body)
			}

			resp, _, err := do(t, s, http.MethodPost, "/v2/items/1/results", `{"a":1}`)
			require.NoError(t, err, "the server keeps serving after a drop")
			assert.Equal(t, http.StatusOK, resp.StatusCode)
		})
	}
}

func TestScriptRejectsInvalidFaults(t *testing.T) {
	t.Parallel()
	s, _ := newTestServer(t)
	assert.Panics(t, func() { s.Script(Fault{Route: "GET /a/{", Status: 500}) })
	assert.Panics(t, func() { s.Script(Fault{Route: "GET /a"}) }, "neither status nor drop")
	assert.Panics(t, func() { s.Script(Fault{Status: 600}) })
	assert.Panics(t, func() { s.Script(Fault{Drop: Drop(9)}) })
	assert.Empty(t, s.PendingFaults(), "a rejected script adds nothing")
}

func TestDropString(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "NoDrop", NoDrop.String())
	assert.Equal(t, "DropAfterHandler", DropAfterHandler.String())
	assert.Equal(t, "Drop(9)", Drop(9).String())
}

func TestPendingFaultsAreCopies(t *testing.T) {
	t.Parallel()
	s, _ := newTestServer(t)
	s.Script(Fault{Status: 429, Header: http.Header{"X-A": {"1"}}})
	p := s.PendingFaults()
	p[0].Header.Set("X-A", "2")
	assert.Equal(t, "1", s.PendingFaults()[0].Header.Get("X-A"))
}
