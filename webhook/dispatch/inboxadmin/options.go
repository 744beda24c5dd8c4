package inboxadmin

import (
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/labwire/labwire/webhook/dispatch"
)

// Option configures a Handler (see New).
type Option func(*config) error

type config struct {
	log          *slog.Logger
	limit        int
	minRetention time.Duration
	csrfKey      []byte
	origins      []string
	deny         http.Handler
}

// DefaultListLimit is how many dead letters, and how many retrying
// deliveries, the page lists per source without WithListLimit.
const DefaultListLimit = 50

// MaxListLimit is the largest WithListLimit.
const MaxListLimit = 1000

// DefaultMinPurgeRetention is the smallest retention the purge form accepts
// without WithMinPurgeRetention.
const DefaultMinPurgeRetention = time.Hour

// WithLogger sets where store failures, refused requests and the actions
// taken are logged: fixed words (the operation, the error's
// dispatch.Category, the refusal's reason, counts, a requeued message's ID),
// never an error's text or anything from a delivery. Without it nothing is
// logged.
func WithLogger(l *slog.Logger) Option {
	return func(c *config) error {
		if l == nil {
			return fmt.Errorf("%w: WithLogger: logger is nil", dispatch.ErrInvalidConfig)
		}
		c.log = l
		return nil
	}
}

// WithListLimit sets how many dead letters, and how many retrying
// deliveries, the page and the JSON list per source (oldest first; the
// counts say how many more there are), from 1 to MaxListLimit. The default
// is DefaultListLimit.
func WithListLimit(n int) Option {
	return func(c *config) error {
		if n < 1 || n > MaxListLimit {
			return fmt.Errorf("%w: WithListLimit: n must be from 1 to %d", dispatch.ErrInvalidConfig, MaxListLimit)
		}
		c.limit = n
		return nil
	}
}

// WithMinPurgeRetention sets the smallest retention the purge action
// accepts (DefaultMinPurgeRetention without it); it must be positive. A
// purged key no longer deduplicates, so keep it at least the senders' retry
// horizon.
func WithMinPurgeRetention(d time.Duration) Option {
	return func(c *config) error {
		if d <= 0 {
			return fmt.Errorf("%w: WithMinPurgeRetention: duration must be positive", dispatch.ErrInvalidConfig)
		}
		c.minRetention = d
		return nil
	}
}

// WithCSRFKey sets the key (at least 32 random bytes) that signs the form
// tokens. Without it each Handler draws its own key, so a token is valid
// only on the Handler (the process) that issued it: give every replica
// behind a load balancer the same key. The key is copied.
func WithCSRFKey(key []byte) Option {
	return func(c *config) error {
		if len(key) < 32 {
			return fmt.Errorf("%w: WithCSRFKey: key must be at least 32 bytes", dispatch.ErrInvalidConfig)
		}
		c.csrfKey = append([]byte(nil), key...)
		return nil
	}
}

// WithTrustedOrigin allows actions posted from origin ("https://ops.example.com",
// scheme://host[:port]) although it differs from the request's Host, as
// http.CrossOriginProtection.AddTrustedOrigin does: for a page served
// through a proxy that rewrites Host, to browsers that send no
// Sec-Fetch-Site. It may be given several times.
func WithTrustedOrigin(origin string) Option {
	return func(c *config) error {
		if err := http.NewCrossOriginProtection().AddTrustedOrigin(origin); err != nil {
			return fmt.Errorf("%w: WithTrustedOrigin: %w", dispatch.ErrInvalidConfig, err)
		}
		c.origins = append(c.origins, origin)
		return nil
	}
}

// WithUnauthorizedHandler sets what answers a request the authorize
// function refused, in place of a bare 403 Forbidden: for example a 401
// with a WWW-Authenticate header, so that a browser asks for Basic
// credentials (see the package example). It must not reveal anything
// about the inbox. The security headers are already set when it runs.
func WithUnauthorizedHandler(h http.Handler) Option {
	return func(c *config) error {
		if h == nil {
			return fmt.Errorf("%w: WithUnauthorizedHandler: handler is nil", dispatch.ErrInvalidConfig)
		}
		c.deny = h
		return nil
	}
}
