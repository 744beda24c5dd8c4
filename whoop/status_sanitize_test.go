package whoop_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/labwire/labwire/whoop"
)

// Issue 7 item 8: a partner status from WHOOP's answer with a newline, bidi override or
// megabytes of text reaches TransitionError's text bounded and in a safe charset.
func TestTransitionErrorSanitisesStatus(t *testing.T) {
	t.Parallel()
	e := &whoop.TransitionError{
		ServiceRequestID: "sr-1",
		From:             whoop.TaskBusinessStatus("ORDER_CONFIRMED\nlevel=ERROR msg=forged\u202e" + strings.Repeat("x", 1<<20)),
		To:               whoop.TaskBusinessStatus("RESULTS_READY"),
	}
	for _, text := range []string{e.Error(), fmt.Sprintf("%v|%+v|%q", e, e, e)} {
		assert.NotContains(t, text, "\n")
		assert.NotContains(t, text, "\u202e")
		assert.Less(t, len(text), 1024)
	}
	assert.Contains(t, e.Error(), "from ORDER_CONFIRMED_level=ERROR_msg=forged___x")
	assert.Contains(t, e.Error(), "to RESULTS_READY")
}
