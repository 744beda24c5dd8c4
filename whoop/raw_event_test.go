package whoop_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/labwire/labwire/whoop"
)

// Issue 18: RawJSON is the body as received, byte for byte, so a stored event still verifies
// against its signature (a trailing newline used to be dropped).
func TestRawJSONIsTheBodyAsReceived(t *testing.T) {
	t.Parallel()
	for _, body := range []string{
		`{"event_type":"lab_requisition.created","resource_id":"00000000-0000-4000-8000-000000000001"}` + "\n",
		" \r\n" + `{"event_type":"lab_requisition.created","resource_id":"00000000-0000-4000-8000-000000000001"}` + " \t",
	} {
		in := []byte(body)
		e, err := whoop.ParseEvent(in)
		require.NoError(t, err)
		assert.Equal(t, body, string(e.RawJSON()))
		in[0] = 'X' // the caller reuses its buffer
		assert.Equal(t, body, string(e.RawJSON()))
	}
}
