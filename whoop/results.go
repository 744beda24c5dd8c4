package whoop

import (
	"strconv"
	"strings"
)

// ServiceRequestSubmitResultsParams is a diagnostic report: the overall status and the
// observations (DiagnosticReportCreateRequest). It holds lab values: it prints, logs and
// marshals its status and the number of observations only (SubmitResults sends it in full).
type ServiceRequestSubmitResultsParams struct {
	// Status is the report status, e.g. DiagnosticReportStatusFinal once every result is
	// verified. Required.
	Status DiagnosticReportStatus `json:"status" phi:"token"`
	// Observations are the results. At least one is required.
	Observations []Observation `json:"observations" phi:"count"`
}

// Observation is one result (CreateObservationRequest). At least one of ValueNumeric and
// ValueText is required. WHOOP's schema has no reference range, interpretation, coding
// system or attachment field. It is a lab value: it prints, logs and marshals its status
// only.
type Observation struct {
	// Code identifies the test or measurement, e.g. "TOTAL_CHOLESTEROL" (WHOOP codes, not
	// LOINC). Required.
	Code string `json:"code"`
	// ValueNumeric is a quantitative result, sent with exactly its digits
	// (MustParseDecimal("5.20") is sent as 5.20). The zero Decimal means none.
	ValueNumeric Decimal `json:"value_numeric,omitzero"`
	// ValueText is a qualitative result, e.g. "A+".
	ValueText *string `json:"value_text,omitempty"`
	// Unit is the unit of ValueNumeric, e.g. "mg/dL".
	Unit string `json:"unit,omitempty"`
	// Status is the FHIR ObservationStatus, e.g. ObservationStatusFinal. Optional (the
	// tutorial omits it); when set it must be a FHIR value.
	Status ObservationStatus `json:"status,omitempty" phi:"token"`
}

// DiagnosticReportStatus is the overall status of a diagnostic report. A switch on it needs
// a default case.
type DiagnosticReportStatus string

// The documented report statuses.
const (
	DiagnosticReportStatusFinal       DiagnosticReportStatus = "final"
	DiagnosticReportStatusPartial     DiagnosticReportStatus = "partial"
	DiagnosticReportStatusPreliminary DiagnosticReportStatus = "preliminary"
	DiagnosticReportStatusAmended     DiagnosticReportStatus = "amended"
	DiagnosticReportStatusCorrected   DiagnosticReportStatus = "corrected"
	DiagnosticReportStatusCancelled   DiagnosticReportStatus = "cancelled"
)

// ObservationStatus is a FHIR ObservationStatus. A switch on it needs a default case.
type ObservationStatus string

// The FHIR ObservationStatus values (WHOOP shows only "final").
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

// maxObservations bounds one report; WHOOP documents no limit, this only catches runaway input.
const maxObservations = 1000

func (p *ServiceRequestSubmitResultsParams) validate() error {
	bad := func(field, reason string) error {
		return &ValidationError{Vendor: vendor, Field: field, Reason: reason}
	}
	switch {
	case p == nil:
		return bad("params", "must not be nil")
	case p.Status == "":
		return bad("Status", "must not be empty")
	case !p.Status.IsKnown():
		return bad("Status", "is not a documented report status")
	case len(p.Observations) == 0:
		return bad("Observations", "must hold at least one observation")
	case len(p.Observations) > maxObservations:
		return bad("Observations", "holds more than "+strconv.Itoa(maxObservations)+" observations")
	}
	for i, o := range p.Observations {
		at := "Observations[" + strconv.Itoa(i) + "]."
		switch {
		case strings.TrimSpace(o.Code) == "":
			return bad(at+"Code", "must not be empty")
		case o.ValueNumeric.IsZero() && (o.ValueText == nil || *o.ValueText == ""):
			return bad(at+"ValueNumeric", "one of ValueNumeric and ValueText is required (DecimalFromFloat gives no value for NaN and the infinities)")
		case o.Status != "" && !o.Status.IsKnown():
			return bad(at+"Status", "is not a FHIR ObservationStatus")
		}
	}
	return nil
}
