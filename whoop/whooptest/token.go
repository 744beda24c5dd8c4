package whooptest

import (
	"crypto/subtle"
	"fmt"
	"net/http"

	"github.com/labwire/labwire/internal/fake"
)

// handleToken serves POST /v2/partner/token: the client-credentials grant
// with a JSON body, answered with a bearer token.
func (s *Server) handleToken(w http.ResponseWriter, r *http.Request) {
	var body tokenRequest
	if !fake.ReadJSON(w, r, &body, fake.RejectUnknownFields) {
		return
	}
	switch {
	case body.ClientID == "" || body.ClientSecret == "":
		fake.WriteError(w, http.StatusBadRequest, "invalid_request")
		return
	case body.GrantType != "" && body.GrantType != "client_credentials":
		fake.WriteError(w, http.StatusBadRequest, "unsupported_grant_type")
		return
	case body.Scope != "" && body.Scope != "whoop-partner/token":
		fake.WriteError(w, http.StatusBadRequest, "invalid_scope")
		return
	}
	s.mu.Lock()
	p, ok := s.partners[body.ClientID]
	var secret string
	if ok {
		secret = p.ClientSecret
	}
	s.mu.Unlock()
	if !ok || subtle.ConstantTimeCompare([]byte(secret), []byte(body.ClientSecret)) != 1 {
		fake.WriteError(w, http.StatusUnauthorized, "invalid_client")
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	fake.WriteJSON(w, http.StatusOK, tokenResponse{
		AccessToken: s.tokens.Issue(body.ClientID),
		TokenType:   "bearer",
		ExpiresIn:   int64(s.tokens.TTL().Seconds()),
	})
}

// IssueToken returns a new bearer token for the partner with client id
// clientID without going through POST /v2/partner/token, for clients
// configured with a static token.
func (s *Server) IssueToken(clientID string) (string, error) {
	s.mu.Lock()
	_, ok := s.partners[clientID]
	s.mu.Unlock()
	if !ok {
		return "", fmt.Errorf("whooptest: IssueToken: unknown partner client id %q", clientID)
	}
	return s.tokens.Issue(clientID), nil
}

// ExpireTokens invalidates every token issued so far: the next request
// with one is answered 401, as WHOOP answers an expired token. Use it to
// test a client's refresh-and-replay path.
func (s *Server) ExpireTokens() { s.tokens.ExpireAll() }

// TokensIssued returns how many tokens have been issued, through the token
// route or [Server.IssueToken].
func (s *Server) TokensIssued() int { return s.tokens.Issued() }
