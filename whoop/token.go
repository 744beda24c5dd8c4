package whoop

import (
	"github.com/labwire/labwire/internal/transport"
)

// tokenEndpoint is WHOOP's Trusted Partner token endpoint: POST /v2/partner/token under the
// base URL, a JSON body (not RFC 6749 form encoding) with client_id and client_secret in it,
// and the flow's only scope.
var tokenEndpoint = transport.TokenEndpoint{
	URL:        "/v2/partner/token",
	Encoding:   transport.JSONBody,
	ClientAuth: transport.InBody,
	Extra:      map[string]string{"scope": "whoop-partner/token"},
}

// newTokenSource returns the cached client-credentials source of a client configured by s.
func newTokenSource(s *transport.Settings, clientID, clientSecret string) (*transport.CachedTokenSource, error) {
	return s.ClientCredentials(tokenEndpoint, clientID, clientSecret)
}
