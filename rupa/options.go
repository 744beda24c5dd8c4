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

// credentialOptions fill the one credential slot of a Rupa client: a practitioner's token.
var credentialOptions = []string{"WithTokenSource", "WithBearerToken"}

// rupaErrors makes the transport read Rupa's error body ({"code","message","fields"}) into
// APIError.Code and Message. It is applied before the caller's options.
func rupaErrors() Option { return transport.WithErrorDecoder(decodeErrorBody) }
