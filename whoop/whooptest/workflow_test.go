package whooptest

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestCheckTransition(t *testing.T) {
	t.Parallel()
	all := []string{orderConfirmed, appointmentAttended, partialResultsReady, fullResultsReady, appointmentIssue, resultsIssue, orderIssue}
	allowed := map[string][]string{
		"":                  {orderConfirmed, appointmentIssue, resultsIssue, orderIssue},
		orderConfirmed:      {orderConfirmed, appointmentAttended, appointmentIssue, resultsIssue, orderIssue},
		appointmentAttended: {appointmentAttended, partialResultsReady, fullResultsReady, appointmentIssue, resultsIssue, orderIssue},
		partialResultsReady: {partialResultsReady, fullResultsReady, appointmentIssue, resultsIssue, orderIssue},
		fullResultsReady:    {fullResultsReady},
		appointmentIssue:    {appointmentIssue},
		resultsIssue:        {resultsIssue},
		orderIssue:          {orderIssue},
	}
	for from, ok := range allowed {
		for _, to := range all {
			err := checkTransition(from, to)
			if slices.Contains(ok, to) {
				assert.NoError(t, err, "%q -> %s", from, to)
			} else {
				assert.Error(t, err, "%q -> %s", from, to)
			}
		}
		for _, bad := range []string{"", "Specimen collected", "order_confirmed", "COMPLETED"} {
			assert.ErrorIs(t, checkTransition(from, bad), errUnknownStatus, "%q -> %q", from, bad)
		}
	}
}

func TestFHIRStatus(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "completed", fhirStatus("active", fullResultsReady))
	assert.Equal(t, "revoked", fhirStatus("active", orderIssue))
	for _, s := range []string{orderConfirmed, appointmentAttended, partialResultsReady, appointmentIssue, resultsIssue} {
		assert.Equal(t, "active", fhirStatus("active", s), s)
	}
}
