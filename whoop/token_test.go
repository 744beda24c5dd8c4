package whoop_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/labwire/labwire/whoop"
)

// tokenMock answers the token endpoint from a script (the last answer repeats) and every
// requisition with the golden requisition. It records each token request.
type tokenMock struct {
	*httpmock.MockTransport
	mu      sync.Mutex
	script  []func() (*http.Response, error)
	tokens  []*http.Request
	apiHits int
}

func newTokenMock(t *testing.T, script ...func() (*http.Response, error)) (*whoop.Client, *tokenMock) {
	t.Helper()
	m := &tokenMock{MockTransport: httpmock.NewMockTransport(), script: script}
	m.RegisterResponder(http.MethodPost, base+"/v2/partner/token", func(r *http.Request) (*http.Response, error) {
		m.mu.Lock()
		n := len(m.tokens)
		m.tokens = append(m.tokens, r)
		m.mu.Unlock()
		return m.script[min(n, len(m.script)-1)]()
	})
	req := string(golden(t, "requisition.json"))
	m.RegisterResponder(http.MethodGet, base+"/v2/partner/requisition/"+reqID, func(r *http.Request) (*http.Response, error) {
		m.mu.Lock()
		m.apiHits++
		m.mu.Unlock()
		resp := httpmock.NewStringResponse(http.StatusOK, req)
		resp.Header.Set("Content-Type", "application/json")
		return resp, nil
	})
	c, err := whoop.NewClient(
		whoop.WithBaseURL(base),
		whoop.WithHTTPClient(&http.Client{Transport: m}),
		whoop.WithClientCredentials("partner-client-id", "partner-client-secret"),
		whoop.WithRetryWait(time.Millisecond, 5*time.Millisecond),
	)
	require.NoError(t, err)
	return c, m
}

func tokenAnswer(status int, body string) func() (*http.Response, error) {
	return func() (*http.Response, error) {
		resp := httpmock.NewStringResponse(status, body)
		resp.Header.Set("Content-Type", "application/json")
		return resp, nil
	}
}

func (m *tokenMock) tokenCount() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.tokens)
}

// Issue 7.4: an expires_in that overflows a time.Duration used to put the expiry in the past
// (55 calls, 55 fetches); it is clamped, so 55 calls make one fetch.
func TestTokenExpiresInOverflowClamped(t *testing.T) {
	t.Parallel()
	c, m := newTokenMock(t, tokenAnswer(200, `{"access_token":"at","token_type":"bearer","expires_in":9223372036854775807}`))
	for range 55 {
		_, err := c.Requisitions.Get(context.Background(), reqID)
		require.NoError(t, err)
	}
	assert.Equal(t, 1, m.tokenCount())
	assert.Equal(t, 55, m.apiHits)
}

// Issue 7.5: a blip at the token endpoint (503, a reset) does not fail a GET: the token
// fetch is retried like a read, and the GET goes out once.
func TestTokenEndpointBlipRetried(t *testing.T) {
	t.Parallel()
	reset := func() (*http.Response, error) {
		return nil, &net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}
	}
	c, m := newTokenMock(t, tokenAnswer(503, ""), reset, tokenAnswer(200, string(golden(t, "token.response.json"))))
	var meta whoop.Response
	_, err := c.Requisitions.Get(context.Background(), reqID, whoop.WithResponse(&meta))
	require.NoError(t, err)
	assert.Equal(t, 3, m.tokenCount())
	assert.Equal(t, 1, m.apiHits)
	assert.Equal(t, 1, meta.Attempts)
}

// Issue 7.5: an outage of the token endpoint keeps its category: ErrServer, ErrRateLimited
// or a network error, never ErrUnauthorized (code that rotates credentials on it would
// misfire); only a 400/401 is ErrUnauthorized, and it is not retried.
func TestTokenEndpointFailureCategories(t *testing.T) {
	t.Parallel()
	reset := func() (*http.Response, error) {
		return nil, &net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}
	}
	for _, tc := range []struct {
		name         string
		answer       func() (*http.Response, error)
		category     error
		unauthorized bool
		fetches      int
	}{
		{"503", tokenAnswer(503, `{"error":"temporarily_unavailable"}`), whoop.ErrServer, false, 3},
		{"429", tokenAnswer(429, ""), whoop.ErrRateLimited, false, 3},
		{"reset", reset, nil, false, 3},
		{"400", tokenAnswer(400, `{"error":"invalid_request"}`), whoop.ErrUnauthorized, true, 1},
		{"401", tokenAnswer(401, `{"error":"Invalid client credentials"}`), whoop.ErrUnauthorized, true, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, m := newTokenMock(t, tc.answer)
			_, err := c.Requisitions.Get(context.Background(), reqID)
			require.Error(t, err)
			assert.Equal(t, tc.unauthorized, errors.Is(err, whoop.ErrUnauthorized), "ErrUnauthorized: %v", err)
			if tc.category != nil {
				assert.ErrorIs(t, err, tc.category)
			}
			var re *whoop.RequestError
			assert.ErrorAs(t, err, &re)
			assert.Equal(t, tc.fetches, m.tokenCount())
			assert.Equal(t, 0, m.apiHits)
			assert.NotContains(t, err.Error(), "partner-client-secret")
			assert.Regexp(t, `^whoop: GET /v2/partner/requisition/\{id\}: obtaining a token: POST /v2/partner/token: `, err.Error(), "one vendor prefix")
		})
	}
}

// Issue 7.6: the token request carries the labwire User-Agent, not Go-http-client; and the
// wire shape of WHOOP's token request (POST, JSON, credentials in the body, the scope).
func TestTokenRequestUserAgent(t *testing.T) {
	t.Parallel()
	c, m := newTokenMock(t, tokenAnswer(200, string(golden(t, "token.response.json"))))
	_, err := c.Requisitions.Get(context.Background(), reqID)
	require.NoError(t, err)
	require.Equal(t, 1, m.tokenCount())
	r := m.tokens[0]
	assert.Regexp(t, `^labwire/\S+ \(whoop\) go/go\S+$`, r.Header.Get("User-Agent"))
	assert.Equal(t, http.MethodPost, r.Method)
	assert.Equal(t, "/developer/v2/partner/token", r.URL.EscapedPath())
	assert.Equal(t, "application/json", r.Header.Get("Content-Type"))
	assert.Empty(t, r.Header.Values("Authorization"))
}
