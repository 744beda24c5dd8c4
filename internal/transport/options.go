package transport

import (
	"log/slog"
	"net/http"
	"strings"
	"time"
)

// Config is what a vendor client's options configure: the shared Settings and the
// credential slots. Vendor packages never build one by hand; NewFromOptions does.
type Config struct {
	Settings

	slots map[string]*credential // filled slots, by slot name
	order []string               // slot names in the order they were filled
	auths map[string]Auth        // built credentials, by slot name (after NewFromOptions)
}

// credential is one filled slot: the option that filled it and how to build its Auth.
type credential struct {
	option string
	build  func(c *Config) (Auth, error)
}

// Option configures a Config. It validates its arguments and returns a *ValidationError
// naming itself. Vendor packages alias it (type Option = transport.Option) and wrap each
// setting in a documented one-line function.
type Option func(*Config) error

// optMaxRetries is the vendor-facing name of WithRetries.
const optMaxRetries = "WithMaxRetries"

// invalid returns the configuration error of option: a *ValidationError whose Field is the
// option's name, matching ErrValidation.
func (c *Config) invalid(option, reason string) error {
	return &ValidationError{Vendor: c.Vendor, Field: option, Reason: reason}
}

// WithBaseURL sets the vendor base URL; see ParseBaseURL for what is accepted. The error
// never echoes the URL.
func WithBaseURL(raw string) Option {
	return func(c *Config) error {
		if _, err := ParseBaseURL(raw); err != nil {
			return c.invalid("WithBaseURL", err.Error())
		}
		c.BaseURL = raw
		return nil
	}
}

// WithHTTPClient supplies the RoundTripper under the stack and, if set, its Timeout as the
// per-attempt timeout. hc is never modified.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *Config) error {
		if hc == nil {
			return c.invalid("WithHTTPClient", "must not be nil")
		}
		c.HTTPClient = hc
		return nil
	}
}

// WithRetries sets how many times a failed attempt may be retried; 0 disables retries.
// Vendor packages expose it as WithMaxRetries (the name transport's RequestOption for one
// call already has).
func WithRetries(n int) Option {
	return func(c *Config) error {
		switch {
		case n < 0:
			return c.invalid(optMaxRetries, "must not be negative")
		case n == 0:
			c.MaxRetries = NoRetries
		default:
			c.MaxRetries = n
		}
		return nil
	}
}

// WithRetryWait bounds the wait between attempts; it needs 0 < minWait <= maxWait.
func WithRetryWait(minWait, maxWait time.Duration) Option {
	return func(c *Config) error {
		if minWait <= 0 || maxWait < minWait {
			return c.invalid("WithRetryWait", "need 0 < min <= max")
		}
		c.RetryWaitMin, c.RetryWaitMax = minWait, maxWait
		return nil
	}
}

// WithAttemptTimeout caps one attempt, response body included; d must be positive.
func WithAttemptTimeout(d time.Duration) Option {
	return func(c *Config) error {
		if d <= 0 {
			return c.invalid("WithAttemptTimeout", "must be positive")
		}
		c.AttemptTimeout = d
		return nil
	}
}

// WithMaxResponseBytes caps a response body; n must be positive.
func WithMaxResponseBytes(n int64) Option {
	return func(c *Config) error {
		if n <= 0 {
			return c.invalid("WithMaxResponseBytes", "must be positive")
		}
		c.MaxResponseBytes = n
		return nil
	}
}

// WithLogger sends metadata-only records to l; nil logs nothing, as without the option.
func WithLogger(l *slog.Logger) Option {
	return func(c *Config) error {
		c.Logger = l
		return nil
	}
}

// WithAppInfo appends "name/version" (or "name" when version is empty) to the User-Agent.
// Both must be single tokens: no spaces, slashes or line breaks.
func WithAppInfo(name, version string) Option {
	return func(c *Config) error {
		if name == "" || strings.ContainsAny(name+version, " /\t\r\n") {
			return c.invalid("WithAppInfo", "name and version must be single tokens")
		}
		c.AppInfo = name
		if version != "" {
			c.AppInfo += "/" + version
		}
		return nil
	}
}

// WithMiddleware wraps every attempt, in the order the options are given (first outermost).
func WithMiddleware(m Middleware) Option {
	return func(c *Config) error {
		if m == nil {
			return c.invalid("WithMiddleware", "must not be nil")
		}
		c.Middleware = append(c.Middleware, m)
		return nil
	}
}

// WithErrorDecoder sets how the vendor's error bodies are read into APIError.Code and
// Message. It is for vendor packages, which put it before the user's options; it is not a
// user option.
func WithErrorDecoder(dec func(body []byte) (code, message string)) Option {
	return func(c *Config) error {
		c.ErrorDecoder = dec
		return nil
	}
}
