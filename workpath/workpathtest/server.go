package workpathtest

import (
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/labwire/labwire/internal/fake"
)

//go:generate go run ../../internal/vendorgen

// The routes of the Workpath Housecall API, in the pattern syntax of [http.ServeMux] that
// [Fault.Route] and [Server.RequestsMatching] take.
const (
	RouteToken             = "POST /oauth/token"
	RouteAuthorize         = "GET /oauth/authorize"
	RouteCreateAPIKey      = "POST /api-keys"
	RouteListAPIKeys       = "GET /api-keys/{$}"
	RouteGetAPIKey         = "GET /api-keys/{ref}"
	RouteUpdateAPIKey      = "PUT /api-keys/{key}"
	RouteDeleteAPIKey      = "DELETE /api-keys/{key}"
	RouteCreatePerson      = "POST /people"
	RouteGetPerson         = "GET /people/{id}"
	RouteUpdatePerson      = "PUT /people/{id}"
	RouteDeletePerson      = "DELETE /people/{id}"
	RouteCreateIntake      = "POST /intakes"
	RouteGetIntake         = "GET /intakes/{id}"
	RouteIntakeDocument    = "POST /intakes/{id}/documents"
	RouteListServices      = "GET /services"
	RouteGetService        = "GET /services/{id}"
	RouteListAppointments  = "GET /appointments"
	RouteGetAppointment    = "GET /appointments/{id}"
	RouteUpdateAppointment = "PUT /appointments/{id}"
	RouteCancelAppointment = "POST /appointments/{id}/cancel"
	RouteAddTag            = "POST /appointments/{id}/tags"
	RouteDeleteTag         = "DELETE /appointments/{id}/tags/{tagId}"
	RouteAddNote           = "POST /appointments/{id}/notes"
	RouteUpdateNote        = "PUT /appointments/{id}/notes/{noteId}"
	RouteDeleteNote        = "DELETE /appointments/{id}/notes/{noteId}"
	RouteAddDocument       = "POST /appointments/{id}/documents"
	RouteDeleteDocument    = "DELETE /appointments/{id}/documents/{documentId}"
	RouteAddData           = "POST /appointments/{id}/data"
	RouteCreateWebhook     = "POST /webhooks"
	RouteListWebhooks      = "GET /webhooks"
	RouteGetWebhook        = "GET /webhooks/{id}"
	RouteUpdateWebhook     = "PUT /webhooks/{id}"
	RouteDeleteWebhook     = "DELETE /webhooks/{id}"
)

// Server is a running in-memory fake of the Workpath Housecall API. Point a client at
// [Server.URL]. All its methods are safe for concurrent use.
type Server struct {
	// URL is the base URL of the fake (http://127.0.0.1:port).
	URL string

	srv           *fake.Server
	tokens        *fake.Tokens
	now           func() time.Time
	webhookClient *http.Client

	mu           sync.Mutex
	nextID       int64
	credentials  map[string]*credential // by key
	codes        map[string]*authCode
	people       map[int64]*storedPerson
	intakes      map[int64]*Intake
	appointments map[int64]*Appointment
	services     map[int64]*Service
	orderForms   map[int64]bool // id -> auto-publish
	webhooks     map[int64]*Webhook
	deliveries   []Delivery
}

type credential struct {
	Credential
	id        int64
	active    bool
	createdAt time.Time
	lastLogin time.Time
}

// NewServer starts a fake. The caller must call [Server.Close]; [Start] does it for a test.
func NewServer(opts ...Option) (*Server, error) {
	c, err := newConfig(opts)
	if err != nil {
		return nil, err
	}
	s := &Server{
		tokens:        fake.NewTokens(c.tokenTTL, c.now),
		now:           func() time.Time { return c.now().UTC() },
		webhookClient: c.webhookClient,
		nextID:        10000,
		credentials:   make(map[string]*credential),
		codes:         make(map[string]*authCode),
		people:        make(map[int64]*storedPerson),
		intakes:       make(map[int64]*Intake),
		appointments:  make(map[int64]*Appointment),
		services:      make(map[int64]*Service),
		orderForms:    map[int64]bool{DefaultOrderForm: true, ManualOrderForm: false},
		webhooks:      make(map[int64]*Webhook),
	}
	for i, cr := range c.credentials {
		s.credentials[cr.Key] = &credential{Credential: cr, id: int64(1001 + i), active: true, createdAt: s.now()}
	}
	s.services[DefaultService] = &Service{ID: DefaultService, Vendor: &Ref{ID: 1001}, Name: "Blood Draw",
		Description: "A standard blood draw", VendorFee: 60, SpecialistPayment: 40, Duration: 15, Tags: []Tag{}, Steps: []any{}}
	s.start(c.listener)
	return s, nil
}

func (s *Server) routes() http.Handler {
	bearer := func(h http.HandlerFunc) http.Handler { return s.tokens.Require(h) }
	basic := func(h http.HandlerFunc) http.Handler { return s.requireBasic(h) }
	mux := fake.NewMux()
	mux.HandleFunc(RouteToken, s.handleToken)
	mux.HandleFunc(RouteAuthorize, s.handleAuthorize)
	mux.Handle(RouteCreateAPIKey, basic(s.handleCreateAPIKey))
	mux.Handle(RouteListAPIKeys, basic(s.handleListAPIKeys))
	mux.Handle("GET /api-keys", basic(s.handleListAPIKeys))
	mux.Handle(RouteGetAPIKey, basic(s.handleGetAPIKey))
	mux.Handle(RouteUpdateAPIKey, basic(s.handleUpdateAPIKey))
	mux.Handle(RouteDeleteAPIKey, basic(s.handleDeleteAPIKey))
	mux.Handle(RouteCreatePerson, bearer(s.handleCreatePerson))
	mux.Handle(RouteGetPerson, bearer(s.handleGetPerson))
	mux.Handle(RouteUpdatePerson, bearer(s.handleUpdatePerson))
	mux.Handle(RouteDeletePerson, bearer(s.handleDeletePerson))
	mux.Handle(RouteCreateIntake, bearer(s.handleCreateIntake))
	mux.Handle(RouteGetIntake, bearer(s.handleGetIntake))
	mux.Handle(RouteIntakeDocument, bearer(s.handleIntakeDocument))
	mux.Handle(RouteListServices, bearer(s.handleListServices))
	mux.Handle(RouteGetService, bearer(s.handleGetService))
	mux.Handle(RouteListAppointments, bearer(s.handleListAppointments))
	mux.Handle(RouteGetAppointment, bearer(s.handleGetAppointment))
	mux.Handle(RouteUpdateAppointment, bearer(s.handleUpdateAppointment))
	mux.Handle(RouteCancelAppointment, bearer(s.handleCancelAppointment))
	mux.Handle(RouteAddTag, bearer(s.handleAddTag))
	mux.Handle(RouteDeleteTag, bearer(s.handleDeleteTag))
	mux.Handle(RouteAddNote, bearer(s.handleAddNote))
	mux.Handle(RouteUpdateNote, bearer(s.handleUpdateNote))
	mux.Handle(RouteDeleteNote, bearer(s.handleDeleteNote))
	mux.Handle(RouteAddDocument, bearer(s.handleAddDocument))
	mux.Handle(RouteDeleteDocument, bearer(s.handleDeleteDocument))
	mux.Handle(RouteAddData, bearer(s.handleAddData))
	mux.Handle(RouteCreateWebhook, basic(s.handleCreateWebhook))
	mux.Handle(RouteListWebhooks, basic(s.handleListWebhooks))
	mux.Handle(RouteGetWebhook, basic(s.handleGetWebhook))
	mux.Handle(RouteUpdateWebhook, basic(s.handleUpdateWebhook))
	mux.Handle(RouteDeleteWebhook, basic(s.handleDeleteWebhook))
	return mux
}

// ExpireTokens revokes every issued token, so the next Bearer call is answered 401.
func (s *Server) ExpireTokens() { s.tokens.ExpireAll() }

// TokensIssued returns how many tokens the fake issued.
func (s *Server) TokensIssued() int { return s.tokens.Issued() }

// id returns the next id; the caller holds s.mu.
func (s *Server) id() int64 {
	s.nextID++
	return s.nextID
}

func (s *Server) stamp() string { return s.now().Format("2006-01-02T15:04:05.000Z") }

// pathID parses the path value name as a positive id, answering 404 when it is not one.
func pathID(w http.ResponseWriter, r *http.Request, name string) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		notFound(w)
		return 0, false
	}
	return id, true
}

func notFound(w http.ResponseWriter) {
	fake.WriteError(w, http.StatusNotFound, "Resource requested does not exist.")
}
