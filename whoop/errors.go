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
	//
	// Fields of transport.APIError (go generate writes this list from its source):
	//
	//   - Vendor string: Vendor is the vendor package that made the call, e.g. "whoop".
	//   - Method string: Method is the HTTP method of the request.
	//   - Route string: Route is the route template, e.g. "/v2/partner/requisition/{id}"; never the
	//     concrete path.
	//   - StatusCode int: StatusCode is the HTTP status of the last attempt.
	//   - Code string: Code is the vendor's machine-readable error code when the body had one that
	//     looks like a code (letters, digits, '_', '-', '.'); otherwise empty.
	//   - Message string: Message is the vendor's human-readable message.
	//   - RequestID string: RequestID is the vendor's request id header, when sent, bounded to
	//     MaxRequestIDLen bytes of a safe charset (SafeToken); Header holds it as sent.
	//   - RetryAfter time.Duration: RetryAfter is the server's Retry-After hint, zero when absent.
	//   - Attempts int: Attempts is how many attempts the call made, retries included.
	//   - Header http.Header: Header is the response header of the last attempt.
	//   - Body []byte: Body is the response body of the last attempt, capped at 64 KiB.
	//
	// Methods:
	//
	//   - Error() string: Error returns a one-line summary without body, message, URL or header
	//     values.
	//   - GoString() string: GoString keeps %#v as safe as Error: the fields that may hold PHI
	//     (Message, Body, Header) are not printed.
	//   - Is(target error) bool: Is reports whether target is the category of this error.
	APIError = transport.APIError
	// RequestError is a call that got no usable answer: the connection failed, the context
	// ended, a token could not be obtained, or the body could not be read or decoded. The
	// fields a caller reads: Err (the cause, free of URLs and server text; errors.Is finds
	// context.Canceled, context.DeadlineExceeded, ...), Attempts, LastStatus (the status of
	// the last answer before the failure, or zero), Method and Route. It matches
	// ErrOutcomeUnknown when a write may have reached WHOOP.
	//
	// Fields of transport.RequestError (go generate writes this list from its source):
	//
	//   - Vendor string: Vendor is the vendor package that made the call.
	//   - Method string: Method is the HTTP method of the request.
	//   - Route string: Route is the route template; never the concrete path.
	//   - Attempts int: Attempts is how many attempts the call made.
	//   - LastStatus int: LastStatus is the status of the last answer received before the failure, or
	//     zero.
	//   - Err error: Err is the cause, with any URL stripped.
	//
	// Methods:
	//
	//   - Error() string: Error returns a one-line summary of the failure.
	//   - GoString() string: GoString keeps %#v as safe as Error: the cause's internals are not
	//     printed.
	//   - Is(target error) bool: Is matches ErrOutcomeUnknown when the request may have reached the
	//     server, and the category of the cause where it has one.
	//   - Unwrap() error: Unwrap returns the cause.
	RequestError = transport.RequestError
	// ValidationError is an argument or option refused before any request was sent. Field
	// names it as you wrote it (a Go field such as "Observations[0].ValueNumeric", a
	// parameter, or an option such as "WithBaseURL"); Reason says what is wrong without the
	// value. It matches ErrValidation.
	//
	// Fields of transport.ValidationError (go generate writes this list from its source):
	//
	//   - Vendor string: Vendor is the vendor package that checked the argument.
	//   - Field string: Field names the offending field, e.g. "id" or "Observations[2].ValueNumeric".
	//   - Reason string: Reason says what is wrong, without the value.
	//
	// Methods:
	//
	//   - Error() string: Error returns "vendor: invalid Field: Reason".
	//   - GoString() string: GoString prints the same text as Error.
	//   - Is(target error) bool: Is reports whether target is ErrValidation.
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
