package fake

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func itemsMux() *Mux {
	ok := func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusOK) }
	m := NewMux()
	m.HandleFunc("GET /v2/items/{id}", ok)
	m.HandleFunc("PATCH /v2/items/{id}/status", ok)
	m.HandleFunc("POST /v2/items/{id}/results", ok)
	m.HandleFunc("GET /keys/{$}", ok)
	m.HandleFunc("GET /keys/{ref}", ok)
	m.HandleFunc("/any-method", ok)
	m.HandleFunc("GET /files/{path...}", ok)
	return m
}

// Issue 18 item 6: a fault on a route no handler of the fake serves would never fire, and
// nothing would say so: Script panics, naming the route. Patterns with other wildcard
// names, concrete paths, method-less routes and routes that only overlap a handler's are
// served; an empty route matches everything.
func TestIssue18Item6ScriptRefusesRouteNoHandlerServes(t *testing.T) {
	t.Parallel()
	s := NewServer(itemsMux(), WithPrefix("/developer"))
	t.Cleanup(s.Close)
	for _, route := range []string{
		"", "GET /v2/items/{id}", "GET /v2/items/{itemId}", "GET /v2/items/3fa85f64-5717-4562-b3fc-2c963f66afa6",
		"/v2/items/{id}", "PATCH /v2/items/7/status", "/v2/items/{id}/{what}", "GET /keys/", "GET /keys/{key}",
		"DELETE /any-method", "/any-method", "GET /files/a/b/c.pdf", "GET /files/{rest...}", "HEAD /v2/items/1",
	} {
		assert.NotPanics(t, func() { s.Script(Fault{Route: route, Status: 503}) }, route)
	}
	for _, route := range []string{
		"GET /v2/item/{id}",                     // misspelt
		"GET /v2/items/{id}/",                   // a trailing slash no handler has
		"POST /v2/items/{id}",                   // no POST there
		"DELETE /v2/items/{id}/status",          // nor DELETE
		"GET /developer/v2/items/{id}",          // the prefix is not part of a route
		"/v2/items/{id}/results/{n}",            // deeper than any handler
		"GET /nothing",                          // nowhere
		"PUT /v2/items/7/results",               // concrete path, wrong method
		"GET /keys/{ref}/rotate",                // below a handler
		"PATCH /v2/items/{id}/status/{$}",       // with an anchor below the handler
		"GET /v2/items/{id}/status",             // the method is PATCH
		"POST /v2/items/{id}/results/{rest...}", // a subtree no handler has
		"GET /files",                            // above the subtree
		"OPTIONS /v2/items/{id}/results",        // no OPTIONS
		"GET /v2/items/{id}/resultsX",           // near miss
		"GET /V2/items/{id}",                    // case matters
	} {
		func() {
			defer func() {
				p := recover()
				require.NotNil(t, p, "no panic for %q", route)
				assert.Contains(t, p.(error).Error(), `"`+route+`"`, "the message names the route")
				assert.Contains(t, p.(error).Error(), "no route of the fake serves it")
			}()
			s.Script(Fault{Route: route, Status: 503})
		}()
	}
	assert.Len(t, s.PendingFaults(), 14, "only the served faults were queued")

	// A plain handler declares no routes: any route is taken, as before.
	plain := NewServer(&echo{})
	t.Cleanup(plain.Close)
	assert.NotPanics(t, func() { plain.Script(Fault{Route: "GET /whatever", Status: 503}) })
}

// Issue 18 item 6: WithBasePath serves the routes only under the base URL's path, as the
// vendor does: the same request without it is 404, reaches neither a fault nor the handler,
// and is recorded. URL is the base URL.
func TestIssue18Item6BasePathServesOnlyUnderIt(t *testing.T) {
	t.Parallel()
	s := NewServer(itemsMux(), WithBasePath("/api/v3/"))
	t.Cleanup(s.Close)
	assert.Equal(t, s.Origin()+"/api/v3", s.URL)
	s.Script(Fault{Route: "GET /v2/items/{id}", Status: 503})

	resp, _, err := do(t, s, http.MethodGet, "/v2/items/1", "") // under s.URL: the base path
	require.NoError(t, err)
	assert.Equal(t, http.StatusServiceUnavailable, resp.StatusCode, "the fault fires under the base path")
	resp, _, err = do(t, s, http.MethodGet, "/v2/items/1", "")
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, resp.StatusCode)

	s.Script(Fault{Route: "GET /v2/items/{id}", Status: 503})
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, s.Origin()+"/v2/items/1", nil)
	require.NoError(t, err)
	resp, err = (&http.Client{Transport: &http.Transport{DisableKeepAlives: true}}).Do(req)
	require.NoError(t, err)
	_ = resp.Body.Close()
	assert.Equal(t, http.StatusNotFound, resp.StatusCode, "outside the base path")
	assert.Len(t, s.PendingFaults(), 1, "the fault is still pending")
	rs := s.Requests()
	require.Len(t, rs, 3)
	assert.Equal(t, "/api/v3/v2/items/1", rs[0].Path, "recorded as sent")
	assert.Equal(t, "/v2/items/1", rs[2].Path)
	assert.False(t, rs[2].Handled)
	assert.Len(t, s.RequestsMatching("GET /v2/items/{id}"), 2, "patterns are relative to the base URL")
}
