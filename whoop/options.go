package whoop

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/labwire/labwire/internal/transport"
	"golang.org/x/oauth2"
)

// DefaultBaseURL is WHOOP's production API. WHOOP documents no sandbox host; its
// add-test-data route works only on non-production deployments WHOOP gives you.
const DefaultBaseURL = "https://api.prod.whoop.com/developer"

// Option configures a Client. Options validate their arguments; NewClient returns the
// first error, a *ValidationError (matching ErrValidation) whose Field is the option's name.
type Option = transport.Option

// credentialOptions fill the one credential slot of a WHOOP client.
var credentialOptions = []string{"WithClientCredentials", "WithBearerToken", "WithTokenSource"}

// WithBaseURL sets the API base URL (default DefaultBaseURL), e.g. a whooptest server's URL.
// It must be https unless the host is loopback.
func WithBaseURL(rawURL string) Option { return transport.WithBaseURL(rawURL) }

// WithClientCredentials authenticates with the Trusted Partner client-credentials flow:
// POST /v2/partner/token with a JSON body, scope "whoop-partner/token". The token is cached
// until a minute before it expires, shared by every call of the client, and refreshed once
// when WHOOP answers 401. Use one credential option only.
func WithClientCredentials(clientID, clientSecret string) Option {
	const name = "WithClientCredentials"
	switch {
	case strings.TrimSpace(clientID) == "":
		return transport.InvalidOption(name, "clientID must not be empty")
	case clientSecret == "":
		return transport.InvalidOption(name, "clientSecret must not be empty")
	}
	return transport.CredentialOption(transport.DefaultSlot, name, func(c *transport.Config) (transport.Auth, error) {
		ts, err := newTokenSource(&c.Settings, clientID, clientSecret)
		if err != nil {
			return nil, err
		}
		return transport.TokenAuth(ts), nil
	})
}

// WithBearerToken authenticates with a Trusted Partner Bearer token you obtained and renew
// yourself. A 401 is returned as ErrUnauthorized. Use one credential option only.
func WithBearerToken(token string) Option {
	return transport.BearerOption(transport.DefaultSlot, "WithBearerToken", token)
}

// WithTokenSource authenticates with tokens from ts. Pass an uncached source: the client
// caches it and forces one refresh after a 401. Use one credential option only.
func WithTokenSource(ts oauth2.TokenSource) Option {
	return transport.TokenSourceOption(transport.DefaultSlot, "WithTokenSource", ts)
}

// WithHTTPClient supplies the RoundTripper under the client's stack (proxies, mTLS, test
// mocks) and, if set, its Timeout as the per-attempt timeout. hc is not modified; its
// CheckRedirect is replaced by the client's same-origin rule.
func WithHTTPClient(hc *http.Client) Option { return transport.WithHTTPClient(hc) }

// WithMaxRetries sets how many times a failed attempt may be retried (default 2); 0
// disables retries. Writes are retried only when WHOOP cannot have processed them.
func WithMaxRetries(n int) Option { return transport.WithRetries(n) }

// WithRetryWait bounds the wait between attempts (defaults 500ms and 20s). A Retry-After
// longer than maxWait fails at once with ErrRateLimited instead of sleeping.
func WithRetryWait(minWait, maxWait time.Duration) Option {
	return transport.WithRetryWait(minWait, maxWait)
}

// WithAttemptTimeout caps one attempt, response body included (default 60s). The context
// passed to each call bounds the whole call.
func WithAttemptTimeout(d time.Duration) Option { return transport.WithAttemptTimeout(d) }

// WithMaxResponseBytes caps a response body (default 32 MiB); a longer one fails with
// ErrResponseTooLarge.
func WithMaxResponseBytes(n int64) Option { return transport.WithMaxResponseBytes(n) }

// WithLogger logs metadata of each attempt, retry and failure (vendor, operation, method,
// route template, status, attempt, duration, request id) to l. Nothing else is ever logged:
// no bodies, ids, URLs, headers or tokens. Without it the client logs nothing.
func WithLogger(l *slog.Logger) Option { return transport.WithLogger(l) }

// WithAppInfo appends "name/version" to the User-Agent.
func WithAppInfo(name, version string) Option { return transport.WithAppInfo(name, version) }

// WithMiddleware wraps every attempt (tracing, metrics). Middleware runs outside the
// credentials and never sees the Authorization header.
func WithMiddleware(m Middleware) Option { return transport.WithMiddleware(m) }

// CallInfoFromContext returns, inside a Middleware, the call of the attempt whose request
// context is ctx (req.Context()): name a span or a metric after it, never after the URL.
func CallInfoFromContext(ctx context.Context) (CallInfo, bool) {
	return transport.CallInfoFromContext(ctx)
}
