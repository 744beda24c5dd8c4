package workpathtest

import (
	"errors"
	"net"
	"net/http"
	"time"
)

// Credentials the fake accepts when no [WithCredential] option is given: an API key and
// password (the password is the one of Workpath's own example, with the characters
// x/oauth2's Basic header style would escape) and the redirect URI registered for the key.
// They are test values, not secrets.
const (
	DefaultAPIKey      = "4ab41347-e24f-475d-b1da-bce37ae31af3"
	DefaultAPIPassword = "SX0LGy6z!Pa~,V-!A:az"
	DefaultRedirectURI = "https://app.example.test/callback"
	// DefaultOrderForm auto-publishes: its intakes become appointments at once.
	DefaultOrderForm = 1
	// ManualOrderForm does not: its intakes wait for [Server.ConvertIntake].
	ManualOrderForm = 2
	// DefaultService is a blood draw the fake offers.
	DefaultService = 1001
)

// DefaultTokenTTL is the lifetime of the tokens the fake issues; Workpath's example says
// expires_in 1800.
const DefaultTokenTTL = 1800 * time.Second

// Credential is an API credential of a Workpath client: the key and password used for HTTP
// Basic and the client-credentials grant, and the redirect URIs the authorization-code grant
// accepts for it.
type Credential struct {
	ClientID     string // the client the credential belongs to; credentials of one client see each other
	Key          string
	Password     string
	RedirectURIs []string
}

// Option configures a [Server].
type Option func(*config) error

type config struct {
	credentials   []Credential
	now           func() time.Time
	tokenTTL      time.Duration
	webhookClient *http.Client
	listener      net.Listener
}

// WithListener makes the fake serve on l (a fixed port, for a fake shared by several
// programs); the fake owns l and closes it. URL then names l's address.
func WithListener(l net.Listener) Option {
	return func(c *config) error {
		if l == nil {
			return errors.New("workpathtest: WithListener: nil listener")
		}
		c.listener = l
		return nil
	}
}

func newConfig(opts []Option) (*config, error) {
	c := &config{now: time.Now, tokenTTL: DefaultTokenTTL}
	for _, o := range opts {
		if o == nil {
			continue
		}
		if err := o(c); err != nil {
			return nil, err
		}
	}
	if len(c.credentials) == 0 {
		c.credentials = []Credential{{ClientID: "client-1", Key: DefaultAPIKey, Password: DefaultAPIPassword, RedirectURIs: []string{DefaultRedirectURI}}}
	}
	if c.webhookClient == nil {
		c.webhookClient = &http.Client{Timeout: 10 * time.Second}
	}
	return c, nil
}

// WithCredential adds an API credential (replacing the default one). Each client may hold
// at most two credentials, as on Workpath.
func WithCredential(cr Credential) Option {
	return func(c *config) error {
		if cr.Key == "" || cr.Password == "" || cr.ClientID == "" {
			return errors.New("workpathtest: WithCredential: ClientID, Key and Password are required")
		}
		n := 0
		for _, o := range c.credentials {
			if o.ClientID == cr.ClientID {
				n++
			}
		}
		if n >= 2 {
			return errors.New("workpathtest: WithCredential: a client holds at most two credentials")
		}
		c.credentials = append(c.credentials, cr)
		return nil
	}
}

// WithClock sets the fake's clock (token expiry, timestamps, webhook signatures).
func WithClock(now func() time.Time) Option {
	return func(c *config) error {
		if now == nil {
			return errors.New("workpathtest: WithClock: nil clock")
		}
		c.now = now
		return nil
	}
}

// WithTokenTTL sets the lifetime of issued tokens (default DefaultTokenTTL).
func WithTokenTTL(d time.Duration) Option {
	return func(c *config) error {
		if d <= 0 {
			return errors.New("workpathtest: WithTokenTTL: must be positive")
		}
		c.tokenTTL = d
		return nil
	}
}

// WithWebhookClient sets the HTTP client webhook deliveries are sent with.
func WithWebhookClient(hc *http.Client) Option {
	return func(c *config) error {
		if hc == nil {
			return errors.New("workpathtest: WithWebhookClient: nil client")
		}
		c.webhookClient = hc
		return nil
	}
}
