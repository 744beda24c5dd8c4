package rupa_test

import (
	"fmt"
	"math"

	"github.com/labwire/labwire/rupa"
)

func ExampleMustParseDecimal() {
	fmt.Println(rupa.MustParseDecimal("52.0"))
	// Output:
	// 52.0
}

func ExampleDecimalFromFloat() {
	fmt.Println(rupa.DecimalFromFloat(5.20))
	fmt.Println(rupa.DecimalFromFloat(math.NaN()).IsZero())
	// Output:
	// 5.2
	// true
}
