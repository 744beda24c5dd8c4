package fake

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// echo is a vendor handler that counts its calls and answers 200 with the
// body it read.
type echo struct{ calls atomic.Int32 }

func (e *echo) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	e.calls.Add(1)
	b, _ := io.ReadAll(r.Body)
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(b)
}

func newTestServer(t *testing.T) (*Server, *echo) {
	t.Helper()
	h := &echo{}
	s := NewServer(h)
	t.Cleanup(s.Close)
	return s, h
}

// do sends one request on a fresh connection, so that net/http never
// replays it on its own.
func do(t *testing.T, s *Server, method, path, body string) (*http.Response, []byte, error) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), method, s.URL+path, strings.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	resp, err := client.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp, b, nil
}

func TestServerRecordsRequests(t *testing.T) {
	t.Parallel()
	s, h := newTestServer(t)

	resp, body, err := do(t, s, http.MethodPost, "/v2/items/42/results?x=1&y=%20", `{"a":1}`)
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, `{"a":1}`, string(body), "the handler reads the body the recorder read")
	assert.EqualValues(t, 1, h.calls.Load())

	reqs := s.Requests()
	require.Len(t, reqs, 1)
	r := reqs[0]
	assert.Equal(t, http.MethodPost, r.Method)
	assert.Equal(t, "/v2/items/42/results", r.Path)
	assert.Equal(t, "x=1&y=%20", r.RawQuery)
	assert.Equal(t, "application/json", r.Header.Get("Content-Type"))
	assert.JSONEq(t, `{"a":1}`, string(r.Body))
	assert.True(t, r.Handled)
	assert.Nil(t, r.Fault)
}

func TestServerRequestsAreCopies(t *testing.T) {
	t.Parallel()
	s, _ := newTestServer(t)
	_, _, err := do(t, s, http.MethodPost, "/a", `{"a":1}`)
	require.NoError(t, err)

	first := s.Requests()
	first[0].Body[0] = 'X'
	first[0].Header.Set("Content-Type", "text/plain")
	first[0].Path = "/changed"

	again := s.Requests()[0]
	assert.Equal(t, `{"a":1}`, string(again.Body))
	assert.Equal(t, "application/json", again.Header.Get("Content-Type"))
	assert.Equal(t, "/a", again.Path)
}

func TestServerRequestsMatching(t *testing.T) {
	t.Parallel()
	s, _ := newTestServer(t)
	for _, c := range []struct{ method, path string }{
		{http.MethodGet, "/v2/items/1"},
		{http.MethodPatch, "/v2/items/1/status"},
		{http.MethodGet, "/v2/items/2"},
		{http.MethodPatch, "/v2/items/2/status"},
		{http.MethodPost, "/v2/token"},
	} {
		_, _, err := do(t, s, c.method, c.path, "")
		require.NoError(t, err)
	}

	paths := func(rs []Request) []string {
		var out []string
		for _, r := range rs {
			out = append(out, r.Method+" "+r.Path)
		}
		return out
	}
	tests := []struct {
		pattern string
		want    []string
	}{
		{"PATCH /v2/items/{id}/status", []string{"PATCH /v2/items/1/status", "PATCH /v2/items/2/status"}},
		{"GET /v2/items/{id}", []string{"GET /v2/items/1", "GET /v2/items/2"}},
		{"/v2/items/2", []string{"GET /v2/items/2"}},
		{"POST /v2/token", []string{"POST /v2/token"}},
		{"GET /v2/token", nil},
		// A subtree pattern: a ServeMux would redirect GET /v2/items/1 to
		// /v2/items/1/, which is no match.
		{"/v2/items/{id}/", []string{"PATCH /v2/items/1/status", "PATCH /v2/items/2/status"}},
		{"", []string{"GET /v2/items/1", "PATCH /v2/items/1/status", "GET /v2/items/2", "PATCH /v2/items/2/status", "POST /v2/token"}},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, paths(s.RequestsMatching(tt.pattern)), "pattern %q", tt.pattern)
	}
	assert.Panics(t, func() { s.RequestsMatching("GET /a/{") })
}

func TestServerBodyTooLarge(t *testing.T) {
	t.Parallel()
	s, h := newTestServer(t)
	resp, body, err := do(t, s, http.MethodPost, "/big", strings.Repeat("x", MaxBodyBytes+1))
	require.NoError(t, err)
	assert.Equal(t, http.StatusRequestEntityTooLarge, resp.StatusCode)
	assert.JSONEq(t, `{"error":"request body too large"}`, string(body))
	assert.Zero(t, h.calls.Load())
	reqs := s.Requests()
	require.Len(t, reqs, 1)
	assert.False(t, reqs[0].Handled)
}

func TestServerConcurrentRequests(t *testing.T) {
	t.Parallel()
	s, h := newTestServer(t)
	const n = 20
	s.Script(Fault{Route: "POST /faulty", Status: http.StatusServiceUnavailable})

	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			resp, err := s.Client().Post(s.URL+fmt.Sprintf("/item/%d", i), "application/json", strings.NewReader("{}"))
			if assert.NoError(t, err) {
				_ = resp.Body.Close()
			}
		})
		wg.Go(func() { _ = s.Requests(); _ = s.PendingFaults() })
	}
	wg.Go(func() {
		resp, err := s.Client().Post(s.URL+"/faulty", "application/json", nil)
		if assert.NoError(t, err) {
			assert.Equal(t, http.StatusServiceUnavailable, resp.StatusCode)
			_ = resp.Body.Close()
		}
	})
	wg.Wait()

	assert.Len(t, s.Requests(), n+1)
	assert.Len(t, s.RequestsMatching("POST /item/{n}"), n)
	assert.EqualValues(t, n, h.calls.Load())
	assert.Empty(t, s.PendingFaults())
}
