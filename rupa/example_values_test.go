package rupa_test

import (
	"encoding/json"
	"fmt"
	"log"

	"github.com/labwire/labwire/rupa"
)

// ParseDate reads a birthday without a time zone and refuses impossible dates.
func ExampleParseDate() {
	d, err := rupa.ParseDate("1990-04-01")
	if err != nil {
		log.Fatal(err)
	}
	p := rupa.PatientData{FirstName: "Testy", LastName: "McTestface", Email: "testy@example.com", Birthday: d}
	fmt.Println(p.Birthday)

	_, err = rupa.ParseDate("1990-02-30")
	fmt.Println(err != nil)
	// Output:
	// 1990-04-01
	// true
}

// An order's total keeps the digits Rupa sent.
func ExampleParseDecimal() {
	d, err := rupa.ParseDecimal("149.50")
	if err != nil {
		log.Fatal(err)
	}
	var a rupa.OrderAttributes
	if err := json.Unmarshal([]byte(`{"status":"In Progress","payer":"patient","total_price":149.50}`), &a); err != nil {
		log.Fatal(err)
	}
	fmt.Println(a.TotalPrice, a.TotalPrice == d)
	// Output:
	// 149.50 true
}

// Ptr fills optional fields, for instance when building an order in your tests.
func ExamplePtr() {
	a := rupa.OrderAttributes{Status: rupa.OrderStatusInProgress, NotesToPatient: rupa.Ptr("Fast for 12 hours.")}
	fmt.Println(a.Status, a.NotesToPatient != nil)
	// Output:
	// In Progress true
}
