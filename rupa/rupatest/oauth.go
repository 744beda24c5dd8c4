package rupatest

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"time"

	"golang.org/x/oauth2"

	"github.com/labwire/labwire/internal/fake"
)

// codeTTL is how long an authorization code can be exchanged.
const codeTTL = 10 * time.Minute

// RouteAuthorize is the fake's consent page. Rupa's is
// https://labs.rupahealth.com/oauth/authorize; point rupa.AuthCodeFlowConfig.AuthorizeURL at
// [Server.AuthorizeURL] to run the whole redirect flow against the fake.
const RouteAuthorize = "GET /oauth/authorize"

// AuthorizeURL returns the fake's consent page URL.
func (s *Server) AuthorizeURL() string { return s.URL + "/oauth/authorize" }

// SetConsentingPractitioner sets who "logs in and consents" on the fake's
// consent page; the default is the first practitioner configured.
func (s *Server) SetConsentingPractitioner(id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.practitioners[id]; !ok {
		return fmt.Errorf("rupatest: SetConsentingPractitioner: unknown practitioner %q", id)
	}
	s.consenting = id
	return nil
}

// handleAuthorize is the consent page: it checks client_id, redirect_uri
// (exactly the App's) and response_type=code, and redirects (302) to the
// redirect URI with a code for the consenting practitioner and the state.
// A code_challenge (PKCE, S256 only) is remembered and checked at the
// exchange. Bad parameters are answered 400 without a redirect.
func (s *Server) handleAuthorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	app := s.cfg.app
	if q.Get("client_id") != app.ClientID || q.Get("redirect_uri") != app.RedirectURL {
		http.Error(w, "unknown client or redirect_uri", http.StatusBadRequest)
		return
	}
	back, _ := url.Parse(app.RedirectURL)
	v := back.Query()
	if st := q.Get("state"); st != "" {
		v.Set("state", st)
	}
	challenge, method := q.Get("code_challenge"), q.Get("code_challenge_method")
	switch {
	case q.Get("response_type") != "code":
		v.Set("error", "unsupported_response_type")
	case challenge != "" && method != "S256":
		v.Set("error", "invalid_request")
	default:
		s.mu.Lock()
		pra := s.consenting
		s.mu.Unlock()
		code, err := s.AuthorizeCode(pra)
		if err != nil {
			v.Set("error", "access_denied")
			break
		}
		if challenge != "" {
			s.mu.Lock()
			g := s.codes[code]
			g.challenge = challenge
			s.codes[code] = g
			s.mu.Unlock()
		}
		v.Set("code", code)
	}
	back.RawQuery = v.Encode()
	http.Redirect(w, r, back.String(), http.StatusFound)
}

// AuthorizeCode returns a fresh authorization code for the practitioner, as
// if they had consented at https://labs.rupahealth.com/oauth/authorize and
// been redirected back with it. The code is single-use and expires after ten
// minutes.
func (s *Server) AuthorizeCode(practitionerID string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.practitioners[practitionerID]; !ok {
		return "", fmt.Errorf("rupatest: AuthorizeCode: unknown practitioner %q", practitionerID)
	}
	code := randomToken()
	s.codes[code] = grant{practitioner: practitionerID, expires: s.cfg.now().Add(codeTTL)}
	return code, nil
}

// IssueToken returns an access and a refresh token for the practitioner,
// skipping the authorization dance.
func (s *Server) IssueToken(practitionerID string) (accessToken, refreshToken string, err error) {
	s.mu.Lock()
	_, ok := s.practitioners[practitionerID]
	s.mu.Unlock()
	if !ok {
		return "", "", fmt.Errorf("rupatest: IssueToken: unknown practitioner %q", practitionerID)
	}
	return s.issue(practitionerID)
}

func (s *Server) issue(practitionerID string) (accessToken, refreshToken string, err error) {
	access := s.tokens.Issue(practitionerID)
	refresh := randomToken()
	s.mu.Lock()
	s.refresh[refresh] = practitionerID
	s.mu.Unlock()
	return access, refresh, nil
}

// RevokeRefreshTokens makes every refresh token issued so far invalid, as
// when a practitioner disconnects your application.
func (s *Server) RevokeRefreshTokens() {
	s.mu.Lock()
	defer s.mu.Unlock()
	clear(s.refresh)
}

type tokenAnswer struct {
	AccessToken  string `json:"access_token"`
	TokenType    string `json:"token_type"`
	ExpiresIn    int64  `json:"expires_in"`
	RefreshToken string `json:"refresh_token"`
	Scope        string `json:"scope"`
}

// handleToken is an RFC 6749 token endpoint: form-encoded, client
// credentials as HTTP Basic or body parameters, grants authorization_code
// and refresh_token. Refresh tokens rotate: each use returns a new one and
// retires the old.
func (s *Server) handleToken(w http.ResponseWriter, r *http.Request) {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "application/x-www-form-urlencoded" {
		oauthError(w, http.StatusBadRequest, "invalid_request")
		return
	}
	if err := r.ParseForm(); err != nil {
		oauthError(w, http.StatusBadRequest, "invalid_request")
		return
	}
	id, secret, basic := r.BasicAuth()
	if basic && (r.PostForm.Has("client_secret")) {
		oauthError(w, http.StatusBadRequest, "invalid_request") // two client authentications
		return
	}
	if !basic {
		id, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	}
	app := s.cfg.app
	if subtle.ConstantTimeCompare([]byte(id), []byte(app.ClientID)) != 1 ||
		subtle.ConstantTimeCompare([]byte(secret), []byte(app.ClientSecret)) != 1 {
		w.Header().Set("WWW-Authenticate", `Basic realm="rupatest"`)
		oauthError(w, http.StatusUnauthorized, "invalid_client")
		return
	}
	var practitioner string
	switch r.PostForm.Get("grant_type") {
	case "authorization_code":
		code := r.PostForm.Get("code")
		if code == "" {
			oauthError(w, http.StatusBadRequest, "invalid_request")
			return
		}
		if ru := r.PostForm.Get("redirect_uri"); ru != app.RedirectURL {
			oauthError(w, http.StatusBadRequest, "invalid_grant")
			return
		}
		s.mu.Lock()
		g, ok := s.codes[code]
		delete(s.codes, code) // single-use, even when expired
		s.mu.Unlock()
		if !ok || !s.cfg.now().Before(g.expires) {
			oauthError(w, http.StatusBadRequest, "invalid_grant")
			return
		}
		if g.challenge != "" && oauth2.S256ChallengeFromVerifier(r.PostForm.Get("code_verifier")) != g.challenge {
			oauthError(w, http.StatusBadRequest, "invalid_grant") // PKCE: the verifier does not match
			return
		}
		practitioner = g.practitioner
	case "refresh_token":
		rt := r.PostForm.Get("refresh_token")
		s.mu.Lock()
		p, ok := s.refresh[rt]
		delete(s.refresh, rt)
		s.mu.Unlock()
		if rt == "" || !ok {
			oauthError(w, http.StatusBadRequest, "invalid_grant")
			return
		}
		practitioner = p
	case "":
		oauthError(w, http.StatusBadRequest, "invalid_request")
		return
	default:
		oauthError(w, http.StatusBadRequest, "unsupported_grant_type")
		return
	}
	access, refresh, _ := s.issue(practitioner)
	w.Header().Set("Cache-Control", "no-store")
	fake.WriteJSON(w, http.StatusOK, tokenAnswer{
		AccessToken: access, TokenType: "Bearer", ExpiresIn: int64(s.tokens.TTL() / time.Second),
		RefreshToken: refresh, Scope: "read write",
	})
}

// oauthError answers an RFC 6749 error, {"error": code}.
func oauthError(w http.ResponseWriter, status int, code string) {
	fake.WriteJSON(w, status, fake.ErrorBody{Error: code})
}

// requireToken answers 401 with Rupa's error body unless the request carries
// a valid Bearer token; the handler finds the practitioner with
// practitionerFrom.
func (s *Server) requireToken(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		subject, ok := s.tokens.Subject(r)
		if !ok {
			w.Header().Set("WWW-Authenticate", "Bearer")
			rupaError(w, http.StatusUnauthorized, codeNotAuthenticated, "Authentication credentials were not provided or are invalid.", nil)
			return
		}
		h(w, r.WithContext(context.WithValue(r.Context(), practitionerKey{}, subject)))
	}
}

type practitionerKey struct{}

func practitionerFrom(r *http.Request) string {
	s, _ := r.Context().Value(practitionerKey{}).(string)
	return s
}

func randomToken() string {
	b := make([]byte, 24)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}
