package ovation

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/labwire/labwire/internal/transport"
)

// Ovation's hosts. API keys are per environment: a sandbox key gets 401 in production.
const (
	// ProductionBaseURL is the production API (UI at lab.ovation.io).
	ProductionBaseURL = "https://lab-services.ovation.io/api/v3"
	// SandboxBaseURL is the sandbox API (UI at lab-sandbox.ovation.io).
	SandboxBaseURL = "https://lab-services-sandbox.ovation.io/api/v3"
	// DefaultBaseURL is the base URL without WithEnvironment or WithBaseURL: production.
	DefaultBaseURL = ProductionBaseURL
)

// Environment is a named Ovation deployment.
type Environment string

// The documented environments. Ovation's 2022 docs also mention a "staging" environment
// without giving its host: use WithBaseURL for it.
const (
	// Production is https://lab-services.ovation.io/api/v3.
	Production Environment = "production"
	// Sandbox is https://lab-services-sandbox.ovation.io/api/v3.
	Sandbox Environment = "sandbox"
)

// BaseURL returns the environment's base URL, or "" for an unknown environment.
func (e Environment) BaseURL() string {
	switch e {
	case Production:
		return ProductionBaseURL
	case Sandbox:
		return SandboxBaseURL
	}
	return ""
}

// Option configures a Client. Options validate their arguments; NewClient returns the
// first error, a *ValidationError (matching ErrValidation) whose Field is the option's name.
type Option = transport.Option

// WithAPIKey authenticates every call with "Authorization: Bearer <key>", the API key a
// user creates under Settings → Security in Ovation. The API enforces that user's
// permissions. Required.
func WithAPIKey(key string) Option {
	return transport.BearerOption(transport.DefaultSlot, "WithAPIKey", key)
}

// WithEnvironment selects Production (the default) or Sandbox. A later WithBaseURL wins.
func WithEnvironment(env Environment) Option {
	u := env.BaseURL()
	if u == "" {
		return transport.InvalidOption("WithEnvironment", "must be Production or Sandbox")
	}
	return transport.WithBaseURL(u)
}

// WithBaseURL sets the API base URL, "/api/v3" included, e.g. an ovationtest server's URL.
// It must be https unless the host is loopback. It overrides WithEnvironment.
func WithBaseURL(rawURL string) Option { return transport.WithBaseURL(rawURL) }

// WithHTTPClient supplies the RoundTripper under the client's stack (proxies, mTLS, test
// mocks) and, if set, its Timeout as the per-attempt timeout. hc is not modified.
func WithHTTPClient(hc *http.Client) Option { return transport.WithHTTPClient(hc) }

// WithMaxRetries sets how many times a failed attempt may be retried (default 2); 0
// disables retries. A POST (create) is retried only when Ovation cannot have processed it.
func WithMaxRetries(n int) Option { return transport.WithRetries(n) }

// WithRetryWait bounds the wait between attempts (defaults 500ms and 20s). A Retry-After
// longer than maxWait fails at once with ErrRateLimited instead of sleeping.
func WithRetryWait(minWait, maxWait time.Duration) Option {
	return transport.WithRetryWait(minWait, maxWait)
}

// WithAttemptTimeout caps one attempt, response body included (default 60s). A page of
// 5000 requisitions is megabytes: on a slow link raise it rather than shrink PerPage.
func WithAttemptTimeout(d time.Duration) Option { return transport.WithAttemptTimeout(d) }

// WithMaxResponseBytes caps a response body (default 32 MiB); a longer one fails with
// ErrResponseTooLarge. Streamed list pages are capped the same way.
func WithMaxResponseBytes(n int64) Option { return transport.WithMaxResponseBytes(n) }

// WithLogger logs metadata of each attempt, retry and failure (vendor, operation, method,
// route template, status, attempt, duration, request id) to l. Nothing else is ever logged:
// no bodies, ids, URLs, query strings, headers or keys. Without it the client logs nothing.
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
