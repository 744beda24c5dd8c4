package transport

import (
	"encoding/base64"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"
)

// optRecorder is an in-memory RoundTripper that records each request and answers status.
type optRecorder struct {
	mu     sync.Mutex
	status int
	reqs   []*http.Request
}

func (r *optRecorder) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		_, _ = io.Copy(io.Discard, req.Body)
		_ = req.Body.Close()
	}
	r.mu.Lock()
	r.reqs = append(r.reqs, req.Clone(req.Context()))
	r.mu.Unlock()
	return &http.Response{StatusCode: r.status, Header: http.Header{}, Body: http.NoBody, Request: req}, nil
}

func (r *optRecorder) requests() []*http.Request {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]*http.Request(nil), r.reqs...)
}

const optBase = "https://lab.test/api"

var defaultSlotOptions = []Slot{{Name: DefaultSlot, Options: []string{"WithBearer", "WithTokens"}}}

func TestEveryOptionErrorIsAValidationErrorNamingTheOption(t *testing.T) {
	t.Parallel()
	bearer := BearerOption(DefaultSlot, "WithBearer", "key-canary-7f3a")
	tests := []struct {
		name   string
		opts   []Option
		field  string
		reason string
	}{
		{"base URL http off loopback", []Option{bearer, WithBaseURL("http://lab.example")}, "WithBaseURL", "https"},
		{"base URL empty", []Option{bearer, WithBaseURL("")}, "WithBaseURL", "empty"},
		{"base URL user info", []Option{bearer, WithBaseURL("https://u:p@lab.example")}, "WithBaseURL", "user info"},
		{"nil HTTP client", []Option{bearer, WithHTTPClient(nil)}, "WithHTTPClient", "nil"},
		{"negative retries", []Option{bearer, WithRetries(-1)}, "WithMaxRetries", "negative"},
		{"inverted retry wait", []Option{bearer, WithRetryWait(time.Second, time.Millisecond)}, "WithRetryWait", "min <= max"},
		{"zero retry wait", []Option{bearer, WithRetryWait(0, time.Second)}, "WithRetryWait", "min <= max"},
		{"zero attempt timeout", []Option{bearer, WithAttemptTimeout(0)}, "WithAttemptTimeout", "positive"},
		{"zero response cap", []Option{bearer, WithMaxResponseBytes(0)}, "WithMaxResponseBytes", "positive"},
		{"app info with a space", []Option{bearer, WithAppInfo("my app", "1")}, "WithAppInfo", "single tokens"},
		{"app info with a slash", []Option{bearer, WithAppInfo("app", "1/2")}, "WithAppInfo", "single tokens"},
		{"app info with a line break", []Option{bearer, WithAppInfo("app", "1\r\nX: y")}, "WithAppInfo", "single tokens"},
		{"empty app name", []Option{bearer, WithAppInfo("", "1")}, "WithAppInfo", "single tokens"},
		{"nil middleware", []Option{bearer, WithMiddleware(nil)}, "WithMiddleware", "nil"},
		{"no credentials", nil, "credentials", "required: use WithBearer or WithTokens"},
		{"empty bearer", []Option{BearerOption(DefaultSlot, "WithBearer", " ")}, "WithBearer", "empty"},
		{"nil token source", []Option{TokenSourceOption(DefaultSlot, "WithTokens", nil)}, "WithTokens", "nil"},
		{"two credential options", []Option{bearer, TokenSourceOption(DefaultSlot, "WithTokens", oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "x"}))},
			"WithTokens", "conflicts with WithBearer: use only one of WithBearer and WithTokens"},
		{"one credential option twice", []Option{bearer, bearer}, "WithBearer", "given twice"},
		{"invalid vendor option", []Option{bearer, InvalidOption("WithThing", "thing must be set")}, "WithThing", "thing must be set"},
		{"build fails with a plain error", []Option{CredentialOption(DefaultSlot, "WithBroken", func(*Config) (Auth, error) {
			return nil, errors.New("acme: the token URL does not parse")
		})}, "WithBroken", "the token URL does not parse"},
		{"build returns nothing", []Option{CredentialOption(DefaultSlot, "WithNothing", func(*Config) (Auth, error) { return nil, nil })}, "WithNothing", "no credentials"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tc2, cfg, err := NewFromOptions("acme", optBase, defaultSlotOptions, tc.opts...)
			require.Error(t, err)
			assert.Nil(t, tc2)
			assert.Nil(t, cfg)
			assert.ErrorIs(t, err, ErrValidation)
			var ve *ValidationError
			require.ErrorAs(t, err, &ve)
			assert.Equal(t, "acme", ve.Vendor)
			assert.Equal(t, tc.field, ve.Field)
			assert.Contains(t, ve.Reason, tc.reason)
			assert.True(t, strings.HasPrefix(err.Error(), "acme: invalid "+tc.field+": "), err.Error())
			assert.NotContains(t, err.Error(), "acme: acme", "no stutter")
			assert.NotContains(t, err.Error(), "key-canary-7f3a")
			assert.NotContains(t, err.Error(), "u:p")
			assert.NotContains(t, err.Error(), "\n")
		})
	}
}

func TestNilOptionsAreSkippedAndDefaultsApply(t *testing.T) {
	t.Parallel()
	rec := &optRecorder{status: 200}
	c, cfg, err := NewFromOptions("acme", optBase, defaultSlotOptions, nil,
		BearerOption(DefaultSlot, "WithBearer", "k1"), WithHTTPClient(&http.Client{Transport: rec}), nil)
	require.NoError(t, err)
	assert.Equal(t, optBase, c.BaseURL().String())
	assert.Equal(t, "WithBearer", cfg.OptionFor(DefaultSlot))
	assert.Equal(t, "", cfg.OptionFor("basic"))
	assert.Nil(t, cfg.AuthFor("basic"))
	_, err = c.Do(t.Context(), &Request{Op: "x.get", Method: http.MethodGet, Route: "/things/{id}", Params: []string{"a b"}}, nil)
	require.NoError(t, err)
	got := rec.requests()
	require.Len(t, got, 1)
	assert.Equal(t, http.MethodGet, got[0].Method)
	assert.Equal(t, "/api/things/a%20b", got[0].URL.EscapedPath())
	assert.Equal(t, "Bearer k1", got[0].Header.Get("Authorization"))
}

// TestOptionsReachTheWire checks each setting by its effect on requests.
func TestOptionsReachTheWire(t *testing.T) {
	t.Parallel()
	rec := &optRecorder{status: http.StatusServiceUnavailable}
	var order []string
	mw := func(name string) Middleware {
		return func(r *http.Request, next func(*http.Request) (*http.Response, error)) (*http.Response, error) {
			order = append(order, name)
			return next(r)
		}
	}
	c, _, err := NewFromOptions("acme", optBase, defaultSlotOptions,
		BearerOption(DefaultSlot, "WithBearer", "k1"),
		WithHTTPClient(&http.Client{Transport: rec}),
		WithBaseURL("http://127.0.0.1:1/prefix"),
		WithRetries(0),
		WithAppInfo("labapp", "2.0"),
		WithMiddleware(mw("outer")), WithMiddleware(mw("inner")),
		WithLogger(nil),
	)
	require.NoError(t, err)
	_, err = c.Do(t.Context(), &Request{Op: "x.get", Method: http.MethodGet, Route: "/ping"}, nil)
	require.ErrorIs(t, err, ErrServer)
	got := rec.requests()
	require.Len(t, got, 1, "WithRetries(0) disables retries of a 503 GET")
	assert.Equal(t, "http://127.0.0.1:1/prefix/ping", got[0].URL.String(), "the last WithBaseURL wins")
	assert.Regexp(t, `^labwire/\S+ \(acme\) go/\S+ labapp/2\.0$`, got[0].Header.Get("User-Agent"))
	assert.Equal(t, []string{"outer", "inner"}, order)

	rec2 := &optRecorder{status: http.StatusServiceUnavailable}
	c2, _, err := NewFromOptions("acme", optBase, defaultSlotOptions,
		BearerOption(DefaultSlot, "WithBearer", "k1"), WithHTTPClient(&http.Client{Transport: rec2}),
		WithRetries(2), WithRetryWait(time.Microsecond, 2*time.Microsecond))
	require.NoError(t, err)
	_, err = c2.Do(t.Context(), &Request{Op: "x.get", Method: http.MethodGet, Route: "/ping"}, nil)
	require.ErrorIs(t, err, ErrServer)
	assert.Len(t, rec2.requests(), 3, "WithRetries(2) allows two retries")
}

// TestSecondSlot is the Workpath shape: Bearer on most routes, HTTP Basic of the raw
// key:password on others, each request carrying the slot its route needs.
func TestSecondSlot(t *testing.T) {
	t.Parallel()
	const password = "SX0LGy6z!Pa~,V-!A:az" // Workpath's docs' own example
	rec := &optRecorder{status: 200}
	slots := []Slot{
		{Name: DefaultSlot, Options: []string{"WithBearerToken"}},
		{Name: "basic", Options: []string{"WithAPIKey"}},
	}
	c, cfg, err := NewFromOptions("workpath", optBase, slots,
		BasicOption("basic", "WithAPIKey", "key-1", password),
		BearerOption(DefaultSlot, "WithBearerToken", "tok-1"),
		WithHTTPClient(&http.Client{Transport: rec}))
	require.NoError(t, err)
	_, err = c.Do(t.Context(), &Request{Op: "a.get", Method: http.MethodGet, Route: "/appointments"}, nil)
	require.NoError(t, err)
	_, err = c.Do(t.Context(), &Request{Op: "k.get", Method: http.MethodGet, Route: "/api-keys", Auth: cfg.AuthFor("basic")}, nil)
	require.NoError(t, err)
	got := rec.requests()
	require.Len(t, got, 2)
	assert.Equal(t, "/api/appointments", got[0].URL.Path)
	assert.Equal(t, "Bearer tok-1", got[0].Header.Get("Authorization"))
	assert.Equal(t, "/api/api-keys", got[1].URL.Path)
	assert.Equal(t, "Basic "+base64.StdEncoding.EncodeToString([]byte("key-1:"+password)), got[1].Header.Get("Authorization"),
		"the raw key:password, nothing escaped")

	_, _, err = NewFromOptions("workpath", optBase, slots, BearerOption(DefaultSlot, "WithBearerToken", "tok-1"))
	var ve *ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "basic credentials", ve.Field)
	assert.Contains(t, ve.Reason, "WithAPIKey")

	_, _, err = NewFromOptions("workpath", optBase, slots[:1],
		BearerOption(DefaultSlot, "WithBearerToken", "tok-1"),
		BasicOption("basic", "WithAPIKey", "key-1", password),
		BasicOption("basic", "WithAPIKeyFromEnv", "key-2", "pw"))
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "WithAPIKeyFromEnv", ve.Field)
	assert.Contains(t, ve.Reason, "WithAPIKey and WithAPIKeyFromEnv")
	assert.NotContains(t, err.Error(), password)
}

func TestBasicOptionRefusesWhatBasicCannotCarry(t *testing.T) {
	t.Parallel()
	for name, opt := range map[string]Option{
		"username must not be empty":        BasicOption("basic", "WithAPIKey", "", "pw-canary"),
		"username must not contain a colon": BasicOption("basic", "WithAPIKey", "a:b", "pw-canary"),
		"password must not be empty":        BasicOption("basic", "WithAPIKey", "key", ""),
	} {
		_, _, err := NewFromOptions("workpath", optBase, nil, opt)
		var ve *ValidationError
		require.ErrorAs(t, err, &ve, name)
		assert.Equal(t, "WithAPIKey", ve.Field)
		assert.Equal(t, name, ve.Reason)
		assert.NotContains(t, err.Error(), "pw-canary")
	}
}

// TestCredentialBuildSeesFinalConfig: a credential option given first still builds with the
// base URL and HTTP client of options given after it.
func TestCredentialBuildSeesFinalConfig(t *testing.T) {
	t.Parallel()
	rec := &optRecorder{status: 200}
	hc := &http.Client{Transport: rec}
	var sawBase string
	var sawClient *http.Client
	opt := CredentialOption(DefaultSlot, "WithClientCredentials", func(c *Config) (Auth, error) {
		sawBase, sawClient = c.BaseURL, c.HTTPClient
		return NoAuth, nil
	})
	_, _, err := NewFromOptions("acme", optBase, defaultSlotOptions[:0], opt, WithBaseURL("https://other.test/v2"), WithHTTPClient(hc))
	require.NoError(t, err)
	assert.Equal(t, "https://other.test/v2", sawBase)
	assert.Same(t, hc, sawClient)
}

func TestUnfilledDefaultSlotSendsNoCredentials(t *testing.T) {
	t.Parallel()
	rec := &optRecorder{status: 200}
	c, _, err := NewFromOptions("acme", optBase, nil, WithHTTPClient(&http.Client{Transport: rec}))
	require.NoError(t, err)
	_, err = c.Do(t.Context(), &Request{Op: "x.get", Method: http.MethodGet, Route: "/public"}, nil)
	require.NoError(t, err)
	require.Len(t, rec.requests(), 1)
	assert.Empty(t, rec.requests()[0].Header.Values("Authorization"))
}

func TestCheckSecrets(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		secrets []string
		field   string
	}{
		{"none", nil, "NewWebhookVerifier"},
		{"empty list", []string{}, "NewWebhookVerifier"},
		{"an unset environment variable", []string{"s3cret-canary", ""}, "NewWebhookVerifier secrets[1]"},
		{"blank", []string{"  "}, "NewWebhookVerifier secrets[0]"},
	}
	for _, tc := range tests {
		err := CheckSecrets("whoop", "NewWebhookVerifier", tc.secrets)
		var ve *ValidationError
		require.ErrorAs(t, err, &ve, tc.name)
		assert.ErrorIs(t, err, ErrValidation)
		assert.Equal(t, tc.field, ve.Field, tc.name)
		assert.NotContains(t, err.Error(), "s3cret-canary")
	}
	assert.NoError(t, CheckSecrets("whoop", "NewWebhookVerifier", []string{"a", "b"}))
}
