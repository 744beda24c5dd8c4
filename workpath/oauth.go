package workpath

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"net/url"
	"strings"

	"github.com/labwire/labwire/internal/transport"
	"golang.org/x/oauth2"
)

// authorizeRoute is where AuthCodeFlow sends the user.
const authorizeRoute = "/oauth/authorize"

// AuthCodeFlow is Workpath's authorization-code grant with PKCE (S256) for one API
// credential and redirect URI: send the user to the URL from Start, take the code from the
// redirect with ParseRedirect, and trade it with Exchange. No client secret is involved. It
// is immutable and safe for concurrent use.
//
// The token has no refresh token and expires (1800 s in Workpath's example): when calls
// start failing with ErrUnauthorized, send the user through the flow again.
type AuthCodeFlow struct {
	clientID, redirectURI string `phi:"none"` // not secrets
	base                  *transport.BaseURL
	fetcher               *transport.TokenFetcher
}

// NewAuthCodeFlow returns the flow for clientID (the API credential key) and redirectURI (the
// redirect URL registered for it, absolute). opts configure the base URL, HTTP client, retries
// and logger of the exchange; credential options do not apply and are refused.
func NewAuthCodeFlow(clientID, redirectURI string, opts ...Option) (*AuthCodeFlow, error) {
	if strings.TrimSpace(clientID) == "" {
		return nil, optionError("clientID", "must not be empty")
	}
	u, err := url.Parse(redirectURI)
	if err != nil || !u.IsAbs() || u.Host == "" || u.Fragment != "" {
		return nil, optionError("redirectURI", "must be an absolute URL without a fragment")
	}
	tc, cfg, err := transport.NewFromOptions(vendor, DefaultBaseURL, nil, opts...)
	if err != nil {
		return nil, err
	}
	if cfg.OptionFor(transport.DefaultSlot) != "" || cfg.OptionFor(basicSlot) != "" {
		return nil, optionError("opts", "credential options do not apply to the authorization-code flow")
	}
	f, err := cfg.TokenFetcher(tokenEndpoint)
	if err != nil {
		return nil, optionError("opts", "token endpoint: "+err.Error())
	}
	return &AuthCodeFlow{clientID: clientID, redirectURI: redirectURI, base: tc.BaseURL(), fetcher: f}, nil
}

// AuthorizeParams are the optional parameters of the authorize URL.
type AuthorizeParams struct {
	// Onboarding adds onboarding=1, which Workpath's example sends without documenting it.
	Onboarding bool
}

// Authorization is a started flow: send the user to URL, and keep State and Verifier (on the
// server side, keyed by State) until the redirect comes back. Verifier is a secret: an
// Authorization prints, logs and marshals (json.Marshal too) as workpath.Authorization{PHI
// redacted}, showing none of the three; store them by reading the fields.
type Authorization struct {
	URL      string
	State    string
	Verifier string
}

// Start makes a random state (32 bytes) and a random RFC 7636 code verifier and returns the
// authorize URL carrying the state and the verifier's S256 challenge.
func (f *AuthCodeFlow) Start(p *AuthorizeParams) (*Authorization, error) {
	var b [32]byte
	_, _ = rand.Read(b[:]) // never fails
	state := base64.RawURLEncoding.EncodeToString(b[:])
	verifier := transport.NewVerifier()
	u, err := f.AuthorizeURL(state, verifier, p)
	if err != nil {
		return nil, err
	}
	return &Authorization{URL: u, State: state, Verifier: verifier}, nil
}

// AuthorizeURL returns GET /oauth/authorize with client_id, redirect_uri, state,
// code_challenge (base64url of SHA-256 of verifier, no padding), code_challenge_method=S256
// and response_type=code. verifier must be an RFC 7636 verifier: 43 to 128 characters of
// A-Z a-z 0-9 - . _ ~ (Workpath's 20-character sample is not one).
//
// GET /oauth/authorize
func (f *AuthCodeFlow) AuthorizeURL(state, verifier string, p *AuthorizeParams) (string, error) {
	if state == "" {
		return "", optionError("state", "must not be empty")
	}
	if err := checkVerifier(verifier); err != nil {
		return "", err
	}
	q := url.Values{
		"client_id":             {f.clientID},
		"redirect_uri":          {f.redirectURI},
		"state":                 {state},
		"code_challenge":        {transport.S256Challenge(verifier)},
		"code_challenge_method": {"S256"},
		"response_type":         {"code"},
	}
	if p != nil && p.Onboarding {
		q.Set("onboarding", "1")
	}
	return f.base.URL(authorizeRoute, nil, q)
}

func checkVerifier(v string) error {
	if len(v) < 43 || len(v) > 128 {
		return optionError("verifier", "must be 43 to 128 characters (RFC 7636)")
	}
	for i := 0; i < len(v); i++ {
		c := v[i]
		if !('A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || strings.IndexByte("-._~", c) >= 0) {
			return optionError("verifier", "may hold only A-Z a-z 0-9 - . _ ~ (RFC 7636)")
		}
	}
	return nil
}

// ErrStateMismatch is ParseRedirect's answer to a redirect whose state is not the one you
// stored: a forged or stale redirect. Do not exchange its code.
var ErrStateMismatch = errors.New("workpath: authorization redirect state does not match")

// AuthorizationError is the error Workpath reports on the redirect instead of a code. Type
// comes from error_type (Workpath's docs) or error (its JavaScript client).
type AuthorizationError struct {
	Type        string
	Description string
}

// Error names the error type only; the description is Workpath's text.
func (e *AuthorizationError) Error() string {
	t := e.Type
	if !transportCode(t) {
		t = "unrecognised"
	}
	return "workpath: authorization failed: " + t
}

// transportCode reports whether s looks like an error code that is safe to print.
func transportCode(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '_' || c == '-' || c == '.') {
			return false
		}
	}
	return true
}

// ParseRedirect reads the query of the redirect Workpath sent the user back with. It returns
// the code when the state equals wantState (compared in constant time), an
// *AuthorizationError when Workpath reported one (error_type or error, with
// error_description), and ErrStateMismatch otherwise. The state is checked first, so an
// error report on a forged redirect is ErrStateMismatch too.
func ParseRedirect(query url.Values, wantState string) (code string, err error) {
	if wantState == "" {
		return "", optionError("wantState", "must not be empty")
	}
	got := query.Get("state")
	if len(query["state"]) != 1 || subtle.ConstantTimeCompare([]byte(got), []byte(wantState)) != 1 {
		return "", ErrStateMismatch
	}
	if t := firstNonEmpty(query.Get("error_type"), query.Get("error")); t != "" {
		return "", &AuthorizationError{Type: t, Description: query.Get("error_description")}
	}
	code = query.Get("code")
	if code == "" || len(query["code"]) != 1 {
		return "", &AuthorizationError{Type: "missing_code", Description: "the redirect carries no single code"}
	}
	return code, nil
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

// Exchange trades the code of a redirect for a token: POST /oauth/token, form encoded, with
// grant_type=authorization_code, code, code_verifier, code_challenge_method=S256, client_id
// and redirect_uri, and no client secret. The answer ({access_token, expires_in,
// access_token_expires_at, scope, token_type}) becomes an *oauth2.Token with Expiry set from
// expires_in (a number or a string) and the scope in Extra("scope"); it has no refresh
// token. A code is single-use, so an exchange that may have reached Workpath is not retried
// (ErrOutcomeUnknown): start the flow again. Use the token with WithBearerToken or
// WithTokenSource(oauth2.StaticTokenSource(tok)).
//
// POST /oauth/token
func (f *AuthCodeFlow) Exchange(ctx context.Context, code, verifier string) (*oauth2.Token, error) {
	if code == "" {
		return nil, optionError("code", "must not be empty")
	}
	if err := checkVerifier(verifier); err != nil {
		return nil, err
	}
	return f.fetcher.ExchangeCode(ctx, transport.CodeExchange{
		Code: code, Verifier: verifier, RedirectURI: f.redirectURI, ClientID: f.clientID,
	})
}
