package ovation

import (
	"encoding/json"
	"errors"
)

// unquoteJSON decodes the JSON string b into dst.
func unquoteJSON(b []byte, dst *string) error {
	if err := json.Unmarshal(b, dst); err != nil {
		return errors.New("ovation: invalid JSON string")
	}
	return nil
}

// jsonUnmarshal is json.Unmarshal with an error that never quotes the input.
func jsonUnmarshal(b []byte, v any) error {
	if err := json.Unmarshal(b, v); err != nil {
		return errors.New("ovation: invalid JSON value")
	}
	return nil
}

// errDecode is a 2xx answer whose JSON does not fit; its text never quotes the answer. It
// matches ErrInvalidResponse.
var errDecode error = invalidAnswer{}

type invalidAnswer struct{}

func (invalidAnswer) Error() string {
	return "ovation: the answer's JSON does not fit the route's type"
}
func (invalidAnswer) Is(target error) bool { return target == ErrInvalidResponse }

// invalidAnswerText is a 2xx answer the call cannot use, with its own fixed text (never
// the answer's); it matches ErrInvalidResponse.
type invalidAnswerText string

func (e invalidAnswerText) Error() string      { return string(e) }
func (invalidAnswerText) Is(target error) bool { return target == ErrInvalidResponse }
