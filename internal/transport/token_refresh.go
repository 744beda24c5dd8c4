package transport

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"

	"golang.org/x/oauth2"
)

// Refresh is what RefreshTokenSource needs: the client and the token to start from. It
// prints and logs redacted.
type Refresh struct {
	// ClientID is the client's id. Required.
	ClientID string
	// ClientSecret is the client's secret; empty for a public client.
	ClientSecret string
	// Token is the token to start from (ExchangeCode's answer, or one you stored). Its
	// RefreshToken is required; its AccessToken is used until it expires, if set.
	Token *oauth2.Token
	// OnToken, when set, receives every token the refresh grant returns, with the refresh
	// token to use next (the new one when the server rotated it, else the previous one), so
	// you can store it. It runs while other callers wait for the token: keep it short.
	OnToken func(*oauth2.Token)
}

const redactedRefresh = "transport.Refresh(REDACTED)"

// String prints the Refresh redacted: it holds a secret and tokens.
func (Refresh) String() string { return redactedRefresh }

// GoString prints the Refresh redacted.
func (Refresh) GoString() string { return redactedRefresh }

// Format prints the Refresh redacted under every verb.
func (Refresh) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, redactedRefresh) }

// LogValue logs the Refresh redacted.
func (Refresh) LogValue() slog.Value { return slog.StringValue(redactedRefresh) }

// RefreshTokenSource returns a cached, concurrency-safe token source that starts from
// p.Token and renews it with the refresh_token grant (RFC 6749 §6) at the fetcher's
// endpoint: shortly before expiry, and once after a 401 (see TokenAuth). Like x/oauth2's
// refreshing source it keeps the previous refresh token when the answer carries none. The
// refresh is retried like a read. Build one per authorizing user (a Rupa practitioner) and
// keep it for as long as you use their token. A refused refresh token matches
// ErrUnauthorized: the user must authorize again.
func (f *TokenFetcher) RefreshTokenSource(p Refresh) (*CachedTokenSource, error) {
	vendor := f.c.s.Vendor
	if p.Token == nil || p.Token.RefreshToken == "" {
		return nil, &ValidationError{Vendor: vendor, Field: "Token.RefreshToken", Reason: "must not be empty"}
	}
	if err := f.checkClient(p.ClientID, p.ClientSecret, false); err != nil {
		err.(*ValidationError).Field = "ClientID"
		return nil, err
	}
	src := &refresher{f: f, id: p.ClientID, secret: p.ClientSecret, refreshToken: p.Token.RefreshToken, onToken: p.OnToken}
	cached := NewCachedTokenSource(src, 0)
	if p.Token.AccessToken != "" {
		tok := *p.Token
		cached.tok, cached.refreshAt = &tok, cached.refreshTime(&tok)
	}
	return cached, nil
}

// refresher fetches a token with the refresh_token grant on every call; a
// CachedTokenSource wraps it (and so never runs two fetches at once).
type refresher struct {
	f          *TokenFetcher
	id, secret string
	onToken    func(*oauth2.Token)

	mu           sync.Mutex // guards refreshToken
	refreshToken string
}

// Token refreshes; the token stack's timeout bounds each attempt.
func (s *refresher) Token() (*oauth2.Token, error) { return s.TokenContext(context.Background()) }

// TokenContext refreshes, bound to ctx.
func (s *refresher) TokenContext(ctx context.Context) (*oauth2.Token, error) {
	s.mu.Lock()
	rt := s.refreshToken
	s.mu.Unlock()
	if rt == "" {
		return nil, errors.New("no refresh token")
	}
	params := map[string]string{"grant_type": "refresh_token", "refresh_token": rt}
	auth := s.f.clientAuth(params, s.id, s.secret)
	tok, err := s.f.fetch(ctx, "token.refresh", params, auth, true)
	if err != nil {
		return nil, err
	}
	if tok.RefreshToken == "" {
		tok.RefreshToken = rt
	}
	s.mu.Lock()
	s.refreshToken = tok.RefreshToken
	s.mu.Unlock()
	if s.onToken != nil {
		s.onToken(tok)
	}
	return tok, nil
}

// Redacted printing: a refresher holds a secret and a refresh token.
func (*refresher) String() string             { return redactedAuth }
func (*refresher) GoString() string           { return redactedAuth }
func (*refresher) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, redactedAuth) }
func (*refresher) LogValue() slog.Value       { return slog.StringValue(redactedAuth) }
