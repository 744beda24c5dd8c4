package ovation

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/labwire/labwire/internal/jsonx"
	"github.com/labwire/labwire/internal/typedevent"
	"github.com/labwire/labwire/webhook"
	"github.com/labwire/labwire/webhook/dispatch"
)

// EventType is the kind of an Ovation webhook (its eventType, and a webhook endpoint's
// event). Unknown types decode unchanged; a switch on it needs a default case.
type EventType string

// The event types Ovation documents.
const (
	// EventTypeRequisitionSignedAccession: the requisition form was verified (accession
	// status signed).
	EventTypeRequisitionSignedAccession EventType = "requisition_signed_accession"
	// EventTypeReportSigned: an initial (or Final-type regenerated) report was signed.
	EventTypeReportSigned EventType = "report_signed"
	// EventTypeReportCorrected: a Correction-type regenerated report was signed.
	EventTypeReportCorrected EventType = "report_corrected"
	// EventTypeReportReadyForGeneration: an initial or Final report was created with status
	// sent-for-generation; upload its content with Reports.UploadContent(ReportID).
	EventTypeReportReadyForGeneration EventType = "report_ready_for_generation"
	// EventTypeReportCorrectionReadyForGeneration: a Correction report was created with
	// status sent-for-generation.
	EventTypeReportCorrectionReadyForGeneration EventType = "report_correction_ready_for_generation"
	// EventTypeSampleRejected: a sample was confirmed rejected (EventDetails: the reason).
	EventTypeSampleRejected EventType = "sample_rejected"
	// EventTypeRequisitionCanceled: a requisition was canceled (EventDetails: the reason).
	EventTypeRequisitionCanceled EventType = "requisition_canceled"
	// EventTypeTestResultReady: test results are ready; SampleTestResults holds the ids for
	// WorkflowSampleResults.Get.
	EventTypeTestResultReady EventType = "test_result_ready"
)

// Event is an Ovation webhook payload. Ovation's payloads are flat objects whose fields
// depend on the event type; each field says which events carry it, and everything sent,
// modelled or not, is in RawJSON. Ids arrive as numbers or strings and decode either way.
// An Event holds patient data: it prints and logs its type and ids only.
type Event struct {
	// Type is the event type (eventType).
	Type EventType `json:"eventType" phi:"token:type"`
	// EventDetails is the reason of a rejection or cancellation, or a description.
	EventDetails string `json:"eventDetails,omitempty"`
	// Timestamp is when the event happened (Unix seconds on the wire; report_ready_*).
	Timestamp UnixTime `json:"timestamp,omitzero"`
	// OrganizationID and OrganizationTimezone are the organization's (test_result_ready,
	// report_ready_*).
	OrganizationID       ID     `json:"organizationId,omitempty"`
	OrganizationTimezone string `json:"organizationTimezone,omitempty"`
	// ProjectTemplateID is the requisition's template (a number, or a string in
	// report_signed).
	ProjectTemplateID ID `json:"projectTemplateId,omitempty"`
	// RequisitionIdentifier names the requisition (every event but test_result_ready).
	RequisitionIdentifier string `json:"requisitionIdentifier,omitempty" phi:"id:requisition,omitempty"`
	// OverallStatus is the requisition's overall status (report_ready_*).
	OverallStatus RequisitionStatus `json:"overallStatus,omitempty"`

	// SampleIdentifier, SampleGroup and SampleLabel describe the sample (report_*,
	// sample_rejected).
	SampleIdentifier string `json:"sampleIdentifier,omitempty"`
	SampleGroup      string `json:"sampleGroup,omitempty"`
	SampleLabel      string `json:"sampleLabel,omitempty"`
	// PatientMRN is the patient's record number. PHI.
	PatientMRN string `json:"patientMRN,omitempty"`
	// PatientCustomAttributes are the patient's custom attributes (report_signed sends ""
	// when there are none). PHI.
	PatientCustomAttributes CustomAttributes `json:"patientCustomAttributes,omitempty"`

	// ProviderAccountName and ProviderAccountNumber name the ordering account.
	ProviderAccountName   string `json:"providerAccountName,omitempty"`
	ProviderAccountNumber string `json:"providerAccountNumber,omitempty"`
	// ProviderNPI is the ordering physician's NPI: "providerNPI" in newer payloads,
	// "physicianNPI" in older ones; both decode here.
	ProviderNPI string `json:"providerNPI,omitempty"`

	// ReportID is the report to upload content to (report_ready_for_generation,
	// report_correction_ready_for_generation).
	ReportID ID `json:"reportId,omitempty" phi:"id:report,omitempty"`
	// ReportResult is the report's result ("Detected", "Not detected", "Inconclusive",
	// "Positive", ...). PHI.
	ReportResult string `json:"reportResult,omitempty"`
	// ReportResultDetails are the result's details (company_name, physician, panel_name,
	// panel_code, ...). PHI.
	ReportResultDetails CustomAttributes `json:"reportResultDetails,omitempty"`
	// ReportType, ReportDate and ReportDateTime are as Ovation wrote them.
	ReportType     string `json:"reportType,omitempty"`
	ReportDate     string `json:"reportDate,omitempty"`
	ReportDateTime string `json:"reportDateTime,omitempty"`
	// CollectionDateTime and ReceivedDateTime are the sample's, as Ovation wrote them.
	CollectionDateTime string `json:"collectionDateTime,omitempty"`
	ReceivedDateTime   string `json:"receivedDateTime,omitempty"`
	// ReportDownloadLink downloads the report PDF with the same Bearer API key.
	ReportDownloadLink string `json:"reportDownloadLink,omitempty"`
	// SignedBy lists who signed the report.
	SignedBy []Signer `json:"signedBy,omitempty"`

	// WorkflowID, WorkflowDefinitionID, WorkflowName and WorkflowType describe the
	// workflow (test_result_ready, report_ready_*).
	WorkflowID           ID     `json:"workflowId,omitempty" phi:"id:workflow,omitempty"`
	WorkflowDefinitionID ID     `json:"workflowDefinitionId,omitempty"`
	WorkflowName         string `json:"workflowName,omitempty"`
	WorkflowType         string `json:"workflowType,omitempty"`
	// SampleTestResults are the results of test_result_ready; each ID is one for
	// WorkflowSampleResults.Get.
	SampleTestResults []SampleTestResult `json:"sampleTestResults,omitempty"`
	// TestPanels, Medications, Diagnosis and Results (report_ready_*) are kept as sent:
	// their shapes are not documented. PHI.
	TestPanels  json.RawMessage `json:"testPanels,omitempty"`
	Medications json.RawMessage `json:"medications,omitempty"`
	Diagnosis   json.RawMessage `json:"diagnosis,omitempty"`
	Results     json.RawMessage `json:"results,omitempty"`

	raw json.RawMessage
}

// SampleTestResult is one entry of sampleTestResults: an id, or an object with one. The
// shape is not documented; the object is kept in RawJSON.
type SampleTestResult struct {
	// ID is the workflow sample result id ("id" or "workflowSampleResultId" of an object,
	// or the entry itself).
	ID ID `json:"id,omitempty" phi:"id"`

	raw json.RawMessage
}

// UnmarshalJSON accepts an id or an object.
func (s *SampleTestResult) UnmarshalJSON(b []byte) error {
	s.raw = append(json.RawMessage(nil), b...)
	if len(b) > 0 && b[0] == '{' {
		var v struct {
			ID  ID `json:"id"`
			WID ID `json:"workflowSampleResultId"`
		}
		if err := jsonx.UnmarshalStd(b, &v); err != nil {
			return err
		}
		s.ID = v.ID
		either(&s.ID, v.WID)
		return nil
	}
	return s.ID.UnmarshalJSON(b)
}

// RawJSON returns the entry as sent.
func (s *SampleTestResult) RawJSON() json.RawMessage { return s.raw }

// UnixTime is a time sent as Unix seconds (a JSON number or numeric string).
type UnixTime struct{ time.Time }

// UnmarshalJSON decodes Unix seconds.
func (t *UnixTime) UnmarshalJSON(b []byte) error {
	s := strings.Trim(string(b), `"`)
	if s == "null" || s == "" {
		return nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < 0 || f > 1e11 {
		return errors.New("ovation: timestamp must be Unix seconds")
	}
	sec := int64(f)
	t.Time = time.Unix(sec, int64((f-float64(sec))*1e9)).UTC()
	return nil
}

// MarshalJSON encodes Unix seconds.
func (t UnixTime) MarshalJSON() ([]byte, error) {
	if t.IsZero() {
		return []byte("null"), nil
	}
	return strconv.AppendInt(nil, t.Unix(), 10), nil
}

// RawJSON returns the payload exactly as Ovation sent it. PHI.
func (e *Event) RawJSON() json.RawMessage { return e.raw }

// ErrInvalidEvent matches a webhook body that is not a well-formed Ovation event: invalid
// JSON or UTF-8, duplicate or case-variant keys, trailing data, a field of the wrong type,
// or no eventType.
var ErrInvalidEvent = errors.New("ovation: invalid webhook event")

// ParseEvent decodes a webhook body strictly. Call it on bytes the verifier accepted
// (NewWebhookHandler does both). Unknown event types are kept, with every field decoded
// that fits.
func ParseEvent(body []byte) (*Event, error) {
	var w struct {
		eventPlain
		PhysicianNPI string `json:"physicianNPI"`
	}
	if b := bytes.TrimLeft(body, " \t\r\n"); len(b) == 0 || b[0] != '{' {
		return nil, &eventError{errNotObject}
	}
	if err := jsonx.Unmarshal(body, &w); err != nil {
		return nil, &eventError{err}
	}
	e := Event(w.eventPlain)
	if e.Type == "" {
		return nil, &eventError{errors.New("eventType is missing")}
	}
	either(&e.ProviderNPI, w.PhysicianNPI)
	e.raw = append(json.RawMessage(nil), body...)
	return &e, nil
}

type eventPlain Event

var errNotObject = errors.New("the body is not a JSON object")

// eventError is one line, matching ErrInvalidEvent.
type eventError struct{ err error }

func (e *eventError) Error() string        { return "ovation: invalid webhook event: " + e.err.Error() }
func (e *eventError) Unwrap() error        { return e.err }
func (e *eventError) Is(target error) bool { return target == ErrInvalidEvent }

// DeliveryTimeout is how long Ovation waits for a webhook's 2xx before it counts the
// delivery as failed and retries (RetryDelays).
const DeliveryTimeout = 10 * time.Second

// RetryDelays returns when Ovation retries a failed delivery, after the first attempt: at
// 64 s and 729 s, then it gives up.
func RetryDelays() []time.Duration { return []time.Duration{64 * time.Second, 729 * time.Second} }

// DefaultDedupTTL is how long NewWebhookHandler remembers a delivery: the last retry comes
// 729 s after the first attempt, so an hour covers it.
const DefaultDedupTTL = time.Hour

// NewWebhookVerifier returns the verifier of Ovation's webhooks: HTTP Basic with the
// username and password configured on the webhook endpoint (give two pairs during a
// rotation). Ovation signs nothing: the body is not authenticated, only the sender, so
// serve the endpoint over TLS only; it sends no timestamp or event id either. An empty
// username or password is an error.
func NewWebhookVerifier(creds []webhook.BasicCredentials, opts ...webhook.Option) (*webhook.Verifier, error) {
	if len(creds) == 0 {
		return nil, &ValidationError{Vendor: vendor, Field: "NewWebhookVerifier", Reason: "at least one username and password pair is required"}
	}
	for i, c := range creds {
		if c.Username == "" || c.Password == "" {
			return nil, &ValidationError{Vendor: vendor, Field: "NewWebhookVerifier", Reason: "creds[" + strconv.Itoa(i) + "] needs a username and a password"}
		}
	}
	return webhook.NewBasicAuth(creds, opts...)
}

// EventHandler processes one verified, parsed, deduplicated Ovation event. A failure is
// logged by its dispatch.Category and event type, never its text, then retried or
// dead-lettered as NewWebhookHandler describes: return a client's error unchanged (or
// wrapped with %w), so that a write that may have happened (ErrOutcomeUnknown) is not
// retried, and never call such a write again yourself. It may run more than once for one
// event (a retry, one of Ovation's redeliveries): make it idempotent.
type EventHandler func(ctx context.Context, e *Event) error

// NewWebhookHandler returns the http.Handler for your Ovation webhook URL. It checks each
// delivery's HTTP Basic credentials with v, parses it strictly, drops duplicates seen in
// the last DefaultDedupTTL (Ovation retries a delivery it counted as failed, with the same
// body), and hands the event to handle.
//
// The mode is package dispatch's: by default the event is queued and Ovation is answered
// 200 at once, and a failing handle is retried in process with jittered exponential backoff
// (dispatch.WithRetries; dispatch.DefaultAttempts tries by default); dispatch.WithInbox
// stores it durably first (source "ovation") and the inbox's workers retry it, across
// crashes; dispatch.WithSync runs handle before answering (it must finish within Ovation's
// 10 s; bound it with dispatch.WithProcessTimeout below DeliveryTimeout): a retryable
// failure is answered 500 so that Ovation retries at 64 s and 729 s, the others go to
// dispatch.WithDeadLetter and are answered 200. Call Shutdown on the handler to stop it.
//
// What a retry could repeat or cannot fix is not retried: it goes at once to the
// dead-letter path (the dispatch.WithDeadLetter function, and with an inbox its dead
// letters), logged with its dispatch.Category: an error matching ErrOutcomeUnknown
// ("outcome_unknown"), a panic, dispatch.Permanent (a body that does not parse is one),
// ErrValidation (a 422 too), ErrBadRequest, ErrUnauthorized, ErrForbidden and
// ErrResponseTooLarge. Everything else is retried: 429, a 5xx on a read, ErrNotFound (an
// event may arrive before its requisition is readable), ErrConflict, a timeout, your
// database's errors. dispatch.WithRetryRule replaces this rule (start from
// dispatch.DefaultRetryRule).
//
// The POSTs a handler makes, Requisitions.Create, UnscopedRequisitions.Create,
// Resources.Upload and the other creates, fail with ErrOutcomeUnknown when Ovation may have
// applied them (a 5xx or a dropped connection after the request left; PUTs such as
// Requisitions.Update and Reports.UploadContent are retried by the client, as repeating
// them is harmless). Return that error; do not call the create again: Ovation has no
// idempotency key, and a second Requisitions.Create makes a second requisition. Set
// dispatch.WithDeadLetter to keep the event. Whoever runs it again looks first: give the
// requisition an Identifier of your own (unless the template autogenerates them) and
// Requisitions.Get it before creating it again.
//
// opts are applied after the defaults; dispatch.WithLogger logs refusals and failures
// (metadata only: the category and the event type, one of EventTypeValues or "unknown").
func NewWebhookHandler(v *webhook.Verifier, handle EventHandler, opts ...dispatch.HandlerOption) (*dispatch.Handler, error) {
	return typedevent.Handler[*Event]{
		Vendor: vendor, Parse: ParseEvent, TypeOf: typedevent.TypeOf[EventType]("eventType"),
		DedupTTL: DefaultDedupTTL, DedupKeys: 100_000,
	}.New(v, handle, opts)
}
