package whooptest

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/labwire/labwire/internal/fake"
)

func TestDropMirrorsFake(t *testing.T) {
	t.Parallel()
	assert.EqualValues(t, fake.NoDrop, NoDrop)
	assert.EqualValues(t, fake.DropBeforeBody, DropBeforeBody)
	assert.EqualValues(t, fake.DropAfterBody, DropAfterBody)
	assert.EqualValues(t, fake.DropAfterHandler, DropAfterHandler)
}

func TestScriptedStatusFaults(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	seedTutorial(t, srv)
	tok := defaultToken(t, srv)
	srv.Script(
		Fault{Route: RouteGetRequisition, Status: http.StatusTooManyRequests, RetryAfter: "1",
			Header: http.Header{"X-Ratelimit-Remaining": {"0"}}},
		Fault{Route: RouteGetRequisition, Status: http.StatusInternalServerError, Body: map[string]string{"error": "boom"}},
		Fault{Route: RouteToken, Status: http.StatusServiceUnavailable},
	)
	path := "/v2/partner/requisition/" + tutorialRequisitionID

	a := call(t, srv, http.MethodGet, path, "", "")
	assert.Equal(t, http.StatusTooManyRequests, a.status, "faults come before authentication")
	assert.Equal(t, "1", a.header.Get("Retry-After"))
	assert.Equal(t, "0", a.header.Get("X-RateLimit-Remaining"))

	a = call(t, srv, http.MethodGet, path, tok, "")
	assert.Equal(t, http.StatusInternalServerError, a.status)
	assert.JSONEq(t, `{"error":"boom"}`, a.body)

	assert.Equal(t, http.StatusOK, call(t, srv, http.MethodGet, path, tok, "").status)

	require.Len(t, srv.PendingFaults(), 1)
	assert.Equal(t, RouteToken, srv.PendingFaults()[0].Route)
	a = call(t, srv, http.MethodPost, "/v2/partner/token", "", `{"client_id":"whooptest-client","client_secret":"whooptest-secret"}`)
	assert.Equal(t, http.StatusServiceUnavailable, a.status)
	assert.Empty(t, srv.PendingFaults())
	assert.Equal(t, 1, srv.TokensIssued(), "the faulted token request issued nothing")

	gets := srv.RequestsMatching(RouteGetRequisition)
	require.Len(t, gets, 3)
	require.NotNil(t, gets[0].Fault)
	assert.Equal(t, http.StatusTooManyRequests, gets[0].Fault.Status)
	assert.False(t, gets[0].Handled)
	assert.Nil(t, gets[2].Fault)
	assert.True(t, gets[2].Handled)
	assert.Equal(t, "Bearer "+tok, gets[2].Header.Get("Authorization"))
	assert.Len(t, srv.Requests(), 5)
}

// postResults sends the tutorial's results on a fresh connection, so that
// net/http does not replay it on its own, and returns the transport error.
func postResults(t *testing.T, srv *Server, tok string) (int, error) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost,
		srv.URL+"/v2/partner/service-request/"+tutorialServiceRequestID+"/results",
		strings.NewReader(`{"status":"final","observations":[{"code":"TOTAL_CHOLESTEROL","value_numeric":185,"unit":"mg/dL"}]}`))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+tok)
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	resp, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	_ = resp.Body.Close()
	return resp.StatusCode, nil
}

func TestScriptedDroppedConnections(t *testing.T) {
	t.Parallel()
	tests := []struct {
		drop        Drop
		wantStored  int
		wantBody    bool
		wantHandled bool
	}{
		{DropBeforeBody, 0, false, false},
		{DropAfterBody, 0, true, false},
		{DropAfterHandler, 1, true, true},
	}
	for _, tt := range tests {
		t.Run(fake.Drop(tt.drop).String(), func(t *testing.T) {
			t.Parallel()
			srv := newServer(t)
			seedTutorial(t, srv)
			tok := defaultToken(t, srv)
			srv.Script(Fault{Route: RouteSubmitResults, Drop: tt.drop})

			_, err := postResults(t, srv, tok)
			require.Error(t, err, "no answer")
			assert.Len(t, srv.Results(tutorialServiceRequestID), tt.wantStored)

			posts := srv.RequestsMatching(RouteSubmitResults)
			require.Len(t, posts, 1)
			assert.Equal(t, tt.wantHandled, posts[0].Handled)
			assert.Equal(t, tt.wantBody, posts[0].Body != nil)
			require.NotNil(t, posts[0].Fault)
			assert.Equal(t, tt.drop, posts[0].Fault.Drop)

			status, err := postResults(t, srv, tok)
			require.NoError(t, err)
			assert.Equal(t, http.StatusCreated, status, "the retry goes through")
			assert.Len(t, srv.Results(tutorialServiceRequestID), tt.wantStored+1)
			assert.Empty(t, srv.PendingFaults())
		})
	}
}

func TestScriptPanicsOnInvalidFaults(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	assert.Panics(t, func() { srv.Script(Fault{Route: "GET /v2/partner/requisition/{", Status: 500}) })
	assert.Panics(t, func() { srv.Script(Fault{Route: RouteToken}) })
	assert.Empty(t, srv.PendingFaults())
}
