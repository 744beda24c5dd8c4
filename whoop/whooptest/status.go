package whooptest

// TaskBusinessStatus is a partner workflow status of a service request, as the fake reports
// it in [ServiceRequest] and [StatusChange]. WHOOP documents seven; the fake refuses others
// (400). A switch on it needs a default.
type TaskBusinessStatus string

// The seven task_business_status values WHOOP documents.
const (
	TaskBusinessStatusOrderConfirmed      TaskBusinessStatus = "ORDER_CONFIRMED"
	TaskBusinessStatusAppointmentAttended TaskBusinessStatus = "APPOINTMENT_ATTENDED"
	TaskBusinessStatusPartialResultsReady TaskBusinessStatus = "PARTIAL_RESULTS_READY"
	TaskBusinessStatusFullResultsReady    TaskBusinessStatus = "FULL_RESULTS_READY"
	TaskBusinessStatusAppointmentIssue    TaskBusinessStatus = "APPOINTMENT_ISSUE"
	TaskBusinessStatusResultsIssue        TaskBusinessStatus = "RESULTS_ISSUE"
	TaskBusinessStatusOrderIssue          TaskBusinessStatus = "ORDER_ISSUE"
)

// ServiceRequestStatus is the FHIR status of a service request as the fake reports it. A
// switch on it needs a default.
type ServiceRequestStatus string

// The FHIR statuses the fake uses: active until FULL_RESULTS_READY (completed) or
// ORDER_ISSUE (revoked).
const (
	ServiceRequestStatusActive    ServiceRequestStatus = "active"
	ServiceRequestStatusCompleted ServiceRequestStatus = "completed"
	ServiceRequestStatusRevoked   ServiceRequestStatus = "revoked"
)

// ReportStatus is the status of a submitted [DiagnosticReport]. A switch on it needs a
// default.
type ReportStatus string

// The report statuses WHOOP documents; the fake refuses others (400).
const (
	ReportStatusFinal       ReportStatus = "final"
	ReportStatusPartial     ReportStatus = "partial"
	ReportStatusPreliminary ReportStatus = "preliminary"
	ReportStatusAmended     ReportStatus = "amended"
	ReportStatusCorrected   ReportStatus = "corrected"
	ReportStatusCancelled   ReportStatus = "cancelled"
)

// ObservationStatus is the optional FHIR ObservationStatus of an [Observation]; empty when
// the client sent none (the tutorial sends none). A switch on it needs a default.
type ObservationStatus string

// FHIR's ObservationStatus values, which the fake accepts.
const (
	ObservationStatusRegistered     ObservationStatus = "registered"
	ObservationStatusPreliminary    ObservationStatus = "preliminary"
	ObservationStatusFinal          ObservationStatus = "final"
	ObservationStatusAmended        ObservationStatus = "amended"
	ObservationStatusCorrected      ObservationStatus = "corrected"
	ObservationStatusCancelled      ObservationStatus = "cancelled"
	ObservationStatusEnteredInError ObservationStatus = "entered-in-error"
	ObservationStatusUnknown        ObservationStatus = "unknown"
)

// EventType is the event_type of a WHOOP webhook [Event]. A switch on it needs a default.
type EventType string

// The event types WHOOP documents.
const (
	// EventLabRequisitionCreated carries a requisition id.
	EventLabRequisitionCreated EventType = "lab_requisition.created"
	// EventClinicalReportReviewRequested announces a clinical report to
	// review; WHOOP documents no route to fetch it.
	EventClinicalReportReviewRequested EventType = "clinical_report_review.requested"
)
