package transport

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/oauth2"
)

// Auth puts credentials on a request. The client has a default Auth and each Request may
// choose another (Workpath mixes HTTP Basic and Bearer in one API). Build one with
// TokenAuth, BearerAuth or BasicAuth; NoAuth sends none.
type Auth interface {
	// credential returns the Authorization header's value (nil sends none), and the
	// credential it holds so that a 401 can invalidate exactly that one. ctx is the attempt's.
	// The value slice is never modified by anyone: it may be shared by every request.
	credential(ctx context.Context) (value []string, used string, err error)
	// invalidate drops a cached credential after a 401; it reports whether a replay could
	// succeed with a fresh one.
	invalidate(used string) bool
}

// NoAuth sends no credentials (token endpoints, public routes).
var NoAuth Auth = noAuth{}

type noAuth struct{}

func (noAuth) credential(context.Context) ([]string, string, error) { return nil, "", nil }
func (noAuth) invalidate(string) bool                               { return false }

// BearerAuth sends a fixed "Authorization: Bearer <key>" (an API key or a token the caller
// manages). A 401 is final.
func BearerAuth(key string) Auth { return newStaticAuth("Bearer " + key) }

// BasicAuth sends HTTP Basic credentials. A 401 is final.
func BasicAuth(username, password string) Auth {
	r := http.Request{Header: http.Header{}}
	r.SetBasicAuth(username, password)
	return newStaticAuth(r.Header.Get("Authorization"))
}

// staticAuth is a fixed Authorization header value, kept as the header's value slice so
// that sending it allocates nothing (the slice is never modified; its capacity is 1, so an
// Add elsewhere copies it). It prints, logs and marshals as "REDACTED", so a Settings or
// Request printed with %v or %+v, or logged, shows no secret.
type staticAuth struct{ value []string }

func newStaticAuth(v string) *staticAuth { return &staticAuth{value: []string{v}[:1:1]} }

func (a *staticAuth) credential(context.Context) ([]string, string, error) {
	return a.value, "", nil
}
func (*staticAuth) invalidate(string) bool { return false }

const redactedAuth = "transport.Auth(REDACTED)"

func (*staticAuth) String() string               { return redactedAuth }
func (*staticAuth) GoString() string             { return redactedAuth }
func (*staticAuth) Format(f fmt.State, _ rune)   { _, _ = io.WriteString(f, redactedAuth) }
func (*staticAuth) LogValue() slog.Value         { return slog.StringValue(redactedAuth) }
func (*staticAuth) MarshalJSON() ([]byte, error) { return []byte(`"REDACTED"`), nil }
func (*staticAuth) MarshalText() ([]byte, error) { return []byte("REDACTED"), nil }

// Invalidator is implemented by token sources that can drop a token the server rejected.
// Invalidate must forget the token only if it is still the cached one, so that many calls
// failing with the same token cause one refresh.
type Invalidator interface {
	Invalidate(accessToken string)
}

// TokenAuth sends "Authorization: Bearer <token>" from src on every attempt, so a token that
// expires between retries is refreshed. If src does not implement Invalidator it is wrapped in
// a CachedTokenSource; pass an uncached source (not an oauth2.ReuseTokenSource) so that a 401
// can force a refresh. On a 401 the token is invalidated and a replayable request is sent once
// more with a fresh token; a second 401 is returned as the answer.
func TokenAuth(src oauth2.TokenSource) Auth {
	ts, ok := src.(interface {
		oauth2.TokenSource
		Invalidator
	})
	if !ok {
		ts = NewCachedTokenSource(src, 0)
	}
	return &tokenAuth{src: ts}
}

type tokenAuth struct {
	src interface {
		oauth2.TokenSource
		Invalidator
	}
	// last is the header value of the token sent last, reused while the source returns
	// the same token: no allocation per attempt for a cached token.
	last atomic.Pointer[bearerValue]
}

// bearerValue is "Bearer <token>" as a header value, for one token.
type bearerValue struct {
	token string
	value []string
}

func (a *tokenAuth) credential(ctx context.Context) ([]string, string, error) {
	var tok *oauth2.Token
	var err error
	if cs, ok := a.src.(ContextTokenSource); ok {
		// The caller's context: cancellable like the call, but without the call's state
		// and HTTP trace, so the token request is not mistaken for the API request.
		if cl := callFrom(ctx); cl != nil {
			ctx = cl.Context
		}
		tok, err = cs.TokenContext(ctx)
	} else {
		tok, err = a.src.Token()
	}
	if err != nil {
		return nil, "", tokenError(err)
	}
	if tok == nil || tok.AccessToken == "" {
		return nil, "", &tokenFailure{err: errors.New("obtaining a token: token source returned an empty token"), category: ErrUnauthorized}
	}
	if b := a.last.Load(); b != nil && b.token == tok.AccessToken {
		return b.value, tok.AccessToken, nil
	}
	b := &bearerValue{token: tok.AccessToken, value: []string{"Bearer " + tok.AccessToken}[:1:1]}
	a.last.Store(b)
	return b.value, tok.AccessToken, nil
}

// Redacted printing: a token source may hold a secret or a token.
func (*tokenAuth) String() string               { return redactedAuth }
func (*tokenAuth) GoString() string             { return redactedAuth }
func (*tokenAuth) Format(f fmt.State, _ rune)   { _, _ = io.WriteString(f, redactedAuth) }
func (*tokenAuth) LogValue() slog.Value         { return slog.StringValue(redactedAuth) }
func (*tokenAuth) MarshalJSON() ([]byte, error) { return []byte(`"REDACTED"`), nil }
func (*tokenAuth) MarshalText() ([]byte, error) { return []byte("REDACTED"), nil }

func (a *tokenAuth) invalidate(used string) bool {
	if used == "" {
		return false
	}
	a.src.Invalidate(used)
	return true
}

// tokenError turns a token source failure into an error safe to print, whose whole unwrap
// chain is as clean as its text. Our own typed errors are kept (their text without a second
// "vendor: " prefix). A foreign failure is summarised and not kept: an oauth2.RetrieveError
// embeds the endpoint's body, status line and error code, a *url.Error the token URL, and an
// opaque error may hold anything; what stays reachable is its category (a status, or the
// context's end).
//
// Only a rejection of the credentials is ErrUnauthorized: a 400 or 401 from the token
// endpoint (or an OAuth invalid_client, invalid_grant or unauthorized_client error), or an
// opaque failure of a token source the caller supplied. A 5xx, a 429, a connection failure
// or a timeout keeps its own category, so that code rotating credentials on ErrUnauthorized
// does not fire during an outage.
func tokenError(err error) *tokenFailure {
	const prefix = "obtaining a token: "
	var apiErr *APIError
	var reqErr *RequestError
	switch {
	case errors.As(err, &apiErr):
		f := &tokenFailure{err: &safeCause{msg: prefix + strings.TrimPrefix(apiErr.Error(), apiErr.Vendor+": "), err: err}}
		if errors.Is(err, ErrUnauthorized) {
			f.category = ErrUnauthorized
		}
		return f
	case errors.As(err, &reqErr):
		return &tokenFailure{err: &safeCause{msg: prefix + strings.TrimPrefix(reqErr.Error(), reqErr.Vendor+": "), err: err}}
	}
	var re *oauth2.RetrieveError
	if errors.As(err, &re) && re.Response != nil {
		st := &tokenStatus{code: re.Response.StatusCode}
		f := &tokenFailure{err: &safeCause{msg: prefix + st.Error(), err: st}}
		if st.code == http.StatusBadRequest || st.code == http.StatusUnauthorized ||
			(st.code >= 400 && st.code <= 499 && st.code != http.StatusTooManyRequests &&
				(re.ErrorCode == "invalid_client" || re.ErrorCode == "invalid_grant" || re.ErrorCode == "unauthorized_client")) {
			f.category = ErrUnauthorized
		}
		return f
	}
	var netErr net.Error
	switch {
	case errors.Is(err, context.Canceled):
		return &tokenFailure{err: &safeCause{msg: prefix + context.Canceled.Error(), err: context.Canceled}}
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &netErr) && netErr.Timeout():
		return &tokenFailure{err: &safeCause{msg: prefix + "timed out", err: context.DeadlineExceeded}}
	case errors.As(err, &netErr):
		return &tokenFailure{err: errors.New(prefix + "connection failed")}
	}
	return &tokenFailure{err: errors.New(prefix + "token source failed"), category: ErrUnauthorized}
}

// tokenStatus is the status of a foreign token endpoint's error answer, without anything
// else of it. It matches the category sentinels an *APIError of that status matches.
type tokenStatus struct{ code int }

func (e *tokenStatus) Error() string {
	msg := "token endpoint answered " + strconv.Itoa(e.code)
	if t := http.StatusText(e.code); t != "" {
		msg += " " + strings.ToLower(t)
	}
	return msg
}

func (e *tokenStatus) Is(target error) bool { return (&APIError{StatusCode: e.code}).Is(target) }

// tokenFailure marks a failure to get a token; a request failing with it is not retried
// (the token fetch had its own retries, and a hot loop on the token endpoint helps nobody).
// category is ErrUnauthorized for a rejection of the credentials, else nil: the cause's own
// category (ErrServer, ErrRateLimited, ...) is then found through Unwrap.
type tokenFailure struct {
	err      error
	category error
}

func (e *tokenFailure) Error() string { return e.err.Error() }
func (e *tokenFailure) Unwrap() error { return e.err }

// ContextTokenSource is a token source whose fetch can be bound to the context of the call
// that needs the token, so a cancelled call stops waiting for the token endpoint. TokenAuth
// prefers it over Token when a source implements both.
type ContextTokenSource interface {
	TokenContext(ctx context.Context) (*oauth2.Token, error)
}

// CachedTokenSource caches the token of another source until shortly before it expires and
// can invalidate it after a 401. It is safe for concurrent use: concurrent callers with an
// expired token wait for one refresh, and a caller using TokenContext stops waiting when its
// context ends. Callers that waited while a fetch failed get that fetch's error instead of
// each trying the token endpoint again in turn. Build it with NewCachedTokenSource.
type CachedTokenSource struct {
	src   oauth2.TokenSource
	early time.Duration
	now   func() time.Time

	fetch chan struct{} // held while fetching; a channel so that waiting can be cancelled

	mu        sync.Mutex // guards tok, refreshAt, fetches and lastErr
	tok       *oauth2.Token
	refreshAt time.Time
	fetches   uint64 // completed fetches
	lastErr   error  // error of the last fetch, nil if it succeeded
}

// DefaultTokenExpiryMargin is how long before its expiry a cached token is refreshed.
const DefaultTokenExpiryMargin = 60 * time.Second

// NewCachedTokenSource wraps src. early is how long before expiry to refresh; zero means
// DefaultTokenExpiryMargin. A token without an expiry is kept until invalidated.
func NewCachedTokenSource(src oauth2.TokenSource, early time.Duration) *CachedTokenSource {
	if early <= 0 {
		early = DefaultTokenExpiryMargin
	}
	return &CachedTokenSource{src: src, early: early, now: time.Now, fetch: make(chan struct{}, 1)}
}

// Token returns the cached token, fetching a new one when it is missing or about to expire.
func (c *CachedTokenSource) Token() (*oauth2.Token, error) {
	return c.token(context.Background(), false)
}

// TokenContext is Token with the fetch, if one is needed, bound to ctx when the wrapped
// source is a ContextTokenSource.
func (c *CachedTokenSource) TokenContext(ctx context.Context) (*oauth2.Token, error) {
	return c.token(ctx, true)
}

// token returns the cached token or fetches one; withCtx binds the fetch to ctx when the
// wrapped source is a ContextTokenSource. Waiting for another caller's fetch ends with ctx.
func (c *CachedTokenSource) token(ctx context.Context, withCtx bool) (*oauth2.Token, error) {
	if tok := c.cached(); tok != nil {
		return tok, nil
	}
	c.mu.Lock()
	before := c.fetches
	c.mu.Unlock()
	select {
	case c.fetch <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	defer func() { <-c.fetch }()
	if tok := c.cached(); tok != nil {
		return tok, nil // another caller refreshed it while we waited
	}
	c.mu.Lock()
	shared := c.fetches != before && c.lastErr != nil
	lastErr := c.lastErr
	c.mu.Unlock()
	if shared {
		return nil, lastErr // a fetch failed while we waited: do not hammer the endpoint
	}
	var tok *oauth2.Token
	var err error
	if cs, ok := c.src.(ContextTokenSource); ok && withCtx {
		tok, err = cs.TokenContext(ctx)
	} else {
		tok, err = c.src.Token()
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if err != nil {
		if ctx.Err() == nil { // a failure of this caller's own context is not shared
			c.fetches++
			c.lastErr = err
		}
		return nil, err
	}
	c.fetches++
	c.tok, c.refreshAt, c.lastErr = tok, c.refreshTime(tok), nil
	return tok, nil
}

// cached returns the cached token if it is not due for a refresh.
func (c *CachedTokenSource) cached() *oauth2.Token {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.tok != nil && (c.tok.Expiry.IsZero() || c.now().Before(c.refreshAt)) {
		return c.tok
	}
	return nil
}

// refreshTime is when tok is due for a refresh: early before its expiry, or half-way
// through its life when that is shorter, so that a token issued for less than the margin is
// still reused rather than fetched again on every call.
func (c *CachedTokenSource) refreshTime(tok *oauth2.Token) time.Time {
	if tok == nil || tok.Expiry.IsZero() {
		return time.Time{}
	}
	margin := c.early
	if half := tok.Expiry.Sub(c.now()) / 2; margin > half {
		margin = max(half, 0)
	}
	return tok.Expiry.Add(-margin)
}

const redactedSource = "transport.CachedTokenSource(REDACTED)"

// String prints the source redacted: it holds a token and its source may hold a secret.
func (*CachedTokenSource) String() string { return redactedSource }

// GoString prints the source redacted.
func (*CachedTokenSource) GoString() string { return redactedSource }

// Format prints the source redacted under every verb.
func (*CachedTokenSource) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, redactedSource) }

// LogValue logs the source redacted.
func (*CachedTokenSource) LogValue() slog.Value { return slog.StringValue(redactedSource) }

// Invalidate forgets the cached token if it is accessToken.
func (c *CachedTokenSource) Invalidate(accessToken string) {
	c.mu.Lock()
	if c.tok != nil && c.tok.AccessToken == accessToken {
		c.tok = nil
	}
	c.mu.Unlock()
}
