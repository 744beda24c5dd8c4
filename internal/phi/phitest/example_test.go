package phitest_test

import (
	"fmt"
	"strings"

	"github.com/labwire/labwire/internal/phi/phitest"
)

type leaky struct{ Name string }

// Renderings shows what AssertRedacted looks at; a type without the phi methods leaks.
func ExampleRenderings() {
	leaks := 0
	for _, r := range phitest.Renderings(leaky{Name: "CANARY-Jane"}) {
		if strings.Contains(r.Text, "CANARY-Jane") {
			leaks++
		}
	}
	fmt.Println(leaks > 0, phitest.Holds(leaky{Name: "CANARY-Jane"}, "CANARY-Jane"))
	// Output:
	// true true
}
