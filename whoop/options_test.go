package whoop_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/labwire/labwire/whoop"
)

func TestNewClientOptions(t *testing.T) {
	t.Parallel()
	creds := whoop.WithClientCredentials("id", "secret")
	tests := []struct {
		name      string
		opts      []whoop.Option
		wantField string // the option the *ValidationError names; "" for success
		wantText  string
	}{
		{"defaults with credentials", []whoop.Option{creds}, "", ""},
		{"no credentials", nil, "credentials", "required: use WithClientCredentials, WithBearerToken or WithTokenSource"},
		{"two kinds of credentials", []whoop.Option{creds, whoop.WithBearerToken("t")}, "WithBearerToken",
			"use only one of WithClientCredentials and WithBearerToken"},
		{"credentials twice", []whoop.Option{creds, whoop.WithClientCredentials("id2", "secret2")}, "WithClientCredentials", "given twice"},
		{"http base URL off loopback", []whoop.Option{creds, whoop.WithBaseURL("http://api.example.test")}, "WithBaseURL", "https"},
		{"http loopback is allowed", []whoop.Option{creds, whoop.WithBaseURL("http://127.0.0.1:9999/developer")}, "", ""},
		{"base URL with user info", []whoop.Option{creds, whoop.WithBaseURL("https://u:p@api.example.test")}, "WithBaseURL", "user info"},
		{"base URL without host", []whoop.Option{creds, whoop.WithBaseURL("/developer")}, "WithBaseURL", "scheme and a host"},
		{"empty client id", []whoop.Option{whoop.WithClientCredentials("", "s")}, "WithClientCredentials", "clientID"},
		{"empty client secret", []whoop.Option{whoop.WithClientCredentials("id", "")}, "WithClientCredentials", "clientSecret"},
		{"empty bearer", []whoop.Option{whoop.WithBearerToken(" ")}, "WithBearerToken", "token"},
		{"nil token source", []whoop.Option{whoop.WithTokenSource(nil)}, "WithTokenSource", "token source"},
		{"nil http client", []whoop.Option{creds, whoop.WithHTTPClient(nil)}, "WithHTTPClient", "nil"},
		{"negative retries", []whoop.Option{creds, whoop.WithMaxRetries(-1)}, "WithMaxRetries", "negative"},
		{"zero retries", []whoop.Option{creds, whoop.WithMaxRetries(0)}, "", ""},
		{"retry wait inverted", []whoop.Option{creds, whoop.WithRetryWait(time.Second, time.Millisecond)}, "WithRetryWait", "min <= max"},
		{"zero attempt timeout", []whoop.Option{creds, whoop.WithAttemptTimeout(0)}, "WithAttemptTimeout", "positive"},
		{"zero response cap", []whoop.Option{creds, whoop.WithMaxResponseBytes(0)}, "WithMaxResponseBytes", "positive"},
		{"bad app info", []whoop.Option{creds, whoop.WithAppInfo("my app", "1")}, "WithAppInfo", "single tokens"},
		{"nil middleware", []whoop.Option{creds, whoop.WithMiddleware(nil)}, "WithMiddleware", "nil"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, err := whoop.NewClient(tc.opts...)
			if tc.wantField == "" {
				require.NoError(t, err)
				require.NotNil(t, c)
				return
			}
			require.Error(t, err)
			assert.Nil(t, c)
			assert.ErrorIs(t, err, whoop.ErrValidation)
			var ve *whoop.ValidationError
			require.ErrorAs(t, err, &ve)
			assert.Equal(t, tc.wantField, ve.Field)
			assert.Contains(t, err.Error(), tc.wantText)
			assert.Equal(t, 1, strings.Count(err.Error(), "whoop:"), "one vendor prefix: %s", err)
			assert.NotContains(t, err.Error(), "secret2", "no credential echoed")
		})
	}
}

func TestAppInfoAndMiddleware(t *testing.T) {
	t.Parallel()
	var seenAuth []string
	c, m := newMock(t,
		whoop.WithAppInfo("labapp", "1.2.3"),
		whoop.WithMiddleware(func(r *http.Request, next func(*http.Request) (*http.Response, error)) (*http.Response, error) {
			if !strings.HasSuffix(r.URL.Path, "/v2/partner/token") {
				seenAuth = append(seenAuth, r.Header.Get("Authorization"))
			}
			return next(r)
		}))
	m.on(http.MethodGet, "/v2/partner/service-request/"+srID, 200, string(golden(t, "service_request_confirmed.json")))
	_, err := c.ServiceRequests.Get(t.Context(), srID)
	require.NoError(t, err)
	got := m.apiRequests()
	require.Len(t, got, 1)
	assert.Regexp(t, `^labwire/\S+ \(whoop\) go/go\S+ labapp/1\.2\.3$`, got[0].Header.Get("User-Agent"))
	assert.Equal(t, []string{""}, seenAuth, "middleware saw the attempt but not the credentials")
}
