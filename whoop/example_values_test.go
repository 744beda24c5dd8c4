package whoop_test

import (
	"encoding/json"
	"fmt"
	"log"
	"math"

	"github.com/labwire/labwire/whoop"
)

// ParseDecimal keeps a lab value's digits as written: 5.20 has two decimal places.
func ExampleParseDecimal() {
	d, err := whoop.ParseDecimal("5.20")
	if err != nil {
		log.Fatal(err)
	}
	f, _ := d.Float64()
	fmt.Println(d, d.Scale(), f)

	_, err = whoop.ParseDecimal("5,20")
	fmt.Println(err != nil)
	// Output:
	// 5.20 2 5.2
	// true
}

// MustParseDecimal is for constants in code: it panics on a string that is not a number.
func ExampleMustParseDecimal() {
	o := whoop.Observation{Code: "HDL", ValueNumeric: whoop.MustParseDecimal("52.0"), Unit: "mg/dL"}
	b, err := json.Marshal(o.ValueNumeric)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(string(b))
	// Output:
	// 52.0
}

// A float cannot carry trailing zeros; NaN gives no value, which SubmitResults refuses.
func ExampleDecimalFromFloat() {
	fmt.Println(whoop.DecimalFromFloat(5.20))
	third := 0.1
	fmt.Println(whoop.DecimalFromFloat(third * 3))
	fmt.Println(whoop.DecimalFromFloat(math.NaN()).IsZero())
	// Output:
	// 5.2
	// 0.30000000000000004
	// true
}

// ParseDate reads a calendar date without a time zone and refuses impossible ones.
func ExampleParseDate() {
	d, err := whoop.ParseDate("2024-02-29")
	fmt.Println(d, err)

	_, err = whoop.ParseDate("2023-02-29")
	fmt.Println(err != nil)
	// Output:
	// 2024-02-29 <nil>
	// true
}

// Ptr fills an optional field from a literal.
func ExamplePtr() {
	o := whoop.Observation{Code: "BLOOD_TYPE", ValueText: whoop.Ptr("A+")}
	fmt.Println(o.Code, *o.ValueText)
	// Output:
	// BLOOD_TYPE A+
}
