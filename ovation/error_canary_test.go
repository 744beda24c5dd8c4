package ovation_test

import (
	"context"
	"testing"

	"github.com/labwire/labwire/internal/wiretest"
	"github.com/labwire/labwire/ovation"
	"github.com/labwire/labwire/ovation/ovationtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// 422 and 406 field messages echoing patient data are reachable through ErrorDetailsOf
// and absent from the error under every fmt verb, slog handler and the whole Unwrap chain,
// as are the API key and the identifier in the path.
func TestErrorMessagesWithPHIOnlyThroughErrorDetails(t *testing.T) {
	canaries := wiretest.Canaries{"CANARY-api-key", "CANARY-Jane", "CANARY-1980-04-08", "CANARY-MRN-77", "canary-jane@example.com", "CANARY-555-0100", "CANARY-ident"}
	srv := ovationtest.Start(t, ovationtest.WithAPIKey("CANARY-api-key"))
	logger, logs := wiretest.NewLogs()
	c, err := ovation.NewClient(ovation.WithBaseURL(srv.URL), ovation.WithAPIKey("CANARY-api-key"), ovation.WithLogger(logger), ovation.WithMaxRetries(0))
	require.NoError(t, err)
	ctx := context.Background()
	body := map[string]any{"errors": map[string]any{
		"patient": map[string]any{"lastName": []string{"CANARY-Jane is not valid"}, "dateOfBirth": []string{"CANARY-1980-04-08 is in the future"},
			"medicalRecordNumber": []string{"CANARY-MRN-77 taken"}, "email": []string{"canary-jane@example.com bounced"}, "phone": []string{"CANARY-555-0100 invalid"}},
	}}
	for _, status := range []int{422, 406} {
		srv.Script(ovationtest.Fault{Route: ovationtest.RouteGetRequisition, Status: status, Body: body})
		_, err := c.Requisitions.Get(ctx, tid, "CANARY-ident")
		require.Error(t, err)
		canaries.AssertError(t, err)
		d, ok := ovation.ErrorDetailsOf(err)
		require.True(t, ok)
		assert.Equal(t, []string{"CANARY-Jane is not valid"}, d.Fields["patient.lastName"])
		assert.Equal(t, []string{"CANARY-MRN-77 taken"}, d.Fields["patient.medicalRecordNumber"])
	}
	canaries.AssertLogs(t, logs)
}
