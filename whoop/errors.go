package whoop

import "github.com/labwire/labwire/internal/transport"

// Errors, shared by every labwire vendor package. Match categories with errors.Is
// (errors.Is(err, whoop.ErrNotFound)) and details with errors.As (*whoop.APIError).
type (
	// APIError is a WHOOP answer outside 2xx. The fields a caller reads:
	//
	//   - StatusCode: the HTTP status (404, 429, 503, ...).
	//   - Message: WHOOP's sentence from its {"error": "..."} body ("Requisition not
	//     found"). It may echo patient data: never part of Error(); log it only where PHI
	//     may go.
	//   - Code: a one-word vendor code when WHOOP sent one (an OAuth error such as
	//     "invalid_client"); otherwise empty. Not part of Error().
	//   - RequestID: WHOOP's request id header, for support tickets.
	//   - RetryAfter: the server's Retry-After hint, zero when absent.
	//   - Body: the raw answer, capped at 64 KiB; may hold PHI.
	//   - Method, Route (the template, never the concrete path), Attempts, Header.
	//
	// Error() is one line: vendor, method, route template, status, attempts and request id.
	APIError = transport.APIError
	// RequestError is a call that got no usable answer: the connection failed, the context
	// ended, a token could not be obtained, or the body could not be read or decoded. The
	// fields a caller reads: Err (the cause, free of URLs and server text; errors.Is finds
	// context.Canceled, context.DeadlineExceeded, ...), Attempts, LastStatus (the status of
	// the last answer before the failure, or zero), Method and Route. It matches
	// ErrOutcomeUnknown when a write may have reached WHOOP.
	RequestError = transport.RequestError
	// ValidationError is an argument or option refused before any request was sent. Field
	// names it as you wrote it (a Go field such as "Observations[0].ValueNumeric", a
	// parameter, or an option such as "WithBaseURL"); Reason says what is wrong without the
	// value. It matches ErrValidation.
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
	// ErrInvalidResponse matches a 2xx answer that cannot be used: no body, a bare null or
	// a 204 where the call returns a value; JSON that is malformed or refused by the strict
	// checks (invalid UTF-8, duplicate or case-variant keys, trailing data); a value that
	// does not fit its field; or a requisition or service request without its id ({}). WHOOP
	// did answer 2xx, so a write it acknowledged happened (it
	// is not ErrOutcomeUnknown); the answer is not retried.
	ErrInvalidResponse = transport.ErrInvalidResponse
)
