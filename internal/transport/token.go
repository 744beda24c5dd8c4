package transport

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"golang.org/x/oauth2"
)

// BodyEncoding is how a token request's parameters are encoded.
type BodyEncoding int

const (
	// FormBody is application/x-www-form-urlencoded, as RFC 6749 specifies (Workpath, and
	// the default).
	FormBody BodyEncoding = iota
	// JSONBody is one JSON object of string values (WHOOP).
	JSONBody
)

// ClientAuthStyle is where a token request carries the client id and secret.
type ClientAuthStyle int

const (
	// InBody sends client_id and client_secret as body parameters (the default).
	InBody ClientAuthStyle = iota
	// BasicRaw sends "Authorization: Basic " + base64(id + ":" + secret) of the raw id and
	// secret, nothing escaped, and neither in the body. (x/oauth2's AuthStyleInHeader
	// URL-escapes both first, as RFC 6749 §2.3.1 asks; servers that do not form-decode the
	// pair then see a different secret.) A grant without a secret (a public client) sends
	// client_id in the body and no Authorization header.
	BasicRaw
)

// TokenEndpoint describes a vendor's OAuth 2.0 token endpoint: where it is and how it wants
// its parameters and the client credentials. Vendor packages declare one per endpoint.
type TokenEndpoint struct {
	// URL is the endpoint: a route joined under the base URL ("/oauth/token"), or an
	// absolute URL, https unless the host is loopback, without user info, query or fragment.
	URL string
	// Encoding is the body encoding; the zero value is FormBody.
	Encoding BodyEncoding
	// ClientAuth is where the client id and secret go; the zero value is InBody.
	ClientAuth ClientAuthStyle
	// Extra holds parameters sent with every grant, e.g. {"scope": "whoop-partner/token"}.
	// It may not name a parameter a grant sets itself (grant_type, client_id, code, ...).
	Extra map[string]string
}

// maxTokenResponse caps a token endpoint's answer (x/oauth2 uses the same 1 MiB).
const maxTokenResponse = 1 << 20

// maxTokenLifetime caps expires_in: a larger value (up to one that would overflow a
// time.Duration and put the expiry in the past) is read as one year.
const maxTokenLifetime = 365 * 24 * time.Hour

// grantParams are the parameters grants set; TokenEndpoint.Extra may not replace them.
var grantParams = []string{
	"grant_type", "client_id", "client_secret", "code", "code_verifier", "code_challenge_method",
	"redirect_uri", "refresh_token",
}

// TokenFetcher sends grants to one token endpoint through the shared stack: the labwire
// User-Agent, the base RoundTripper (TLS 1.2 minimum, dial and header timeouts), a per-attempt
// timeout of DefaultTokenTimeout, no redirects followed (a token request carries the client
// secret), no cookies, and the answer capped at 1 MiB. Failures keep their category: a 5xx
// matches ErrServer, a 429 ErrRateLimited, a connection failure or timeout is a
// *RequestError with no category; only a 400 or 401 (or another 4xx whose OAuth error is
// invalid_client, invalid_grant or unauthorized_client) matches ErrUnauthorized. The
// endpoint's body, error description and any non-standard error code are dropped from the
// error: a token endpoint may echo the secret there.
//
// Build one with Settings.TokenFetcher; Settings.ClientCredentials builds one for you. It is
// safe for concurrent use.
type TokenFetcher struct {
	c     *Client
	route string
	ep    TokenEndpoint
}

// TokenFetcher returns the fetcher of ep with the stack of s: s's HTTP client, retry
// settings, logger, middleware and app info (so the same User-Agent as API calls), with
// its own timeout and redirect policy. Build it once per client, after every option is
// applied. The error never echoes the URL.
func (s *Settings) TokenFetcher(ep TokenEndpoint) (*TokenFetcher, error) {
	if s.Vendor == "" {
		return nil, errors.New("transport: Vendor is required")
	}
	cfg := *s
	cfg.Auth = NoAuth
	cfg.AttemptTimeout = s.tokenTimeout
	if cfg.AttemptTimeout <= 0 {
		cfg.AttemptTimeout = DefaultTokenTimeout
	}
	if cfg.MaxResponseBytes <= 0 || cfg.MaxResponseBytes > maxTokenResponse {
		cfg.MaxResponseBytes = maxTokenResponse
	}
	cfg.ErrorDecoder = nil // the generic reader finds OAuth's "error" and "error_description"
	route, err := tokenRoute(&cfg, ep.URL)
	if err != nil {
		return nil, errors.New(s.Vendor + ": token endpoint " + err.Error())
	}
	for _, k := range grantParams {
		if _, ok := ep.Extra[k]; ok {
			return nil, errors.New(s.Vendor + ": token endpoint Extra must not set " + k)
		}
	}
	c, err := New(cfg)
	if err != nil {
		return nil, err
	}
	// The token request carries the client secret: no redirect is followed, same-origin
	// or not, and no cookie jar is used. (c.hc is new and not shared yet.)
	c.hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	c.hc.Jar = nil
	extra := make(map[string]string, len(ep.Extra))
	for k, v := range ep.Extra {
		extra[k] = v
	}
	ep.Extra = extra
	return &TokenFetcher{c: c, route: route, ep: ep}, nil
}

// tokenRoute points cfg.BaseURL at the endpoint's origin and returns the route to send to:
// a route stays under the base URL; an absolute URL becomes its own base.
func tokenRoute(cfg *Settings, raw string) (string, error) {
	switch {
	case raw == "":
		return "", errors.New("URL is required")
	case strings.ContainsAny(raw, "{}?#"):
		return "", errors.New("URL must not have placeholders, a query or a fragment")
	case strings.HasPrefix(raw, "/"):
		if _, err := ParseBaseURL(cfg.BaseURL); err != nil {
			return "", err
		}
		return raw, nil
	}
	b, err := ParseBaseURL(raw)
	if err != nil {
		return "", errors.New("URL: " + strings.TrimPrefix(err.Error(), "base URL "))
	}
	u, _ := url.Parse(raw) // parsed by ParseBaseURL already
	path := u.EscapedPath()
	if path == "" || path == "/" {
		return "", errors.New("URL has no path")
	}
	cfg.BaseURL = b.Origin()
	return path, nil // as given, a trailing slash included
}

// clientAuth returns the Auth of a grant and adds the client parameters the style puts in
// the body.
func (f *TokenFetcher) clientAuth(params map[string]string, clientID, clientSecret string) Auth {
	if f.ep.ClientAuth == BasicRaw && clientSecret != "" {
		return BasicAuth(clientID, clientSecret)
	}
	params["client_id"] = clientID
	if clientSecret != "" {
		params["client_secret"] = clientSecret
	}
	return NoAuth
}

// checkClient validates a client id and secret before any request; the reason never holds
// the value.
func (f *TokenFetcher) checkClient(clientID, clientSecret string, secretRequired bool) error {
	switch {
	case strings.TrimSpace(clientID) == "":
		return &ValidationError{Vendor: f.c.s.Vendor, Field: "clientID", Reason: "must not be empty"}
	case f.ep.ClientAuth == BasicRaw && clientSecret != "" && strings.Contains(clientID, ":"):
		return &ValidationError{Vendor: f.c.s.Vendor, Field: "clientID", Reason: "must not contain a colon with HTTP Basic"}
	case secretRequired && clientSecret == "":
		return &ValidationError{Vendor: f.c.s.Vendor, Field: "clientSecret", Reason: "must not be empty"}
	}
	return nil
}

// fetch sends one grant and reads the token. A grant safe to repeat (client credentials, a
// refresh) is retried like a read; one that is not (a single-use code) like a write.
func (f *TokenFetcher) fetch(ctx context.Context, op string, params map[string]string, auth Auth, repeatable bool) (*oauth2.Token, error) {
	for k, v := range f.ep.Extra {
		params[k] = v
	}
	r := &Request{Op: op, Method: http.MethodPost, Route: f.route, Auth: auth, Idempotent: repeatable}
	if f.ep.Encoding == JSONBody {
		r.JSON = params
	} else {
		form := make(url.Values, len(params))
		for k, v := range params {
			form.Set(k, v)
		}
		r.Form = form
	}
	var tr tokenResponse
	resp, err := f.c.Do(ctx, r, &tr)
	if err != nil {
		return nil, tokenEndpointFailure(err)
	}
	return tr.token(f.c.s.Vendor, f.route, resp.Attempts, f.c.s.now())
}

// oauthErrorCodes are RFC 6749 §5.2's error codes: the only codes an endpoint's error keeps
// (anything else may be a value the server echoed).
var oauthErrorCodes = map[string]bool{
	"invalid_request": true, "invalid_client": true, "invalid_grant": true,
	"unauthorized_client": true, "unsupported_grant_type": true, "invalid_scope": true,
}

// tokenEndpointFailure strips an error answer of the token endpoint of everything it may
// echo (body, message, headers, a non-standard code; status, request id and Retry-After
// stay) and marks the answers that are a credential
// failure as ErrUnauthorized.
func tokenEndpointFailure(err error) error {
	var ae *APIError
	if !errors.As(err, &ae) {
		return err
	}
	ae.Body, ae.Message, ae.Header = nil, "", nil
	if !oauthErrorCodes[ae.Code] {
		ae.Code = ""
	}
	switch {
	case ae.StatusCode == http.StatusBadRequest || ae.StatusCode == http.StatusUnauthorized,
		ae.StatusCode >= 400 && ae.StatusCode <= 499 && ae.StatusCode != http.StatusTooManyRequests && rejectionCodes[ae.Code]:
		return &credentialsRejected{ae}
	}
	return ae
}

// credentialsRejected is a token endpoint answer that rejects the credentials (or the
// grant). It reads like the answer and matches ErrUnauthorized as well as the answer's own
// category.
type credentialsRejected struct{ err error }

func (e *credentialsRejected) Error() string        { return e.err.Error() }
func (e *credentialsRejected) Unwrap() error        { return e.err }
func (e *credentialsRejected) Is(target error) bool { return target == ErrUnauthorized }
func (e *credentialsRejected) GoString() string     { return fmt.Sprintf("%#v", e.err) }

// rejectionCodes are the OAuth errors that say the client or the grant was refused.
var rejectionCodes = map[string]bool{"invalid_client": true, "invalid_grant": true, "unauthorized_client": true}

// tokenResponse is the answer of a token endpoint (RFC 6749 §5.1).
type tokenResponse struct {
	AccessToken  string    `json:"access_token"`
	TokenType    string    `json:"token_type"`
	RefreshToken string    `json:"refresh_token"`
	ExpiresIn    expiresIn `json:"expires_in"`
	Scope        string    `json:"scope"`
	Error        string    `json:"error"` // an OAuth error some servers send with a 200
}

// token checks the answer and builds the token; the expiry is counted from now.
func (tr *tokenResponse) token(vendor, route string, attempts int, now time.Time) (*oauth2.Token, error) {
	fail := func(reason string) error {
		return &RequestError{Vendor: vendor, Method: http.MethodPost, Route: route, Attempts: attempts,
			LastStatus: http.StatusOK, Err: errors.New("token response " + reason)}
	}
	switch {
	case tr.AccessToken == "" && rejectionCodes[tr.Error]:
		return nil, &credentialsRejected{fail("refuses the credentials")}
	case tr.AccessToken == "":
		return nil, fail("has no access_token")
	case !headerSafe(tr.AccessToken):
		return nil, fail("has an access_token that cannot be sent in a header")
	case tr.TokenType != "" && !strings.EqualFold(tr.TokenType, "bearer"):
		return nil, fail("has a token_type other than bearer")
	}
	tok := &oauth2.Token{AccessToken: tr.AccessToken, TokenType: "Bearer", RefreshToken: tr.RefreshToken}
	if d := tr.ExpiresIn.lifetime(); d > 0 {
		tok.Expiry = now.Add(d)
		tok.ExpiresIn = int64(d / time.Second)
	}
	if tr.Scope != "" {
		tok = tok.WithExtra(map[string]any{"scope": tr.Scope})
	}
	return tok, nil
}

// headerSafe reports whether tok is visible ASCII without spaces, so that it can follow
// "Bearer " in a header (RFC 6750's b64token and every token seen in practice are).
func headerSafe(tok string) bool {
	for i := 0; i < len(tok); i++ {
		if tok[i] < 0x21 || tok[i] > 0x7e {
			return false
		}
	}
	return true
}

// expiresIn is expires_in in seconds: a JSON number or a numeric string (Workpath documents
// a string), a fraction dropped. Zero, negative, null and absent mean no expiry is known;
// the token is then used until the server answers 401.
type expiresIn struct{ seconds float64 }

func (e *expiresIn) UnmarshalJSON(b []byte) error {
	s := strings.TrimSpace(string(b))
	if s == "null" {
		return nil
	}
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		s = strings.TrimSpace(s[1 : len(s)-1])
		if s == "" {
			return nil
		}
	}
	v, err := strconv.ParseFloat(s, 64)
	if (err != nil && !errors.Is(err, strconv.ErrRange)) || math.IsNaN(v) {
		return errors.New("expires_in is not a number")
	}
	e.seconds = v
	return nil
}

// lifetime is the token's lifetime, clamped to maxTokenLifetime; zero when unknown.
func (e expiresIn) lifetime() time.Duration {
	switch {
	case e.seconds < 1:
		return 0
	case e.seconds >= maxTokenLifetime.Seconds():
		return maxTokenLifetime
	}
	return time.Duration(e.seconds) * time.Second
}

// ClientCredentials returns the client-credentials token source of ep for clientID and
// clientSecret (RFC 6749 §4.4): cached and shared by every call, concurrency-safe, refreshed
// shortly before expires_in runs out and once after a 401; pass it to TokenAuth. The fetch
// is retried like a read. An empty id or secret, or a colon in the id with BasicRaw, is a
// *ValidationError; the URL errors of TokenFetcher apply.
func (s *Settings) ClientCredentials(ep TokenEndpoint, clientID, clientSecret string) (*CachedTokenSource, error) {
	f, err := s.TokenFetcher(ep)
	if err != nil {
		return nil, err
	}
	if err := f.checkClient(clientID, clientSecret, true); err != nil {
		return nil, err
	}
	src := &clientCredentials{f: f, id: clientID, secret: clientSecret}
	if ep.ClientAuth == BasicRaw {
		src.auth = BasicAuth(clientID, clientSecret) // built once, sent on every fetch
	}
	return NewCachedTokenSource(src, 0), nil
}

// clientCredentials fetches a token on every call; a CachedTokenSource wraps it.
type clientCredentials struct {
	f          *TokenFetcher
	id, secret string
	auth       Auth // BasicRaw's header, or nil for InBody
}

// Token fetches a token; the token stack's timeout bounds each attempt.
func (s *clientCredentials) Token() (*oauth2.Token, error) {
	return s.TokenContext(context.Background())
}

// TokenContext fetches a token, bound to ctx.
func (s *clientCredentials) TokenContext(ctx context.Context) (*oauth2.Token, error) {
	params := map[string]string{"grant_type": "client_credentials"}
	auth := s.auth
	if auth == nil {
		auth = s.f.clientAuth(params, s.id, s.secret)
	}
	return s.f.fetch(ctx, "token.client_credentials", params, auth, true)
}

// Redacted printing: these hold a client secret.
func (*clientCredentials) String() string             { return redactedAuth }
func (*clientCredentials) GoString() string           { return redactedAuth }
func (*clientCredentials) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, redactedAuth) }
func (*clientCredentials) LogValue() slog.Value       { return slog.StringValue(redactedAuth) }
