package ovationtest

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/labwire/labwire/internal/fake"
)

//go:generate go run ../../internal/vendorgen

// Test credentials of a Server, not secrets.
const (
	// DefaultAPIKey is the API key a Server accepts unless WithAPIKey says otherwise.
	DefaultAPIKey = "ovationtest-api-key"
	// DefaultOrganizationID is the organization of the default template.
	DefaultOrganizationID = 123
	// DefaultTemplateID is the project template a Server starts with (the 789 of Ovation's
	// docs).
	DefaultTemplateID = 789
)

// Template is a project (requisition) template of the fake.
type Template struct {
	// ID and OrganizationID identify it; ID must be unique.
	ID, OrganizationID int64
	// Name is shown in the template list.
	Name string
	// AutogenerateIdentifiers makes the fake ignore a requisition's identifier on create
	// and assign IdentifierPrefix plus a sequence number (default prefix "REQ-").
	AutogenerateIdentifiers bool
	IdentifierPrefix        string
	// PanelCodes, SampleGroups, SampleLabels and ContainerTypes are the template's options:
	// a create or update using another value is 422 (empty lists allow anything).
	PanelCodes, SampleGroups, SampleLabels, ContainerTypes []string
	// Required are the dotted fields required to complete a requisition (published in the
	// schema; markAsSigned signs only when all are present). They never fail a create.
	Required []string
}

// Option configures a Server.
type Option func(*config) error

type config struct {
	apiKey    string
	now       func() time.Time
	templates []Template
	hook      *http.Client
	listener  net.Listener
}

// WithAPIKey sets the accepted API key (default DefaultAPIKey).
func WithAPIKey(key string) Option {
	return func(c *config) error {
		if key == "" {
			return errors.New("ovationtest: WithAPIKey: empty key")
		}
		c.apiKey = key
		return nil
	}
}

// WithClock sets the clock of timestamps (default time.Now).
func WithClock(now func() time.Time) Option {
	return func(c *config) error {
		if now == nil {
			return errors.New("ovationtest: WithClock: nil clock")
		}
		c.now = now
		return nil
	}
}

// WithTemplate adds a project template; without any the Server has DefaultTemplateID in
// DefaultOrganizationID, autogenerating identifiers, with panels "COVID" and "FLU", groups
// "Swab" and "Blood", labels "NP Swab" and "Serum", and required patient.lastName,
// patient.dateOfBirth and physician.npi.
func WithTemplate(t Template) Option {
	return func(c *config) error {
		if t.ID <= 0 || t.OrganizationID <= 0 {
			return errors.New("ovationtest: WithTemplate: ID and OrganizationID must be positive")
		}
		for _, o := range c.templates {
			if o.ID == t.ID {
				return fmt.Errorf("ovationtest: WithTemplate: id %d given twice", t.ID)
			}
		}
		c.templates = append(c.templates, t)
		return nil
	}
}

// WithWebhookClient sets the client that delivers webhooks (default: 10 s timeout, as
// Ovation waits, and no redirects).
func WithWebhookClient(hc *http.Client) Option {
	return func(c *config) error {
		if hc == nil {
			return errors.New("ovationtest: WithWebhookClient: nil client")
		}
		c.hook = hc
		return nil
	}
}

// WithListener makes the fake serve on l (a fixed port, for a fake shared by several
// programs); the fake owns l and closes it. URL then names l's address.
func WithListener(l net.Listener) Option {
	return func(c *config) error {
		if l == nil {
			return errors.New("ovationtest: WithListener: nil listener")
		}
		c.listener = l
		return nil
	}
}

// Server is a running fake of the Ovation LIMS API. Point a client at URL. All its methods
// are safe for concurrent use.
type Server struct {
	// URL is the fake's base URL, http://127.0.0.1:port/api/v3, as production's
	// https://lab-services.ovation.io/api/v3: give it to ovation.WithBaseURL. Every route is
	// served under it, and only there (a request outside /api/v3 is 404, as Ovation's).
	URL string
	// Origin is http://127.0.0.1:port, the fake's scheme and host.
	Origin string

	srv           *fake.Server
	apiKey        string
	now           func() time.Time
	webhookClient *http.Client

	mu    sync.Mutex
	st    *store
	fired []Delivery
}

// NewServer starts a fake. Call Close when done, or use Start.
func NewServer(opts ...Option) (*Server, error) {
	c := &config{apiKey: DefaultAPIKey, now: time.Now}
	for _, o := range opts {
		if o == nil {
			continue
		}
		if err := o(c); err != nil {
			return nil, err
		}
	}
	if len(c.templates) == 0 {
		c.templates = []Template{{
			ID: DefaultTemplateID, OrganizationID: DefaultOrganizationID, Name: "COVID-19 PCR",
			AutogenerateIdentifiers: true, PanelCodes: []string{"COVID", "FLU"},
			SampleGroups: []string{"Swab", "Blood"}, SampleLabels: []string{"NP Swab", "Serum"},
			ContainerTypes: []string{"Tube", "96Plate"},
			Required:       []string{"patient.dateOfBirth", "patient.lastName", "physician.npi"},
		}}
	}
	if c.hook == nil {
		c.hook = &http.Client{Timeout: 10 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	}
	s := &Server{apiKey: c.apiKey, now: func() time.Time { return c.now().UTC() }, webhookClient: c.hook, st: newStore(c.templates)}
	s.start(c.listener, fake.WithBasePath(basePath))
	return s, nil
}

// basePath is the path of Ovation's base URL, under which every route is served.
const basePath = "/api/v3"

// BaseURL returns URL, the base URL to give the client.
func (s *Server) BaseURL() string { return s.URL }

// authorized wraps h with the API key check: 401 {"errors":"..."} without it.
func (s *Server) authorized(h http.HandlerFunc) http.Handler {
	want := "Bearer " + s.apiKey
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got := r.Header.Get("Authorization")
		if len(got) < 7 || !strings.EqualFold(got[:7], "Bearer ") || got[7:] != want[7:] {
			writeErrors(w, http.StatusUnauthorized, "Your API key is wrong")
			return
		}
		h(w, r)
	})
}

// writeErrors answers {"errors": v}: a message, a list, or a field map.
func writeErrors(w http.ResponseWriter, status int, v any) {
	fake.WriteJSON(w, status, map[string]any{"errors": v})
}
