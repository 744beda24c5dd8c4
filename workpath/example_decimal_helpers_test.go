package workpath_test

import (
	"fmt"

	"github.com/labwire/labwire/workpath"
)

func ExampleMustParseDecimal() {
	fmt.Println(workpath.MustParseDecimal("52.0"))
	// Output:
	// 52.0
}
