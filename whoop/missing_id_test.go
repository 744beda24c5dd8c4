package whoop_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/labwire/labwire/whoop"
)

// Issue 18 item 2: a 2xx answer that holds no id ({}, or an object of other members) is no
// requisition or service request: ErrInvalidResponse, never a zero resource and nil.
func TestIssue18Item2AnswerWithoutIDIsInvalid(t *testing.T) {
	t.Parallel()
	for _, body := range []string{`{}`, `{"status":"active","code":"CANARY"}`, `{"id":""}`, `{"id":null}`} {
		t.Run(body, func(t *testing.T) {
			t.Parallel()
			c, m := newMock(t)
			m.on(http.MethodGet, "/v2/partner/requisition/"+reqID, 200, body)
			m.on(http.MethodGet, "/v2/partner/service-request/"+srID, 200, body)
			m.on(http.MethodPatch, "/v2/partner/service-request/"+srID+"/status", 200, body)
			ctx := context.Background()

			r, err := c.Requisitions.Get(ctx, reqID)
			require.ErrorIs(t, err, whoop.ErrInvalidResponse)
			assert.Nil(t, r)
			sr, err := c.ServiceRequests.Get(ctx, srID)
			require.ErrorIs(t, err, whoop.ErrInvalidResponse)
			assert.Nil(t, sr)
			sr, err = c.ServiceRequests.UpdateStatus(ctx, srID, &whoop.ServiceRequestUpdateStatusParams{
				TaskBusinessStatus: whoop.TaskBusinessStatusOrderConfirmed})
			require.ErrorIs(t, err, whoop.ErrInvalidResponse)
			assert.NotErrorIs(t, err, whoop.ErrOutcomeUnknown, "WHOOP answered 2xx: the update happened")
			assert.NotContains(t, err.Error(), "CANARY")
			assert.Nil(t, sr)
		})
	}
}
