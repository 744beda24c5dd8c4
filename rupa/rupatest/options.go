package rupatest

import (
	"crypto/rand"
	"errors"
	"fmt"
	"net"
	"time"
)

// The OAuth application the fake accepts unless [WithApp] says otherwise.
// They are test values, not secrets.
const (
	DefaultClientID     = "rupatest-client"
	DefaultClientSecret = "rupatest-secret"
	DefaultRedirectURL  = "https://app.example.com/rupa/callback"
)

// The practitioner and clinic the fake knows unless [WithPractitioner] is
// given.
const (
	DefaultPractitionerID = "pra_PbpNmjM"
	DefaultClinicID       = "cli_Epqpo2g"
)

// DefaultTokenTTL is the lifetime of access tokens unless [WithTokenTTL]
// says otherwise. Rupa does not document one.
const DefaultTokenTTL = time.Hour

// DefaultPageSize is how many patients one page of GET /patients holds
// unless [WithPageSize] says otherwise.
const DefaultPageSize = 50

// App is the OAuth application (Rupa issues client credentials by email and
// registers one redirect URI).
type App struct {
	ClientID, ClientSecret, RedirectURL string
}

// Practitioner is a practitioner the fake knows, with the clinic they belong
// to. Names are synthetic.
type Practitioner struct {
	ID, ClinicID        string
	FirstName, LastName string
}

// Option configures a [Server].
type Option func(*config) error

type config struct {
	app           App
	practitioners []Practitioner
	now           func() time.Time
	tokenTTL      time.Duration
	pageSize      int
	checkoutURL   bool
	ids           func(prefix string, n int) string
	listener      net.Listener
}

// WithListener makes the fake serve on l (a fixed port, for a fake shared by several
// programs); the fake owns l and closes it. URL then names l's address.
func WithListener(l net.Listener) Option {
	return func(c *config) error {
		if l == nil {
			return errors.New("rupatest: WithListener: nil listener")
		}
		c.listener = l
		return nil
	}
}

func newConfig(opts []Option) (*config, error) {
	c := &config{
		app:      App{ClientID: DefaultClientID, ClientSecret: DefaultClientSecret, RedirectURL: DefaultRedirectURL},
		now:      time.Now,
		tokenTTL: DefaultTokenTTL,
		pageSize: DefaultPageSize,
		ids:      randomID,
	}
	for _, o := range opts {
		if o == nil {
			continue
		}
		if err := o(c); err != nil {
			return nil, err
		}
	}
	if len(c.practitioners) == 0 {
		c.practitioners = []Practitioner{{ID: DefaultPractitionerID, ClinicID: DefaultClinicID, FirstName: "Sabrina", LastName: "Davis"}}
	}
	return c, nil
}

// WithApp sets the OAuth application the token route accepts; all three
// fields are required.
func WithApp(a App) Option {
	return func(c *config) error {
		if a.ClientID == "" || a.ClientSecret == "" || a.RedirectURL == "" {
			return errors.New("rupatest: WithApp: ClientID, ClientSecret and RedirectURL are required")
		}
		c.app = a
		return nil
	}
}

// WithPractitioner adds a practitioner; give it once per practitioner.
// Without it the fake knows [DefaultPractitionerID] of [DefaultClinicID].
func WithPractitioner(p Practitioner) Option {
	return func(c *config) error {
		if p.ID == "" || p.ClinicID == "" {
			return errors.New("rupatest: WithPractitioner: ID and ClinicID are required")
		}
		for _, q := range c.practitioners {
			if q.ID == p.ID {
				return fmt.Errorf("rupatest: WithPractitioner: id %q given twice", p.ID)
			}
		}
		c.practitioners = append(c.practitioners, p)
		return nil
	}
}

// WithClock sets the clock of token and code expiry; the default is time.Now.
func WithClock(now func() time.Time) Option {
	return func(c *config) error {
		if now == nil {
			return errors.New("rupatest: WithClock: nil clock")
		}
		c.now = now
		return nil
	}
}

// WithTokenTTL sets the access tokens' lifetime, a whole number of seconds
// of at least one.
func WithTokenTTL(d time.Duration) Option {
	return func(c *config) error {
		if d < time.Second || d%time.Second != 0 {
			return fmt.Errorf("rupatest: WithTokenTTL: %v is not a whole number of seconds >= 1s", d)
		}
		c.tokenTTL = d
		return nil
	}
}

// WithPageSize sets how many patients a page of GET /patients holds.
func WithPageSize(n int) Option {
	return func(c *config) error {
		if n < 1 {
			return errors.New("rupatest: WithPageSize: must be at least 1")
		}
		c.pageSize = n
		return nil
	}
}

// WithCheckoutURLField makes POST /order-intents/ answer the link as
// checkout_url (as Rupa's checkout guide names it) instead of redirect_url
// (as rupa-js reads it).
func WithCheckoutURLField() Option {
	return func(c *config) error {
		c.checkoutURL = true
		return nil
	}
}

// WithSequentialIDs makes generated ids deterministic: ordin_0000001,
// pat_0000002, ... in creation order, one counter for all prefixes.
func WithSequentialIDs() Option {
	return func(c *config) error {
		c.ids = func(prefix string, n int) string { return fmt.Sprintf("%s_%07d", prefix, n) }
		return nil
	}
}

const idAlphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

// randomID returns prefix_ and seven base-62 characters, the shape of Rupa's
// ids (ord_qNJ1nl1).
func randomID(prefix string, _ int) string {
	b := make([]byte, 7)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = idAlphabet[int(b[i])%len(idAlphabet)]
	}
	return prefix + "_" + string(b)
}
