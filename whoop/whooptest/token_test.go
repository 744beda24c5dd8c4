package whooptest

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/labwire/labwire/internal/wiretest"
)

func TestTokenRoute(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	tests := []struct {
		name       string
		body       string
		wantStatus int
		wantError  string
	}{
		{"documented body", `{"grant_type":"client_credentials","client_id":"whooptest-client","client_secret":"whooptest-secret","scope":"whoop-partner/token"}`, 200, ""},
		{"only the required fields", `{"client_id":"whooptest-client","client_secret":"whooptest-secret"}`, 200, ""},
		{"wrong secret", `{"client_id":"whooptest-client","client_secret":"nope"}`, 401, "invalid_client"},
		{"unknown client", `{"client_id":"someone","client_secret":"whooptest-secret"}`, 401, "invalid_client"},
		{"no secret", `{"client_id":"whooptest-client"}`, 400, "invalid_request"},
		{"no client id", `{"client_secret":"whooptest-secret"}`, 400, "invalid_request"},
		{"other grant", `{"grant_type":"authorization_code","client_id":"whooptest-client","client_secret":"whooptest-secret"}`, 400, "unsupported_grant_type"},
		{"other scope", `{"scope":"read:recovery","client_id":"whooptest-client","client_secret":"whooptest-secret"}`, 400, "invalid_scope"},
		{"unknown member", `{"clientId":"whooptest-client","client_id":"whooptest-client","client_secret":"whooptest-secret"}`, 400, `unknown field "clientId"`},
		{"not an object", `"whooptest-client"`, 400, "request body must be a JSON object"},
	}
	for _, tt := range tests {
		a := call(t, srv, http.MethodPost, "/v2/partner/token", "", tt.body)
		require.Equal(t, tt.wantStatus, a.status, tt.name)
		if tt.wantStatus != http.StatusOK {
			assert.JSONEq(t, `{"error":`+jsonQuote(tt.wantError)+`}`, a.body, tt.name)
			assert.NotContains(t, a.body, "whooptest-secret", tt.name)
			continue
		}
		assert.Equal(t, "application/json", a.header.Get("Content-Type"))
		assert.Equal(t, "no-store", a.header.Get("Cache-Control"))
		var tr map[string]any
		require.NoError(t, json.Unmarshal([]byte(a.body), &tr))
		assert.Len(t, tr, 3, "exactly access_token, token_type, expires_in")
		assert.NotEmpty(t, tr["access_token"])
		assert.Equal(t, "bearer", tr["token_type"], "WHOOP sends lowercase bearer")
		assert.EqualValues(t, 3600, tr["expires_in"])
	}
	assert.Equal(t, 2, srv.TokensIssued())
}

func TestTokenRouteNeedsJSON(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	// What golang.org/x/oauth2/clientcredentials sends by default.
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, srv.URL+"/v2/partner/token",
		strings.NewReader("grant_type=client_credentials&client_id=whooptest-client&client_secret=whooptest-secret"))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := srv.Client().Do(req)
	require.NoError(t, err)
	_ = resp.Body.Close()
	assert.Equal(t, http.StatusUnsupportedMediaType, resp.StatusCode)
	assert.Zero(t, srv.TokensIssued())
}

func TestTokenExpiry(t *testing.T) {
	t.Parallel()
	clock := wiretest.NewClock(tutorialTime)
	srv := newServer(t, WithClock(clock.Now), WithTokenTTL(10*time.Minute))
	seedTutorial(t, srv)
	path := "/v2/partner/requisition/" + tutorialRequisitionID

	a := call(t, srv, http.MethodPost, "/v2/partner/token", "", `{"client_id":"whooptest-client","client_secret":"whooptest-secret"}`)
	assert.JSONEq(t, `{"access_token":"`+mustToken(t, a.body)+`","token_type":"bearer","expires_in":600}`, a.body)
	tok := mustToken(t, a.body)

	clock.Advance(10*time.Minute - time.Second)
	assert.Equal(t, http.StatusOK, call(t, srv, http.MethodGet, path, tok, "").status)
	clock.Advance(time.Second)
	assert.Equal(t, http.StatusUnauthorized, call(t, srv, http.MethodGet, path, tok, "").status, "expired")
}

func mustToken(t *testing.T, body string) string {
	t.Helper()
	var tr tokenResponse
	require.NoError(t, json.Unmarshal([]byte(body), &tr))
	return tr.AccessToken
}

func TestExpireTokensAndRefresh(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	seedTutorial(t, srv)
	path := "/v2/partner/requisition/" + tutorialRequisitionID
	tok := defaultToken(t, srv)
	static, err := srv.IssueToken(DefaultClientID)
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, call(t, srv, http.MethodGet, path, static, "").status)

	srv.ExpireTokens()
	assert.Equal(t, http.StatusUnauthorized, call(t, srv, http.MethodGet, path, tok, "").status)
	assert.Equal(t, http.StatusUnauthorized, call(t, srv, http.MethodGet, path, static, "").status)

	fresh := defaultToken(t, srv)
	assert.Equal(t, http.StatusOK, call(t, srv, http.MethodGet, path, fresh, "").status)
	assert.Equal(t, 3, srv.TokensIssued())

	_, err = srv.IssueToken("someone")
	assert.Error(t, err)
}
