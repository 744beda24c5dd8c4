package ovation

import (
	"bytes"
	"encoding/json"
	"errors"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/labwire/labwire/internal/transport"
)

// Errors, shared by every labwire vendor package. Match categories with errors.Is
// (errors.Is(err, ovation.ErrNotFound)) and details with errors.As (*ovation.APIError);
// ErrorDetailsOf reads the messages of a 422 or 406 answer.
type (
	// APIError is an Ovation answer outside 2xx. Read StatusCode, Route, RequestID,
	// Attempts and RetryAfter freely; Message (the first message Ovation gave), Body and
	// Header may echo patient data and are never part of Error().
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
	// RequestError is a call that got no usable answer (network, context, decoding).
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

// Category sentinels.
var (
	// ErrBadRequest matches a 400 answer.
	ErrBadRequest = transport.ErrBadRequest
	// ErrUnauthorized matches a 401 answer: the API key is missing, wrong, revoked, or for
	// the other environment (keys are per environment).
	ErrUnauthorized = transport.ErrUnauthorized
	// ErrForbidden matches a 403 answer.
	ErrForbidden = transport.ErrForbidden
	// ErrNotFound matches a 404 answer: an unknown id, a project template not found, or a
	// resource the key's user has no access to (Ovation answers all three the same way).
	ErrNotFound = transport.ErrNotFound
	// ErrConflict matches a 409 answer.
	ErrConflict = transport.ErrConflict
	// ErrValidation matches a 422 answer and every argument check made before sending.
	ErrValidation = transport.ErrValidation
	// ErrRateLimited matches a 429 answer and a Retry-After too long to wait for.
	ErrRateLimited = transport.ErrRateLimited
	// ErrServer matches a 5xx answer.
	ErrServer = transport.ErrServer
	// ErrOutcomeUnknown matches a POST that may have reached Ovation without a clear answer.
	// It was not retried: look the requisition up by identifier before creating it again.
	ErrOutcomeUnknown = transport.ErrOutcomeUnknown
	// ErrResponseTooLarge matches an answer longer than WithMaxResponseBytes.
	ErrResponseTooLarge = transport.ErrResponseTooLarge
	// ErrInvalidResponse matches a 2xx answer that is not the JSON the route answers: empty
	// where a body is expected, bare null, duplicate keys, invalid UTF-8, wrong types, or a
	// requisition, provider account, webhook endpoint or workflow without its id ({}).
	ErrInvalidResponse = transport.ErrInvalidResponse
	// ErrNotAcceptable matches a 406 answer: on a requisition update, an unacceptable change
	// ("Update may not change sample date received", "You don't have the right permissions
	// to change a requisition identifier, sample identifier or container ID", "Missing
	// organization time zone"). ErrorDetailsOf returns the messages.
	ErrNotAcceptable = errors.New("not acceptable")
)

// ErrorDetails are the messages of an Ovation error answer (422 validation errors, 406
// refusals). Ovation publishes no schema for them, so ErrorDetailsOf reads the shapes a
// Rails API answers: {"errors": {"field": ["message", ...]}} (nested objects flattened with
// dots: "patient.lastName"), {"errors": ["message"]}, {"error": "message"},
// {"message": "message"}, a bare field map, a JSON array or string, or a short plain-text
// body. Messages may echo submitted values: treat them as patient data.
type ErrorDetails struct {
	// Fields maps a field, as Ovation names it, to its messages.
	Fields map[string][]string
	// Messages are the messages not tied to a field, in order.
	Messages []string
}

// All returns every message: field messages first, as "field: message" in field order,
// then the others.
func (d *ErrorDetails) All() []string {
	keys := make([]string, 0, len(d.Fields))
	for k := range d.Fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var out []string
	for _, k := range keys {
		for _, m := range d.Fields[k] {
			out = append(out, k+": "+m)
		}
	}
	return append(out, d.Messages...)
}

// ErrorDetailsOf returns the messages of the *APIError in err's chain, and false when err
// holds none or its body has no message.
func ErrorDetailsOf(err error) (*ErrorDetails, bool) {
	var ae *APIError
	if !errors.As(err, &ae) {
		return nil, false
	}
	d := parseErrorDetails(ae.Body)
	if len(d.Fields) == 0 && len(d.Messages) == 0 {
		return nil, false
	}
	return d, true
}

// parseErrorDetails reads an error body; see ErrorDetails.
func parseErrorDetails(body []byte) *ErrorDetails {
	d := &ErrorDetails{}
	body = bytes.TrimSpace(body)
	if len(body) == 0 {
		return d
	}
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		// A plain-text answer: keep it when it reads like one short message, not a page.
		if s := string(body); utf8.ValidString(s) && len(s) <= 500 && !strings.ContainsAny(s, "<>\n") {
			d.Messages = append(d.Messages, s)
		}
		return d
	}
	if m, ok := v.(map[string]any); ok {
		found := false
		for _, key := range []string{"errors", "error", "message", "messages"} {
			if inner, ok := m[key]; ok {
				d.add("", inner)
				found = true
			}
		}
		if found {
			return d
		}
	}
	d.add("", v)
	return d
}

// add files v under field: strings are messages, arrays hold messages, objects name fields.
func (d *ErrorDetails) add(field string, v any) {
	switch x := v.(type) {
	case string:
		if x == "" {
			return
		}
		if field == "" {
			d.Messages = append(d.Messages, x)
			return
		}
		if d.Fields == nil {
			d.Fields = map[string][]string{}
		}
		d.Fields[field] = append(d.Fields[field], x)
	case []any:
		for _, e := range x {
			d.add(field, e)
		}
	case map[string]any:
		for k, e := range x {
			name := k
			if field != "" {
				name = field + "." + k
			}
			d.add(name, e)
		}
	}
}

// decodeErrorBody is the client's ErrorDecoder: APIError.Message is the first message.
func decodeErrorBody(body []byte) (code, message string) {
	if all := parseErrorDetails(body).All(); len(all) > 0 {
		return "", all[0]
	}
	return "", ""
}

// notAcceptable wraps a 406 answer so that it matches ErrNotAcceptable as well.
type notAcceptable struct{ *APIError }

func (e notAcceptable) Unwrap() error { return e.APIError }

func (e notAcceptable) Is(target error) bool { return target == ErrNotAcceptable }

// classify adds the categories the shared errors do not know.
func classify(err error) error {
	var ae *APIError
	if errors.As(err, &ae) && ae.StatusCode == 406 {
		return notAcceptable{ae}
	}
	return err
}
