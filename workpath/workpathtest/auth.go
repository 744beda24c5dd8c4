package workpathtest

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/labwire/labwire/internal/fake"
)

// authCode is an issued authorization code, bound to its client, redirect URI and challenge.
type authCode struct {
	key, redirectURI, challenge string
	expires                     time.Time
}

// codeTTL is how long an authorization code may be exchanged.
const codeTTL = 10 * time.Minute

type clientKey struct{}

// clientOf returns the client id a Basic or Bearer credential of the request belongs to.
func clientOf(ctx context.Context) string {
	if c, ok := ctx.Value(clientKey{}).(string); ok {
		return c
	}
	return fake.SubjectFrom(ctx)
}

// basicCredential returns the active credential of r's raw HTTP Basic header, or nil. The
// header is decoded as base64 of the raw key:password, compared in constant time.
func (s *Server) basicCredential(r *http.Request) *credential {
	scheme, value, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Basic") {
		return nil
	}
	raw, err := base64.StdEncoding.DecodeString(value)
	if err != nil {
		return nil
	}
	key, password, ok := strings.Cut(string(raw), ":")
	if !ok {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.credentials[key]
	if c == nil || !c.active || subtle.ConstantTimeCompare([]byte(c.Password), []byte(password)) != 1 {
		return nil
	}
	c.lastLogin = s.now()
	return c
}

// requireBasic admits a request only with a valid HTTP Basic credential (a Bearer token is
// refused: these routes take Basic only).
func (s *Server) requireBasic(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c := s.basicCredential(r)
		if c == nil {
			w.Header().Set("WWW-Authenticate", `Basic realm="workpath"`)
			fake.WriteError(w, http.StatusUnauthorized, "Invalid credentials.")
			return
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), clientKey{}, c.ClientID)))
	})
}

// handleToken serves both grants, form encoded only.
func (s *Server) handleToken(w http.ResponseWriter, r *http.Request) {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "application/x-www-form-urlencoded" {
		fake.WriteError(w, http.StatusUnsupportedMediaType, "content type must be application/x-www-form-urlencoded")
		return
	}
	if err := r.ParseForm(); err != nil {
		fake.WriteError(w, http.StatusBadRequest, "invalid_request")
		return
	}
	form := r.PostForm
	switch form.Get("grant_type") {
	case "client_credentials":
		s.clientCredentials(w, r, form)
	case "authorization_code":
		s.exchangeCode(w, r, form)
	case "":
		fake.WriteError(w, http.StatusBadRequest, "grant_type missing from payload.")
	default:
		fake.WriteError(w, http.StatusBadRequest, "unsupported_grant_type")
	}
}

func (s *Server) clientCredentials(w http.ResponseWriter, r *http.Request, form url.Values) {
	var c *credential
	hasBasic := r.Header.Get("Authorization") != ""
	switch {
	case hasBasic && form.Get("client_secret") != "":
		fake.WriteError(w, http.StatusBadRequest, "invalid_request") // two client authentications
		return
	case hasBasic:
		c = s.basicCredential(r)
	default:
		s.mu.Lock()
		cand := s.credentials[form.Get("client_id")]
		if cand != nil && cand.active && subtle.ConstantTimeCompare([]byte(cand.Password), []byte(form.Get("client_secret"))) == 1 {
			c = cand
		}
		s.mu.Unlock()
	}
	if c == nil {
		fake.WriteError(w, http.StatusUnauthorized, "invalid_client")
		return
	}
	s.writeToken(w, c.ClientID)
}

func (s *Server) writeToken(w http.ResponseWriter, client string) {
	tok := s.tokens.Issue(client)
	ttl := s.tokens.TTL()
	w.Header().Set("Cache-Control", "no-store")
	fake.WriteJSON(w, http.StatusOK, map[string]any{
		"access_token":            tok,
		"expires_in":              int64(ttl / time.Second),
		"access_token_expires_at": s.now().Add(ttl).Format("2006-01-02T15:04:05.000Z"),
		"scope":                   "",
		"token_type":              "Bearer",
	})
}

// handleAuthorize stands for the user signing in and approving: it redirects at once to the
// registered redirect URI with a code bound to the S256 challenge, or with error_type and
// error_description.
func (s *Server) handleAuthorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	s.mu.Lock()
	c := s.credentials[q.Get("client_id")]
	s.mu.Unlock()
	redirect := q.Get("redirect_uri")
	if c == nil || !slices.Contains(c.RedirectURIs, redirect) {
		// Never redirect to an unregistered URI.
		fake.WriteError(w, http.StatusBadRequest, "invalid client_id or redirect_uri")
		return
	}
	back := func(v url.Values) {
		u, _ := url.Parse(redirect)
		uq := u.Query()
		for k, vs := range v {
			uq[k] = vs
		}
		u.RawQuery = uq.Encode()
		http.Redirect(w, r, u.String(), http.StatusFound)
	}
	state := q.Get("state")
	fail := func(t, d string) { back(url.Values{"error_type": {t}, "error_description": {d}, "state": {state}}) }
	switch {
	case state == "":
		fail("invalid_request", "state is required")
	case q.Get("response_type") != "code":
		fail("unsupported_response_type", "response_type must be code")
	case q.Get("code_challenge_method") != "S256":
		fail("invalid_request", "code_challenge_method must be S256")
	case len(q.Get("code_challenge")) != 43:
		fail("invalid_request", "code_challenge must be a base64url SHA-256")
	default:
		b := make([]byte, 24)
		_, _ = rand.Read(b)
		code := base64.RawURLEncoding.EncodeToString(b)
		s.mu.Lock()
		s.codes[code] = &authCode{key: c.Key, redirectURI: redirect, challenge: q.Get("code_challenge"), expires: s.now().Add(codeTTL)}
		s.mu.Unlock()
		back(url.Values{"code": {code}, "state": {state}})
	}
}

// exchangeCode checks the code once: its client, redirect URI and the verifier against the
// challenge. A used, expired or mismatched code is 400 invalid_grant; the code is spent on
// any attempt.
func (s *Server) exchangeCode(w http.ResponseWriter, r *http.Request, form url.Values) {
	for _, k := range []string{"code", "code_verifier", "code_challenge_method", "client_id", "redirect_uri"} {
		if form.Get(k) == "" {
			fake.WriteError(w, http.StatusBadRequest, k+" missing from payload.")
			return
		}
	}
	if form.Get("code_challenge_method") != "S256" || form.Get("client_secret") != "" || r.Header.Get("Authorization") != "" {
		fake.WriteError(w, http.StatusBadRequest, "invalid_request")
		return
	}
	s.mu.Lock()
	ac := s.codes[form.Get("code")]
	delete(s.codes, form.Get("code"))
	c := s.credentials[form.Get("client_id")]
	s.mu.Unlock()
	sum := sha256.Sum256([]byte(form.Get("code_verifier")))
	challenge := base64.RawURLEncoding.EncodeToString(sum[:])
	switch {
	case ac == nil || c == nil || !s.now().Before(ac.expires),
		ac.key != form.Get("client_id"), ac.redirectURI != form.Get("redirect_uri"),
		subtle.ConstantTimeCompare([]byte(challenge), []byte(ac.challenge)) != 1:
		fake.WriteError(w, http.StatusBadRequest, "invalid_grant")
		return
	}
	s.writeToken(w, c.ClientID)
}
