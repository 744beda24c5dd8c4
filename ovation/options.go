package ovation

import (
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
