// Enumerations of the Ovation API, with the values its documentation lists.

package ovation

import "slices"

// RequisitionStatus is the requisition's overall status (status). Ovation sets it; it is ignored on create and update.
// Unknown values decode and round-trip unchanged; a switch on it needs a default case.
type RequisitionStatus string

// The documented RequisitionStatus values.
const (
	RequisitionStatusReceived        RequisitionStatus = "received"
	RequisitionStatusHeld            RequisitionStatus = "held"
	RequisitionStatusProcessing      RequisitionStatus = "processing"
	RequisitionStatusComplete        RequisitionStatus = "complete"
	RequisitionStatusDelivered       RequisitionStatus = "delivered"
	RequisitionStatusDeliverModified RequisitionStatus = "deliver_modified"
	RequisitionStatusCanceled        RequisitionStatus = "canceled"
	RequisitionStatusDraft           RequisitionStatus = "draft"
)

// RequisitionStatusValues returns the documented values, in the order of Ovation's docs.
func RequisitionStatusValues() []RequisitionStatus {
	return []RequisitionStatus{RequisitionStatusReceived, RequisitionStatusHeld, RequisitionStatusProcessing, RequisitionStatusComplete, RequisitionStatusDelivered, RequisitionStatusDeliverModified, RequisitionStatusCanceled, RequisitionStatusDraft}
}

// IsKnown reports whether v is one of RequisitionStatusValues.
func (v RequisitionStatus) IsKnown() bool { return slices.Contains(RequisitionStatusValues(), v) }

// AccessionStatus is the requisition's accession status (accessionStatus; accession_status in lists). Ovation sets it; it is ignored on create and update.
// Unknown values decode and round-trip unchanged; a switch on it needs a default case.
type AccessionStatus string

// The documented AccessionStatus values.
const (
	AccessionStatusIncomplete AccessionStatus = "incomplete"
	AccessionStatusComplete   AccessionStatus = "complete"
	AccessionStatusSigned     AccessionStatus = "signed"
)

// AccessionStatusValues returns the documented values, in the order of Ovation's docs.
func AccessionStatusValues() []AccessionStatus {
	return []AccessionStatus{AccessionStatusIncomplete, AccessionStatusComplete, AccessionStatusSigned}
}

// IsKnown reports whether v is one of AccessionStatusValues.
func (v AccessionStatus) IsKnown() bool { return slices.Contains(AccessionStatusValues(), v) }

// ProcessingStatus is the requisition's processing status (processingStatus; processing_status in lists). Ovation sets it; it is ignored on create and update.
// Unknown values decode and round-trip unchanged; a switch on it needs a default case.
type ProcessingStatus string

// The documented ProcessingStatus values.
const (
	ProcessingStatusHeld        ProcessingStatus = "held"
	ProcessingStatusUnprocessed ProcessingStatus = "unprocessed"
	ProcessingStatusProcessing  ProcessingStatus = "processing"
	ProcessingStatusComplete    ProcessingStatus = "complete"
)

// ProcessingStatusValues returns the documented values, in the order of Ovation's docs.
func ProcessingStatusValues() []ProcessingStatus {
	return []ProcessingStatus{ProcessingStatusHeld, ProcessingStatusUnprocessed, ProcessingStatusProcessing, ProcessingStatusComplete}
}

// IsKnown reports whether v is one of ProcessingStatusValues.
func (v ProcessingStatus) IsKnown() bool { return slices.Contains(ProcessingStatusValues(), v) }

// BillingStatus is the requisition's billing status (billingStatus; billing_status in lists). Ovation sets it; it is ignored on create and update.
// Unknown values decode and round-trip unchanged; a switch on it needs a default case.
type BillingStatus string

// The documented BillingStatus values.
const (
	BillingStatusNotSubmitted  BillingStatus = "not-submitted"
	BillingStatusReadyToSubmit BillingStatus = "ready-to-submit"
	BillingStatusSubmitted     BillingStatus = "submitted"
	BillingStatusSubmitFailed  BillingStatus = "submit-failed"
	BillingStatusReimbursed    BillingStatus = "reimbursed"
	BillingStatusRejected      BillingStatus = "rejected"
	BillingStatusError         BillingStatus = "error"
	BillingStatusDenial        BillingStatus = "denial"
)

// BillingStatusValues returns the documented values, in the order of Ovation's docs.
func BillingStatusValues() []BillingStatus {
	return []BillingStatus{BillingStatusNotSubmitted, BillingStatusReadyToSubmit, BillingStatusSubmitted, BillingStatusSubmitFailed, BillingStatusReimbursed, BillingStatusRejected, BillingStatusError, BillingStatusDenial}
}

// IsKnown reports whether v is one of BillingStatusValues.
func (v BillingStatus) IsKnown() bool { return slices.Contains(BillingStatusValues(), v) }

// ReportingStatus is the requisition's reporting status (reportingStatus; reporting_status in lists), also the status of one report (reports[].status, the "Overall Status" of the application). Ovation sets it; it is ignored on create and update. ReportingStatusNotStarted appears in the seed's own list example but not in its list of values.
// Unknown values decode and round-trip unchanged; a switch on it needs a default case.
type ReportingStatus string

// The documented ReportingStatus values.
const (
	ReportingStatusNotStarted        ReportingStatus = "not-started"
	ReportingStatusSentForGeneration ReportingStatus = "sent-for-generation"
	ReportingStatusGenerationFailed  ReportingStatus = "generation-failed"
	ReportingStatusGenerated         ReportingStatus = "generated"
	ReportingStatusApproved          ReportingStatus = "approved"
	ReportingStatusSigned            ReportingStatus = "signed"
	ReportingStatusDownloaded        ReportingStatus = "downloaded"
	ReportingStatusRejected          ReportingStatus = "rejected"
)

// ReportingStatusValues returns the documented values, in the order of Ovation's docs.
func ReportingStatusValues() []ReportingStatus {
	return []ReportingStatus{ReportingStatusNotStarted, ReportingStatusSentForGeneration, ReportingStatusGenerationFailed, ReportingStatusGenerated, ReportingStatusApproved, ReportingStatusSigned, ReportingStatusDownloaded, ReportingStatusRejected}
}

// IsKnown reports whether v is one of ReportingStatusValues.
func (v ReportingStatus) IsKnown() bool { return slices.Contains(ReportingStatusValues(), v) }

// Gender is the patient's gender.
// Unknown values decode and round-trip unchanged; a switch on it needs a default case.
type Gender string

// The documented Gender values.
const (
	GenderMale    Gender = "M"
	GenderFemale  Gender = "F"
	GenderUnknown Gender = "U"
)

// GenderValues returns the documented values, in the order of Ovation's docs.
func GenderValues() []Gender {
	return []Gender{GenderMale, GenderFemale, GenderUnknown}
}

// IsKnown reports whether v is one of GenderValues.
func (v Gender) IsKnown() bool { return slices.Contains(GenderValues(), v) }

// Ethnicity is the patient's ethnicity.
// Unknown values decode and round-trip unchanged; a switch on it needs a default case.
type Ethnicity string

// The documented Ethnicity values.
const (
	EthnicityHispanic    Ethnicity = "hispanic"
	EthnicityNotHispanic Ethnicity = "nothispanic"
	EthnicityUndisclosed Ethnicity = "undisclosed"
)

// EthnicityValues returns the documented values, in the order of Ovation's docs.
func EthnicityValues() []Ethnicity {
	return []Ethnicity{EthnicityHispanic, EthnicityNotHispanic, EthnicityUndisclosed}
}

// IsKnown reports whether v is one of EthnicityValues.
func (v Ethnicity) IsKnown() bool { return slices.Contains(EthnicityValues(), v) }

// Race is the patient's race.
// Unknown values decode and round-trip unchanged; a switch on it needs a default case.
type Race string

// The documented Race values.
const (
	RaceWhite       Race = "white"
	RaceBlack       Race = "black"
	RaceAsian       Race = "asian"
	RaceIslander    Race = "islander"
	RaceNative      Race = "native"
	RaceUndisclosed Race = "undisclosed"
)

// RaceValues returns the documented values, in the order of Ovation's docs.
func RaceValues() []Race {
	return []Race{RaceWhite, RaceBlack, RaceAsian, RaceIslander, RaceNative, RaceUndisclosed}
}

// IsKnown reports whether v is one of RaceValues.
func (v Race) IsKnown() bool { return slices.Contains(RaceValues(), v) }

// BillTo is who pays (billingInformation.billTo). BillToInsurance makes Ovation use the insurance informations and ignore the other billing fields; any other value the reverse.
// Unknown values decode and round-trip unchanged; a switch on it needs a default case.
type BillTo string

// The documented BillTo values.
const (
	BillToInsurance   BillTo = "Bill Insurance"
	BillToPatientPay  BillTo = "Patient Pay"
	BillToFacilityPay BillTo = "Facility Pay"
	BillToOther       BillTo = "Other"
)

// BillToValues returns the documented values, in the order of Ovation's docs.
func BillToValues() []BillTo {
	return []BillTo{BillToInsurance, BillToPatientPay, BillToFacilityPay, BillToOther}
}

// IsKnown reports whether v is one of BillToValues.
func (v BillTo) IsKnown() bool { return slices.Contains(BillToValues(), v) }

// InsuranceType is whether an insurance is the primary or the secondary one.
// Unknown values decode and round-trip unchanged; a switch on it needs a default case.
type InsuranceType string

// The documented InsuranceType values.
const (
	InsuranceTypePrimary   InsuranceType = "Primary"
	InsuranceTypeSecondary InsuranceType = "Secondary"
)

// InsuranceTypeValues returns the documented values, in the order of Ovation's docs.
func InsuranceTypeValues() []InsuranceType {
	return []InsuranceType{InsuranceTypePrimary, InsuranceTypeSecondary}
}

// IsKnown reports whether v is one of InsuranceTypeValues.
func (v InsuranceType) IsKnown() bool { return slices.Contains(InsuranceTypeValues(), v) }

// RelationshipToInsured is the relationship of the patient to the insured.
// Unknown values decode and round-trip unchanged; a switch on it needs a default case.
type RelationshipToInsured string

// The documented RelationshipToInsured values.
const (
	RelationshipToInsuredSelf                      RelationshipToInsured = "Self"
	RelationshipToInsuredSpouse                    RelationshipToInsured = "Spouse"
	RelationshipToInsuredLifePartner               RelationshipToInsured = "Life partner"
	RelationshipToInsuredChild                     RelationshipToInsured = "Child"
	RelationshipToInsuredWard                      RelationshipToInsured = "Ward"
	RelationshipToInsuredHandicappedDependent      RelationshipToInsured = "Handicapped Dependent"
	RelationshipToInsuredSponsoredDependent        RelationshipToInsured = "Sponsored Dependent"
	RelationshipToInsuredDependentOfMinorDependent RelationshipToInsured = "Dependent of a minor Dependent"
	RelationshipToInsuredOther                     RelationshipToInsured = "Other"
)

// RelationshipToInsuredValues returns the documented values, in the order of Ovation's docs.
func RelationshipToInsuredValues() []RelationshipToInsured {
	return []RelationshipToInsured{RelationshipToInsuredSelf, RelationshipToInsuredSpouse, RelationshipToInsuredLifePartner, RelationshipToInsuredChild, RelationshipToInsuredWard, RelationshipToInsuredHandicappedDependent, RelationshipToInsuredSponsoredDependent, RelationshipToInsuredDependentOfMinorDependent, RelationshipToInsuredOther}
}

// IsKnown reports whether v is one of RelationshipToInsuredValues.
func (v RelationshipToInsured) IsKnown() bool {
	return slices.Contains(RelationshipToInsuredValues(), v)
}

// ContainerType is a sample's container type. The 2022 docs list "Type" and "96Plate"; "Type" is a typo for "Tube", which is the constant here. A project template may configure others (see the requisition schema's option lists).
// Unknown values decode and round-trip unchanged; a switch on it needs a default case.
type ContainerType string

// The documented ContainerType values.
const (
	ContainerTypeTube    ContainerType = "Tube"
	ContainerTypePlate96 ContainerType = "96Plate"
)

// ContainerTypeValues returns the documented values, in the order of Ovation's docs.
func ContainerTypeValues() []ContainerType {
	return []ContainerType{ContainerTypeTube, ContainerTypePlate96}
}

// IsKnown reports whether v is one of ContainerTypeValues.
func (v ContainerType) IsKnown() bool { return slices.Contains(ContainerTypeValues(), v) }

// WorkflowStatus is the status of a workflow. Ovation's docs show only "completed".
// Unknown values decode and round-trip unchanged; a switch on it needs a default case.
type WorkflowStatus string

// The documented WorkflowStatus values.
const (
	WorkflowStatusCompleted WorkflowStatus = "completed"
)

// WorkflowStatusValues returns the documented values, in the order of Ovation's docs.
func WorkflowStatusValues() []WorkflowStatus {
	return []WorkflowStatus{WorkflowStatusCompleted}
}

// IsKnown reports whether v is one of WorkflowStatusValues.
func (v WorkflowStatus) IsKnown() bool { return slices.Contains(WorkflowStatusValues(), v) }

// EventStatus is the delivery status of a webhook endpoint event.
// Unknown values decode and round-trip unchanged; a switch on it needs a default case.
type EventStatus string

// The documented EventStatus values.
const (
	EventStatusSent       EventStatus = "sent"
	EventStatusSendFailed EventStatus = "send-failed"
	EventStatusPending    EventStatus = "pending"
)

// EventStatusValues returns the documented values, in the order of Ovation's docs.
func EventStatusValues() []EventStatus {
	return []EventStatus{EventStatusSent, EventStatusSendFailed, EventStatusPending}
}

// IsKnown reports whether v is one of EventStatusValues.
func (v EventStatus) IsKnown() bool { return slices.Contains(EventStatusValues(), v) }

// Entitlement is one secondary-use entitlement a patient opted into.
// Unknown values decode and round-trip unchanged; a switch on it needs a default case.
type Entitlement string

// The documented Entitlement values.
const (
	EntitlementCanUseSpecimen      Entitlement = "can-use-specimen"
	EntitlementCanUseClinicalData  Entitlement = "can-use-clinical-data"
	EntitlementCanRecontactPatient Entitlement = "can-recontact-patient"
)

// EntitlementValues returns the documented values, in the order of Ovation's docs.
func EntitlementValues() []Entitlement {
	return []Entitlement{EntitlementCanUseSpecimen, EntitlementCanUseClinicalData, EntitlementCanRecontactPatient}
}

// IsKnown reports whether v is one of EntitlementValues.
func (v Entitlement) IsKnown() bool { return slices.Contains(EntitlementValues(), v) }
