package rupa

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"

	"github.com/labwire/labwire/internal/transport"
)

// Errors, shared by every labwire vendor package. Match categories with errors.Is
// (errors.Is(err, rupa.ErrNotFound)) and details with errors.As (*rupa.APIError).
type (
	// APIError is a Rupa answer outside 2xx. Read StatusCode, Code (Rupa's code, e.g.
	// ErrorCodeValidation), RequestID, RetryAfter and Attempts freely. Message and Body may
	// echo patient data and are never part of Error(); ErrorDetailsOf returns the field
	// messages of a validation error.
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

// Category sentinels; see the transport documentation in each error type.
var (
	// ErrBadRequest matches a 400 answer.
	ErrBadRequest = transport.ErrBadRequest
	// ErrUnauthorized matches a 401 answer (after one refresh of the token) and a failure to
	// obtain a token.
	ErrUnauthorized = transport.ErrUnauthorized
	// ErrForbidden matches a 403 answer.
	ErrForbidden = transport.ErrForbidden
	// ErrNotFound matches a 404 answer.
	ErrNotFound = transport.ErrNotFound
	// ErrConflict matches a 409 answer.
	ErrConflict = transport.ErrConflict
	// ErrValidation matches a 422 answer and every argument check made before sending.
	// Rupa's validation errors may come as 400 (match ErrBadRequest, or read
	// ErrorDetails.Code).
	ErrValidation = transport.ErrValidation
	// ErrRateLimited matches a 429 answer and a Retry-After too long to wait for.
	ErrRateLimited = transport.ErrRateLimited
	// ErrServer matches a 5xx answer.
	ErrServer = transport.ErrServer
	// ErrOutcomeUnknown matches a write that may have reached Rupa but got no clear answer.
	// It was not retried: an order intent may or may not exist.
	ErrOutcomeUnknown = transport.ErrOutcomeUnknown
	// ErrResponseTooLarge matches an answer longer than WithMaxResponseBytes.
	ErrResponseTooLarge = transport.ErrResponseTooLarge
	// ErrInvalidResponse matches a 2xx answer the call cannot use, such as an empty body
	// where an order intent was expected, or an order intent without its id ({}).
	ErrInvalidResponse = transport.ErrInvalidResponse
)

// The error codes of Rupa's error body, from rupa-js. RupaUnknownError and RupaClientError
// are made up by rupa-js on the client side and not listed.
const (
	ErrorCodeValidation       = "RupaValidationError"
	ErrorCodeNotFound         = "RupaNotFoundError"
	ErrorCodePermissionDenied = "RupaPermissionDeniedError"
	ErrorCodeNotAuthenticated = "RupaNotAuthenticatedError"
)

// ErrorDetails is Rupa's error body: {"code": "...", "message": "...", "fields": {"<field>":
// ["msg", ...]}}, where fields comes with RupaValidationError. Message and the field
// messages may echo what was sent (patient data): show them to the practitioner, do not log
// them.
type ErrorDetails struct {
	// Code is Rupa's error code, e.g. ErrorCodeValidation.
	Code string `json:"code" phi:"token"`
	// Message is Rupa's human-readable message.
	Message string `json:"message"`
	// Fields maps a request field (e.g. "patient_data.email", as Rupa names it) to its
	// messages.
	Fields map[string][]string `json:"fields"`
}

// ErrorDetailsOf returns the Rupa error body of err, an *APIError (or an error wrapping one),
// with ok false when err is not one or its body is not Rupa's error JSON. It also reads a
// JSON:API {"errors": [...]} body, whose form Rupa does not rule out for its JSON:API
// routes: each error's detail (or title) becomes a message of the field its
// source.pointer names.
func ErrorDetailsOf(err error) (d *ErrorDetails, ok bool) {
	var ae *APIError
	if !errors.As(err, &ae) || len(bytes.TrimSpace(ae.Body)) == 0 {
		return nil, false
	}
	return parseErrorBody(ae.Body)
}

func parseErrorBody(body []byte) (*ErrorDetails, bool) {
	var w struct {
		ErrorDetails
		Errors []struct {
			Code   string `json:"code"`
			Title  string `json:"title"`
			Detail string `json:"detail"`
			Source *struct {
				Pointer   string `json:"pointer"`
				Parameter string `json:"parameter"`
			} `json:"source"`
		} `json:"errors"`
	}
	if err := json.Unmarshal(body, &w); err != nil {
		return nil, false
	}
	d := w.ErrorDetails
	for _, e := range w.Errors {
		msg := e.Detail
		if msg == "" {
			msg = e.Title
		}
		if d.Code == "" {
			d.Code = e.Code
		}
		if d.Message == "" {
			d.Message = msg
		}
		if e.Source == nil {
			continue
		}
		field := e.Source.Parameter
		if p := e.Source.Pointer; p != "" {
			p = strings.TrimPrefix(p, "/data")
			p = strings.TrimPrefix(p, "/attributes")
			field = strings.ReplaceAll(strings.TrimPrefix(p, "/"), "/", ".")
		}
		if field == "" {
			continue
		}
		if d.Fields == nil {
			d.Fields = make(map[string][]string)
		}
		d.Fields[field] = append(d.Fields[field], msg)
	}
	if d.Code == "" && d.Message == "" && len(d.Fields) == 0 {
		return nil, false
	}
	return &d, true
}

// decodeErrorBody is the transport's ErrorDecoder for Rupa: APIError.Code and Message.
func decodeErrorBody(body []byte) (code, message string) {
	d, ok := parseErrorBody(body)
	if !ok {
		return "", ""
	}
	return d.Code, d.Message
}
