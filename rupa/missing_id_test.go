package rupa_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/labwire/labwire/rupa"
	"github.com/labwire/labwire/rupa/rupatest"
)

// Issue 18 item 2: an order intent answer without an id is ErrInvalidResponse, as in every
// vendor (the transport's rule); ErrNoOrderIntentID still matches it.
func TestIssue18Item2AnswerWithoutIDIsInvalid(t *testing.T) {
	t.Parallel()
	for _, body := range []string{`{}`, `{"redirect_url":"https://www.rupahealth.com/o/CANARY"}`, `{"id":null}`, `{"id":""}`} {
		t.Run(body, func(t *testing.T) {
			t.Parallel()
			srv, c := connect(t)
			srv.Script(rupatest.Fault{Route: rupatest.RouteCreateOrderIntent, Status: 201, Body: json.RawMessage(body)})
			o, err := c.OrderIntents.Create(context.Background(), newPatientParams())
			require.ErrorIs(t, err, rupa.ErrInvalidResponse)
			require.ErrorIs(t, err, rupa.ErrNoOrderIntentID)
			assert.NotErrorIs(t, err, rupa.ErrOutcomeUnknown, "Rupa answered 2xx")
			assert.NotContains(t, err.Error(), "CANARY")
			assert.Nil(t, o)
			var re *rupa.RequestError
			require.ErrorAs(t, err, &re)
			assert.Equal(t, 201, re.LastStatus)
		})
	}
}
