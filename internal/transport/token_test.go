package transport

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"
)

// tokenOK is a token endpoint's answer with an hour of life.
func tokenOK(accessToken string) step {
	return step{status: 200, body: `{"access_token":"` + accessToken + `","token_type":"bearer","expires_in":3600}`}
}

// tokenRig sends requests whose path ends in /token to tok and the rest to api.
func tokenRig(tok, api *script) http.RoundTripper {
	tt, at := tok.transport(), api.transport()
	return rtFunc(func(r *http.Request) (*http.Response, error) {
		if strings.HasSuffix(r.URL.Path, "/token") {
			return tt.RoundTrip(r)
		}
		return at.RoundTrip(r)
	})
}

// whoopEndpoint is WHOOP's endpoint shape: a route, JSON body, credentials in it, a scope.
var whoopEndpoint = TokenEndpoint{
	URL: "/v2/partner/token", Encoding: JSONBody, ClientAuth: InBody,
	Extra: map[string]string{"scope": "whoop-partner/token"},
}

// workpathEndpoint is Workpath's: form body, raw HTTP Basic.
var workpathEndpoint = TokenEndpoint{URL: "/oauth/token", Encoding: FormBody, ClientAuth: BasicRaw}

// ccClient is a client whose default Auth is the client-credentials source of ep.
func ccClient(t *testing.T, s Settings, ep TokenEndpoint, id, secret string) *Client {
	t.Helper()
	ts, err := s.ClientCredentials(ep, id, secret)
	require.NoError(t, err)
	s.Auth = TokenAuth(ts)
	return newClient(t, s)
}

// Issue 7.4: an expires_in too large for a time.Duration is clamped to a year, so the token
// is reused: 55 calls, one fetch.
func TestTokenExpiresInOverflowClamped(t *testing.T) {
	t.Parallel()
	for _, v := range []string{`9223372036854775807`, `1e300`, `"99999999999999999999"`, `315360000000`} {
		t.Run(v, func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				tok := newScript(step{status: 200, body: `{"access_token":"at-1","token_type":"bearer","expires_in":` + v + `}`})
				api := newScript(answer(200))
				s := testSettings(tokenRig(tok, api))
				ts, err := s.ClientCredentials(whoopEndpoint, "id", "secret")
				require.NoError(t, err)
				s.Auth = TokenAuth(ts)
				c := newClient(t, s)

				for range 55 {
					_, err := c.Do(t.Context(), get("/orders"), nil)
					require.NoError(t, err)
				}

				assert.Equal(t, 1, tok.count(), "one token fetch for 55 calls")
				assert.Equal(t, 55, api.count())
				got, err := ts.Token()
				require.NoError(t, err)
				assert.Equal(t, time.Now().Add(365*24*time.Hour), got.Expiry, "clamped to a year")
			})
		})
	}
}

// expires_in as WHOOP (number) and Workpath (documented as a string) send it; zero,
// negative and absent mean no known expiry (kept until a 401).
func TestTokenExpiresInForms(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		raw  string
		want time.Duration
		err  bool
	}{
		{`3600`, time.Hour, false},
		{`"1800"`, 1800 * time.Second, false},
		{`1800.9`, 1800 * time.Second, false},
		{`null`, 0, false},
		{`""`, 0, false},
		{`0`, 0, false},
		{`-5`, 0, false},
		{`"soon"`, 0, true},
		{`true`, 0, true},
	} {
		t.Run(tc.raw, func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				tok := newScript(step{status: 200, body: `{"access_token":"at","expires_in":` + tc.raw + `}`})
				s := testSettings(tok.transport())
				ts, err := s.ClientCredentials(whoopEndpoint, "id", "secret")
				require.NoError(t, err)
				got, err := ts.Token()
				if tc.err {
					require.Error(t, err)
					assert.NotContains(t, err.Error(), "soon")
					return
				}
				require.NoError(t, err)
				if tc.want == 0 {
					assert.True(t, got.Expiry.IsZero())
				} else {
					assert.Equal(t, time.Now().Add(tc.want), got.Expiry)
					assert.Equal(t, int64(tc.want/time.Second), got.ExpiresIn)
				}
				assert.Equal(t, "Bearer", got.TokenType)
			})
		})
	}
}

// Issue 7.5: a failure at the token endpoint keeps its real category; 5xx, 429, resets and
// timeouts are retried like a read's; only 400/401 (or an OAuth invalid_client/grant error)
// is ErrUnauthorized, and is not retried. The API is never called without a token.
func TestTokenEndpointFailureKeepsCategory(t *testing.T) {
	t.Parallel()
	hang := step{status: -1} // the endpoint never answers
	for _, tc := range []struct {
		name         string
		step         step
		attempts     int // at the token endpoint; MaxRetries is 2
		category     error
		unauthorized bool
	}{
		{"503", answer(503), 3, ErrServer, false},
		{"500", answer(500), 3, ErrServer, false},
		{"429", step{status: 429, header: http.Header{"Retry-After": {"1"}}}, 3, ErrRateLimited, false},
		{"reset", fail(errReset), 3, nil, false},
		{"timeout", hang, 3, context.DeadlineExceeded, false},
		{"400", step{status: 400, body: `{"error":"invalid_request"}`}, 1, ErrBadRequest, true},
		{"401", step{status: 401, body: `{"error":"invalid_client"}`}, 1, ErrUnauthorized, true},
		{"403 invalid_client", step{status: 403, body: `{"error":"invalid_client"}`}, 1, ErrForbidden, true},
		{"403 other", step{status: 403, body: `{"error":"access_denied"}`}, 1, ErrForbidden, false},
		{"404", answer(404), 1, ErrNotFound, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				tok := newScript(tc.step)
				api := newScript(answer(200))
				rt := tokenRig(tok, api)
				if tc.step.status == -1 {
					rt = rtFunc(func(r *http.Request) (*http.Response, error) {
						tok.mu.Lock()
						tok.hits = append(tok.hits, hit{Method: r.Method, Path: r.URL.Path})
						tok.mu.Unlock()
						<-r.Context().Done() // a hung endpoint: the token attempt timeout ends it
						return nil, r.Context().Err()
					})
				}
				s := testSettings(rt)
				c := ccClient(t, s, whoopEndpoint, "id", "secret")

				_, err := c.Do(t.Context(), get("/orders"), nil)

				require.Error(t, err)
				assert.Equal(t, tc.unauthorized, errors.Is(err, ErrUnauthorized), "ErrUnauthorized")
				if tc.category != nil {
					assert.ErrorIs(t, err, tc.category)
				}
				assert.NotErrorIs(t, err, ErrOutcomeUnknown, "the API request was never sent")
				assert.Equal(t, tc.attempts, tok.count(), "token attempts")
				assert.Equal(t, 0, api.count(), "no API call without a token")
				assert.Contains(t, err.Error(), "obtaining a token: POST /v2/partner/token")
				assert.NotContains(t, err.Error(), "acme: GET /orders: obtaining a token: acme:", "no stutter")
				var re *RequestError
				require.ErrorAs(t, err, &re)
				assert.Equal(t, "/orders", re.Route)
				if tc.step.status > 0 {
					var ae *APIError
					require.ErrorAs(t, err, &ae)
					assert.Equal(t, tc.step.status, ae.StatusCode)
					assert.Equal(t, tc.attempts, ae.Attempts)
					assert.Nil(t, ae.Body)
					assert.Empty(t, ae.Message)
				}
			})
		})
	}
}

// Issue 7.5: a blip at the token endpoint (503, then a reset) does not fail an idempotent
// GET: the token fetch is retried, and the GET goes out once, on its first attempt.
func TestTokenBlipDoesNotFailGet(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		tok := newScript(answer(503), fail(errReset), tokenOK("at-3"))
		api := newScript(answer(200))
		c := ccClient(t, testSettings(tokenRig(tok, api)), whoopEndpoint, "id", "secret")

		resp, err := c.Do(t.Context(), get("/orders"), nil)

		require.NoError(t, err)
		assert.Equal(t, 1, resp.Attempts)
		assert.Equal(t, 3, tok.count())
		require.Equal(t, 1, api.count())
		assert.Equal(t, "Bearer at-3", api.all()[0].Header.Get("Authorization"))
		assert.Equal(t, []time.Duration{500 * time.Millisecond, time.Second}, tok.waits(), "the reads' backoff")
	})
}

// Issue 7.5: the token endpoint's Retry-After is honoured like an API's, and one longer than
// RetryWaitMax fails at once with ErrRateLimited.
func TestTokenRetryAfter(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		tok := newScript(step{status: 429, header: http.Header{"Retry-After": {"3"}}}, tokenOK("at"))
		api := newScript(answer(200))
		c := ccClient(t, testSettings(tokenRig(tok, api)), whoopEndpoint, "id", "secret")
		_, err := c.Do(t.Context(), get("/orders"), nil)
		require.NoError(t, err)
		assert.Equal(t, []time.Duration{3 * time.Second}, tok.waits())
	})
	synctest.Test(t, func(t *testing.T) {
		tok := newScript(step{status: 429, header: http.Header{"Retry-After": {"3600"}}}, tokenOK("at"))
		api := newScript(answer(200))
		c := ccClient(t, testSettings(tokenRig(tok, api)), whoopEndpoint, "id", "secret")
		start := time.Now()
		_, err := c.Do(t.Context(), get("/orders"), nil)
		assert.ErrorIs(t, err, ErrRateLimited)
		assert.NotErrorIs(t, err, ErrUnauthorized)
		assert.Equal(t, 1, tok.count())
		assert.Equal(t, start, time.Now(), "no sleep")
	})
}

// Issue 7.6: the token request carries the labwire User-Agent, the very one API calls send
// (AppInfo included).
func TestTokenRequestUserAgent(t *testing.T) {
	t.Parallel()
	tok := newScript(tokenOK("at"))
	api := newScript(answer(200))
	s := testSettings(tokenRig(tok, api))
	s.AppInfo = "labapp/2.1"
	c := ccClient(t, s, whoopEndpoint, "id", "secret")

	_, err := c.Do(t.Context(), get("/orders"), nil)

	require.NoError(t, err)
	require.Equal(t, 1, tok.count())
	ua := tok.all()[0].Header.Get("User-Agent")
	assert.Equal(t, c.UserAgent(), ua)
	assert.Regexp(t, `^labwire/\S+ \(acme\) go/go\S+ labapp/2\.1$`, ua)
	assert.Equal(t, ua, api.all()[0].Header.Get("User-Agent"))
}

// Issue 8.2, WHOOP's shape: POST under the base URL, a JSON body with the credentials and
// the scope, no Authorization header.
func TestTokenWireJSONInBody(t *testing.T) {
	t.Parallel()
	tok := newScript(tokenOK("at"))
	s := testSettings(tok.transport())
	ts, err := s.ClientCredentials(whoopEndpoint, "partner-id", "partner-secret")
	require.NoError(t, err)

	got, err := ts.Token()

	require.NoError(t, err)
	assert.Equal(t, "at", got.AccessToken)
	require.Equal(t, 1, tok.count())
	h := tok.all()[0]
	assert.Equal(t, http.MethodPost, h.Method)
	assert.Equal(t, "/api/v2/partner/token", h.Path)
	assert.Empty(t, h.RawQuery)
	assert.Equal(t, "application/json", h.Header.Get("Content-Type"))
	assert.Equal(t, "application/json", h.Header.Get("Accept"))
	assert.Empty(t, h.Header.Values("Authorization"))
	assert.JSONEq(t, `{"grant_type":"client_credentials","client_id":"partner-id","client_secret":"partner-secret","scope":"whoop-partner/token"}`, string(h.Body))
	assert.Equal(t, int64(len(h.Body)), h.CL)
}

// workpathPassword is the example password of Workpath's docs: every character x/oauth2's
// header style would escape.
const workpathPassword = `SX0LGy6z!Pa~,V-!A:az`

// Issue 8.2, Workpath's shape: a form body and HTTP Basic of the RAW key:password. The
// docs' example password reaches the server byte for byte (x/oauth2's AuthStyleInHeader
// would send "SX0LGy6z%21Pa~%2CV-%21A%3Aaz").
func TestTokenWireFormBasicRaw(t *testing.T) {
	t.Parallel()
	tok := newScript(step{status: 200, body: `{"access_token":"at","token_type":"Bearer","expires_in":"1800","scope":"read"}`})
	s := testSettings(tok.transport())
	ts, err := s.ClientCredentials(workpathEndpoint, "wp-api-key", workpathPassword)
	require.NoError(t, err)

	got, err := ts.Token()

	require.NoError(t, err)
	assert.Equal(t, "read", got.Extra("scope"))
	require.Equal(t, 1, tok.count())
	h := tok.all()[0]
	assert.Equal(t, http.MethodPost, h.Method)
	assert.Equal(t, "/api/oauth/token", h.Path)
	assert.Equal(t, "application/x-www-form-urlencoded", h.Header.Get("Content-Type"))
	want := "Basic " + base64.StdEncoding.EncodeToString([]byte("wp-api-key:"+workpathPassword))
	assert.Equal(t, []string{want}, h.Header.Values("Authorization"), "the exact header bytes")
	assert.Equal(t, "Basic d3AtYXBpLWtleTpTWDBMR3k2eiFQYX4sVi0hQTpheg==", want, "independently computed")
	r := &http.Request{Header: h.Header}
	user, pass, ok := r.BasicAuth()
	require.True(t, ok)
	assert.Equal(t, "wp-api-key", user)
	assert.Equal(t, workpathPassword, pass, "unchanged, no escaping")
	assert.Equal(t, "grant_type=client_credentials", string(h.Body), "no credentials in the body")
}

// Credentials in a form body: the server's form decoding gives back the raw secret.
func TestTokenWireFormInBody(t *testing.T) {
	t.Parallel()
	tok := newScript(tokenOK("at"))
	s := testSettings(tok.transport())
	ep := TokenEndpoint{URL: "/oauth/token", Extra: map[string]string{"scope": "a b"}}
	ts, err := s.ClientCredentials(ep, "wp-api-key", workpathPassword)
	require.NoError(t, err)
	_, err = ts.Token()
	require.NoError(t, err)
	h := tok.all()[0]
	assert.Equal(t, "application/x-www-form-urlencoded", h.Header.Get("Content-Type"))
	assert.Empty(t, h.Header.Values("Authorization"))
	form, err := url.ParseQuery(string(h.Body))
	require.NoError(t, err)
	assert.Equal(t, url.Values{
		"grant_type": {"client_credentials"}, "client_id": {"wp-api-key"},
		"client_secret": {workpathPassword}, "scope": {"a b"},
	}, form)
}

// An absolute token URL (Rupa's is a required option) is called as given, on its own host.
func TestTokenEndpointAbsoluteURL(t *testing.T) {
	t.Parallel()
	var seen []string
	var mu sync.Mutex
	rt := rtFunc(func(r *http.Request) (*http.Response, error) {
		mu.Lock()
		seen = append(seen, r.URL.String())
		mu.Unlock()
		return &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"application/json"}},
			Body: http.NoBody, Request: r}, nil
	})
	s := testSettings(rt)
	f, err := s.TokenFetcher(TokenEndpoint{URL: "https://auth.lab.test/o/token/"})
	require.NoError(t, err)
	_, err = f.ExchangeCode(t.Context(), CodeExchange{Code: "c", ClientID: "id", ClientSecret: "s"})
	require.Error(t, err, "an empty 200 is no token")
	assert.Equal(t, []string{"https://auth.lab.test/o/token/"}, seen)
}

// Configuration errors come before any request and never echo the URL or a secret.
func TestTokenEndpointConfigErrors(t *testing.T) {
	t.Parallel()
	const canary = "CANARY-url-4419"
	var calls atomic.Int64
	s := testSettings(rtFunc(func(*http.Request) (*http.Response, error) { calls.Add(1); return nil, errReset }))
	for _, tc := range []struct {
		name       string
		ep         TokenEndpoint
		id, secret string
	}{
		{"no URL", TokenEndpoint{}, "id", "s"},
		{"http not loopback", TokenEndpoint{URL: "http://auth." + canary + ".test/token"}, "id", "s"},
		{"query", TokenEndpoint{URL: "https://auth.test/token?k=" + canary}, "id", "s"},
		{"route with query", TokenEndpoint{URL: "/token?k=" + canary}, "id", "s"},
		{"user info", TokenEndpoint{URL: "https://u:" + canary + "@auth.test/token"}, "id", "s"},
		{"no path", TokenEndpoint{URL: "https://auth.test"}, "id", "s"},
		{"relative", TokenEndpoint{URL: "oauth/token"}, "id", "s"},
		{"extra overrides grant", TokenEndpoint{URL: "/t", Extra: map[string]string{"client_secret": canary}}, "id", "s"},
		{"empty id", TokenEndpoint{URL: "/t"}, " ", canary},
		{"empty secret", TokenEndpoint{URL: "/t"}, "id", ""},
		{"colon in Basic id", TokenEndpoint{URL: "/t", ClientAuth: BasicRaw}, "a:b", canary},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := s.ClientCredentials(tc.ep, tc.id, tc.secret)
			require.Error(t, err)
			assert.NotContains(t, sprintAll(err), canary)
			assert.True(t, strings.HasPrefix(err.Error(), "acme: "), err.Error())
		})
	}
	assert.Zero(t, calls.Load())
}

// The token fetch goes through the shared stack's protections: the same hardened base
// transport as API calls (TLS 1.2 minimum), its own per-attempt timeout, the 1 MiB cap,
// no redirects and no cookie jar.
func TestTokenStackProtections(t *testing.T) {
	t.Parallel()
	var s Settings
	s.Vendor, s.BaseURL = "acme", testBaseURL
	s.HTTPClient = &http.Client{Jar: noJar{}}
	f, err := s.TokenFetcher(whoopEndpoint)
	require.NoError(t, err)
	at := f.c.hc.Transport.(*attemptTransport)
	assert.Same(t, defaultTransport, at.base, "the hardened transport")
	assert.Equal(t, DefaultTokenTimeout, f.c.s.AttemptTimeout)
	assert.EqualValues(t, maxTokenResponse, f.c.s.MaxResponseBytes)
	assert.ErrorIs(t, f.c.hc.CheckRedirect(nil, nil), http.ErrUseLastResponse)
	assert.Nil(t, f.c.hc.Jar)

	s.MaxResponseBytes = 100
	f, err = s.TokenFetcher(whoopEndpoint)
	require.NoError(t, err)
	assert.EqualValues(t, 100, f.c.s.MaxResponseBytes, "a smaller cap is kept")
}

type noJar struct{}

func (noJar) SetCookies(*url.URL, []*http.Cookie) {}
func (noJar) Cookies(*url.URL) []*http.Cookie     { return nil }

// A token endpoint answering over the cap fails with ErrResponseTooLarge, not retried.
func TestTokenResponseCapped(t *testing.T) {
	t.Parallel()
	big := `{"access_token":"` + strings.Repeat("a", maxTokenResponse) + `"}`
	tok := newScript(step{status: 200, body: big})
	s := testSettings(tok.transport())
	ts, err := s.ClientCredentials(whoopEndpoint, "id", "secret")
	require.NoError(t, err)
	_, err = ts.Token()
	assert.ErrorIs(t, err, ErrResponseTooLarge)
	assert.Equal(t, 1, tok.count())
}

// A token response that is no token (no access_token, another token_type) is an error.
func TestTokenResponseInvalid(t *testing.T) {
	t.Parallel()
	for _, body := range []string{`{}`, `{"access_token":""}`, `{"access_token":"x","token_type":"mac"}`, `[]`, `nope`,
		`{"access_token":"a\r\nX-Injected: 1"}`, `{"access_token":"a b"}`, `{"access_token":"caf\u00e9"}`, `{"error":"invalid_scope"}`} {
		tok := newScript(step{status: 200, body: body})
		s := testSettings(tok.transport())
		ts, err := s.ClientCredentials(whoopEndpoint, "id", "secret")
		require.NoError(t, err)
		_, err = ts.Token()
		require.Error(t, err, body)
		assert.NotErrorIs(t, err, ErrUnauthorized)
	}
}

// A 200 that carries an OAuth rejection (invalid_client, invalid_grant) instead of a
// token is ErrUnauthorized like a 400 would be.
func TestTokenRejectionIn200(t *testing.T) {
	t.Parallel()
	for _, code := range []string{"invalid_client", "invalid_grant", "unauthorized_client"} {
		tok := newScript(step{status: 200, body: `{"error":"` + code + `","error_description":"no"}`})
		s := testSettings(tok.transport())
		ts, err := s.ClientCredentials(whoopEndpoint, "id", "secret")
		require.NoError(t, err)
		_, err = ts.Token()
		assert.ErrorIs(t, err, ErrUnauthorized, code)
		var re *RequestError
		assert.ErrorAs(t, err, &re)
		assert.Equal(t, 1, tok.count())
	}
}

// R-11 on sockets: a token endpoint answering with a redirect to another origin is not
// followed (the secret would go with the body); the other origin sees nothing.
func TestSocketTokenNoRedirect(t *testing.T) {
	t.Parallel()
	for _, code := range []int{301, 302, 307, 308} {
		var stolen serverHits
		thief := quietServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { stolen.record(r) }), false)
		var hits serverHits
		srv := quietServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			hits.record(r)
			if r.URL.Path == "/api/oauth/token" {
				http.Redirect(w, r, thief.URL+"/steal", code)
				return
			}
			http.Redirect(w, r, "/api/oauth/token", code) // same origin: still not followed
		}), false)
		s := socketSettings(srv)
		for _, ep := range []string{"/oauth/token", "/same-origin/token"} {
			ts, err := s.ClientCredentials(TokenEndpoint{URL: ep}, "id", "secret")
			require.NoError(t, err)
			_, err = ts.Token()
			var ae *APIError
			require.ErrorAs(t, err, &ae, "%d %s", code, ep)
			assert.Equal(t, code, ae.StatusCode)
		}
		assert.Equal(t, 2, hits.count())
		assert.Equal(t, 0, stolen.count(), "%d: the redirect was followed", code)
	}
}

// On sockets: concurrent calls through a real token endpoint share one fetch, and the token
// request reaches the server as sent.
func TestSocketClientCredentialsShared(t *testing.T) {
	t.Parallel()
	var fetches atomic.Int64
	var tokenHits serverHits
	srv := quietServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/api/oauth/token" {
			tokenHits.record(r)
			fetches.Add(1)
			w.Header().Set("Content-Type", "application/json")
			_ = json.NewEncoder(w).Encode(map[string]any{"access_token": "at-1", "token_type": "Bearer", "expires_in": 1800})
			return
		}
		if r.Header.Get("Authorization") != "Bearer at-1" {
			w.WriteHeader(401)
		}
	}), true)
	s := socketSettings(srv)
	c := ccClient(t, s, workpathEndpoint, "wp-api-key", workpathPassword)
	var wg sync.WaitGroup
	for range 30 {
		wg.Go(func() {
			_, err := c.Do(t.Context(), get("/orders"), nil)
			assert.NoError(t, err)
		})
	}
	wg.Wait()
	assert.Equal(t, int64(1), fetches.Load())
	h := tokenHits.all()[0]
	r := &http.Request{Header: h.Header}
	_, pass, _ := r.BasicAuth()
	assert.Equal(t, workpathPassword, pass)
	assert.Equal(t, c.UserAgent(), h.Header.Get("User-Agent"))
}

// The token fetch's own attempt timeout (not the API's) ends a hung token attempt.
func TestTokenAttemptTimeout(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		var starts []time.Time
		var mu sync.Mutex
		rt := rtFunc(func(r *http.Request) (*http.Response, error) {
			mu.Lock()
			starts = append(starts, time.Now())
			mu.Unlock()
			<-r.Context().Done()
			return nil, r.Context().Err()
		})
		s := testSettings(rt)
		s.tokenTimeout = 5 * time.Second
		s.AttemptTimeout = time.Hour
		s.MaxRetries = NoRetries
		ts, err := s.ClientCredentials(whoopEndpoint, "id", "secret")
		require.NoError(t, err)
		start := time.Now()
		_, err = ts.Token()
		assert.ErrorIs(t, err, context.DeadlineExceeded)
		assert.Equal(t, 5*time.Second, time.Since(start))
		assert.Len(t, starts, 1)
	})
}

// The token source works with a foreign oauth2 consumer too (oauth2.Token fields).
func TestTokenIsOAuth2Token(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		tok := newScript(tokenOK("at"))
		s := testSettings(tok.transport())
		ts, err := s.ClientCredentials(whoopEndpoint, "id", "secret")
		require.NoError(t, err)
		var src oauth2.TokenSource = ts
		got, err := src.Token()
		require.NoError(t, err)
		assert.True(t, got.Valid())
		assert.Equal(t, "Bearer", got.Type())
	})
}
