package transport

import (
	"context"
	"errors"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Category sentinels. Match them with errors.Is; an *APIError, a *ValidationError or a
// *RequestError matches the categories that apply to it. They carry no data: use errors.As
// with the concrete types for status, route, request id or the offending field.
var (
	// ErrBadRequest matches a 400 answer.
	ErrBadRequest = errors.New("bad request")
	// ErrUnauthorized matches a 401 answer, and a token endpoint's rejection of the
	// credentials (a 400 or 401, or an OAuth invalid_client, invalid_grant or
	// unauthorized_client error); a token endpoint outage keeps its own category.
	ErrUnauthorized = errors.New("unauthorized")
	// ErrForbidden matches a 403 answer.
	ErrForbidden = errors.New("forbidden")
	// ErrNotFound matches a 404 answer.
	ErrNotFound = errors.New("not found")
	// ErrConflict matches a 409 answer.
	ErrConflict = errors.New("conflict")
	// ErrValidation matches a 422 answer and every argument check made before a request is sent.
	ErrValidation = errors.New("validation failed")
	// ErrRateLimited matches a 429 answer, and a retry given up because the server's
	// Retry-After was longer than the maximum wait or than the time left in the context.
	ErrRateLimited = errors.New("rate limited")
	// ErrServer matches a 5xx answer.
	ErrServer = errors.New("server error")
	// ErrOutcomeUnknown matches a failed write (POST or PATCH) that may have reached the server:
	// the connection broke after the request was sent, or the server answered 5xx. The write was
	// not retried, so it happened at most once; look the resource up before writing it again.
	ErrOutcomeUnknown = errors.New("outcome unknown")
	// ErrResponseTooLarge matches a response body longer than the configured cap.
	ErrResponseTooLarge = errors.New("response too large")
)

// maxErrorBody caps the bytes of an error answer kept on an APIError.
const maxErrorBody = 64 << 10

// APIError is an answer from the vendor with a status outside 2xx. Its Error text names the
// vendor, method, route template, status, attempts and request id, and nothing else: the body,
// the vendor's message and code, the concrete URL and every header may hold patient data or
// secrets (a vendor "error" field can echo a value), so they are kept in fields and never
// printed.
type APIError struct {
	// Vendor is the vendor package that made the call, e.g. "whoop".
	Vendor string
	// Method is the HTTP method of the request.
	Method string
	// Route is the route template, e.g. "/v2/partner/requisition/{id}"; never the concrete path.
	Route string
	// StatusCode is the HTTP status of the last attempt.
	StatusCode int
	// Code is the vendor's machine-readable error code when the body had one that looks like a
	// code (letters, digits, '_', '-', '.'); otherwise empty. It is not part of Error(): a
	// vendor may put a value where a code belongs.
	Code string
	// Message is the vendor's human-readable message. It may echo patient data: it is never
	// part of Error(); log it only where PHI may go.
	Message string
	// RequestID is the vendor's request id header, when sent, bounded to MaxRequestIDLen
	// bytes of a safe charset (SafeToken); Header holds it as sent.
	RequestID string
	// RetryAfter is the server's Retry-After hint, zero when absent.
	RetryAfter time.Duration
	// Attempts is how many attempts the call made, retries included.
	Attempts int
	// Header is the response header of the last attempt.
	Header http.Header
	// Body is the response body of the last attempt, capped at 64 KiB. It may hold PHI.
	Body []byte

	rateLimited    bool // gave up on a Retry-After that could not be honoured
	outcomeUnknown bool // a non-idempotent request may have been processed
}

// Error returns a one-line summary without body, message, URL or header values.
func (e *APIError) Error() string {
	var b strings.Builder
	b.WriteString(e.Vendor)
	b.WriteString(": ")
	b.WriteString(e.Method)
	b.WriteByte(' ')
	b.WriteString(e.Route)
	b.WriteString(": ")
	b.WriteString(strconv.Itoa(e.StatusCode))
	if t := http.StatusText(e.StatusCode); t != "" {
		b.WriteByte(' ')
		b.WriteString(strings.ToLower(t))
	}
	if isRedirect(e.StatusCode) {
		b.WriteString("; redirect not followed")
	}
	if e.rateLimited {
		b.WriteString("; retry-after ")
		b.WriteString(e.RetryAfter.String())
		b.WriteString(" exceeds the allowed wait")
	}
	writeOutcome(&b, e.outcomeUnknown, e.Attempts)
	if e.RequestID != "" {
		b.WriteString(" [request-id ")
		b.WriteString(e.RequestID)
		b.WriteByte(']')
	}
	return b.String()
}

// Is reports whether target is the category of this error. It compares categories only.
func (e *APIError) Is(target error) bool {
	switch target {
	case ErrBadRequest:
		return e.StatusCode == http.StatusBadRequest
	case ErrUnauthorized:
		return e.StatusCode == http.StatusUnauthorized
	case ErrForbidden:
		return e.StatusCode == http.StatusForbidden
	case ErrNotFound:
		return e.StatusCode == http.StatusNotFound
	case ErrConflict:
		return e.StatusCode == http.StatusConflict
	case ErrValidation:
		return e.StatusCode == http.StatusUnprocessableEntity
	case ErrRateLimited:
		return e.StatusCode == http.StatusTooManyRequests || e.rateLimited
	case ErrServer:
		return e.StatusCode >= 500 && e.StatusCode <= 599
	case ErrOutcomeUnknown:
		return e.outcomeUnknown
	}
	return false
}

// ValidationError reports an argument rejected before any request was sent. It matches
// ErrValidation. Field names the offending field as the caller wrote it (Go field or
// parameter name, with an index for list elements); the value is never included.
type ValidationError struct {
	// Vendor is the vendor package that checked the argument.
	Vendor string
	// Field names the offending field, e.g. "id" or "Observations[2].ValueNumeric".
	Field string
	// Reason says what is wrong, without the value.
	Reason string
}

// Error returns "vendor: invalid Field: Reason".
func (e *ValidationError) Error() string {
	return e.Vendor + ": invalid " + e.Field + ": " + e.Reason
}

// Is reports whether target is ErrValidation.
func (e *ValidationError) Is(target error) bool { return target == ErrValidation }

// RequestError is a call that got no usable answer: the connection failed, the context ended,
// a token could not be obtained, or the body could not be read or decoded. Error() names vendor,
// method, route template and attempts, and the cause without URL or query.
type RequestError struct {
	// Vendor is the vendor package that made the call.
	Vendor string
	// Method is the HTTP method of the request.
	Method string
	// Route is the route template; never the concrete path.
	Route string
	// Attempts is how many attempts the call made.
	Attempts int
	// LastStatus is the status of the last answer received before the failure, or zero.
	LastStatus int
	// Err is the cause, with any URL stripped. It wraps context.Canceled or
	// context.DeadlineExceeded when the context ended the call.
	Err error

	outcomeUnknown bool
	category       error // an extra category the cause belongs to (e.g. ErrUnauthorized for tokens)
}

// Error returns a one-line summary of the failure.
func (e *RequestError) Error() string {
	var b strings.Builder
	b.WriteString(e.Vendor)
	b.WriteString(": ")
	b.WriteString(e.Method)
	b.WriteByte(' ')
	b.WriteString(e.Route)
	b.WriteString(": ")
	if e.Err != nil {
		b.WriteString(e.Err.Error())
	} else {
		b.WriteString("request failed")
	}
	writeOutcome(&b, e.outcomeUnknown, e.Attempts)
	if e.LastStatus != 0 {
		b.WriteString("; last status ")
		b.WriteString(strconv.Itoa(e.LastStatus))
	}
	return b.String()
}

// Unwrap returns the cause.
func (e *RequestError) Unwrap() error { return e.Err }

// Is matches ErrOutcomeUnknown when the request may have reached the server, and the
// category of the cause where it has one.
func (e *RequestError) Is(target error) bool {
	if target == ErrOutcomeUnknown {
		return e.outcomeUnknown
	}
	return e.category != nil && target == e.category
}

// TooLargeError reports a body longer than its cap. It matches ErrResponseTooLarge.
type TooLargeError struct {
	// Limit is the cap in bytes.
	Limit int64
}

// Error returns "response body exceeds N bytes".
func (e *TooLargeError) Error() string {
	return "response body exceeds " + strconv.FormatInt(e.Limit, 10) + " bytes"
}

// Is reports whether target is ErrResponseTooLarge.
func (e *TooLargeError) Is(target error) bool { return target == ErrResponseTooLarge }

// attemptTimeoutError is the cause of an attempt's deadline: "attempt timed out after 1m0s".
// It matches context.DeadlineExceeded, like net/http's own timeout errors.
type attemptTimeoutError struct{ d time.Duration }

func (e *attemptTimeoutError) Error() string   { return "attempt timed out after " + e.d.String() }
func (e *attemptTimeoutError) Timeout() bool   { return true }
func (e *attemptTimeoutError) Temporary() bool { return true }
func (e *attemptTimeoutError) Is(target error) bool {
	return target == context.DeadlineExceeded
}

// safeCause is an error text we wrote ourselves around a cause we must not print, such as
// an oauth2.RetrieveError whose text embeds the token endpoint's body. Unwrap keeps it reachable.
type safeCause struct {
	msg string
	err error
}

func (e *safeCause) Error() string { return e.msg }
func (e *safeCause) Unwrap() error { return e.err }

// codePattern is what a vendor error code must look like to be printed by APIError.Error.
var codePattern = regexp.MustCompile(`^[A-Za-z0-9_.\-]{1,64}$`)

// isContextErr reports whether err is the end of a context.
func isContextErr(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}

// GoString keeps %#v as safe as Error: the fields that may hold PHI (Message, Body, Header)
// are not printed.
func (e *APIError) GoString() string { return "&transport.APIError{" + e.Error() + "}" }

// GoString keeps %#v as safe as Error: the cause's internals are not printed.
func (e *RequestError) GoString() string { return "&transport.RequestError{" + e.Error() + "}" }

// GoString prints the same text as Error.
func (e *ValidationError) GoString() string { return "&transport.ValidationError{" + e.Error() + "}" }

// writeOutcome appends what both error kinds report about the call: an unknown outcome and
// the number of attempts.
func writeOutcome(b *strings.Builder, outcomeUnknown bool, attempts int) {
	if outcomeUnknown {
		b.WriteString("; outcome unknown, not retried")
	}
	if attempts > 1 {
		b.WriteString("; ")
		b.WriteString(strconv.Itoa(attempts))
		b.WriteString(" attempts")
	}
}

// isRedirect reports whether status is a redirect net/http could follow.
func isRedirect(status int) bool {
	switch status {
	case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther,
		http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
		return true
	}
	return false
}
