package fake

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Tokens issues opaque bearer tokens to subjects (a vendor's client ids) and
// checks them. Tokens expire after a fixed lifetime on an injectable clock.
// All its methods are safe for concurrent use.
type Tokens struct {
	ttl time.Duration
	now func() time.Time

	mu     sync.Mutex
	tokens map[string]grant
	issued int
}

type grant struct {
	subject string
	expires time.Time
}

// NewTokens returns a [Tokens] whose tokens live for ttl, measured with now
// (time.Now when nil).
func NewTokens(ttl time.Duration, now func() time.Time) *Tokens {
	if now == nil {
		now = time.Now
	}
	return &Tokens{ttl: ttl, now: now, tokens: make(map[string]grant)}
}

// TTL returns the lifetime of the tokens.
func (t *Tokens) TTL() time.Duration { return t.ttl }

// Issue returns a new random token for subject, valid for [Tokens.TTL] from
// now. Earlier tokens stay valid.
func (t *Tokens) Issue(subject string) string {
	b := make([]byte, 24)
	_, _ = rand.Read(b) // never fails
	tok := base64.RawURLEncoding.EncodeToString(b)
	t.mu.Lock()
	defer t.mu.Unlock()
	t.tokens[tok] = grant{subject: subject, expires: t.now().Add(t.ttl)}
	t.issued++
	return tok
}

// Issued returns how many tokens have been issued.
func (t *Tokens) Issued() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.issued
}

// ExpireAll revokes every token issued so far, so the next request with one
// of them is answered 401: the way to test a client's 401, refresh and
// replay path.
func (t *Tokens) ExpireAll() {
	t.mu.Lock()
	defer t.mu.Unlock()
	clear(t.tokens)
}

// Subject returns the subject of the valid token in r's
// "Authorization: Bearer <token>" header (scheme matched case-insensitively).
func (t *Tokens) Subject(r *http.Request) (subject string, ok bool) {
	scheme, tok, found := strings.Cut(r.Header.Get("Authorization"), " ")
	if !found || !strings.EqualFold(scheme, "Bearer") || tok == "" {
		return "", false
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	g, ok := t.tokens[tok]
	if !ok {
		return "", false
	}
	if !t.now().Before(g.expires) {
		delete(t.tokens, tok)
		return "", false
	}
	return g.subject, true
}

// Require wraps next so that it is reached only with a valid token; the
// token's subject is then available from [SubjectFrom]. Other requests are
// answered 401 with a WWW-Authenticate: Bearer header and the body
// {"error":"unauthorized"}.
func (t *Tokens) Require(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		subject, ok := t.Subject(r)
		if !ok {
			challenge := "Bearer"
			if r.Header.Get("Authorization") != "" {
				challenge = `Bearer error="invalid_token"`
			}
			w.Header().Set("WWW-Authenticate", challenge)
			WriteError(w, http.StatusUnauthorized, "unauthorized")
			return
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), subjectKey{}, subject)))
	})
}

type subjectKey struct{}

// SubjectFrom returns the subject of the token that [Tokens.Require]
// accepted for the request with context ctx, or "" outside such a request.
func SubjectFrom(ctx context.Context) string {
	s, _ := ctx.Value(subjectKey{}).(string)
	return s
}
