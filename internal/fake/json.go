package fake

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"reflect"
	"strings"

	"github.com/labwire/labwire/internal/jsonx"
)

// ErrorBody is the JSON body fakes answer errors with, {"error": "..."},
// where a vendor documents no error schema. Its field name matches RFC 6749's
// error responses, so OAuth2 clients read it too. The message never holds
// request data.
type ErrorBody struct {
	Error string `json:"error"`
}

// WriteJSON answers status with v encoded as JSON. If v cannot be encoded it
// answers 500 instead.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		b, _ = json.Marshal(ErrorBody{Error: "fake: response could not be encoded"})
		status = http.StatusInternalServerError
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(append(b, '\n'))
}

// WriteError answers status with the body {"error": message}.
func WriteError(w http.ResponseWriter, status int, message string) {
	WriteJSON(w, status, ErrorBody{Error: message})
}

// Fields is the policy of [ReadJSON] for object members the destination
// struct does not declare.
type Fields int

const (
	// RejectUnknownFields answers 400 when the body has a member the
	// destination does not declare: a fake's check of a client's wire format.
	RejectUnknownFields Fields = iota
	// AllowUnknownFields ignores such members.
	AllowUnknownFields
)

// ReadJSON decodes the request body, which must be a single JSON value sent
// with Content-Type application/json, into dst. On failure it answers the
// request itself and returns false: 415 for another content type, 413 for a
// body over [MaxBodyBytes], 400 for an empty body, a body [jsonx.Check]
// refuses (invalid JSON or UTF-8, trailing data, a duplicate key, too deep),
// a member of the wrong type or, with [RejectUnknownFields], an unknown
// member. Error messages name fields, never values.
//
// Like encoding/json, it matches member names to struct fields
// case-insensitively.
func ReadJSON(w http.ResponseWriter, r *http.Request, dst any, fields Fields) bool {
	if status, msg := decodeJSON(r, dst, fields); status != 0 {
		WriteError(w, status, msg)
		return false
	}
	return true
}

func decodeJSON(r *http.Request, dst any, fields Fields) (status int, msg string) {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "application/json" {
		return http.StatusUnsupportedMediaType, "content type must be application/json"
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, MaxBodyBytes+1))
	if err != nil {
		return http.StatusBadRequest, "request body could not be read"
	}
	if len(body) > MaxBodyBytes {
		return http.StatusRequestEntityTooLarge, "request body too large"
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return http.StatusBadRequest, "request body is empty"
	}
	if err := jsonx.Check(body); err != nil {
		return http.StatusBadRequest, checkMessage(err)
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	if fields == RejectUnknownFields {
		dec.DisallowUnknownFields()
	}
	if err := dec.Decode(dst); err != nil {
		return http.StatusBadRequest, decodeMessage(err)
	}
	return 0, ""
}

// checkMessage describes a jsonx.Check error, which never quotes the body.
func checkMessage(err error) string {
	switch {
	case errors.Is(err, jsonx.ErrTrailingData):
		return "request body has data after the JSON value"
	case errors.Is(err, jsonx.ErrDuplicateKey):
		return "request body has a duplicate key"
	case errors.Is(err, jsonx.ErrInvalidUTF8):
		return "request body is not valid UTF-8"
	case errors.Is(err, jsonx.ErrTooDeep):
		return "request body is nested too deeply"
	}
	return "request body is not valid JSON"
}

// decodeMessage describes a decoding error without quoting the body.
func decodeMessage(err error) string {
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) {
		if typeErr.Field == "" {
			return fmt.Sprintf("request body must be a JSON %s", typeName(typeErr))
		}
		return fmt.Sprintf("field %q has the wrong type", typeErr.Field)
	}
	// encoding/json reports an unknown member as `json: unknown field "name"`:
	// the name is client-chosen, but it is a key, not a value.
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		return "unknown field " + name
	}
	return "request body is not valid JSON"
}

func typeName(e *json.UnmarshalTypeError) string {
	switch e.Type.Kind() {
	case reflect.Struct, reflect.Map:
		return "object"
	case reflect.Slice, reflect.Array:
		return "array"
	}
	return e.Type.String()
}
