package rupa

import (
	"context"
	"strings"

	"github.com/labwire/labwire/internal/transport"
	"golang.org/x/oauth2"
)

// Token is a practitioner's OAuth2 token: AccessToken, RefreshToken, Expiry. Store it per
// practitioner, encrypted: it is a credential.
type Token = oauth2.Token

// DefaultAuthorizeURL is where a practitioner grants your application access to their Rupa
// account (OAuth2 authorization code).
const DefaultAuthorizeURL = "https://labs.rupahealth.com/oauth/authorize"

// AuthCodeFlowConfig is your Rupa OAuth application: the credentials Rupa issued you, the redirect
// URI you registered with them, and the token endpoint, which Rupa does not publish.
type AuthCodeFlowConfig struct {
	// ClientID and ClientSecret are your application's credentials ("Email us", says Rupa).
	// Required. Only the client id is shown when the config is printed or logged.
	ClientID     string `phi:"id:client_id"`
	ClientSecret string
	// RedirectURL is the redirect URI registered with Rupa, where the practitioner comes back
	// with an authorization code. Required.
	RedirectURL string
	// TokenURL is Rupa's token endpoint (an absolute https URL). Required: Rupa's
	// documentation says only "Rupa's authorization server", so take it from Rupa.
	TokenURL string
	// AuthorizeURL is the consent page; empty means DefaultAuthorizeURL. Rupa does not say
	// whether the sandbox has its own.
	AuthorizeURL string
	// Scopes are sent on the authorize URL when set. Rupa documents none.
	Scopes []string
	// ClientSecretBasic sends the client id and secret as HTTP Basic (raw "id:secret") to
	// the token endpoint instead of as body parameters (the default, which RFC 6749 allows
	// too). Rupa documents neither.
	ClientSecretBasic bool
}

// AuthCodeFlow runs Rupa's OAuth2 authorization-code flow for your practitioners: AuthCodeURL
// sends a practitioner to Rupa, Exchange turns the code they come back with into a token,
// and TokenSource keeps that practitioner's token fresh with the refresh token. Build one
// for your application with NewAuthCodeFlow; it is immutable and safe for concurrent use.
type AuthCodeFlow struct {
	cfg     AuthCodeFlowConfig
	authURL string
	fetcher *transport.TokenFetcher
}

// NewAuthCodeFlow checks cfg and returns the flow. opts configure the token endpoint's HTTP stack
// (WithHTTPClient, WithLogger, WithAppInfo, WithMaxRetries, ...); credential options do not
// apply. Every error is a *ValidationError naming the field.
func NewAuthCodeFlow(cfg AuthCodeFlowConfig, opts ...Option) (*AuthCodeFlow, error) {
	bad := func(field, reason string) error {
		return &ValidationError{Vendor: vendor, Field: "AuthCodeFlowConfig." + field, Reason: reason}
	}
	switch {
	case strings.TrimSpace(cfg.ClientID) == "":
		return nil, bad("ClientID", "must not be empty")
	case cfg.ClientSecret == "":
		return nil, bad("ClientSecret", "must not be empty")
	case strings.TrimSpace(cfg.RedirectURL) == "":
		return nil, bad("RedirectURL", "must not be empty")
	case !isAbsoluteHTTPURL(cfg.RedirectURL):
		return nil, bad("RedirectURL", "must be an absolute http or https URL")
	case strings.TrimSpace(cfg.TokenURL) == "":
		return nil, bad("TokenURL", "is required: Rupa does not publish its token endpoint; ask Rupa for it")
	}
	if _, err := transport.ParseBaseURL(cfg.TokenURL); err != nil {
		return nil, bad("TokenURL", err.Error())
	}
	authURL := cfg.AuthorizeURL
	if authURL == "" {
		authURL = DefaultAuthorizeURL
	}
	if _, err := transport.ParseBaseURL(authURL); err != nil {
		return nil, bad("AuthorizeURL", err.Error())
	}
	_, tc, err := transport.NewFromOptions(vendor, cfg.TokenURL, nil, opts...)
	if err != nil {
		return nil, err
	}
	ep := transport.TokenEndpoint{URL: cfg.TokenURL, Encoding: transport.FormBody, ClientAuth: transport.InBody}
	if cfg.ClientSecretBasic {
		ep.ClientAuth = transport.BasicRaw
	}
	f, err := tc.TokenFetcher(ep)
	if err != nil {
		return nil, bad("TokenURL", strings.TrimPrefix(err.Error(), vendor+": "))
	}
	cfg.Scopes = append([]string(nil), cfg.Scopes...)
	return &AuthCodeFlow{cfg: cfg, authURL: authURL, fetcher: f}, nil
}

// AuthCodeURL returns the URL to send a practitioner to:
// https://labs.rupahealth.com/oauth/authorize?client_id=...&redirect_uri=...&response_type=code&state=...
// state is required: an unguessable value you tie to the practitioner's session and check
// when they come back (CSRF protection). opts add parameters, e.g.
// oauth2.S256ChallengeOption(verifier) for PKCE, which Rupa does not document.
//
// GET https://labs.rupahealth.com/oauth/authorize (AuthCodeFlowConfig.AuthorizeURL)
func (o *AuthCodeFlow) AuthCodeURL(state string, opts ...oauth2.AuthCodeOption) (string, error) {
	if strings.TrimSpace(state) == "" {
		return "", &ValidationError{Vendor: vendor, Field: "state", Reason: "must not be empty"}
	}
	c := oauth2.Config{ClientID: o.cfg.ClientID, RedirectURL: o.cfg.RedirectURL, Scopes: o.cfg.Scopes,
		Endpoint: oauth2.Endpoint{AuthURL: o.authURL}}
	return c.AuthCodeURL(state, opts...), nil
}

// ExchangeParams is an authorization code to exchange.
type ExchangeParams struct {
	// Code is the code parameter of the redirect. Required.
	Code string
	// Verifier is the PKCE verifier whose challenge the authorize URL carried; empty
	// without PKCE.
	Verifier string
}

// Exchange trades the authorization code a practitioner came back with for their token
// (access and refresh token). Store the token per practitioner, encrypted, and pass it to
// TokenSource. A code is single-use, so the exchange is not retried once it may have reached
// Rupa: on ErrOutcomeUnknown, send the practitioner through AuthCodeURL again. A refused
// code matches ErrUnauthorized. Errors never hold the code, the secret or Rupa's answer.
//
// POST {TokenURL} grant_type=authorization_code
func (o *AuthCodeFlow) Exchange(ctx context.Context, p *ExchangeParams) (*oauth2.Token, error) {
	if p == nil {
		return nil, &ValidationError{Vendor: vendor, Field: "params", Reason: "must not be nil"}
	}
	return o.fetcher.ExchangeCode(ctx, transport.CodeExchange{
		Code: p.Code, Verifier: p.Verifier, RedirectURI: o.cfg.RedirectURL,
		ClientID: o.cfg.ClientID, ClientSecret: o.cfg.ClientSecret,
	})
}

// TokenSource returns the token source of one practitioner, starting from tok (Exchange's
// answer, or the one you stored): it uses tok's access token until shortly before it
// expires, then refreshes it with the refresh token, and once more after a 401. It is safe
// for concurrent use and refreshes once for all waiting callers. onToken, if not nil,
// receives every refreshed token (with the refresh token to use next, rotated or not): store
// it, or the practitioner has to authorize again after a restart. A refused refresh token
// matches ErrUnauthorized: the practitioner must authorize again. Pass the source to
// WithTokenSource.
//
// POST {TokenURL} grant_type=refresh_token
func (o *AuthCodeFlow) TokenSource(tok *oauth2.Token, onToken func(*oauth2.Token)) (oauth2.TokenSource, error) {
	if tok == nil {
		return nil, &ValidationError{Vendor: vendor, Field: "tok", Reason: "must not be nil"}
	}
	ts, err := o.fetcher.RefreshTokenSource(transport.Refresh{
		ClientID: o.cfg.ClientID, ClientSecret: o.cfg.ClientSecret, Token: tok, OnToken: onToken,
	})
	if err != nil {
		return nil, err
	}
	return ts, nil
}

// NewClient returns a Client acting as the practitioner whose token tok is: NewClient with
// WithTokenSource(o.TokenSource(tok, onToken)) and opts.
func (o *AuthCodeFlow) NewClient(tok *oauth2.Token, onToken func(*oauth2.Token), opts ...Option) (*Client, error) {
	ts, err := o.TokenSource(tok, onToken)
	if err != nil {
		return nil, err
	}
	return NewClient(append(append([]Option(nil), opts...), WithTokenSource(ts))...)
}
