package transport

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"golang.org/x/oauth2"
)

// NewVerifier returns a new PKCE code verifier (RFC 7636 §4.1): 32 random bytes,
// base64url-encoded without padding, 43 characters. Use a new one for every authorization.
// It is oauth2.GenerateVerifier.
func NewVerifier() string { return oauth2.GenerateVerifier() }

// S256Challenge returns the S256 code challenge of verifier (RFC 7636 §4.2): the
// base64url-encoded SHA-256 of the verifier, without padding. Send it as code_challenge with
// code_challenge_method=S256 on the authorize URL. It is oauth2.S256ChallengeFromVerifier.
func S256Challenge(verifier string) string { return oauth2.S256ChallengeFromVerifier(verifier) }

// CodeExchange is an authorization code to exchange for a token (RFC 6749 §4.1.3, with
// RFC 7636's code_verifier when PKCE is used). It prints and logs redacted.
type CodeExchange struct {
	// Code is the authorization code from the redirect. Required.
	Code string
	// Verifier is the PKCE code verifier whose challenge the authorize URL carried; empty when
	// the authorization did not use PKCE. When set, code_verifier and
	// code_challenge_method=S256 are sent (servers ignore parameters they do not know,
	// RFC 6749 §3.2; Workpath asks for the method).
	Verifier string
	// RedirectURI is the redirect_uri the authorize URL carried; sent when set.
	RedirectURI string
	// ClientID is the client's id. Required.
	ClientID string
	// ClientSecret is the client's secret; empty for a public client (Workpath's PKCE flow),
	// which then sends client_id in the body and no Authorization header.
	ClientSecret string
}

const redactedExchange = "transport.CodeExchange(REDACTED)"

// String prints the exchange redacted: it holds a single-use code, a verifier and a secret.
func (CodeExchange) String() string { return redactedExchange }

// GoString prints the exchange redacted.
func (CodeExchange) GoString() string { return redactedExchange }

// Format prints the exchange redacted under every verb.
func (CodeExchange) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, redactedExchange) }

// LogValue logs the exchange redacted.
func (CodeExchange) LogValue() slog.Value { return slog.StringValue(redactedExchange) }

// ExchangeCode exchanges an authorization code for a token at the fetcher's endpoint:
// grant_type=authorization_code, code, redirect_uri, code_verifier and
// code_challenge_method=S256 (with a Verifier), client_id and, for a confidential client,
// client_secret (in the body or as raw HTTP Basic, as the endpoint says), plus the
// endpoint's Extra. A code is single-use, so the exchange is retried only when the server
// cannot have used it (a 429, or a connection that never opened); a failure after the
// request left matches ErrOutcomeUnknown: start a new authorization. A missing code or
// client id, or a verifier that is not 43 to 128 characters of RFC 7636's alphabet, is a
// *ValidationError sent nowhere. The token's RefreshToken is set when the server issued
// one; see RefreshTokenSource.
func (f *TokenFetcher) ExchangeCode(ctx context.Context, p CodeExchange) (*oauth2.Token, error) {
	vendor := f.c.s.Vendor
	switch {
	case strings.TrimSpace(p.Code) == "":
		return nil, &ValidationError{Vendor: vendor, Field: "Code", Reason: "must not be empty"}
	case p.Verifier != "" && !validVerifier(p.Verifier):
		return nil, &ValidationError{Vendor: vendor, Field: "Verifier", Reason: "must be 43 to 128 characters of A-Z, a-z, 0-9, '-', '.', '_' and '~'"}
	}
	if err := f.checkClient(p.ClientID, p.ClientSecret, false); err != nil {
		err.(*ValidationError).Field = "ClientID"
		return nil, err
	}
	params := map[string]string{"grant_type": "authorization_code", "code": p.Code}
	if p.RedirectURI != "" {
		params["redirect_uri"] = p.RedirectURI
	}
	if p.Verifier != "" {
		params["code_verifier"] = p.Verifier
		params["code_challenge_method"] = "S256"
	}
	auth := f.clientAuth(params, p.ClientID, p.ClientSecret)
	return f.fetch(ctx, "token.authorization_code", params, auth, false)
}

// validVerifier reports whether v is a code verifier RFC 7636 §4.1 allows.
func validVerifier(v string) bool {
	if len(v) < 43 || len(v) > 128 {
		return false
	}
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case 'A' <= c && c <= 'Z', 'a' <= c && c <= 'z', '0' <= c && c <= '9', c == '-', c == '.', c == '_', c == '~':
		default:
			return false
		}
	}
	return true
}
