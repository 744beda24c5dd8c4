package rupa

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/labwire/labwire/internal/transport"
	"golang.org/x/oauth2"
)

// Rupa's API hosts (from rupa-js, Rupa's official browser library).
const (
	// ProductionBaseURL is Rupa's production API, the default.
	ProductionBaseURL = "https://api.rupahealth.com"
	// SandboxBaseURL is Rupa's sandbox API; see WithEnvironment.
	SandboxBaseURL = "https://api-sandbox.rupahealth.com"
	// DefaultBaseURL is the base URL without WithEnvironment or WithBaseURL: production.
	DefaultBaseURL = ProductionBaseURL
)

// Environment is a named Rupa deployment.
type Environment string

// Rupa's environments.
const (
	// Production is https://api.rupahealth.com.
	Production Environment = "production"
	// Sandbox is https://api-sandbox.rupahealth.com.
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

// credentialOptions fill the one credential slot of a Rupa client: a practitioner's token.
var credentialOptions = []string{"WithTokenSource", "WithBearerToken"}

// WithBaseURL sets the API base URL (default ProductionBaseURL), e.g. a rupatest server's
// URL. It must be https unless the host is loopback.
func WithBaseURL(rawURL string) Option { return transport.WithBaseURL(rawURL) }

// WithEnvironment selects Production (the default) or Sandbox. A later WithBaseURL wins.
// Rupa does not say whether the sandbox has its own authorize or token host;
// AuthCodeFlowConfig takes both explicitly.
func WithEnvironment(env Environment) Option {
	u := env.BaseURL()
	if u == "" {
		return transport.InvalidOption("WithEnvironment", "must be Production or Sandbox")
	}
	return transport.WithBaseURL(u)
}

// WithTokenSource authenticates as a practitioner with tokens from ts, typically
// AuthCodeFlow.TokenSource (authorization code, refreshed through golang.org/x/oauth2). Pass an
// uncached source: the client caches it and forces one refresh after a 401. Use one
// credential option only.
func WithTokenSource(ts oauth2.TokenSource) Option {
	return transport.TokenSourceOption(transport.DefaultSlot, "WithTokenSource", ts)
}

// WithBearerToken authenticates with a practitioner's access token you renew yourself. A
// 401 is returned as ErrUnauthorized. Use one credential option only.
func WithBearerToken(token string) Option {
	return transport.BearerOption(transport.DefaultSlot, "WithBearerToken", token)
}

// WithHTTPClient supplies the RoundTripper under the client's stack (proxies, mTLS, test
// mocks) and, if set, its Timeout as the per-attempt timeout. hc is not modified.
func WithHTTPClient(hc *http.Client) Option { return transport.WithHTTPClient(hc) }

// WithMaxRetries sets how many times a failed attempt may be retried (default 2); 0
// disables retries. Creating an order intent is retried only when Rupa cannot have
// processed it.
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

// rupaErrors makes the transport read Rupa's error body ({"code","message","fields"}) into
// APIError.Code and Message. It is applied before the caller's options.
func rupaErrors() Option { return transport.WithErrorDecoder(decodeErrorBody) }
