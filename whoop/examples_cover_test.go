package whoop_test

import (
	"testing"

	"github.com/labwire/labwire/internal/wiretest"
)

// TestEveryMethodHasAnExample fails for each exported func, and each exported method of the
// Client, its services and the fake's Server, that has no runnable Example: the docs are
// tested, so every call a user copies from them has been run.
func TestEveryMethodHasAnExample(t *testing.T) {
	t.Parallel()
	for name, dir := range map[string]string{"whoop": ".", "whooptest": "whooptest"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			wiretest.AssertExamples(t, dir)
		})
	}
}
