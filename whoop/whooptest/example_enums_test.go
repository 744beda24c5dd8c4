package whooptest_test

import (
	"fmt"

	"github.com/labwire/labwire/whoop/whooptest"
)

// The fake's own enums, kept apart from the client's: it refuses a status it does not know.
func ExampleTaskBusinessStatusValues() {
	fmt.Println(whooptest.TaskBusinessStatusValues())
	fmt.Println(whooptest.TaskBusinessStatus("SAMPLE_LOST").IsKnown())
	// Output:
	// [ORDER_CONFIRMED APPOINTMENT_ATTENDED PARTIAL_RESULTS_READY FULL_RESULTS_READY APPOINTMENT_ISSUE RESULTS_ISSUE ORDER_ISSUE]
	// false
}

func ExampleServiceRequestStatusValues() {
	fmt.Println(whooptest.ServiceRequestStatusValues())
	// Output:
	// [active completed revoked]
}

func ExampleReportStatusValues() {
	fmt.Println(whooptest.ReportStatusValues())
	// Output:
	// [final partial preliminary amended corrected cancelled]
}

func ExampleObservationStatusValues() {
	fmt.Println(whooptest.ObservationStatusValues())
	// Output:
	// [registered preliminary final amended corrected cancelled entered-in-error unknown]
}

func ExampleEventTypeValues() {
	fmt.Println(whooptest.EventTypeValues())
	// Output:
	// [lab_requisition.created clinical_report_review.requested]
}
