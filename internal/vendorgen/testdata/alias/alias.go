package alias

import "github.com/labwire/labwire/internal/transport"

// APIError is hand-written prose that aliasdoc keeps.
type APIError = transport.APIError
