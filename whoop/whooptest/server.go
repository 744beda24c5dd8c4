package whooptest

import (
	"net/http"
	"sync"
	"time"

	"github.com/labwire/labwire/internal/fake"
)

// The routes of the WHOOP Partner API, in the pattern syntax of
// [http.ServeMux] that [Fault.Route] and [Server.RequestsMatching] take.
const (
	RouteToken                      = "POST /v2/partner/token"
	RouteGetRequisition             = "GET /v2/partner/requisition/{id}"
	RouteUpdateRequisitionStatus    = "PATCH /v2/partner/requisition/{id}/status"
	RouteGetServiceRequest          = "GET /v2/partner/service-request/{id}"
	RouteUpdateServiceRequestStatus = "PATCH /v2/partner/service-request/{id}/status"
	RouteSubmitResults              = "POST /v2/partner/service-request/{id}/results"
	RouteAddTestData                = "POST /v2/partner/development/add-test-data"
)

// Prefix is the path WHOOP's base URL carries (https://api.prod.whoop.com/developer).
// The fake serves every route both under it and without it.
const Prefix = "/developer"

// Server is a running in-memory fake of the WHOOP Partner API on
// [net/http/httptest]. Point a client at [Server.URL] as its base URL. All
// its methods are safe for concurrent use.
type Server struct {
	// URL is the base URL of the fake, http://127.0.0.1:port/developer: the
	// production base URL with only the host changed. The routes are also
	// served without the prefix, under [Server.Origin].
	URL string
	// Origin is http://127.0.0.1:port, the fake's scheme and host.
	Origin string

	srv           *fake.Server
	tokens        *fake.Tokens
	now           func() time.Time
	newID         func() string
	production    bool
	webhookClient *http.Client

	mu              sync.Mutex
	partners        map[string]*Partner
	requisitions    map[string]*requisition
	serviceRequests map[string]*serviceRequest
	owned           map[string][]string // partner client id -> requisition ids, in creation order
}

// NewServer starts a fake WHOOP Partner API. The caller must call
// [Server.Close] when done; in tests, prefer [Start].
func NewServer(opts ...Option) (*Server, error) {
	c, err := newConfig(opts)
	if err != nil {
		return nil, err
	}
	s := &Server{
		tokens:          fake.NewTokens(c.tokenTTL, c.now),
		now:             func() time.Time { return c.now().UTC() },
		newID:           c.newID,
		production:      c.production,
		webhookClient:   c.webhookClient,
		partners:        make(map[string]*Partner, len(c.partners)),
		requisitions:    make(map[string]*requisition),
		serviceRequests: make(map[string]*serviceRequest),
		owned:           make(map[string][]string),
	}
	for _, p := range c.partners {
		s.partners[p.ClientID] = &p
	}
	s.start(c.listener, fake.WithPrefix(Prefix))
	return s, nil
}

func (s *Server) routes() http.Handler {
	auth := func(h http.HandlerFunc) http.Handler { return s.tokens.Require(h) }
	mux := fake.NewMux()
	mux.HandleFunc(RouteToken, s.handleToken)
	mux.Handle(RouteGetRequisition, auth(s.handleGetRequisition))
	mux.Handle(RouteUpdateRequisitionStatus, auth(s.handleUpdateRequisitionStatus))
	mux.Handle(RouteGetServiceRequest, auth(s.handleGetServiceRequest))
	mux.Handle(RouteUpdateServiceRequestStatus, auth(s.handleUpdateServiceRequestStatus))
	mux.Handle(RouteSubmitResults, auth(s.handleSubmitResults))
	mux.Handle(RouteAddTestData, auth(s.handleAddTestData))
	return mux
}

// notFound answers 404 as the fake does for an unknown id or a resource of
// another partner; WHOOP does not say which of the two it was.
func notFound(w http.ResponseWriter) {
	fake.WriteError(w, http.StatusNotFound, "not found")
}
