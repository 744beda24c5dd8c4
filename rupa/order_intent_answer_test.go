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

// An answer with an id but no checkout link, or with a second link that is not http(s), is
// no order intent to send a practitioner to: Create fails with ErrBadCheckoutURL (it returned
// an OrderIntent whose URL() was "", or whose CheckoutURL was javascript:), and the create is
// still sent once.
func TestOrderIntentWithoutUsableCheckoutLinkIsRefused(t *testing.T) {
	t.Parallel()
	for name, body := range map[string]string{
		"no link":                 `{"id":"ordin_1"}`,
		"empty links":             `{"id":"ordin_1","redirect_url":"","checkout_url":""}`,
		"bad checkout beside one": `{"id":"ordin_1","redirect_url":"https://labs.rupahealth.com/c/1","checkout_url":"javascript:alert(1)"}`,
		"relative checkout only":  `{"id":"ordin_1","checkout_url":"//evil.example/c"}`,
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			srv, c := connect(t)
			srv.Script(rupatest.Fault{Route: rupatest.RouteCreateOrderIntent, Status: 201, Body: json.RawMessage(body)})
			oi, err := c.OrderIntents.Create(context.Background(), newPatientParams())
			require.ErrorIs(t, err, rupa.ErrBadCheckoutURL)
			assert.Nil(t, oi)
			var re *rupa.RequestError
			require.ErrorAs(t, err, &re)
			assert.Equal(t, 201, re.LastStatus)
			assert.Len(t, srv.RequestsMatching(rupatest.RouteCreateOrderIntent), 1)
		})
	}
}
