package rupatest

import (
	"net/http"
	"sync"
	"testing"
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

// Fault is one scripted failure for [Server.Script], consumed by the first request it
// matches. It is answered before authentication and before the fake's state is touched
// (except with DropAfterHandler). Its fields:
//
//   - Route selects the requests, with the syntax of [http.ServeMux], relative to
//     [Server.URL]: one of the Route constants ([RouteCreateOrderIntent], ...) or a concrete path; empty
//     matches any request.
//   - Status is the answered status (429, 500, 503, ...); required unless Drop is set.
//   - RetryAfter, when not empty, is sent as the Retry-After header ("1", or an HTTP date).
//   - Header holds more headers to answer with.
//   - Body, when not nil, is encoded as JSON and answered; nil answers no body.
//   - Drop, when not NoDrop, closes the connection instead of answering.
//
// Go's http.Transport replays a GET once on its own when a reused connection is dropped;
// that replay consumes the next matching fault or reaches the fake.
//
// Fields of fake.Fault (go generate writes this list from its source):
//
//   - Route string: Route selects the requests the fault applies to, with the pattern syntax of
//     [http.ServeMux] ("POST /v2/items/{id}/results", or a concrete path); empty matches any
//     request.
//   - Status int: Status is the answered status code; it must be set (100-599) unless Drop is set,
//     and is ignored when Drop is set.
//   - RetryAfter string: RetryAfter, when not empty, is sent as the Retry-After header.
//   - Header http.Header: Header holds more headers to send with the answer (X-RateLimit-Reset,
//     ...).
//   - Body any: Body, when not nil, is encoded with encoding/json and sent as the answer's body;
//     use json.RawMessage for literal JSON.
//   - Drop Drop: Drop, when not NoDrop, closes the connection instead of answering.
type Fault = fake.Fault

// Request is one request the fake received.
//
// Fields of fake.Request (go generate writes this list from its source):
//
//   - Method string
//   - Path string: Path is the URL path as sent (a [WithPrefix] prefix included), decoded.
//   - EscapedPath string: EscapedPath is the same path as it was on the wire, escaped
//     ("/v2/items/a%2Fb").
//   - RawQuery string: RawQuery is the encoded query, without '?'.
//   - Header http.Header
//   - Body []byte: Body is the request body; nil when a [DropBeforeBody] fault closed the
//     connection before it was read.
//   - Fault *Fault: Fault is the scripted fault that answered the request, nil if none.
//   - Handled bool: Handled reports whether the vendor handler received the request: true when no
//     fault applied and for [DropAfterHandler], false otherwise.
type Request = fake.Request

// The ways a [Fault] can close the connection instead of answering.
const (
	NoDrop           = fake.NoDrop
	DropBeforeBody   = fake.DropBeforeBody
	DropAfterBody    = fake.DropAfterBody
	DropAfterHandler = fake.DropAfterHandler
)

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
	var fopts []fake.ServerOption
	if c.listener != nil {
		fopts = append(fopts, fake.WithListener(c.listener))
	}
	s.srv = fake.NewServer(s.routes(), fopts...)
	s.URL = s.srv.URL
	return s, nil
}

// Start is NewServer for a test: it fails tb on a bad option and closes the
// server when tb finishes.
func Start(tb testing.TB, opts ...Option) *Server {
	tb.Helper()
	s, err := NewServer(opts...)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(s.Close)
	return s
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

// Client returns an HTTP client configured for the fake.
func (s *Server) Client() *http.Client { return s.srv.Client() }

// Close shuts the fake down and waits for outstanding requests.
func (s *Server) Close() { s.srv.Close() }

// Script queues faults. Each request consumes the first queued fault that matches it, so
// faults for one route apply in the order given; a request that consumed a fault does not
// reach the fake (except with DropAfterHandler). Script panics, naming the route, if a
// Route is an invalid pattern or one no route of the fake serves (a misspelt route would
// never fire), or if a fault has neither a Status (100-599) nor a Drop; nothing is queued
// then. Use it to test a client's retry handling.
func (s *Server) Script(faults ...Fault) { s.srv.Script(faults...) }

// PendingFaults returns the scripted faults no request has consumed yet.
func (s *Server) PendingFaults() []Fault { return s.srv.PendingFaults() }

// Requests returns every request received so far, in arrival order. They
// hold tokens and whatever the client sent: keep them out of logs.
func (s *Server) Requests() []Request { return s.srv.Requests() }

// RequestsMatching returns the requests matching pattern (see the Route
// constants); empty matches all.
func (s *Server) RequestsMatching(pattern string) []Request { return s.srv.RequestsMatching(pattern) }

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
