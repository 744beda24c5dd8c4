package ovation_test

import (
	"fmt"
	"math"

	"github.com/labwire/labwire/ovation"
)

func ExampleMustParseDecimal() {
	fmt.Println(ovation.MustParseDecimal("52.0"))
	// Output:
	// 52.0
}

func ExampleDecimalFromFloat() {
	fmt.Println(ovation.DecimalFromFloat(5.20))
	fmt.Println(ovation.DecimalFromFloat(math.NaN()).IsZero())
	// Output:
	// 5.2
	// true
}
