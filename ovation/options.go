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

// WithAPIKey authenticates every call with "Authorization: Bearer <key>", the API key a
// user creates under Settings → Security in Ovation. The API enforces that user's
// permissions. Required.
func WithAPIKey(key string) Option {
	return transport.BearerOption(transport.DefaultSlot, "WithAPIKey", key)
}
