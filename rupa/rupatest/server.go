package rupatest

import (
	"net/http"
	"sync"
	"time"

	"github.com/labwire/labwire/internal/fake"
)

//go:generate go run ../../internal/vendorgen

// The routes of the fake, in the pattern syntax of [http.ServeMux] that
// [Fault.Route] and [Server.RequestsMatching] take.
const (
	RouteToken             = "POST /oauth/token/{$}"
	RouteCreateOrderIntent = "POST /order-intents/{$}"
	RouteListPatients      = "GET /patients"
)

// TokenPath is where the fake serves its token endpoint. Rupa does not
// publish its own; this one is the fake's choice.
const TokenPath = "/oauth/token/"

// Server is a running in-memory fake of Rupa's API. Point a client at
// [Server.URL] as its base URL and an OAuth configuration at
// [Server.TokenURL]. All its methods are safe for concurrent use.
type Server struct {
	// URL is the base URL of the fake (http://127.0.0.1:port).
	URL string

	srv    *fake.Server
	tokens *fake.Tokens
	cfg    *config

	mu            sync.Mutex
	practitioners map[string]Practitioner
	patients      map[string][]Patient // clinic id -> patients, in creation order
	codes         map[string]grant     // authorization code -> grant
	refresh       map[string]string    // refresh token -> practitioner id
	intents       []OrderIntent
	consenting    string // the practitioner the consent page logs in
	seq           int
}

type grant struct {
	practitioner string
	expires      time.Time
	challenge    string // PKCE S256 challenge from the consent page, "" without PKCE
}

// NewServer starts a fake Rupa API. The caller must call [Server.Close]
// when done; in tests, prefer [Start].
func NewServer(opts ...Option) (*Server, error) {
	c, err := newConfig(opts)
	if err != nil {
		return nil, err
	}
	s := &Server{
		tokens:        fake.NewTokens(c.tokenTTL, c.now),
		cfg:           c,
		practitioners: make(map[string]Practitioner),
		patients:      make(map[string][]Patient),
		codes:         make(map[string]grant),
		refresh:       make(map[string]string),
	}
	for _, p := range c.practitioners {
		s.practitioners[p.ID] = p
	}
	s.consenting = c.practitioners[0].ID
	s.start(c.listener)
	return s, nil
}

func (s *Server) routes() http.Handler {
	mux := fake.NewMux()
	mux.HandleFunc(RouteToken, s.handleToken)
	mux.HandleFunc(RouteAuthorize, s.handleAuthorize)
	mux.HandleFunc(RouteCreateOrderIntent, s.requireToken(s.handleCreateOrderIntent))
	mux.HandleFunc(RouteListPatients, s.requireToken(s.handleListPatients))
	return mux
}

// TokenURL returns the fake's token endpoint, for rupa.AuthCodeFlowConfig.TokenURL.
func (s *Server) TokenURL() string { return s.URL + TokenPath }

// ExpireTokens revokes every access token issued so far (refresh tokens stay
// valid), so the next API call is answered 401: the way to test a client's
// refresh-and-replay path.
func (s *Server) ExpireTokens() { s.tokens.ExpireAll() }

// TokensIssued returns how many access tokens the fake has issued.
func (s *Server) TokensIssued() int { return s.tokens.Issued() }

// newID returns a Rupa-style id with prefix: random, or sequential with
// [WithSequentialIDs].
func (s *Server) newID(prefix string) string {
	s.mu.Lock()
	s.seq++
	n := s.seq
	s.mu.Unlock()
	return s.cfg.ids(prefix, n)
}
