package workpath_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/labwire/labwire/workpath"
)

// recordingClient is a client on a server that answers {} to everything and records the
// Authorization scheme of every request but the token fetch.
func recordingClient(t *testing.T) (*workpath.Client, func() []string) {
	t.Helper()
	var mu sync.Mutex
	var seen []string
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Path == "/oauth/token" {
			fmt.Fprint(w, `{"access_token":"tok","token_type":"Bearer","expires_in":1800}`)
			return
		}
		mu.Lock()
		seen = append(seen, r.Method+" "+r.URL.EscapedPath()+" "+strings.SplitN(r.Header.Get("Authorization"), " ", 2)[0])
		mu.Unlock()
		fmt.Fprint(w, `{}`)
	}))
	t.Cleanup(s.Close)
	c, err := workpath.NewClient(workpath.WithBaseURL(s.URL),
		workpath.WithClientCredentials("key", "password", workpath.TokenAuthBasic),
		workpath.WithAPIKeyAuth("key", "password"), workpath.WithMaxRetries(0))
	require.NoError(t, err)
	return c, func() []string { mu.Lock(); defer mu.Unlock(); return append([]string(nil), seen...) }
}

// A raw route with dot segments would let a resolving server answer another route with the
// wrong credential (the API password on a Bearer route, or the token on /api-keys).
func TestDoRefusesDotSegmentRouteBeforeSending(t *testing.T) {
	t.Parallel()
	c, seen := recordingClient(t)
	for _, route := range []string{"/appointments/../api-keys", "/api-keys/../people/1", "/./webhooks", "/people/.."} {
		_, err := c.Do(context.Background(), &workpath.RawRequest{Method: http.MethodGet, Route: route}, nil)
		var ve *workpath.ValidationError
		require.ErrorAs(t, err, &ve, route)
		assert.Equal(t, "Route", ve.Field, route)
	}
	assert.Empty(t, seen(), "no request may reach the server")
}

// Only /api-keys and /webhooks and the routes under them take HTTP Basic; a route that merely
// starts with the same letters gets the Bearer token, not the API password.
func TestDoSendsBasicOnlyUnderAPIKeysAndWebhooksSegments(t *testing.T) {
	t.Parallel()
	c, seen := recordingClient(t)
	for _, route := range []string{"/api-keys", "/api-keys/", "/webhooks/{id}", "/webhooks-log", "/api-keysets"} {
		var params []string
		if strings.Contains(route, "{id}") {
			params = []string{"7"}
		}
		_, err := c.Do(context.Background(), &workpath.RawRequest{Method: http.MethodGet, Route: route, Params: params}, nil)
		require.NoError(t, err, route)
	}
	assert.Equal(t, []string{
		"GET /api-keys Basic", "GET /api-keys/ Basic", "GET /webhooks/7 Basic",
		"GET /webhooks-log Bearer", "GET /api-keysets Bearer",
	}, seen())
}

// A document named "." or ".." is a path, not a file name; it is refused before sending.
func TestUploadRefusesDotFilenameBeforeSending(t *testing.T) {
	t.Parallel()
	c, seen := recordingClient(t)
	for _, name := range []string{".", "..", "..."} {
		_, err := c.Appointments.UploadDocument(context.Background(), 1, &workpath.DocumentUpload{Filename: name, Content: strings.NewReader("%PDF")})
		var ve *workpath.ValidationError
		require.ErrorAs(t, err, &ve, name)
		assert.Equal(t, "Filename", ve.Field)
	}
	assert.Empty(t, seen())
}
