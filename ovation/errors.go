package ovation

import (
	"bytes"
	"errors"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/labwire/labwire/internal/jsonx"
)

var (
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
	if err := jsonx.UnmarshalStd(body, &v); err != nil {
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

// errDecode is a 2xx answer whose JSON does not fit; its text never quotes the answer. It
// matches ErrInvalidResponse.
var errDecode error = invalidAnswerText("ovation: the answer's JSON does not fit the route's type")

// invalidAnswerText is a 2xx answer the call cannot use, with its own fixed text (never
// the answer's); it matches ErrInvalidResponse.
type invalidAnswerText string

func (e invalidAnswerText) Error() string      { return string(e) }
func (invalidAnswerText) Is(target error) bool { return target == ErrInvalidResponse }
