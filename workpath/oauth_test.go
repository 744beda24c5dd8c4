package workpath_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/labwire/labwire/workpath"
	"github.com/labwire/labwire/workpath/workpathtest"
)

// RFC 7636 appendix B: the docs' own sample challenge and 20-character verifier are not
// RFC values, so the RFC's vector is the test.
const (
	rfcVerifier  = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
	rfcChallenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
)

func TestAuthorizeURL(t *testing.T) {
	t.Parallel()
	f, err := workpath.NewAuthCodeFlow("3680ba42-822d-44db-8a5c-9d5ce35b639e", "https://url.com/cb")
	require.NoError(t, err)
	raw, err := f.AuthorizeURL("iOTxFAXD7dYdsKhR9hGa", rfcVerifier, &workpath.AuthorizeParams{Onboarding: true})
	require.NoError(t, err)
	u, err := url.Parse(raw)
	require.NoError(t, err)
	assert.Equal(t, "https://api.workpath.co/oauth/authorize", u.Scheme+"://"+u.Host+u.Path)
	assert.Equal(t, url.Values{
		"client_id": {"3680ba42-822d-44db-8a5c-9d5ce35b639e"}, "redirect_uri": {"https://url.com/cb"},
		"state": {"iOTxFAXD7dYdsKhR9hGa"}, "code_challenge": {rfcChallenge}, "code_challenge_method": {"S256"},
		"response_type": {"code"}, "onboarding": {"1"},
	}, u.Query())
	_, err = f.AuthorizeURL("s", "IotXfaxd7DyDSkHr9HgA", nil) // the docs' 20-character sample
	var ve *workpath.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "verifier", ve.Field)

	a, err := f.Start(nil)
	require.NoError(t, err)
	assert.GreaterOrEqual(t, len(a.Verifier), 43)
	assert.NotContains(t, a.String(), a.Verifier)
	assert.NotContains(t, a.URL, a.Verifier)
	b, _ := f.Start(nil)
	assert.NotEqual(t, a.State, b.State)
}

func TestParseRedirect(t *testing.T) {
	t.Parallel()
	code, err := workpath.ParseRedirect(url.Values{"code": {"c1"}, "state": {"s1"}}, "s1")
	require.NoError(t, err)
	assert.Equal(t, "c1", code)
	_, err = workpath.ParseRedirect(url.Values{"code": {"c1"}, "state": {"s2"}}, "s1")
	assert.ErrorIs(t, err, workpath.ErrStateMismatch)
	_, err = workpath.ParseRedirect(url.Values{"code": {"c1"}}, "s1")
	assert.ErrorIs(t, err, workpath.ErrStateMismatch)
	_, err = workpath.ParseRedirect(url.Values{"code": {"c1"}, "state": {"s1", "s1"}}, "s1")
	assert.ErrorIs(t, err, workpath.ErrStateMismatch)
	for _, key := range []string{"error_type", "error"} { // the docs' name and the JS client's
		_, err = workpath.ParseRedirect(url.Values{key: {"access_denied"}, "error_description": {"User said no to Jane Doe"}, "state": {"s1"}}, "s1")
		var ae *workpath.AuthorizationError
		require.ErrorAs(t, err, &ae, key)
		assert.Equal(t, "access_denied", ae.Type)
		assert.Equal(t, "User said no to Jane Doe", ae.Description)
		assert.NotContains(t, err.Error(), "Jane")
	}
	_, err = workpath.ParseRedirect(url.Values{"error_type": {"weird value <script>"}, "state": {"s1"}}, "s1")
	assert.NotContains(t, err.Error(), "script")
}

// The whole flow against the fake: authorize redirects with a code, the exchange is checked
// against the challenge, the token works on the API, and a code works once.
func TestPKCERoundTrip(t *testing.T) {
	t.Parallel()
	srv := workpathtest.Start(t)
	ctx := context.Background()
	f, err := workpath.NewAuthCodeFlow(workpathtest.DefaultAPIKey, workpathtest.DefaultRedirectURI, workpath.WithBaseURL(srv.URL))
	require.NoError(t, err)
	authorize := func(a *workpath.Authorization) url.Values {
		noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		resp, err := noRedirect.Get(a.URL)
		require.NoError(t, err)
		resp.Body.Close()
		require.Equal(t, http.StatusFound, resp.StatusCode)
		loc, err := url.Parse(resp.Header.Get("Location"))
		require.NoError(t, err)
		require.True(t, strings.HasPrefix(loc.String(), workpathtest.DefaultRedirectURI))
		return loc.Query()
	}
	a, err := f.Start(nil)
	require.NoError(t, err)
	code, err := workpath.ParseRedirect(authorize(a), a.State)
	require.NoError(t, err)
	tok, err := f.Exchange(ctx, code, a.Verifier)
	require.NoError(t, err)
	assert.Empty(t, tok.RefreshToken, "Workpath issues none")
	assert.False(t, tok.Expiry.IsZero())

	seen := last(t, srv, workpathtest.RouteToken)
	form, _ := url.ParseQuery(string(seen.Body))
	assert.Equal(t, url.Values{"grant_type": {"authorization_code"}, "code": {code}, "code_verifier": {a.Verifier},
		"code_challenge_method": {"S256"}, "client_id": {workpathtest.DefaultAPIKey}, "redirect_uri": {workpathtest.DefaultRedirectURI}}, form)
	assert.Empty(t, seen.Header.Get("Authorization"), "no secret in the PKCE exchange")

	c, err := workpath.NewClient(workpath.WithBaseURL(srv.URL), workpath.WithBearerToken(tok.AccessToken))
	require.NoError(t, err)
	_, err = c.Services.List(ctx)
	require.NoError(t, err)

	_, err = f.Exchange(ctx, code, a.Verifier)
	assert.ErrorIs(t, err, workpath.ErrUnauthorized, "a code is single-use")

	b, _ := f.Start(nil)
	code, err = workpath.ParseRedirect(authorize(b), b.State)
	require.NoError(t, err)
	_, err = f.Exchange(ctx, code, a.Verifier)
	assert.ErrorIs(t, err, workpath.ErrUnauthorized, "the verifier must match the challenge")
	assert.Len(t, srv.RequestsMatching(workpathtest.RouteToken), 3, "an exchange is never retried")
}

func TestNewAuthCodeFlowChecks(t *testing.T) {
	t.Parallel()
	_, err := workpath.NewAuthCodeFlow("", "https://x.test/cb")
	assert.ErrorIs(t, err, workpath.ErrValidation)
	_, err = workpath.NewAuthCodeFlow("k", "/relative")
	assert.ErrorIs(t, err, workpath.ErrValidation)
	_, err = workpath.NewAuthCodeFlow("k", "https://x.test/cb", workpath.WithBearerToken("t"))
	assert.ErrorIs(t, err, workpath.ErrValidation)
}
