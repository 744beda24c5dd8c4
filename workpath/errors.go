package workpath

import (
	"bytes"
	"encoding/json"
	"unicode/utf8"

	"github.com/labwire/labwire/internal/jsonx"
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
	if jsonx.UnmarshalStd(body, &m) != nil {
		return "", ""
	}
	str := func(keys ...string) string {
		for _, k := range keys {
			var s string
			if raw, ok := m[k]; ok && jsonx.UnmarshalStd(raw, &s) == nil && s != "" {
				return s
			}
		}
		return ""
	}
	message = str("message", "error", "error_description", "detail")
	if message == "" {
		var list []string
		if raw, ok := m["errors"]; ok && jsonx.UnmarshalStd(raw, &list) == nil && len(list) > 0 {
			message = list[0]
		}
	}
	return str("code", "error_code"), message
}
