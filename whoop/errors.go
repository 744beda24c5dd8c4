package whoop

import "github.com/labwire/labwire/internal/transport"

// Errors, shared by every labwire vendor package. Match categories with errors.Is
// (errors.Is(err, whoop.ErrNotFound)) and details with errors.As (*whoop.APIError).
type (
	// APIError is a WHOOP answer outside 2xx. Its Error text never holds the body, WHOOP's
	// message, the URL or any header: read Body and Message only where PHI may go.
	APIError = transport.APIError
	// RequestError is a call that got no usable answer (network, context, token, decoding).
	RequestError = transport.RequestError
	// ValidationError is an argument refused before any request was sent; Field names it.
	ValidationError = transport.ValidationError
)

// Category sentinels; see the transport documentation in each error type.
var (
	// ErrBadRequest matches a 400 answer.
	ErrBadRequest = transport.ErrBadRequest
	// ErrUnauthorized matches a 401 answer (after one refresh of the token) and a token
	// endpoint that refused the credentials (400 or 401). An outage of the token endpoint
	// matches ErrServer or ErrRateLimited instead.
	ErrUnauthorized = transport.ErrUnauthorized
	// ErrForbidden matches a 403 answer.
	ErrForbidden = transport.ErrForbidden
	// ErrNotFound matches a 404 answer: an unknown id, or a requisition your partner account
	// does not own (WHOOP answers both the same way).
	ErrNotFound = transport.ErrNotFound
	// ErrConflict matches a 409 answer.
	ErrConflict = transport.ErrConflict
	// ErrValidation matches a 422 answer and every argument check made before sending.
	ErrValidation = transport.ErrValidation
	// ErrRateLimited matches a 429 answer and a Retry-After too long to wait for.
	ErrRateLimited = transport.ErrRateLimited
	// ErrServer matches a 5xx answer.
	ErrServer = transport.ErrServer
	// ErrOutcomeUnknown matches a write that may have reached WHOOP but got no clear answer
	// (connection lost after sending, or 5xx). It was not retried: read the resource back
	// before writing again. Submitting results twice may create two reports.
	ErrOutcomeUnknown = transport.ErrOutcomeUnknown
	// ErrResponseTooLarge matches an answer longer than WithMaxResponseBytes.
	ErrResponseTooLarge = transport.ErrResponseTooLarge
)
