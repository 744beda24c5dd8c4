package rupa_test

import (
	"bytes"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/labwire/labwire/rupa"
	"github.com/labwire/labwire/webhook"
)

// Issue 18 item 2: Event.RawJSON is the body exactly as received, its trailing newline and
// any surrounding whitespace included, so a stored event still verifies against the
// signature it arrived with. The caller's buffer is not shared.
func TestIssue18Item2RawJSONIsTheBodyAsReceived(t *testing.T) {
	t.Parallel()
	secret := "rupa-test-webhook-secret-0123456789"
	v, err := webhook.NewBodyHMAC("X-Signature", []string{secret})
	require.NoError(t, err)
	seed := bytes.TrimSpace(seedEvent(t))
	for name, body := range map[string][]byte{
		"trailing newline": append(bytes.Clone(seed), '\n'),
		"CRLF and spaces":  append(append([]byte(" \r\n"), seed...), " \r\n\t"...),
		"as is":            seed,
	} {
		h := http.Header{"X-Signature": {webhook.SignBody(secret, body)}}
		_, err := v.Verify(h, body)
		require.NoError(t, err, name)

		in := bytes.Clone(body)
		e, err := rupa.ParseEvent(in)
		require.NoError(t, err, name)
		assert.Equal(t, string(body), string(e.RawJSON()), name)
		_, err = v.Verify(h, e.RawJSON())
		require.NoError(t, err, "%s: the stored event verifies", name)

		in[len(in)-1] = 'X' // the caller reuses its buffer
		assert.Equal(t, string(body), string(e.RawJSON()), name)
		assert.Equal(t, "ord_qNJ1nl1", string(e.Data.Object.ID), name)
	}
}
