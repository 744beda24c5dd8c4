package whooptest

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestCheckTransition(t *testing.T) {
	t.Parallel()
	all := []TaskBusinessStatus{orderConfirmed, appointmentAttended, partialResultsReady, fullResultsReady, appointmentIssue, resultsIssue, orderIssue}
	allowed := map[TaskBusinessStatus][]TaskBusinessStatus{
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
		for _, bad := range []TaskBusinessStatus{"", "Specimen collected", "order_confirmed", "COMPLETED"} {
			assert.ErrorIs(t, checkTransition(from, bad), errUnknownStatus, "%q -> %q", from, bad)
		}
	}
}

func TestFHIRStatus(t *testing.T) {
	t.Parallel()
	assert.Equal(t, ServiceRequestStatusCompleted, fhirStatus(ServiceRequestStatusActive, fullResultsReady))
	assert.Equal(t, ServiceRequestStatusRevoked, fhirStatus(ServiceRequestStatusActive, orderIssue))
	for _, s := range []TaskBusinessStatus{orderConfirmed, appointmentAttended, partialResultsReady, appointmentIssue, resultsIssue} {
		assert.Equal(t, ServiceRequestStatusActive, fhirStatus(ServiceRequestStatusActive, s), s)
	}
	assert.Len(t, TaskBusinessStatusValues(), 7)
	for _, v := range TaskBusinessStatusValues() {
		assert.True(t, v.IsKnown(), v)
	}
	assert.False(t, TaskBusinessStatus("order_confirmed").IsKnown())
	assert.True(t, ServiceRequestStatusRevoked.IsKnown())
	assert.True(t, ReportStatusCancelled.IsKnown())
	assert.False(t, ReportStatus("FINAL").IsKnown())
	assert.True(t, ObservationStatusEnteredInError.IsKnown())
	assert.True(t, EventClinicalReportReviewRequested.IsKnown())
	assert.False(t, EventType("lab_requisition.updated").IsKnown())
}
