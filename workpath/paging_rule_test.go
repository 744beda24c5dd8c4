package workpath_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/labwire/labwire/workpath"
)

// appointmentPages answers GET /appointments?page=N from script (the last entry answers
// every later page): {"data":[{"id":..}],"total":T}.
func appointmentPages(t *testing.T, script [][]int, total int) (*workpath.Client, *httpmock.MockTransport) {
	t.Helper()
	mt, c := mockClient(t)
	mt.RegisterResponder("GET", "https://api.workpath.test/appointments", func(r *http.Request) (*http.Response, error) {
		page, _ := strconv.Atoi(r.URL.Query().Get("page"))
		ids := script[min(max(page, 1), len(script))-1]
		items := make([]string, len(ids))
		for i, id := range ids {
			items[i] = `{"id":` + strconv.Itoa(id) + `}`
		}
		return httpmock.NewStringResponse(200, fmt.Sprintf(`{"data":[%s],"total":%d}`, strings.Join(items, ","), total)), nil
	})
	return c, mt
}

// The pager's no-progress rule (issue 18): a hostile server whose total keeps claiming more
// while it repeats itself ends All with an error matching ErrInvalidResponse.
func TestAppointmentsAllStopsOnAPageThatMakesNoProgress(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		script    [][]int
		total     int
		wantIDs   []int64
		wantCalls int
		wantErr   string
	}{
		{"the server ignores the page asked", [][]int{{1, 2}}, 1 << 30, []int64{1, 2}, 2,
			"page 2 makes no progress: it holds only items already seen"},
		{"repeated ids", [][]int{{1, 2}, {2, 1}}, 100, []int64{1, 2}, 2,
			"page 2 makes no progress: it holds only items already seen"},
		{"repeated pages", [][]int{{1, 2}, {3, 4}, {1, 2}}, 100, []int64{1, 2, 3, 4}, 3,
			"page 3 makes no progress: it holds the same items as page 1"},
		{"progress to the total", [][]int{{1, 2}, {3, 4}, {5}}, 5, []int64{1, 2, 3, 4, 5}, 3, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, mt := appointmentPages(t, tc.script, tc.total)
			var ids []int64
			var errs []error
			for a, err := range c.Appointments.All(context.Background(), &workpath.AppointmentListParams{Limit: 2}) {
				if err != nil {
					errs = append(errs, err)
					continue
				}
				ids = append(ids, a.ID)
			}
			assert.Equal(t, tc.wantIDs, ids)
			assert.Equal(t, tc.wantCalls, mt.GetTotalCallCount())
			if tc.wantErr == "" {
				assert.Empty(t, errs)
				return
			}
			require.Len(t, errs, 1)
			assert.ErrorIs(t, errs[0], workpath.ErrInvalidResponse)
			assert.EqualError(t, errs[0], "workpath: GET /appointments: "+tc.wantErr)
		})
	}
}

// All with an ended context yields the route's error, as a call would, without a request.
func TestAppointmentsAllWithACancelledContext(t *testing.T) {
	t.Parallel()
	c, mt := appointmentPages(t, [][]int{{1, 2}}, 2)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var errs []error
	for _, err := range c.Appointments.All(ctx, nil) {
		errs = append(errs, err)
	}
	require.Len(t, errs, 1)
	assert.EqualError(t, errs[0], "workpath: GET /appointments: context canceled")
	assert.True(t, errors.Is(errs[0], context.Canceled))
	assert.Zero(t, mt.GetTotalCallCount())
}

// A list page is strict: a second "data" member (exactly or in another case), invalid UTF-8
// in any member, and a second document after the page are ErrInvalidResponse, before any
// item is yielded, and the error never quotes the page.
func TestAppointmentPagesAreStrict(t *testing.T) {
	t.Parallel()
	for name, body := range map[string]string{
		"second data member":          `{"data":[{"id":1}],"data":[{"id":2}]}`,
		"case-variant data member":    `{"data":[{"id":1}],"Data":[{"id":2}]}`,
		"second total":                `{"data":[{"id":1}],"total":1,"total":9}`,
		"invalid UTF-8 in an unknown": "{\"data\":[{\"id\":1}],\"note\":\"CANARY-\xff\"}",
		"invalid UTF-8 in an item":    "[{\"id\":1,\"notes\":\"CANARY-\xed\xa0\x80\"}]",
		"second document":             `[{"id":1}] [{"id":2,"alt_id":"CANARY"}]`,
		"garbage after the page":      `{"data":[{"id":1}]}CANARY`,
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			mt, c := mockClient(t)
			mt.RegisterResponder("GET", "https://api.workpath.test/appointments", httpmock.NewStringResponder(200, body))
			_, err := c.Appointments.List(context.Background(), nil)
			require.ErrorIs(t, err, workpath.ErrInvalidResponse)
			assert.NotContains(t, err.Error(), "CANARY")
			n := 0
			var errs []error
			for _, err := range c.Appointments.All(context.Background(), nil) {
				if err != nil {
					errs = append(errs, err)
					continue
				}
				n++
			}
			assert.Zero(t, n)
			require.Len(t, errs, 1)
			assert.ErrorIs(t, errs[0], workpath.ErrInvalidResponse)
		})
	}
}
