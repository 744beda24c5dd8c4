package whoop_test

import (
	"context"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/labwire/labwire/whoop"
	"github.com/labwire/labwire/whoop/whooptest"
)

// A middleware learns which call an attempt belongs to (for a span or a metric) from
// CallInfoFromContext: the operation and the route template, never the URL with its ids.
func TestCallInfoFromContextInMiddleware(t *testing.T) {
	t.Parallel()
	srv, requisitionID := fakeWHOOP()
	defer srv.Close()
	var mu sync.Mutex
	var seen []whoop.CallInfo
	var statuses []int
	mw := func(req *http.Request, next func(*http.Request) (*http.Response, error)) (*http.Response, error) {
		info, ok := whoop.CallInfoFromContext(req.Context())
		require.True(t, ok)
		resp, err := next(req)
		mu.Lock()
		defer mu.Unlock()
		seen = append(seen, info)
		if resp != nil {
			statuses = append(statuses, resp.StatusCode)
		}
		return resp, err
	}
	client, err := whoop.NewClient(whoop.WithBaseURL(srv.URL), whoop.WithClientCredentials("lab-client", "lab-secret"),
		whoop.WithRetryWait(time.Millisecond, 5*time.Millisecond), whoop.WithMiddleware(mw))
	require.NoError(t, err)
	srv.Script(whooptest.Fault{Route: whooptest.RouteGetRequisition, Status: 503})
	_, err = client.Requisitions.Get(context.Background(), requisitionID)
	require.NoError(t, err)

	get := whoop.CallInfo{Vendor: "whoop", Operation: "requisitions.get", Method: "GET", Route: "/v2/partner/requisition/{id}"}
	first, second := get, get
	first.Attempt, second.Attempt = 1, 2
	mu.Lock()
	defer mu.Unlock()
	require.NotEmpty(t, seen)
	assert.Equal(t, []whoop.CallInfo{first, second}, seen[len(seen)-2:], "the token fetch aside, two attempts of one call")
	assert.Equal(t, []int{503, 200}, statuses[len(statuses)-2:])
	for _, s := range seen {
		assert.NotContains(t, s.Route, requisitionID)
	}
	_, ok := whoop.CallInfoFromContext(context.Background())
	assert.False(t, ok)
}
