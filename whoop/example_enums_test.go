package whoop_test

import (
	"fmt"

	"github.com/labwire/labwire/whoop"
)

// A value WHOOP adds later decodes and round-trips but is not known: a switch on these types
// needs a default.
func ExampleTaskBusinessStatusValues() {
	for _, s := range whoop.TaskBusinessStatusValues() {
		fmt.Println(s, s.IsHappyPath(), s.IsTerminal())
	}
	fmt.Println(whoop.TaskBusinessStatus("SAMPLE_LOST").IsKnown())
	// Output:
	// ORDER_CONFIRMED true false
	// APPOINTMENT_ATTENDED true false
	// PARTIAL_RESULTS_READY true false
	// FULL_RESULTS_READY true true
	// APPOINTMENT_ISSUE false true
	// RESULTS_ISSUE false true
	// ORDER_ISSUE false true
	// false
}

func ExampleServiceRequestStatusValues() {
	fmt.Println(whoop.ServiceRequestStatusValues())
	fmt.Println(whoop.ServiceRequestStatus("on-hold").IsKnown())
	// Output:
	// [active completed revoked]
	// false
}

func ExampleDiagnosticReportStatusValues() {
	fmt.Println(whoop.DiagnosticReportStatusValues())
	// Output:
	// [final partial preliminary amended corrected cancelled]
}

func ExampleObservationStatusValues() {
	fmt.Println(whoop.ObservationStatusValues())
	// Output:
	// [registered preliminary final amended corrected cancelled entered-in-error unknown]
}

func ExampleEventTypeValues() {
	fmt.Println(whoop.EventTypeValues())
	fmt.Println(whoop.EventType("lab_requisition.updated").IsKnown())
	// Output:
	// [lab_requisition.created clinical_report_review.requested]
	// false
}
