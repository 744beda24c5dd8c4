package whoop

import (
	"github.com/labwire/labwire/internal/jsonx"
	"github.com/labwire/labwire/internal/transport"
)

// decodeErrorBody reads WHOOP's error body, {"error": "<sentence>"} (the shape of the
// tutorial's 404s; WHOOP documents no schema), into APIError.Message. A "message" member
// is read too, and a one-word "error" (an OAuth-style code such as "invalid_client") is
// also the Code.
func decodeErrorBody(body []byte) (code, message string) {
	var b struct {
		Error   any    `json:"error"`
		Message string `json:"message"`
		Code    any    `json:"code"`
	}
	if jsonx.UnmarshalStd(body, &b) != nil {
		return "", ""
	}
	e, _ := b.Error.(string)
	message = b.Message
	if message == "" {
		message = e
	}
	if c, ok := b.Code.(string); ok && c != "" {
		code = c
	} else if isCode(e) {
		code = e
	}
	return code, message
}

// isCode reports whether s looks like a machine-readable code rather than a sentence.
func isCode(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-' || c == '.') {
			return false
		}
	}
	return true
}

// withErrorDecoder is the option NewClient puts before the user's.
var withErrorDecoder = transport.WithErrorDecoder(decodeErrorBody)
