package workpath

import (
	"slices"
	"strings"
)

// AppointmentStatus is where an appointment is in Workpath's workflow. The values contain
// spaces ("Ready for Appointment") and are sent exactly as written. Unknown values from
// Workpath decode and round-trip unchanged; a switch on it needs a default case.
type AppointmentStatus string

// The thirteen documented appointment statuses, in workflow order.
const (
	// AppointmentStatusPreview is a holding status, visible only to office users.
	AppointmentStatusPreview AppointmentStatus = "Preview"
	// AppointmentStatusPending is a holding status, visible only to office users.
	AppointmentStatusPending AppointmentStatus = "Pending"
	// AppointmentStatusAvailable: third-party labor groups in your network may claim it.
	AppointmentStatusAvailable AppointmentStatus = "Available"
	// AppointmentStatusClaimed: a third-party labor group claimed it.
	AppointmentStatusClaimed AppointmentStatus = "Claimed"
	// AppointmentStatusPublished: offered to qualified mobile users near the location.
	AppointmentStatusPublished AppointmentStatus = "Published"
	// AppointmentStatusAccepted: a mobile user accepted it or was assigned.
	AppointmentStatusAccepted AppointmentStatus = "Accepted"
	// AppointmentStatusReadyForAppointment: the mobile user reviewed it and has the supplies.
	AppointmentStatusReadyForAppointment AppointmentStatus = "Ready for Appointment"
	// AppointmentStatusOnTheWay: the mobile user is en route.
	AppointmentStatusOnTheWay AppointmentStatus = "On The Way"
	// AppointmentStatusArrived: the mobile user arrived.
	AppointmentStatusArrived AppointmentStatus = "Arrived"
	// AppointmentStatusInProgress: the appointment is in progress.
	AppointmentStatusInProgress AppointmentStatus = "In Progress"
	// AppointmentStatusShipping: the mobile user is asked to scan the package's tracking number.
	AppointmentStatusShipping AppointmentStatus = "Shipping"
	// AppointmentStatusComplete: the appointment was completed.
	AppointmentStatusComplete AppointmentStatus = "Complete"
	// AppointmentStatusCancelled: the appointment was cancelled.
	AppointmentStatusCancelled AppointmentStatus = "Cancelled"
)

// IsTerminal reports whether s ends the workflow: Complete or Cancelled.
func (s AppointmentStatus) IsTerminal() bool {
	return s == AppointmentStatusComplete || s == AppointmentStatusCancelled
}

// AppointmentType is an appointment's type. Unknown values decode unchanged.
type AppointmentType string

// The documented appointment types.
const (
	AppointmentTypeSingle AppointmentType = "Single"
	AppointmentTypeShift  AppointmentType = "Shift"
)

// Unscheduled filters an appointment search by whether appointments have a time yet.
type Unscheduled string

// The documented values of the unscheduled search parameter.
const (
	// UnscheduledExclude returns only scheduled appointments (Workpath's default).
	UnscheduledExclude Unscheduled = "exclude"
	// UnscheduledInclude returns scheduled and unscheduled appointments.
	UnscheduledInclude Unscheduled = "include"
	// UnscheduledOnly returns only unscheduled appointments.
	UnscheduledOnly Unscheduled = "only"
)

// BiologicalSex is a person's biological sex. Workpath accepts six options, which this
// package matches without regard to case (the intake example itself sends "male"); the value
// is sent as you wrote it.
type BiologicalSex string

// The six documented options.
const (
	BiologicalSexAmbiguous     BiologicalSex = "Ambiguous"
	BiologicalSexFemale        BiologicalSex = "Female"
	BiologicalSexMale          BiologicalSex = "Male"
	BiologicalSexNotApplicable BiologicalSex = "Not Applicable"
	BiologicalSexOther         BiologicalSex = "Other"
	BiologicalSexUnknown       BiologicalSex = "Unknown"
)

// IsKnown reports whether s is one of the six options, ignoring case.
func (s BiologicalSex) IsKnown() bool {
	return slices.ContainsFunc(BiologicalSexValues(), func(v BiologicalSex) bool {
		return strings.EqualFold(string(v), string(s))
	})
}

// EventAction is what happened to the appointment of a webhook event. The actions are named
// after the subscription flags; Workpath shows only "modify" in an example. Unknown actions
// decode unchanged.
type EventAction string

// The webhook actions, one per subscription flag.
const (
	EventActionCreate  EventAction = "create"
	EventActionModify  EventAction = "modify"
	EventActionDestroy EventAction = "destroy"
)
