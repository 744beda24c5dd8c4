package ovation_test

import (
	"encoding/json"
	"fmt"
	"log"

	"github.com/labwire/labwire/ovation"
)

// Statuses Ovation adds later decode and round-trip but are not known: a switch on these
// types needs a default.
func ExampleRequisitionStatusValues() {
	fmt.Println(ovation.RequisitionStatusValues())
	fmt.Println(ovation.RequisitionStatus("on-hold").IsKnown())
	// Output:
	// [received held processing complete delivered deliver_modified canceled draft]
	// false
}

func ExampleAccessionStatusValues() {
	fmt.Println(ovation.AccessionStatusValues())
	// Output:
	// [incomplete complete signed]
}

func ExampleProcessingStatusValues() {
	fmt.Println(ovation.ProcessingStatusValues())
	// Output:
	// [held unprocessed processing complete]
}

func ExampleBillingStatusValues() {
	fmt.Println(ovation.BillingStatusValues())
	// Output:
	// [not-submitted ready-to-submit submitted submit-failed reimbursed rejected error denial]
}

func ExampleReportingStatusValues() {
	fmt.Println(ovation.ReportingStatusValues())
	// Output:
	// [not-started sent-for-generation generation-failed generated approved signed downloaded rejected]
}

func ExampleGenderValues() {
	fmt.Println(ovation.GenderValues())
	// Output:
	// [M F U]
}

func ExampleEthnicityValues() {
	fmt.Println(ovation.EthnicityValues())
	// Output:
	// [hispanic nothispanic undisclosed]
}

func ExampleRaceValues() {
	fmt.Println(ovation.RaceValues())
	// Output:
	// [white black asian islander native undisclosed]
}

func ExampleBillToValues() {
	fmt.Printf("%q\n", ovation.BillToValues())
	// Output:
	// ["Bill Insurance" "Patient Pay" "Facility Pay" "Other"]
}

func ExampleInsuranceTypeValues() {
	fmt.Println(ovation.InsuranceTypeValues())
	// Output:
	// [Primary Secondary]
}

func ExampleRelationshipToInsuredValues() {
	fmt.Printf("%q\n", ovation.RelationshipToInsuredValues())
	// Output:
	// ["Self" "Spouse" "Life partner" "Child" "Ward" "Handicapped Dependent" "Sponsored Dependent" "Dependent of a minor Dependent" "Other"]
}

func ExampleContainerTypeValues() {
	fmt.Println(ovation.ContainerTypeValues())
	// Output:
	// [Tube 96Plate]
}

func ExampleWorkflowStatusValues() {
	fmt.Println(ovation.WorkflowStatusValues())
	// Output:
	// [completed]
}

func ExampleEventStatusValues() {
	fmt.Println(ovation.EventStatusValues())
	// Output:
	// [sent send-failed pending]
}

// Event types are open: a handler's switch needs a default.
func ExampleEventTypeValues() {
	for _, t := range ovation.EventTypeValues() {
		fmt.Println(t)
	}
	// Output:
	// requisition_signed_accession
	// report_signed
	// report_corrected
	// report_ready_for_generation
	// report_correction_ready_for_generation
	// sample_rejected
	// requisition_canceled
	// test_result_ready
}

func ExampleEntitlementValues() {
	fmt.Println(ovation.EntitlementValues())
	// Output:
	// [can-use-specimen can-use-clinical-data can-recontact-patient]
}

// hasMedicalConsent is a number on the wire; 0 means consent was given, and a boolean
// decodes too.
func ExampleMedicalConsentValues() {
	fmt.Println(ovation.MedicalConsentValues())
	var c ovation.MedicalConsent
	if err := json.Unmarshal([]byte(`false`), &c); err != nil {
		log.Fatal(err)
	}
	fmt.Println(c == ovation.MedicalConsentNotGiven, ovation.MedicalConsent(2).IsKnown())
	// Output:
	// [0 1 3]
	// true false
}

// hasSecondaryUseNotification 2 (opted out of some uses) needs SecondaryUseEntitlements.
func ExampleSecondaryUseNotificationValues() {
	fmt.Println(ovation.SecondaryUseNotificationValues())
	fmt.Println(ovation.SecondaryUseOptedOut, ovation.SecondaryUseNotification(4).IsKnown())
	// Output:
	// [0 1 2 3]
	// 2 false
}
