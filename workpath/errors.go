package workpath

import (
	"bytes"
	"encoding/json"
	"unicode/utf8"

	"github.com/labwire/labwire/internal/transport"
)

// Errors, shared by every labwire vendor package. Match categories with errors.Is
// (errors.Is(err, workpath.ErrNotFound)) and details with errors.As (*workpath.APIError).
type (
	// APIError is a Workpath answer outside 2xx. Read StatusCode, Message (Workpath's message,
	// e.g. "Patient DOB needs to be in the format MMDDYYYY." — it may echo patient data),
	// RequestID, RetryAfter and Body. Its Error text never holds the body, the message, the
	// URL or a header.
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
	// RequestError is a call that got no usable answer (network, context, token, decoding).
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
	// ValidationError is an argument refused before any request was sent; Field names it.
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

// Category sentinels. Workpath's codes map onto them as follows.
var (
	// ErrBadRequest matches a 400 answer: "[FIELD NAME] missing from payload." or one of
	// Workpath's validation messages (in APIError.Message).
	ErrBadRequest = transport.ErrBadRequest
	// ErrUnauthorized matches a 401 answer (an invalid or expired token, after one refresh
	// when the client fetches its own tokens) and a failure to obtain a token.
	ErrUnauthorized = transport.ErrUnauthorized
	// ErrForbidden matches a 403 answer, which Workpath documents both as "Invalid
	// credentials." and as invalid permissions (e.g. a missing "Update appointment details").
	ErrForbidden = transport.ErrForbidden
	// ErrNotFound matches a 404 answer.
	ErrNotFound = transport.ErrNotFound
	// ErrConflict matches a 409 answer: the request conflicts with another request.
	ErrConflict = transport.ErrConflict
	// ErrValidation matches every argument check made before sending (and a 422 answer,
	// which Workpath does not document).
	ErrValidation = transport.ErrValidation
	// ErrRateLimited matches a 429 answer and a Retry-After too long to wait for.
	ErrRateLimited = transport.ErrRateLimited
	// ErrServer matches a 5xx answer.
	ErrServer = transport.ErrServer
	// ErrOutcomeUnknown matches a write that may have reached Workpath but got no clear
	// answer. It was not retried: read the resource back before writing again.
	ErrOutcomeUnknown = transport.ErrOutcomeUnknown
	// ErrResponseTooLarge matches an answer longer than the response cap.
	ErrResponseTooLarge = transport.ErrResponseTooLarge
	// ErrInvalidResponse matches a 2xx answer that should hold an object but is empty, null
	// or not the JSON expected, and an object without its id ({}) where the call returns one
	// resource (a create answered neither the object nor a request id included). Writes whose answer Workpath does not document (cancel, tags,
	// data, deletes) accept any answer, an empty one included.
	ErrInvalidResponse = transport.ErrInvalidResponse
)

// StatusRequestFailed is Workpath's 402 "Request Failed": the parameters were valid but the
// request failed. It has no sentinel; check APIError.StatusCode.
const StatusRequestFailed = 402

// decodeError reads Workpath's error body, whose shape Workpath does not document: the
// message is taken from "message", "error" (a string), "error_description" or "detail", or the
// first string of an "errors" array; a short plain-text body is the message itself. A code
// is taken from "code" or "error_code".
func decodeError(body []byte) (code, message string) {
	body = bytes.TrimSpace(body)
	if len(body) == 0 {
		return "", ""
	}
	if body[0] != '{' {
		if body[0] != '[' && body[0] != '<' && utf8.Valid(body) && len(body) <= 512 {
			return "", string(body)
		}
		return "", ""
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(body, &m) != nil {
		return "", ""
	}
	str := func(keys ...string) string {
		for _, k := range keys {
			var s string
			if raw, ok := m[k]; ok && json.Unmarshal(raw, &s) == nil && s != "" {
				return s
			}
		}
		return ""
	}
	message = str("message", "error", "error_description", "detail")
	if message == "" {
		var list []string
		if raw, ok := m["errors"]; ok && json.Unmarshal(raw, &list) == nil && len(list) > 0 {
			message = list[0]
		}
	}
	return str("code", "error_code"), message
}
