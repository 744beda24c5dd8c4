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
