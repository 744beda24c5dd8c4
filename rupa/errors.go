package rupa

import (
	"bytes"
	"errors"
	"strings"

	"github.com/labwire/labwire/internal/jsonx"
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
	if err := jsonx.UnmarshalStd(body, &w); err != nil {
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
