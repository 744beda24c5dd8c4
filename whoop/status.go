package whoop

import (
	"errors"

	"github.com/labwire/labwire/internal/transport"
)

// TaskBusinessStatus is the workflow state a partner sets on a service request. The empty
// value means WHOOP sent null: the order is not confirmed yet. Unknown values from WHOOP
// decode and round-trip unchanged; a switch on it needs a default case.
//
// The happy path is ORDER_CONFIRMED → APPOINTMENT_ATTENDED → PARTIAL_RESULTS_READY →
// FULL_RESULTS_READY. The issue statuses are terminal: once set, WHOOP takes over.
type TaskBusinessStatus string

// The documented task business statuses, happy path first. The list is only as up to date
// as this package.
const (
	// TaskBusinessStatusOrderConfirmed: the partner accepted and confirmed the lab order.
	TaskBusinessStatusOrderConfirmed TaskBusinessStatus = "ORDER_CONFIRMED"
	// TaskBusinessStatusAppointmentAttended: the member attended and a sample was collected.
	TaskBusinessStatusAppointmentAttended TaskBusinessStatus = "APPOINTMENT_ATTENDED"
	// TaskBusinessStatusPartialResultsReady: some results are available, not the full panel.
	TaskBusinessStatusPartialResultsReady TaskBusinessStatus = "PARTIAL_RESULTS_READY"
	// TaskBusinessStatusFullResultsReady: all results have been submitted.
	TaskBusinessStatusFullResultsReady TaskBusinessStatus = "FULL_RESULTS_READY"
	// TaskBusinessStatusAppointmentIssue: the appointment failed (e.g. cancelled); WHOOP
	// reschedules. Terminal.
	TaskBusinessStatusAppointmentIssue TaskBusinessStatus = "APPOINTMENT_ISSUE"
	// TaskBusinessStatusResultsIssue: some results will be unavailable. Terminal.
	TaskBusinessStatusResultsIssue TaskBusinessStatus = "RESULTS_ISSUE"
	// TaskBusinessStatusOrderIssue: the order will not be fulfilled; WHOOP places a new
	// one. Terminal.
	TaskBusinessStatusOrderIssue TaskBusinessStatus = "ORDER_ISSUE"
)

// IsHappyPath reports whether s is one of the four happy-path statuses.
func (s TaskBusinessStatus) IsHappyPath() bool {
	switch s {
	case TaskBusinessStatusOrderConfirmed, TaskBusinessStatusAppointmentAttended,
		TaskBusinessStatusPartialResultsReady, TaskBusinessStatusFullResultsReady:
		return true
	}
	return false
}

// IsIssue reports whether s is one of the three issue statuses, all terminal.
func (s TaskBusinessStatus) IsIssue() bool {
	switch s {
	case TaskBusinessStatusAppointmentIssue, TaskBusinessStatusResultsIssue, TaskBusinessStatusOrderIssue:
		return true
	}
	return false
}

// IsTerminal reports whether the workflow ends at s: FULL_RESULTS_READY or an issue status.
func (s TaskBusinessStatus) IsTerminal() bool {
	return s == TaskBusinessStatusFullResultsReady || s.IsIssue()
}

// CanTransitionTo reports whether the documented workflow allows moving from s (the empty
// status for an unconfirmed order) to next:
//
//   - setting the current status again is allowed (a retried update is harmless);
//   - from a terminal status, nothing else;
//   - an issue status from any non-terminal status;
//   - "" → ORDER_CONFIRMED → APPOINTMENT_ATTENDED → PARTIAL_RESULTS_READY →
//     FULL_RESULTS_READY, where PARTIAL_RESULTS_READY may be skipped.
//
// WHOOP documents the order but not which skips it accepts; this is the strict reading.
func (s TaskBusinessStatus) CanTransitionTo(next TaskBusinessStatus) bool {
	if !next.IsKnown() || (s != "" && !s.IsKnown()) {
		return false
	}
	if next == s {
		return true
	}
	if s.IsTerminal() {
		return false
	}
	if next.IsIssue() {
		return true
	}
	switch s {
	case "":
		return next == TaskBusinessStatusOrderConfirmed
	case TaskBusinessStatusOrderConfirmed:
		return next == TaskBusinessStatusAppointmentAttended
	case TaskBusinessStatusAppointmentAttended:
		return next == TaskBusinessStatusPartialResultsReady || next == TaskBusinessStatusFullResultsReady
	case TaskBusinessStatusPartialResultsReady:
		return next == TaskBusinessStatusFullResultsReady
	}
	return false
}

// TransitionError is a status change the documented workflow does not allow, found when
// an update asked for CheckTransition. It matches ErrInvalidTransition and ErrValidation.
type TransitionError struct {
	// ServiceRequestID is the service request whose status would have changed.
	ServiceRequestID string
	// From is its current status ("" when unconfirmed); To the status asked for.
	From, To TaskBusinessStatus
}

// ErrInvalidTransition matches a *TransitionError.
var ErrInvalidTransition = errors.New("whoop: status transition not allowed by the documented workflow")

// Error names both statuses (not the id), each bounded and sanitised with
// transport.SafeToken: From comes from WHOOP's answer, which may hold anything.
func (e *TransitionError) Error() string {
	from := transport.SafeToken(string(e.From), 64)
	if from == "" {
		from = "(unconfirmed)"
	}
	return "whoop: invalid TaskBusinessStatus: a service request cannot move from " + from + " to " + transport.SafeToken(string(e.To), 64)
}

// Is matches ErrInvalidTransition and ErrValidation.
func (e *TransitionError) Is(target error) bool {
	return target == ErrInvalidTransition || target == ErrValidation
}

// ServiceRequestStatus is the FHIR ServiceRequest status WHOOP reports. Unknown values decode
// and round-trip unchanged; a switch on it needs a default case.
type ServiceRequestStatus string

// The documented FHIR statuses.
const (
	// ServiceRequestStatusActive: the service request is in progress.
	ServiceRequestStatusActive ServiceRequestStatus = "active"
	// ServiceRequestStatusCompleted: the service request has been fulfilled.
	ServiceRequestStatusCompleted ServiceRequestStatus = "completed"
	// ServiceRequestStatusRevoked: the service request was cancelled.
	ServiceRequestStatusRevoked ServiceRequestStatus = "revoked"
)
