// Enumerations of the Ovation API, with the values its documentation lists.

package ovation

// RequisitionStatus is the requisition's overall status (status). Ovation sets it; it is ignored on create and update.
// Unknown values decode and round-trip unchanged; a switch on it needs a default case.
type RequisitionStatus string

// The documented RequisitionStatus values, in the order of Ovation's docs.
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

// AccessionStatus is the requisition's accession status (accessionStatus; accession_status in lists). Ovation sets it; it is ignored on create and update.
// Unknown values decode and round-trip unchanged; a switch on it needs a default case.
type AccessionStatus string

// The documented AccessionStatus values, in the order of Ovation's docs.
const (
	AccessionStatusIncomplete AccessionStatus = "incomplete"
	AccessionStatusComplete   AccessionStatus = "complete"
	AccessionStatusSigned     AccessionStatus = "signed"
)

// ProcessingStatus is the requisition's processing status (processingStatus; processing_status in lists). Ovation sets it; it is ignored on create and update.
// Unknown values decode and round-trip unchanged; a switch on it needs a default case.
type ProcessingStatus string

// The documented ProcessingStatus values, in the order of Ovation's docs.
const (
	ProcessingStatusHeld        ProcessingStatus = "held"
	ProcessingStatusUnprocessed ProcessingStatus = "unprocessed"
	ProcessingStatusProcessing  ProcessingStatus = "processing"
	ProcessingStatusComplete    ProcessingStatus = "complete"
)

// BillingStatus is the requisition's billing status (billingStatus; billing_status in lists). Ovation sets it; it is ignored on create and update.
// Unknown values decode and round-trip unchanged; a switch on it needs a default case.
type BillingStatus string

// The documented BillingStatus values, in the order of Ovation's docs.
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

// ReportingStatus is the requisition's reporting status (reportingStatus; reporting_status in lists), also the status of one report (reports[].status, the "Overall Status" of the application). Ovation sets it; it is ignored on create and update. ReportingStatusNotStarted appears in the seed's own list example but not in its list of values.
// Unknown values decode and round-trip unchanged; a switch on it needs a default case.
type ReportingStatus string

// The documented ReportingStatus values, in the order of Ovation's docs.
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

// Gender is the patient's gender.
// Unknown values decode and round-trip unchanged; a switch on it needs a default case.
type Gender string

// The documented Gender values, in the order of Ovation's docs.
const (
	GenderMale    Gender = "M"
	GenderFemale  Gender = "F"
	GenderUnknown Gender = "U"
)

// Ethnicity is the patient's ethnicity.
// Unknown values decode and round-trip unchanged; a switch on it needs a default case.
type Ethnicity string

// The documented Ethnicity values, in the order of Ovation's docs.
const (
	EthnicityHispanic    Ethnicity = "hispanic"
	EthnicityNotHispanic Ethnicity = "nothispanic"
	EthnicityUndisclosed Ethnicity = "undisclosed"
)

// Race is the patient's race.
// Unknown values decode and round-trip unchanged; a switch on it needs a default case.
type Race string

// The documented Race values, in the order of Ovation's docs.
const (
	RaceWhite       Race = "white"
	RaceBlack       Race = "black"
	RaceAsian       Race = "asian"
	RaceIslander    Race = "islander"
	RaceNative      Race = "native"
	RaceUndisclosed Race = "undisclosed"
)

// BillTo is who pays (billingInformation.billTo). BillToInsurance makes Ovation use the insurance informations and ignore the other billing fields; any other value the reverse.
// Unknown values decode and round-trip unchanged; a switch on it needs a default case.
type BillTo string

// The documented BillTo values, in the order of Ovation's docs.
const (
	BillToInsurance   BillTo = "Bill Insurance"
	BillToPatientPay  BillTo = "Patient Pay"
	BillToFacilityPay BillTo = "Facility Pay"
	BillToOther       BillTo = "Other"
)

// InsuranceType is whether an insurance is the primary or the secondary one.
// Unknown values decode and round-trip unchanged; a switch on it needs a default case.
type InsuranceType string

// The documented InsuranceType values, in the order of Ovation's docs.
const (
	InsuranceTypePrimary   InsuranceType = "Primary"
	InsuranceTypeSecondary InsuranceType = "Secondary"
)

// RelationshipToInsured is the relationship of the patient to the insured.
// Unknown values decode and round-trip unchanged; a switch on it needs a default case.
type RelationshipToInsured string

// The documented RelationshipToInsured values, in the order of Ovation's docs.
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

// ContainerType is a sample's container type. The 2022 docs list "Type" and "96Plate"; "Type" is a typo for "Tube", which is the constant here. A project template may configure others (see the requisition schema's option lists).
// Unknown values decode and round-trip unchanged; a switch on it needs a default case.
type ContainerType string

// The documented ContainerType values, in the order of Ovation's docs.
const (
	ContainerTypeTube    ContainerType = "Tube"
	ContainerTypePlate96 ContainerType = "96Plate"
)

// WorkflowStatus is the status of a workflow. Ovation's docs show only "completed".
// Unknown values decode and round-trip unchanged; a switch on it needs a default case.
type WorkflowStatus string

// The documented WorkflowStatus values, in the order of Ovation's docs.
const (
	WorkflowStatusCompleted WorkflowStatus = "completed"
)

// EventStatus is the delivery status of a webhook endpoint event.
// Unknown values decode and round-trip unchanged; a switch on it needs a default case.
type EventStatus string

// The documented EventStatus values, in the order of Ovation's docs.
const (
	EventStatusSent       EventStatus = "sent"
	EventStatusSendFailed EventStatus = "send-failed"
	EventStatusPending    EventStatus = "pending"
)

// Entitlement is one secondary-use entitlement a patient opted into.
// Unknown values decode and round-trip unchanged; a switch on it needs a default case.
type Entitlement string

// The documented Entitlement values, in the order of Ovation's docs.
const (
	EntitlementCanUseSpecimen      Entitlement = "can-use-specimen"
	EntitlementCanUseClinicalData  Entitlement = "can-use-clinical-data"
	EntitlementCanRecontactPatient Entitlement = "can-recontact-patient"
)
