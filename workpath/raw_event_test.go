package workpath_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/labwire/labwire/workpath"
)

// Issue 18: RawJSON is the body as received, byte for byte, so a stored event still verifies
// against its signature (a trailing newline used to be dropped).
func TestRawJSONIsTheBodyAsReceived(t *testing.T) {
	t.Parallel()
	for _, body := range []string{
		`{"type":"Appointment","action":"modify","eventTs":1565712055,"data":{"id":7}}` + "\n",
		" \r\n" + `{"type":"Appointment","action":"modify","eventTs":1565712055,"data":{"id":7}}` + " \t",
	} {
		in := []byte(body)
		e, err := workpath.ParseEvent(in)
		require.NoError(t, err)
		assert.Equal(t, body, string(e.RawJSON()))
		in[0] = 'X' // the caller reuses its buffer
		assert.Equal(t, body, string(e.RawJSON()))
	}
}
