package fake

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func bearer(tok string) *http.Request {
	r := httptest.NewRequest(http.MethodGet, "/x", nil)
	if tok != "" {
		r.Header.Set("Authorization", "Bearer "+tok)
	}
	return r
}

func TestTokensIssueAndExpire(t *testing.T) {
	t.Parallel()
	clock := &manualClock{now: time.Date(2024, 1, 15, 10, 30, 0, 0, time.UTC)}
	tokens := NewTokens(time.Hour, clock.Now)
	assert.Equal(t, time.Hour, tokens.TTL())

	a := tokens.Issue("partner-a")
	b := tokens.Issue("partner-b")
	assert.NotEqual(t, a, b)
	assert.GreaterOrEqual(t, len(a), 32, "tokens are long random strings")
	assert.Equal(t, 2, tokens.Issued())

	sub, ok := tokens.Subject(bearer(a))
	assert.True(t, ok)
	assert.Equal(t, "partner-a", sub)
	sub, ok = tokens.Subject(bearer(b))
	assert.True(t, ok)
	assert.Equal(t, "partner-b", sub)

	clock.Advance(time.Hour - time.Nanosecond)
	_, ok = tokens.Subject(bearer(a))
	assert.True(t, ok, "valid until the last nanosecond")
	clock.Advance(time.Nanosecond)
	_, ok = tokens.Subject(bearer(a))
	assert.False(t, ok, "expired after TTL")
	clock.Advance(-time.Hour)
	_, ok = tokens.Subject(bearer(a))
	assert.False(t, ok, "an expired token is forgotten")
}

func TestTokensExpireAll(t *testing.T) {
	t.Parallel()
	tokens := NewTokens(time.Hour, nil)
	a := tokens.Issue("p")
	tokens.ExpireAll()
	_, ok := tokens.Subject(bearer(a))
	assert.False(t, ok)

	c := tokens.Issue("p")
	_, ok = tokens.Subject(bearer(c))
	assert.True(t, ok, "tokens issued after ExpireAll are valid")
	assert.Equal(t, 2, tokens.Issued())
}

func TestTokensSubjectHeaderForms(t *testing.T) {
	t.Parallel()
	tokens := NewTokens(time.Hour, nil)
	tok := tokens.Issue("p")
	tests := []struct {
		header string
		ok     bool
	}{
		{"Bearer " + tok, true},
		{"bearer " + tok, true},
		{"BEARER " + tok, true},
		{"", false},
		{"Bearer", false},
		{"Bearer ", false},
		{tok, false},
		{"Basic " + tok, false},
		{"Bearer  " + tok, false},
		{"Bearer " + tok + "x", false},
	}
	for _, tt := range tests {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.Header.Set("Authorization", tt.header)
		_, ok := tokens.Subject(r)
		assert.Equal(t, tt.ok, ok, "header %q", tt.header)
	}
}

func TestTokensRequire(t *testing.T) {
	t.Parallel()
	tokens := NewTokens(time.Hour, nil)
	var seen string
	h := tokens.Require(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = SubjectFrom(r.Context())
		w.WriteHeader(http.StatusNoContent)
	}))
	tok := tokens.Issue("partner-a")

	w := httptest.NewRecorder()
	h.ServeHTTP(w, bearer(tok))
	assert.Equal(t, http.StatusNoContent, w.Code)
	assert.Equal(t, "partner-a", seen)

	w = httptest.NewRecorder()
	h.ServeHTTP(w, bearer(""))
	assert.Equal(t, http.StatusUnauthorized, w.Code)
	assert.Equal(t, "Bearer", w.Header().Get("WWW-Authenticate"))
	assert.JSONEq(t, `{"error":"unauthorized"}`, w.Body.String())

	w = httptest.NewRecorder()
	h.ServeHTTP(w, bearer("not-a-token"))
	require.Equal(t, http.StatusUnauthorized, w.Code)
	assert.Equal(t, `Bearer error="invalid_token"`, w.Header().Get("WWW-Authenticate"))
	assert.NotContains(t, w.Body.String(), "not-a-token", "the answer never echoes the token")

	assert.Empty(t, SubjectFrom(t.Context()))
}
