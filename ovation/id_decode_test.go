package ovation_test

import (
	"testing"

	"github.com/labwire/labwire/ovation"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// An id sent as a number must be an integer: a fraction or an exponent (which would then
// be sent back in a path as "1.5" or "1e400") is an invalid event, while the string and
// integer forms of the same id decode alike.
func TestIDNumberMustBeInteger(t *testing.T) {
	for _, b := range []string{`1.5`, `1e400`, `12E1`, `-0.0`, `true`, `{}`} {
		_, err := ovation.ParseEvent([]byte(`{"eventType":"report_signed","reportId":` + b + `}`))
		assert.ErrorIs(t, err, ovation.ErrInvalidEvent, b)
	}
	for _, b := range []string{`12`, `"12"`} {
		e, err := ovation.ParseEvent([]byte(`{"eventType":"report_signed","reportId":` + b + `}`))
		require.NoError(t, err, b)
		assert.Equal(t, ovation.ID("12"), e.ReportID)
	}
}
