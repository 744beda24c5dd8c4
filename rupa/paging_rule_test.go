package rupa_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/labwire/labwire/rupa"
)

// patientPages is a client on a server answering GET /patients?page[number]=N from body (the
// page number, 1 without one), counting the requests.
func patientPages(t *testing.T, body func(page int) string) (*rupa.Client, *atomic.Int64) {
	t.Helper()
	var calls atomic.Int64
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		page, _ := strconv.Atoi(r.URL.Query().Get("page[number]"))
		w.Header().Set("Content-Type", "application/vnd.api+json")
		fmt.Fprint(w, body(max(page, 1)))
	}))
	t.Cleanup(ts.Close)
	c, err := rupa.NewClient(rupa.WithBaseURL(ts.URL), rupa.WithBearerToken("tok"), rupa.WithMaxRetries(0))
	require.NoError(t, err)
	return c, &calls
}

// patientsDoc is a JSON:API page of patients with the ids given, linking to next (none
// when 0).
func patientsDoc(next int, ids ...int) string {
	data := make([]string, len(ids))
	for i, id := range ids {
		data[i] = `{"id":"pat_` + strconv.Itoa(id) + `","type":"patient","attributes":{}}`
	}
	links := ""
	if next > 0 {
		links = `,"links":{"next":"/patients?page%5Bnumber%5D=` + strconv.Itoa(next) + `"}`
	}
	return `{"data":[` + strings.Join(data, ",") + `]` + links + `}`
}

// The pager's no-progress rule (issue 18) for a cursor: a links.next that keeps promising
// more while the pages repeat ends All with an error matching ErrInvalidResponse.
func TestPatientsAllStopsOnAPageThatMakesNoProgress(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		body      func(page int) string
		wantIDs   []string
		wantCalls int64
		wantErr   string
	}{
		{"next always promises more, the same page", func(p int) string { return patientsDoc(p+1, 1, 2) },
			[]string{"pat_1", "pat_2"}, 2, "page 2 makes no progress: it holds only items already seen"},
		{"next links back to the first page", func(p int) string { return patientsDoc(1+p%2, p) },
			[]string{"pat_1", "pat_2"}, 3, "page 3 makes no progress: it holds the same items as page 1"},
		{"repeated pages", func(p int) string { return patientsDoc(p+1, 1+(p-1)%2*2, 2+(p-1)%2*2) },
			[]string{"pat_1", "pat_2", "pat_3", "pat_4"}, 3, "page 3 makes no progress: it holds the same items as page 1"},
		{"an empty page that links to another", func(p int) string {
			if p == 2 {
				return patientsDoc(3)
			}
			return patientsDoc(p+1, p)
		}, []string{"pat_1"}, 2, "page 2 makes no progress: it is empty, yet the paging metadata promises another page"},
		{"progress to the last link", func(p int) string {
			if p == 3 {
				return patientsDoc(0, 5)
			}
			return patientsDoc(p+1, 2*p-1, 2*p)
		}, []string{"pat_1", "pat_2", "pat_3", "pat_4", "pat_5"}, 3, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, calls := patientPages(t, tc.body)
			var ids []string
			var errs []error
			for p, err := range c.Patients.All(context.Background(), nil) {
				if err != nil {
					errs = append(errs, err)
					continue
				}
				ids = append(ids, p.ID)
			}
			assert.Equal(t, tc.wantIDs, ids)
			assert.Equal(t, tc.wantCalls, calls.Load())
			if tc.wantErr == "" {
				assert.Empty(t, errs)
				return
			}
			require.Len(t, errs, 1)
			assert.ErrorIs(t, errs[0], rupa.ErrInvalidResponse)
			assert.EqualError(t, errs[0], "rupa: GET /patients: "+tc.wantErr)
		})
	}
}

// All with an ended context yields the route's error, as a call would, without a request.
func TestPatientsAllWithACancelledContext(t *testing.T) {
	t.Parallel()
	c, calls := patientPages(t, func(int) string { return patientsDoc(0, 1) })
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var errs []error
	for _, err := range c.Patients.All(ctx, nil) {
		errs = append(errs, err)
	}
	require.Len(t, errs, 1)
	assert.EqualError(t, errs[0], "rupa: GET /patients: context canceled")
	assert.True(t, errors.Is(errs[0], context.Canceled))
	assert.Zero(t, calls.Load())
}

// A page is strict: a second "data" member (exactly or in another case), invalid UTF-8 in
// any member, and a second document after the page are ErrInvalidResponse, before any
// patient is yielded, and the error never quotes the page.
func TestPatientPagesAreStrict(t *testing.T) {
	t.Parallel()
	one := `{"id":"pat_1","type":"patient","attributes":{}}`
	for name, body := range map[string]string{
		"second data member":          `{"data":[` + one + `],"data":[]}`,
		"case-variant data member":    `{"data":[` + one + `],"DATA":[]}`,
		"second links member":         `{"data":[` + one + `],"links":{},"links":{"next":"/patients?x=CANARY"}}`,
		"invalid UTF-8 in an unknown": "{\"data\":[" + one + "],\"meta\":{\"note\":\"CANARY-\xff\"}}",
		"invalid UTF-8 in a patient":  "{\"data\":[{\"id\":\"pat_1\",\"type\":\"patient\",\"attributes\":{\"first_name\":\"CANARY-\xc3\"}}]}",
		"second document":             `{"data":[` + one + `]} {"data":[{"id":"CANARY"}]}`,
		"garbage after the page":      `{"data":[` + one + `]}CANARY`,
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			c, _ := patientPages(t, func(int) string { return body })
			_, err := c.Patients.List(context.Background(), nil)
			require.ErrorIs(t, err, rupa.ErrInvalidResponse)
			assert.NotContains(t, err.Error(), "CANARY")
			n := 0
			var errs []error
			for _, err := range c.Patients.All(context.Background(), nil) {
				if err != nil {
					errs = append(errs, err)
					continue
				}
				n++
			}
			assert.Zero(t, n)
			require.Len(t, errs, 1)
			assert.ErrorIs(t, errs[0], rupa.ErrInvalidResponse)
		})
	}
}
