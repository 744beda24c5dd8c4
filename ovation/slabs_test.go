package ovation

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/labwire/labwire/internal/pager"
)

// The requisitions of a page share blocks of workflows and samples, each slice capped at
// its length: appending to one requisition's never writes into another's.
func TestPageRequisitionsShareNoSliceRoom(t *testing.T) {
	t.Parallel()
	var got []Requisition
	_, _, err := pager.DecodePage(bytes.NewReader(benchPage(3)), requisitionPage(new(*Meta)), requisitionsOfWire(),
		func(r *Requisition) bool { got = append(got, *r); return true })
	require.NoError(t, err)
	require.Len(t, got, 3)
	first, second := got[0], got[1]
	first.Workflows = append(first.Workflows, Workflow{ID: "CANARY"})
	first.Workflows[0].Samples = append(first.Workflows[0].Samples, WorkflowSample{Identifier: "CANARY"})
	assert.Equal(t, ID("900001"), second.Workflows[0].ID)
	assert.Equal(t, "S-000001-1", second.Workflows[0].Samples[0].Identifier)
	assert.Len(t, second.Workflows, 1)
	assert.Len(t, second.Workflows[0].Samples, 2)
}
