package rupa

import (
	"github.com/labwire/labwire/internal/transport"
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

// credentialOptions fill the one credential slot of a Rupa client: a practitioner's token.
var credentialOptions = []string{"WithTokenSource", "WithBearerToken"}

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

// rupaErrors makes the transport read Rupa's error body ({"code","message","fields"}) into
// APIError.Code and Message. It is applied before the caller's options.
func rupaErrors() Option { return transport.WithErrorDecoder(decodeErrorBody) }
