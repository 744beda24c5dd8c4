package whoop

import (
	"errors"
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
// first error.
type Option func(*options) error

type options struct {
	transport.Settings
	clientID, clientSecret string
	bearer                 string
	tokenSource            oauth2.TokenSource
}

// WithBaseURL sets the API base URL (default DefaultBaseURL), e.g. a whooptest server's URL.
// It must be https unless the host is loopback.
func WithBaseURL(rawURL string) Option {
	return func(o *options) error {
		if _, err := transport.ParseBaseURL(rawURL); err != nil {
			return errors.New("whoop: WithBaseURL: " + err.Error())
		}
		o.BaseURL = rawURL
		return nil
	}
}

// WithClientCredentials authenticates with the Trusted Partner client-credentials flow:
// POST /v2/partner/token with a JSON body, scope "whoop-partner/token". The token is cached
// until a minute before it expires, shared by every call of the client, and refreshed once
// when WHOOP answers 401.
func WithClientCredentials(clientID, clientSecret string) Option {
	return func(o *options) error {
		if strings.TrimSpace(clientID) == "" {
			return &ValidationError{Vendor: vendor, Field: "clientID", Reason: "must not be empty"}
		}
		if clientSecret == "" {
			return &ValidationError{Vendor: vendor, Field: "clientSecret", Reason: "must not be empty"}
		}
		o.clientID, o.clientSecret = clientID, clientSecret
		return nil
	}
}

// WithBearerToken authenticates with a Trusted Partner Bearer token you obtained and renew
// yourself. A 401 is returned as ErrUnauthorized.
func WithBearerToken(token string) Option {
	return func(o *options) error {
		if strings.TrimSpace(token) == "" {
			return &ValidationError{Vendor: vendor, Field: "token", Reason: "must not be empty"}
		}
		o.bearer = token
		return nil
	}
}

// WithTokenSource authenticates with tokens from ts. Pass an uncached source: the client
// caches it and forces one refresh after a 401.
func WithTokenSource(ts oauth2.TokenSource) Option {
	return func(o *options) error {
		if ts == nil {
			return &ValidationError{Vendor: vendor, Field: "tokenSource", Reason: "must not be nil"}
		}
		o.tokenSource = ts
		return nil
	}
}

// WithHTTPClient supplies the RoundTripper under the client's stack (proxies, mTLS, test
// mocks) and, if set, its Timeout as the per-attempt timeout. hc is not modified; its
// CheckRedirect is replaced by the client's same-origin rule.
func WithHTTPClient(hc *http.Client) Option {
	return func(o *options) error {
		if hc == nil {
			return &ValidationError{Vendor: vendor, Field: "httpClient", Reason: "must not be nil"}
		}
		o.HTTPClient = hc
		return nil
	}
}

// WithMaxRetries sets how many times a failed attempt may be retried (default 2); 0
// disables retries. Writes are retried only when WHOOP cannot have processed them.
func WithMaxRetries(n int) Option {
	return func(o *options) error {
		switch {
		case n < 0:
			return &ValidationError{Vendor: vendor, Field: "maxRetries", Reason: "must not be negative"}
		case n == 0:
			o.MaxRetries = transport.NoRetries
		default:
			o.MaxRetries = n
		}
		return nil
	}
}

// WithRetryWait bounds the wait between attempts (defaults 500ms and 20s). A Retry-After
// longer than maxWait fails at once with ErrRateLimited instead of sleeping.
func WithRetryWait(minWait, maxWait time.Duration) Option {
	return func(o *options) error {
		if minWait <= 0 || maxWait < minWait {
			return &ValidationError{Vendor: vendor, Field: "retryWait", Reason: "need 0 < min <= max"}
		}
		o.RetryWaitMin, o.RetryWaitMax = minWait, maxWait
		return nil
	}
}

// WithAttemptTimeout caps one attempt, response body included (default 60s). The context
// passed to each call bounds the whole call.
func WithAttemptTimeout(d time.Duration) Option {
	return func(o *options) error {
		if d <= 0 {
			return &ValidationError{Vendor: vendor, Field: "attemptTimeout", Reason: "must be positive"}
		}
		o.AttemptTimeout = d
		return nil
	}
}

// WithMaxResponseBytes caps a response body (default 32 MiB); a longer one fails with
// ErrResponseTooLarge.
func WithMaxResponseBytes(n int64) Option {
	return func(o *options) error {
		if n <= 0 {
			return &ValidationError{Vendor: vendor, Field: "maxResponseBytes", Reason: "must be positive"}
		}
		o.MaxResponseBytes = n
		return nil
	}
}

// WithLogger logs metadata of each attempt, retry and failure (vendor, operation, method,
// route template, status, attempt, duration, request id) to l. Nothing else is ever logged:
// no bodies, ids, URLs, headers or tokens. Without it the client logs nothing.
func WithLogger(l *slog.Logger) Option {
	return func(o *options) error {
		o.Logger = l
		return nil
	}
}

// WithAppInfo appends "name/version" to the User-Agent.
func WithAppInfo(name, version string) Option {
	return func(o *options) error {
		if name == "" || strings.ContainsAny(name+version, " /\r\n") {
			return &ValidationError{Vendor: vendor, Field: "appInfo", Reason: "name and version must be single tokens"}
		}
		o.AppInfo = name
		if version != "" {
			o.AppInfo += "/" + version
		}
		return nil
	}
}

// WithMiddleware wraps every attempt (tracing, metrics). Middleware runs outside the
// credentials and never sees the Authorization header.
func WithMiddleware(m Middleware) Option {
	return func(o *options) error {
		if m == nil {
			return &ValidationError{Vendor: vendor, Field: "middleware", Reason: "must not be nil"}
		}
		o.Middleware = append(o.Middleware, m)
		return nil
	}
}
