package transport

import (
	"encoding/base64"
	"errors"
	"net/http"
	"net/url"
	"regexp"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// RFC 7636 Appendix B: the verifier and its S256 challenge. (The challenge
// "E9Melhoa2OwvFrEMTJguCHaoeK1PHYF9XtEg5J7YVrCM" quoted in our brief is not the RFC's: its
// last 16 characters differ; base64url(SHA-256(verifier)) is the value below, as the RFC
// prints it.)
const (
	rfc7636Verifier  = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
	rfc7636Challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
)

// Issue 8.2: PKCE on x/oauth2's helpers, checked against RFC 7636's own vectors (not
// Workpath's sample, which is base64 of a hex digest).
func TestPKCERFC7636Vectors(t *testing.T) {
	t.Parallel()
	assert.Equal(t, rfc7636Challenge, S256Challenge(rfc7636Verifier))
	// The RFC's octets of the verifier, to show the verifier itself is the RFC's.
	octets := []byte{116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173,
		187, 186, 22, 212, 37, 77, 105, 214, 191, 240, 91, 88, 5, 88, 83, 132, 141, 121}
	assert.Equal(t, rfc7636Verifier, base64.RawURLEncoding.EncodeToString(octets))

	seen := map[string]bool{}
	for range 100 {
		v := NewVerifier()
		assert.Regexp(t, regexp.MustCompile(`^[A-Za-z0-9_-]{43}$`), v)
		assert.True(t, validVerifier(v))
		assert.False(t, seen[v], "verifiers repeat")
		seen[v] = true
		assert.Len(t, S256Challenge(v), 43)
	}
}

// Issue 8.2, Workpath's PKCE exchange: form body with grant_type, code, code_verifier,
// code_challenge_method=S256, client_id and redirect_uri, no secret and no Authorization;
// the 1800 s answer without a refresh token becomes a token with that expiry and none.
func TestExchangeCodePKCEPublicClient(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		tok := newScript(step{status: 200, body: `{"access_token":"wp-at","expires_in":"1800","access_token_expires_at":"2026-12-01T22:00:00Z","scope":"","token_type":"Bearer"}`})
		s := testSettings(tok.transport())
		f, err := s.TokenFetcher(workpathEndpoint)
		require.NoError(t, err)

		got, err := f.ExchangeCode(t.Context(), CodeExchange{
			Code: "auth-code-1", Verifier: rfc7636Verifier, RedirectURI: "https://lab.example/cb?x=1", ClientID: "wp-client",
		})

		require.NoError(t, err)
		assert.Equal(t, "wp-at", got.AccessToken)
		assert.Empty(t, got.RefreshToken)
		assert.Equal(t, time.Now().Add(1800*time.Second), got.Expiry)
		require.Equal(t, 1, tok.count())
		h := tok.all()[0]
		assert.Equal(t, http.MethodPost, h.Method)
		assert.Equal(t, "/api/oauth/token", h.Path)
		assert.Equal(t, "application/x-www-form-urlencoded", h.Header.Get("Content-Type"))
		assert.Empty(t, h.Header.Values("Authorization"), "a public client sends no Authorization")
		form, err := url.ParseQuery(string(h.Body))
		require.NoError(t, err)
		assert.Equal(t, url.Values{
			"grant_type":            {"authorization_code"},
			"code":                  {"auth-code-1"},
			"code_verifier":         {rfc7636Verifier},
			"code_challenge_method": {"S256"},
			"client_id":             {"wp-client"},
			"redirect_uri":          {"https://lab.example/cb?x=1"},
		}, form)
	})
}

// A confidential client's exchange (Rupa): the secret goes where the endpoint says; without
// a verifier no PKCE parameter is sent; the refresh token is returned.
func TestExchangeCodeConfidentialClient(t *testing.T) {
	t.Parallel()
	answerBody := `{"access_token":"at","refresh_token":"rt-1","token_type":"bearer","expires_in":36000}`
	for _, tc := range []struct {
		name string
		ep   TokenEndpoint
		form url.Values
		auth string
	}{
		{"in body", TokenEndpoint{URL: "https://auth.lab.test/oauth/token/"}, url.Values{
			"grant_type": {"authorization_code"}, "code": {"c"}, "redirect_uri": {"https://lab.example/cb"},
			"client_id": {"rupa-id"}, "client_secret": {workpathPassword},
		}, ""},
		{"basic", TokenEndpoint{URL: "/oauth/token", ClientAuth: BasicRaw}, url.Values{
			"grant_type": {"authorization_code"}, "code": {"c"}, "redirect_uri": {"https://lab.example/cb"},
		}, "Basic " + base64.StdEncoding.EncodeToString([]byte("rupa-id:"+workpathPassword))},
		{"json", TokenEndpoint{URL: "/oauth/token", Encoding: JSONBody}, nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tok := newScript(step{status: 200, body: answerBody})
			s := testSettings(tok.transport())
			f, err := s.TokenFetcher(tc.ep)
			require.NoError(t, err)

			got, err := f.ExchangeCode(t.Context(), CodeExchange{Code: "c", RedirectURI: "https://lab.example/cb", ClientID: "rupa-id", ClientSecret: workpathPassword})

			require.NoError(t, err)
			assert.Equal(t, "rt-1", got.RefreshToken)
			h := tok.all()[0]
			if tc.ep.Encoding == JSONBody {
				assert.Equal(t, "application/json", h.Header.Get("Content-Type"))
				assert.JSONEq(t, `{"grant_type":"authorization_code","code":"c","redirect_uri":"https://lab.example/cb","client_id":"rupa-id","client_secret":"`+workpathPassword+`"}`, string(h.Body))
				return
			}
			form, err := url.ParseQuery(string(h.Body))
			require.NoError(t, err)
			assert.Equal(t, tc.form, form)
			if tc.auth == "" {
				assert.Empty(t, h.Header.Values("Authorization"))
			} else {
				assert.Equal(t, []string{tc.auth}, h.Header.Values("Authorization"))
			}
		})
	}
}

// A code is single-use: the exchange is retried only when the server cannot have used it
// (429; a dial that failed); after a 503 or a reset once the request left, it is not sent
// again and the error matches ErrOutcomeUnknown (start a new authorization).
func TestExchangeCodeRetries(t *testing.T) {
	t.Parallel()
	okBody := step{status: 200, body: `{"access_token":"at"}`}
	for _, tc := range []struct {
		name    string
		first   step
		sent    int
		ok      bool
		unknown bool
	}{
		{"429", step{status: 429, header: http.Header{"Retry-After": {"1"}}}, 2, true, false},
		{"dial refused", fail(errRefused), 2, true, false},
		{"503", answer(503), 1, false, true},
		{"reset after write", step{err: errReset, wrote: true}, 1, false, true},
		{"400 invalid_grant", step{status: 400, body: `{"error":"invalid_grant"}`}, 1, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				tok := newScript(tc.first, okBody)
				s := testSettings(tok.transport())
				f, err := s.TokenFetcher(workpathEndpoint)
				require.NoError(t, err)
				_, err = f.ExchangeCode(t.Context(), CodeExchange{Code: "c", Verifier: rfc7636Verifier, ClientID: "id"})
				assert.Equal(t, tc.sent, tok.count())
				if tc.ok {
					require.NoError(t, err)
					return
				}
				require.Error(t, err)
				assert.Equal(t, tc.unknown, errors.Is(err, ErrOutcomeUnknown), "ErrOutcomeUnknown")
				if tc.first.status == 400 {
					assert.ErrorIs(t, err, ErrUnauthorized)
					var ae *APIError
					require.ErrorAs(t, err, &ae)
					assert.Equal(t, "invalid_grant", ae.Code, "an RFC 6749 code is kept")
				}
			})
		})
	}
}

// Bad arguments are refused before any request, naming the field, never echoing a value.
func TestExchangeCodeValidation(t *testing.T) {
	t.Parallel()
	tok := newScript(answer(200))
	s := testSettings(tok.transport())
	f, err := s.TokenFetcher(workpathEndpoint)
	require.NoError(t, err)
	const secret = "CANARY-code-9182"
	for _, tc := range []struct {
		p     CodeExchange
		field string
	}{
		{CodeExchange{ClientID: "id"}, "Code"},
		{CodeExchange{Code: secret, Verifier: "short-" + secret, ClientID: "id"}, "Verifier"},
		{CodeExchange{Code: secret, Verifier: rfc7636Verifier[:42] + "!", ClientID: "id"}, "Verifier"},
		{CodeExchange{Code: secret, ClientSecret: secret}, "ClientID"},
		{CodeExchange{Code: secret, ClientID: "a:b", ClientSecret: secret}, "ClientID"},
	} {
		_, err := f.ExchangeCode(t.Context(), tc.p)
		var ve *ValidationError
		require.ErrorAs(t, err, &ve)
		assert.Equal(t, tc.field, ve.Field)
		assert.ErrorIs(t, err, ErrValidation)
		assert.NotContains(t, sprintAll(err), secret)
	}
	assert.Equal(t, 0, tok.count())
	assert.True(t, validVerifier(rfc7636Verifier))
	assert.False(t, validVerifier(rfc7636Verifier+string(make([]byte, 100))))
}
