package whooptest

import (
	"errors"
	"fmt"
	"slices"
)

// Short names of the statuses, for the workflow table.
const (
	orderConfirmed      = TaskBusinessStatusOrderConfirmed
	appointmentAttended = TaskBusinessStatusAppointmentAttended
	partialResultsReady = TaskBusinessStatusPartialResultsReady
	fullResultsReady    = TaskBusinessStatusFullResultsReady
	appointmentIssue    = TaskBusinessStatusAppointmentIssue
	resultsIssue        = TaskBusinessStatusResultsIssue
	orderIssue          = TaskBusinessStatusOrderIssue
)

// happyNext lists the happy-path statuses reachable from each non-terminal
// status ("" is the unset status of a new service request).
var happyNext = map[TaskBusinessStatus][]TaskBusinessStatus{
	"":                  {orderConfirmed},
	orderConfirmed:      {appointmentAttended},
	appointmentAttended: {partialResultsReady, fullResultsReady},
	partialResultsReady: {fullResultsReady},
}

func isIssue(s TaskBusinessStatus) bool {
	return s == appointmentIssue || s == resultsIssue || s == orderIssue
}

func isKnownStatus(s TaskBusinessStatus) bool { return s.IsKnown() }

var errUnknownStatus = errors.New("unknown task_business_status")

// checkTransition reports whether a service request may go from status
// from to status to: setting the current status again always succeeds (a
// retried PATCH), issue statuses may be set from any non-terminal status,
// and FULL_RESULTS_READY and the issue statuses are terminal.
func checkTransition(from, to TaskBusinessStatus) error {
	switch {
	case !isKnownStatus(to):
		return errUnknownStatus
	case from == to:
		return nil
	case from == fullResultsReady || isIssue(from):
		return fmt.Errorf("task_business_status %s is terminal", from)
	case isIssue(to), slices.Contains(happyNext[from], to):
		return nil
	case from == "":
		return fmt.Errorf("task_business_status cannot be set to %s before %s", to, orderConfirmed)
	}
	return fmt.Errorf("task_business_status cannot go from %s to %s", from, to)
}

// fhirStatus returns the FHIR status a service request takes when its
// task_business_status becomes tbs.
func fhirStatus(current ServiceRequestStatus, tbs TaskBusinessStatus) ServiceRequestStatus {
	switch tbs {
	case fullResultsReady:
		return ServiceRequestStatusCompleted
	case orderIssue:
		return ServiceRequestStatusRevoked
	}
	return current
}
