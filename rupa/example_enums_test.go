package rupa_test

import (
	"fmt"

	"github.com/labwire/labwire/rupa"
)

// Rupa's list of event types is not public: a switch on EventType needs a default.
func ExampleEventTypeValues() {
	fmt.Println(rupa.EventTypeValues())
	fmt.Println(rupa.EventType("order.canceled").IsKnown())
	// Output:
	// [order.new_result]
	// false
}

// Rupa says more statuses exist than its examples show; unknown ones decode unchanged.
func ExampleOrderStatusValues() {
	fmt.Printf("%q\n", rupa.OrderStatusValues())
	fmt.Println(rupa.OrderStatus("Complete").IsKnown())
	// Output:
	// ["Pending Payment" "In Progress"]
	// false
}

func ExamplePayerValues() {
	fmt.Println(rupa.PayerValues())
	// Output:
	// [patient]
}
