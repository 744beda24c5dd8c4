package rupatest

import (
	"net/http"

	"github.com/labwire/labwire/internal/fake"
)

// Rupa's error codes (from rupa-js) that the fake answers with.
const (
	codeValidation       = "RupaValidationError"
	codeNotFound         = "RupaNotFoundError"
	codeNotAuthenticated = "RupaNotAuthenticatedError"
)

// errorBody is Rupa's error body. Messages never echo request values.
type errorBody struct {
	Code    string              `json:"code"`
	Message string              `json:"message"`
	Fields  map[string][]string `json:"fields,omitempty"`
}

func rupaError(w http.ResponseWriter, status int, code, message string, fields map[string][]string) {
	fake.WriteJSON(w, status, errorBody{Code: code, Message: message, Fields: fields})
}
