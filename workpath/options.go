package workpath

import (
	"strings"

	"github.com/labwire/labwire/internal/transport"
)

// DefaultBaseURL is the host of every route in Workpath's documentation. Workpath publishes
// no sandbox host (its order form and service ids differ between the environments it sets up
// for you, and it tells you the host): pass yours with WithBaseURL.
const DefaultBaseURL = "https://api.workpath.co"

// basicSlot is the credential slot of the HTTP Basic routes (/api-keys, /webhooks).
const basicSlot = "api-key"

// bearerOptions fill the Bearer slot; basicOptions the HTTP Basic slot.
var (
	bearerOptions = []string{"WithClientCredentials", "WithBearerToken", "WithTokenSource"}
	basicOptions  = []string{"WithAPIKeyAuth"}
)

// tokenEndpoint is POST /oauth/token, form encoded; ClientAuth is set per credential.
var tokenEndpoint = transport.TokenEndpoint{URL: "/oauth/token", Encoding: transport.FormBody}

// TokenAuthStyle says how WithClientCredentials presents the API key and password to
// POST /oauth/token. Workpath accepts both; choose explicitly.
type TokenAuthStyle int

const (
	// TokenAuthBasic sends "Authorization: Basic base64(key:password)" of the raw pair, not
	// URL-escaped first as x/oauth2's header style does (Workpath's example password
	// "SX0LGy6z!Pa~,V-!A:az" arrives unchanged).
	TokenAuthBasic TokenAuthStyle = iota + 1
	// TokenAuthBody sends client_id and client_secret in the form body.
	TokenAuthBody
)

// WithClientCredentials authenticates the Bearer routes with the client-credentials grant:
// POST /oauth/token, form encoded, grant_type=client_credentials, the API key and password
// presented as style says. The token (1800 s in Workpath's example) is cached until shortly
// before it expires, shared by every call of the client, fetched again when it runs out (no
// refresh token is involved), and fetched once more after a 401. Use one Bearer option only.
func WithClientCredentials(apiKey, apiPassword string, style TokenAuthStyle) Option {
	const name = "WithClientCredentials"
	ep := tokenEndpoint
	switch style {
	case TokenAuthBasic:
		ep.ClientAuth = transport.BasicRaw
	case TokenAuthBody:
		ep.ClientAuth = transport.InBody
	default:
		return transport.InvalidOption(name, "style must be TokenAuthBasic or TokenAuthBody")
	}
	switch {
	case strings.TrimSpace(apiKey) == "":
		return transport.InvalidOption(name, "apiKey must not be empty")
	case apiPassword == "":
		return transport.InvalidOption(name, "apiPassword must not be empty")
	}
	return transport.CredentialOption(transport.DefaultSlot, name, func(c *transport.Config) (transport.Auth, error) {
		ts, err := c.ClientCredentials(ep, apiKey, apiPassword)
		if err != nil {
			return nil, err
		}
		return transport.TokenAuth(ts), nil
	})
}

// WithAPIKeyAuth authenticates the /api-keys and /webhooks routes, which Workpath serves with
// HTTP Basic of the raw "key:password" pair, not a Bearer token.
func WithAPIKeyAuth(apiKey, apiPassword string) Option {
	return transport.BasicOption(basicSlot, "WithAPIKeyAuth", apiKey, apiPassword)
}

// withErrorDecoder reads Workpath's error messages into APIError.Message.
func withErrorDecoder(c *transport.Config) error {
	c.ErrorDecoder = decodeError
	return nil
}

func optionError(option, reason string) error {
	return &ValidationError{Vendor: vendor, Field: option, Reason: reason}
}
