package workpath_test

import (
	"fmt"

	"github.com/labwire/labwire/workpath"
)

// A status Workpath adds later decodes and round-trips but is not known: a switch on these
// types needs a default.
func ExampleAppointmentStatusValues() {
	var terminal []workpath.AppointmentStatus
	for _, s := range workpath.AppointmentStatusValues() {
		if s.IsTerminal() {
			terminal = append(terminal, s)
		}
	}
	fmt.Println(terminal)
	fmt.Println(len(workpath.AppointmentStatusValues()), workpath.AppointmentStatus("Rescheduled").IsKnown())
	// Output:
	// [Complete Cancelled]
	// 13 false
}

func ExampleAppointmentTypeValues() {
	fmt.Println(workpath.AppointmentTypeValues())
	// Output:
	// [Single Shift]
}

func ExampleUnscheduledValues() {
	fmt.Println(workpath.UnscheduledValues())
	// Output:
	// [exclude include only]
}

// Workpath matches biological sex without regard to case.
func ExampleBiologicalSexValues() {
	fmt.Printf("%q\n", workpath.BiologicalSexValues())
	fmt.Println(workpath.BiologicalSex("male").IsKnown(), workpath.BiologicalSex("M").IsKnown())
	// Output:
	// ["Ambiguous" "Female" "Male" "Not Applicable" "Other" "Unknown"]
	// true false
}

func ExampleEventActionValues() {
	fmt.Println(workpath.EventActionValues())
	// Output:
	// [create modify destroy]
}
