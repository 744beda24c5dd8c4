package transport

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"testing/synctest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"

	"github.com/labwire/labwire/internal/wiretest"
)

// Canaries of the token flows: what a token endpoint could echo back.
const (
	tokCanarySecret  = "CANARY-client-secret-66108"
	tokCanaryAccess  = "CANARY-access-token-66108"
	tokCanaryRefresh = "CANARY-refresh-token-66108"
	tokCanaryCode    = "CANARY-auth-code-66108"
)

var tokenCanaries = wiretest.Canaries{tokCanarySecret, tokCanaryAccess, tokCanaryRefresh, tokCanaryCode}

// Issue 7.8 (token part) and 8.2: the client secret, the tokens and the code never reach
// Error(), any error of the unwrap chain, or a log line, on every failure path of the token
// endpoint, including one that echoes them in its body, its error code and description,
// its status line, a header or a redirect.
func TestTokenCanaries(t *testing.T) {
	t.Parallel()
	echo := `{"error":"invalid_client","error_description":"bad secret ` + tokCanarySecret + `","client_secret":"` + tokCanarySecret + `"}`
	for _, tc := range []struct {
		name string
		step step
	}{
		{"400 echoing the secret", step{status: 400, body: echo}},
		{"401 with the secret as error code", step{status: 401, body: `{"error":"` + tokCanarySecret + `"}`}},
		{"403 echoing", step{status: 403, body: echo, header: http.Header{"X-Echo": {tokCanarySecret}}}},
		{"503 echoing", step{status: 503, body: echo}},
		{"429 echoing", step{status: 429, body: `{"error":"` + tokCanaryCode + `"}`}},
		{"302 to a URL with the secret", step{status: 302, header: http.Header{"Location": {"https://evil.test/?s=" + tokCanarySecret}}}},
		{"200 not a bearer token", step{status: 200, body: `{"access_token":"` + tokCanaryAccess + `","token_type":"` + tokCanarySecret + `"}`}},
		{"200 bad expires_in", step{status: 200, body: `{"access_token":"` + tokCanaryAccess + `","expires_in":"` + tokCanarySecret + `"}`}},
		{"200 invalid JSON", step{status: 200, body: `{"access_token":"` + tokCanaryAccess + `" ` + tokCanarySecret}},
		{"200 wrong type", step{status: 200, body: `{"access_token":["` + tokCanaryAccess + `"]}`}},
		{"200 too large", step{status: 200, body: `{"access_token":"` + tokCanaryAccess + strings.Repeat("x", maxTokenResponse) + `"}`}},
		{"reset", fail(errReset)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				tok := newScript(tc.step)
				api := newScript(answer(200))
				s := testSettings(tokenRig(tok, api))
				logger, logs := wiretest.NewLogs()
				s.Logger = logger
				for _, ep := range []TokenEndpoint{whoopEndpoint, workpathEndpoint} {
					c := ccClient(t, s, ep, "client-id", tokCanarySecret)
					_, err := c.Do(t.Context(), get("/orders"), nil)
					require.Error(t, err)
					tokenCanaries.AssertError(t, err)

					f, ferr := s.TokenFetcher(ep)
					require.NoError(t, ferr)
					_, err = f.ExchangeCode(t.Context(), CodeExchange{Code: tokCanaryCode, Verifier: rfc7636Verifier, ClientID: "client-id", ClientSecret: tokCanarySecret})
					require.Error(t, err)
					tokenCanaries.AssertError(t, err)

					rs, ferr := f.RefreshTokenSource(Refresh{ClientID: "client-id", ClientSecret: tokCanarySecret, Token: &oauth2.Token{RefreshToken: tokCanaryRefresh}})
					require.NoError(t, ferr)
					_, err = rs.Token()
					require.Error(t, err)
					tokenCanaries.AssertError(t, err)
				}
				assert.Equal(t, 0, api.count())
				assert.NotEmpty(t, logs.String())
				tokenCanaries.AssertLogs(t, logs)
			})
		})
	}
}

// On success too: the access token, refresh token, secret and code stay out of logs, and
// every value holding them prints redacted under every verb and slog.
func TestTokenCanariesSuccessAndPrinting(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		tok := newScript(step{status: 200, body: `{"access_token":"` + tokCanaryAccess + `","refresh_token":"` + tokCanaryRefresh + `","expires_in":3600}`})
		api := newScript(answer(401))
		s := testSettings(tokenRig(tok, api))
		logger, logs := wiretest.NewLogs()
		s.Logger = logger
		ts, err := s.ClientCredentials(workpathEndpoint, "client-id", tokCanarySecret)
		require.NoError(t, err)
		s.Auth = TokenAuth(ts)
		c := newClient(t, s)

		_, err = c.Do(t.Context(), get("/orders"), nil)

		assert.ErrorIs(t, err, ErrUnauthorized, "the API's second 401")
		tokenCanaries.AssertError(t, err)
		f, err := s.TokenFetcher(workpathEndpoint)
		require.NoError(t, err)
		got, err := f.ExchangeCode(t.Context(), CodeExchange{Code: tokCanaryCode, ClientID: "client-id"})
		require.NoError(t, err)
		rs, err := f.RefreshTokenSource(Refresh{ClientID: "client-id", ClientSecret: tokCanarySecret, Token: got})
		require.NoError(t, err)

		values := []any{
			ts, rs, s.Auth, s, &s, c.s,
			CodeExchange{Code: tokCanaryCode, Verifier: rfc7636Verifier, ClientSecret: tokCanarySecret},
			Refresh{ClientSecret: tokCanarySecret, Token: got},
			&Refresh{ClientSecret: tokCanarySecret, Token: got},
		}
		for _, v := range values {
			tokenCanaries.AssertAbsent(t, fmt.Sprintf("%T printed", v), fmt.Sprintf("%v|%+v|%#v|%s|%q", v, v, v, v, v))
			logger.Info("value", "v", v)
		}
		tokenCanaries.AssertLogs(t, logs)
	})
}
