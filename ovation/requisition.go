package ovation

import (
	"bytes"
	"encoding/json"
	"errors"
	"time"

	"github.com/labwire/labwire/internal/jsonx"
)

// Requisition is Ovation's requisition JSON: what a lab orders for one patient (test panels,
// diagnosis, medications, samples, billing) and, on answers, what Ovation made of it
// (statuses, workflows, reports). The same type is sent by Create and Update and answered
// by Get, Create, Update and, with limited details, List.
//
// Decoding is lenient about key case because Ovation's answers are: the list answers
// snake_case ("accession_status", "created_at", "requisition_template_id") where a get
// answers camelCase, and both spellings decode into the same fields. The deprecated
// "provider": {"npi"} decodes into Physician, and the deprecated "signedConsent" into
// HasSecondaryUseNotification when that field is absent. Everything Ovation sent, modelled
// or not, is kept in RawJSON.
//
// A Requisition holds patient data: it prints, logs and marshals its ids, statuses and
// counts only (create and update send its fields).
type Requisition struct {
	// ID is Ovation's internal id. Read only.
	ID ID `json:"id,omitempty" phi:"id"`
	// Identifier is the requisition's identifier, the one the routes take. If the project
	// template autogenerates identifiers, Ovation ignores it on create and answers the
	// generated one; otherwise it is required to create. Ignored on update.
	Identifier string `json:"identifier,omitempty" phi:"id"`
	// TemplateID is the project (requisition) template the requisition belongs to
	// ("templateId"; "requisition_template_id" in lists). Read only.
	TemplateID ID `json:"templateId,omitempty"`

	// Status is the overall status. Set by Ovation; ignored on create and update.
	Status RequisitionStatus `json:"status,omitempty" phi:"token:status"`
	// AccessionStatus is set by Ovation; ignored on create and update. It becomes
	// AccessionStatusSigned when a write sets MarkAsSigned and all required fields are there.
	AccessionStatus AccessionStatus `json:"accessionStatus,omitempty" phi:"token:accession_status"`
	// ProcessingStatus is set by Ovation; ignored on create and update.
	ProcessingStatus ProcessingStatus `json:"processingStatus,omitempty"`
	// ReportingStatus is set by Ovation; ignored on create and update.
	ReportingStatus ReportingStatus `json:"reportingStatus,omitempty"`
	// BillingStatus is set by Ovation; ignored on create and update.
	BillingStatus BillingStatus `json:"billingStatus,omitempty"`
	// CreatedAt and UpdatedAt are set by Ovation. Read only.
	CreatedAt time.Time `json:"createdAt,omitzero"`
	UpdatedAt time.Time `json:"updatedAt,omitzero"`

	// RequestedTests are the requested test panels. A requisition must have at least one;
	// Create refuses none before sending.
	RequestedTests []RequestedTest `json:"requestedTests,omitempty" phi:"count:requested_tests"`
	// Diagnosis holds ICD-10 diagnosis codes.
	Diagnosis []string `json:"diagnosis,omitempty"`
	// Medications are the patient's medications, by RXCUI.
	Medications []Medication `json:"medications,omitempty"`
	// CustomAttributes are the requisition's custom attributes.
	CustomAttributes CustomAttributes `json:"customAttributes,omitempty"`
	// Patient is the patient. PHI.
	Patient *Patient `json:"patient,omitempty"`
	// ProviderAccount names the ordering provider account.
	ProviderAccount *ProviderAccountRef `json:"providerAccount,omitempty"`
	// Physician is the ordering physician ("physician": {"npi"}). Older docs call the
	// object "provider"; that spelling is decoded too but never sent.
	Physician *Physician `json:"physician,omitempty"`
	// BillingInformation says who pays; its BillTo decides which of its fields apply.
	BillingInformation *BillingInformation `json:"billingInformation,omitempty"`
	// Samples are the requisition's samples.
	Samples []Sample `json:"samples,omitempty" phi:"count:samples"`

	// HasSecondaryUseNotification says whether the patient was notified of secondary use.
	HasSecondaryUseNotification *SecondaryUseNotification `json:"hasSecondaryUseNotification,omitempty"`
	// SecondaryUseEntitlements lists the entitlements opted into; required (non-nil) when
	// HasSecondaryUseNotification is SecondaryUseOptedOut.
	SecondaryUseEntitlements Entitlements `json:"secondaryUseEntitlements,omitzero"`
	// HasMedicalConsent says whether medical consent was given. Note that
	// MedicalConsentGiven is 0.
	HasMedicalConsent *MedicalConsent `json:"hasMedicalConsent,omitempty"`
	// Test flags a test order (listed in the 2022 docs only).
	Test *bool `json:"test,omitempty"`

	// Workflows are the workflows that included a sample of the requisition, with only
	// those samples. Read only.
	Workflows []Workflow `json:"workflows,omitempty"`
	// Reports are the requisition's reports. Read only: ignored on create and update.
	Reports []Report `json:"reports,omitempty"`

	raw jsonx.Raw
}

// requisitionWire adds the other spellings Ovation answers to Requisition's fields.
type requisitionWire struct {
	requisitionPlain
	TemplateIDSnake       ID               `json:"requisition_template_id"`
	AccessionStatusSnake  AccessionStatus  `json:"accession_status"`
	ProcessingStatusSnake ProcessingStatus `json:"processing_status"`
	ReportingStatusSnake  ReportingStatus  `json:"reporting_status"`
	BillingStatusSnake    BillingStatus    `json:"billing_status"`
	CreatedAtSnake        time.Time        `json:"created_at"`
	UpdatedAtSnake        time.Time        `json:"updated_at"`
	Provider              *Physician       `json:"provider"`
	SignedConsent         *bool            `json:"signedConsent"`
	// Workflows shadows the embedded field: decoded in this pass, without Workflow's method.
	Workflows []workflowWire `json:"workflows"`
}

type requisitionPlain Requisition

// UnmarshalJSON decodes both key spellings and keeps a copy of the object for RawJSON, for
// a requisition you decode yourself (from a stored RawJSON, say). The client never calls
// it: its answers and pages decode the wire form directly, once.
func (r *Requisition) UnmarshalJSON(b []byte) error {
	var w requisitionWire
	return jsonx.DecodeChecked(bytes.Clone(b), &w, func(w *requisitionWire, raw jsonx.Raw) { w.into(r, raw, nil) })
}

// into sets *r to the decoded requisition, raw being its JSON, its workflows taken from s
// (nil: allocated).
func (w *requisitionWire) into(r *Requisition, raw jsonx.Raw, s *slabs) {
	*r = Requisition(w.requisitionPlain)
	r.Workflows = workflows(w.Workflows, s)
	either(&r.TemplateID, w.TemplateIDSnake)
	either(&r.AccessionStatus, w.AccessionStatusSnake)
	either(&r.ProcessingStatus, w.ProcessingStatusSnake)
	either(&r.ReportingStatus, w.ReportingStatusSnake)
	either(&r.BillingStatus, w.BillingStatusSnake)
	if r.CreatedAt.IsZero() {
		r.CreatedAt = w.CreatedAtSnake
	}
	if r.UpdatedAt.IsZero() {
		r.UpdatedAt = w.UpdatedAtSnake
	}
	if r.Physician == nil {
		r.Physician = w.Provider
	}
	if r.HasSecondaryUseNotification == nil && w.SignedConsent != nil {
		n := SecondaryUseNotNotified
		if *w.SignedConsent {
			n = SecondaryUseNotified
		}
		r.HasSecondaryUseNotification = &n
	}
	r.raw = raw
}

// either sets *dst to alt when *dst is empty.
func either[T ~string](dst *T, alt T) {
	if *dst == "" {
		*dst = alt
	}
}

// RawJSON returns the requisition exactly as Ovation sent it, fields this package does not
// model included; nil for a Requisition built in Go. It holds PHI. It may share its bytes
// with the answer (and the Body WithResponse stores): do not modify it.
func (r *Requisition) RawJSON() json.RawMessage { return r.raw.JSON() }

// RequestedTest is one requested test panel and its selected tests.
type RequestedTest struct {
	// PanelCode is the test panel's code; the requisition schema lists the valid ones.
	PanelCode string `json:"panelCode" phi:"token"`
	// Tests are the selected tests of the panel.
	Tests []Test `json:"tests,omitempty"`
}

// Test is one selected test of a panel.
type Test struct {
	// TestCode is the test's code.
	TestCode string `json:"testCode" phi:"token"`
}

// Medication is one of the patient's medications.
type Medication struct {
	// Name is the medication's name. Ovation answers it but ignores it on create and update.
	Name string `json:"name,omitempty"`
	// RxCUI is the medication's RxNorm concept id.
	RxCUI string `json:"rxcui"`
}

// ProviderAccountRef names the ordering provider account of a requisition.
type ProviderAccountRef struct {
	// Name is the provider account's name.
	Name string `json:"name,omitempty" phi:"none"`
	// AccountNumber is its account number.
	AccountNumber string `json:"accountNumber,omitempty" phi:"none"`
}

// Physician is the ordering physician of a requisition.
type Physician struct {
	// NPI identifies the physician: a valid NPI for the NPPES registry, any string for other
	// registries.
	NPI string `json:"npi" phi:"id"`
}

// Report is one report of a requisition. Reports are read only.
type Report struct {
	// Status is the report's overall status.
	Status ReportingStatus `json:"status,omitempty" phi:"token:status"`
	// Result is the report's result when available ("positive", "negative", ...). PHI.
	Result string `json:"result,omitempty"`
	// DocumentName is the PDF's document name.
	DocumentName string `json:"documentName,omitempty"`
	// DisplayName is the report's display name.
	DisplayName string `json:"displayName,omitempty"`
	// DownloadLink is the path of the PDF in S3.
	DownloadLink string `json:"downloadLink,omitempty"`
	// SampleIdentifier is the report's sample.
	SampleIdentifier string `json:"sampleIdentifier,omitempty"`
	// CreatedDate is when the report was created, as Ovation wrote it (the format is not
	// documented).
	CreatedDate string `json:"createdDate,omitempty"`
	// SampleTatHours is the hours it took to process the sample, with its digits as sent.
	SampleTatHours Decimal `json:"sampleTatHours,omitzero"`
	// SignedBy lists the users that signed the report.
	SignedBy []Signer `json:"signedBy,omitempty"`
	// WorkflowID and WorkflowName are the workflow the report was generated from.
	WorkflowID   ID     `json:"workflowId,omitempty" phi:"id:workflow"`
	WorkflowName string `json:"workflowName,omitempty"`
}

// Signer is a user who signed a report. The requisition docs say only "an array that lists
// the users"; webhook payloads show objects {name, email, signedDateTime}. A plain string is
// decoded as the Name.
type Signer struct {
	Name           string `json:"name,omitempty"`
	Email          string `json:"email,omitempty"`
	SignedDateTime string `json:"signedDateTime,omitempty"`
}

// errSigner is a signer that is neither an object nor a string; it never quotes the value.
var errSigner = errors.New("ovation: a signer must be a JSON object or string")

// UnmarshalJSON accepts an object or a string.
func (s *Signer) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		*s = Signer{}
		if jsonx.UnmarshalStd(b, &s.Name) != nil {
			return errSigner
		}
		return nil
	}
	type plain Signer
	return jsonx.UnmarshalStd(b, (*plain)(s))
}
