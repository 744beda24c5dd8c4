package whoop

import (
	"strings"

	"github.com/labwire/labwire/internal/transport"
)

// DefaultBaseURL is WHOOP's production API. WHOOP documents no sandbox host; its
// add-test-data route works only on non-production deployments WHOOP gives you.
const DefaultBaseURL = "https://api.prod.whoop.com/developer"

// credentialOptions fill the one credential slot of a WHOOP client.
var credentialOptions = []string{"WithClientCredentials", "WithBearerToken", "WithTokenSource"}

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
