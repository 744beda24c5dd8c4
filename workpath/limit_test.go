package workpath_test

import (
	"context"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/labwire/labwire/workpath"
)

// Issue 18 item 2: a Limit above MaxLimit (Workpath documents no maximum; 1<<40 would go
// out as is) is refused before sending with a *ValidationError naming Limit, by List and All;
// MaxLimit itself is sent.
func TestIssue18Item2LimitCheckedBeforeSending(t *testing.T) {
	t.Parallel()
	srv, c := newClient(t)
	ctx := context.Background()
	for _, limit := range []int{1 << 40, workpath.MaxLimit + 1} {
		_, err := c.Appointments.List(ctx, &workpath.AppointmentListParams{Limit: limit})
		var ve *workpath.ValidationError
		require.ErrorAs(t, err, &ve, limit)
		assert.Equal(t, "Limit", ve.Field)
		assert.ErrorIs(t, err, workpath.ErrValidation)
		assert.NotContains(t, err.Error(), strconv.Itoa(limit), "the value is not echoed")
		for _, err := range c.Appointments.All(ctx, &workpath.AppointmentListParams{Limit: limit}) {
			require.ErrorAs(t, err, &ve)
			assert.Equal(t, "Limit", ve.Field)
		}
	}
	assert.Empty(t, srv.Requests(), "nothing was sent")

	_, err := c.Appointments.List(ctx, &workpath.AppointmentListParams{Limit: workpath.MaxLimit})
	require.NoError(t, err)
	assert.Equal(t, "limit="+strconv.Itoa(workpath.MaxLimit), last(t, srv, "GET /appointments").RawQuery)
}
