package wiretest

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMissingExamples(t *testing.T) {
	t.Parallel()
	missing, err := MissingExamples("testdata/examplecover")
	require.NoError(t, err)
	// Not asked for: the option WithName, Start (takes a testing.TB), Client.String (fmt),
	// the unexported type's method, and Order.Total (Order is returned by a method, not by a
	// New func or a field). ExamplePtr has no output comment, so it does not count.
	assert.Equal(t, []string{
		"ExampleNotesService_Add",
		"ExampleOrdersService_List",
		"ExamplePtr",
		"ExampleSettings_Valid",
	}, missing)

	_, err = MissingExamples("testdata")
	assert.Error(t, err, "a directory without a Go package")
}
