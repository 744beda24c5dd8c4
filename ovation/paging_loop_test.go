package ovation_test

import (
	"context"
	"strconv"
	"testing"

	"github.com/labwire/labwire/ovation"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A server whose meta always names page 1 (whatever page is asked) and claims more entries
// made All ask for page 2 forever. All now refuses a meta naming another page than the one
// asked for, after at most two requests.
func TestAllStopsWhenMetaRepeatsPageNumbers(t *testing.T) {
	ctx := context.Background()
	c, calls := hostile(t, func(string) string {
		return `{"requisitions":[{"id":1}],"meta":{"currentPage":1,"perPage":1,"totalEntries":1000000000}}`
	})
	n := 0
	var last error
	for _, err := range c.Requisitions.All(ctx, "789", &ovation.RequisitionListParams{PerPage: 1}) {
		if err != nil {
			last = err
			break
		}
		n++
		if n > 10 {
			break
		}
	}
	require.Error(t, last)
	assert.ErrorIs(t, last, ovation.ErrInvalidResponse)
	assert.LessOrEqual(t, *calls, 2)

	// The same for the organization-wide listing.
	n, last = 0, nil
	for _, err := range c.UnscopedRequisitions.All(ctx, &ovation.UnscopedListParams{OrganizationID: "12", RequisitionListParams: ovation.RequisitionListParams{PerPage: 1}}) {
		if err != nil {
			last = err
			break
		}
		if n++; n > 10 {
			break
		}
	}
	assert.ErrorIs(t, last, ovation.ErrInvalidResponse)
}

// Page numbers that go forward with the page asked are followed, in order.
func TestAllFollowsPagesAsked(t *testing.T) {
	var asked []string
	c, _ := hostile(t, func(p string) string {
		asked = append(asked, p)
		cur := 1
		if p != "" {
			cur, _ = strconv.Atoi(p)
		}
		return `{"requisitions":[{"id":` + strconv.Itoa(cur) + `}],"meta":{"currentPage":` + strconv.Itoa(cur) + `,"perPage":1,"totalEntries":3}}`
	})
	var ids []string
	for r, err := range c.Requisitions.All(context.Background(), "789", &ovation.RequisitionListParams{PerPage: 1}) {
		require.NoError(t, err)
		ids = append(ids, r.ID.String())
	}
	assert.Equal(t, []string{"1", "2", "3"}, ids)
	assert.Equal(t, []string{"", "2", "3"}, asked)
}
