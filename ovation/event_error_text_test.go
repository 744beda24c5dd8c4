package ovation_test

import (
	"testing"

	"github.com/labwire/labwire/ovation"
	"github.com/stretchr/testify/assert"
)

// A delivery that is not a JSON object fails with one plain line, not encoding/json's
// description of an internal Go type.
func TestParseEventNotAnObjectSaysSo(t *testing.T) {
	for _, b := range []string{`[]`, `"x"`, `12`, `null`, ``, "  \n"} {
		_, err := ovation.ParseEvent([]byte(b))
		assert.ErrorIs(t, err, ovation.ErrInvalidEvent, b)
		assert.Equal(t, "ovation: invalid webhook event: the body is not a JSON object", err.Error(), b)
	}
}
