package ovation

import (
	"bytes"
	"encoding/json"
	"errors"

	"github.com/labwire/labwire/internal/jsonx"
)

// CustomAttributes are the custom attribute keys and values a project template configures,
// on a requisition, its patient and its samples ("customAttributes": {"key1": "value1"}).
// Values are strings on the wire; a number, boolean or null sent by Ovation is kept as its
// JSON text ("12", "true", ""), and a whole value of "" (which report_signed sends for
// patientCustomAttributes when there are none) decodes as empty. Custom attributes may hold
// patient data.
type CustomAttributes map[string]string

var errAttributes = errors.New("ovation: custom attributes must be a JSON object of strings")

// UnmarshalJSON decodes an object of scalar values, "" or null.
func (a *CustomAttributes) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case string(b) == "null":
		return nil
	case string(b) == `""`:
		*a = CustomAttributes{}
		return nil
	case len(b) == 0 || b[0] != '{':
		return errAttributes
	}
	var raw map[string]json.RawMessage
	if err := jsonx.UnmarshalStd(b, &raw); err != nil {
		return errAttributes
	}
	out := make(CustomAttributes, len(raw))
	for k, v := range raw {
		switch {
		case len(v) == 0:
		case v[0] == '"':
			var s string
			if err := jsonx.UnmarshalStd(v, &s); err != nil {
				return errAttributes
			}
			out[k] = s
		case v[0] == '{' || v[0] == '[':
			return errAttributes
		case string(v) == "null":
			out[k] = ""
		default:
			out[k] = string(v)
		}
	}
	*a = out
	return nil
}
