package whooptest

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/labwire/labwire/internal/uuid"
)

// Credentials of the partner a [Server] accepts when no [WithPartner] option
// is given. They are test values, not secrets.
const (
	DefaultClientID      = "whooptest-client"
	DefaultClientSecret  = "whooptest-secret"
	DefaultWebhookSecret = "whooptest-webhook-secret"
)

// DefaultTokenTTL is the lifetime of the tokens a [Server] issues unless
// [WithTokenTTL] says otherwise; WHOOP documents expires_in 3600.
const DefaultTokenTTL = time.Hour

// Partner is one WHOOP partner account the fake accepts: its client
// credentials, the secret WHOOP signs its webhooks with and, optionally, the
// URL WHOOP delivers them to.
type Partner struct {
	ClientID     string
	ClientSecret string
	// WebhookSecret keys the WHOOP-Signed HMAC of webhooks to this partner.
	WebhookSecret string
	// WebhookURL, when set, receives lab_requisition.created after each
	// add-test-data call of this partner. See also [Server.SetWebhookURL].
	WebhookURL string
}

// Option configures a [Server].
type Option func(*config) error

type config struct {
	listener      net.Listener
	partners      []Partner
	now           func() time.Time
	newID         func() string
	tokenTTL      time.Duration
	production    bool
	webhookClient *http.Client
}

func newConfig(opts []Option) (*config, error) {
	c := &config{now: time.Now, newID: uuid.New, tokenTTL: DefaultTokenTTL}
	for _, o := range opts {
		if o == nil {
			continue // as in every labwire fake
		}
		if err := o(c); err != nil {
			return nil, err
		}
	}
	if len(c.partners) == 0 {
		c.partners = []Partner{{
			ClientID:      DefaultClientID,
			ClientSecret:  DefaultClientSecret,
			WebhookSecret: DefaultWebhookSecret,
		}}
	}
	if c.webhookClient == nil {
		c.webhookClient = &http.Client{
			Timeout: 10 * time.Second,
			CheckRedirect: func(*http.Request, []*http.Request) error {
				return http.ErrUseLastResponse
			},
		}
	}
	return c, nil
}

// WithPartner adds a partner account; give it once per partner. Without
// it the server accepts one partner with [DefaultClientID],
// [DefaultClientSecret] and [DefaultWebhookSecret]. ClientID, ClientSecret
// and WebhookSecret must not be empty and client ids must be distinct.
func WithPartner(p Partner) Option {
	return func(c *config) error {
		switch {
		case p.ClientID == "":
			return errors.New("whooptest: WithPartner: empty ClientID")
		case p.ClientSecret == "":
			return errors.New("whooptest: WithPartner: empty ClientSecret")
		case p.WebhookSecret == "":
			return errors.New("whooptest: WithPartner: empty WebhookSecret")
		}
		for _, q := range c.partners {
			if q.ClientID == p.ClientID {
				return fmt.Errorf("whooptest: WithPartner: client id %q given twice", p.ClientID)
			}
		}
		c.partners = append(c.partners, p)
		return nil
	}
}

// WithClock sets the clock used for timestamps and token expiry; the
// default is time.Now. A fixed clock gives Examples stable output.
func WithClock(now func() time.Time) Option {
	return func(c *config) error {
		if now == nil {
			return errors.New("whooptest: WithClock: nil clock")
		}
		c.now = now
		return nil
	}
}

// WithSequentialIDs makes generated ids deterministic:
// 00000000-0000-4000-8000-000000000001, ...002 and so on, in creation
// order. By default ids are random version 4 UUIDs.
func WithSequentialIDs() Option {
	return func(c *config) error {
		c.newID = uuid.Sequential()
		return nil
	}
}

// WithTokenTTL sets the lifetime of issued tokens, a whole number of
// seconds of at least one (expires_in is in seconds).
func WithTokenTTL(d time.Duration) Option {
	return func(c *config) error {
		if d < time.Second || d%time.Second != 0 {
			return fmt.Errorf("whooptest: WithTokenTTL: %v is not a whole number of seconds >= 1s", d)
		}
		c.tokenTTL = d
		return nil
	}
}

// WithProduction makes the server behave as WHOOP production: POST
// /v2/partner/development/add-test-data answers 404 "Not available in
// production environments".
func WithProduction() Option {
	return func(c *config) error {
		c.production = true
		return nil
	}
}

// WithWebhookClient sets the HTTP client that delivers webhooks. The
// default has a 10 s timeout and follows no redirects.
func WithWebhookClient(hc *http.Client) Option {
	return func(c *config) error {
		if hc == nil {
			return errors.New("whooptest: WithWebhookClient: nil client")
		}
		c.webhookClient = hc
		return nil
	}
}

// WithListener serves the fake on l (a fixed port, for a standalone fake
// server) instead of a random loopback port; [Server.URL] then names l's
// address. The server closes l with [Server.Close].
func WithListener(l net.Listener) Option {
	return func(c *config) error {
		if l == nil {
			return errors.New("whooptest: WithListener: nil listener")
		}
		c.listener = l
		return nil
	}
}
