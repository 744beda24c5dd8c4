package ovation_test

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/labwire/labwire/ovation"
)

// pagingScript is a hostile server's answer per page number (1 for a request without page):
// the ids it lists and the totalEntries its meta claims, with perPage as asked. The last
// entry answers every later page.
type pagingScript []struct {
	ids   []int
	total int
}

// scriptedOvation serves every list route of the client from script, each in its own
// envelope key, and counts the requests.
func scriptedOvation(t *testing.T, script pagingScript) (*ovation.Client, *atomic.Int64) {
	t.Helper()
	var calls atomic.Int64
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		q := r.URL.Query()
		page, _ := strconv.Atoi(q.Get("page"))
		page = max(page, 1)
		perPage, _ := strconv.Atoi(q.Get("perPage"))
		s := script[min(page, len(script))-1]
		key := "requisitions"
		switch {
		case strings.HasSuffix(r.URL.Path, "/provider_accounts"):
			key = "providerAccounts"
		case strings.HasSuffix(r.URL.Path, "/webhook_endpoint_events"):
			key = "webhook_endpoint_events"
		}
		items := make([]string, len(s.ids))
		for i, id := range s.ids {
			items[i] = `{"id":` + strconv.Itoa(id) + `}`
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{%q:[%s],"meta":{"currentPage":%d,"perPage":%d,"totalEntries":%d}}`, key, strings.Join(items, ","), page, perPage, s.total)
	}))
	t.Cleanup(ts.Close)
	c, err := ovation.NewClient(ovation.WithBaseURL(ts.URL), ovation.WithAPIKey("k"), ovation.WithMaxRetries(0))
	require.NoError(t, err)
	return c, &calls
}

// eachAll is every All of the client, pages of two asked, as ids.
func eachAll(c *ovation.Client, ctx context.Context) map[string]iter.Seq2[string, error] {
	ids := func(seq func(func(ovation.ID, error) bool)) iter.Seq2[string, error] {
		return func(yield func(string, error) bool) {
			for id, err := range seq {
				if !yield(string(id), err) {
					return
				}
			}
		}
	}
	rp := ovation.RequisitionListParams{PerPage: 2}
	return map[string]iter.Seq2[string, error]{
		"Requisitions": ids(func(yield func(ovation.ID, error) bool) {
			for r, err := range c.Requisitions.All(ctx, "789", &rp) {
				var id ovation.ID
				if r != nil {
					id = r.ID
				}
				if !yield(id, err) {
					return
				}
			}
		}),
		"UnscopedRequisitions": ids(func(yield func(ovation.ID, error) bool) {
			for r, err := range c.UnscopedRequisitions.All(ctx, &ovation.UnscopedListParams{OrganizationID: "12", RequisitionListParams: rp}) {
				var id ovation.ID
				if r != nil {
					id = r.ID
				}
				if !yield(id, err) {
					return
				}
			}
		}),
		"ProviderAccounts": ids(func(yield func(ovation.ID, error) bool) {
			for a, err := range c.ProviderAccounts.All(ctx, &ovation.ProviderAccountListParams{OrganizationID: "12", PerPage: 2}) {
				var id ovation.ID
				if a != nil {
					id = a.ID
				}
				if !yield(id, err) {
					return
				}
			}
		}),
		"WebhookEvents": ids(func(yield func(ovation.ID, error) bool) {
			for e, err := range c.WebhookEvents.All(ctx, &ovation.WebhookEventListParams{OrganizationID: "12", PerPage: 2}) {
				var id ovation.ID
				if e != nil {
					id = e.ID
				}
				if !yield(id, err) {
					return
				}
			}
		}),
	}
}

// Issue 18: with meta that keeps claiming more, every All used to fetch page after page and
// yield the same items again. Now each stops at the first page that makes no progress, with
// an error matching ErrInvalidResponse that names the route, having yielded each item once.
func TestEveryAllStopsOnAPageThatMakesNoProgress(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		script    pagingScript
		wantIDs   []string
		wantCalls int64
		wantErr   string
	}{
		{"meta always claims more, the same page every time", pagingScript{{[]int{1, 2}, 1 << 30}},
			[]string{"1", "2"}, 2, "page 2 makes no progress: it holds only items already seen"},
		{"meta always claims more, one item", pagingScript{{[]int{1}, 1 << 30}},
			[]string{"1"}, 1, "page 1 makes no progress: it holds 1 of 2 items, yet the paging metadata promises another page"},
		{"repeated ids: a page of items already seen", pagingScript{{[]int{1, 2}, 6}, {[]int{2, 1}, 6}},
			[]string{"1", "2"}, 2, "page 2 makes no progress: it holds only items already seen"},
		// A streamed page (requisitions) is found to repeat an earlier one once read, a
		// buffered one (the others) before any of its items is yielded.
		{"repeated pages: back to the first", pagingScript{{[]int{1, 2}, 1 << 30}, {[]int{3, 4}, 1 << 30}, {[]int{1, 2}, 1 << 30}},
			[]string{"1", "2", "3", "4", "1", "2"}, 3, "page 3 makes no progress: it holds the same items as page 1"},
		{"an empty page that the meta says is not the last", pagingScript{{[]int{1, 2}, 6}, {nil, 6}},
			[]string{"1", "2"}, 2, "page 2 makes no progress: it is empty, yet the paging metadata promises another page"},
		{"progress to the meta's end", pagingScript{{[]int{1, 2}, 5}, {[]int{3, 4}, 5}, {[]int{5}, 5}},
			[]string{"1", "2", "3", "4", "5"}, 3, ""},
	}
	routes := map[string]string{
		"Requisitions":         "GET /project_templates/{projectTemplateId}/requisitions",
		"UnscopedRequisitions": "GET /requisitions",
		"ProviderAccounts":     "GET /provider_accounts",
		"WebhookEvents":        "GET /organizations/{organizationId}/webhook_endpoint_events",
	}
	for _, tc := range tests {
		for name, route := range routes {
			t.Run(tc.name+"/"+name, func(t *testing.T) {
				t.Parallel()
				c, calls := scriptedOvation(t, tc.script)
				var ids []string
				var errs []error
				for id, err := range eachAll(c, t.Context())[name] {
					if err != nil {
						errs = append(errs, err)
						continue
					}
					ids = append(ids, id)
				}
				want := tc.wantIDs
				if tc.name == "repeated pages: back to the first" && !strings.HasSuffix(name, "Requisitions") {
					want = want[:4]
				}
				assert.Equal(t, want, ids)
				assert.Equal(t, tc.wantCalls, calls.Load())
				if tc.wantErr == "" {
					assert.Empty(t, errs)
					return
				}
				require.Len(t, errs, 1)
				assert.ErrorIs(t, errs[0], ovation.ErrInvalidResponse)
				assert.EqualError(t, errs[0], "ovation: "+route+": "+tc.wantErr)
			})
		}
	}
}

// Issue 18 item 4: an All whose context has ended yields the error a call would, in the
// shape every vendor's calls share (whoop's Get: "whoop: GET /v2/...: context canceled"),
// without a request.
func TestAllWithACancelledContext(t *testing.T) {
	t.Parallel()
	c, calls := scriptedOvation(t, pagingScript{{[]int{1, 2}, 4}, {[]int{3, 4}, 4}})
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	want := map[string]string{
		"Requisitions":         "ovation: GET /project_templates/{projectTemplateId}/requisitions: context canceled",
		"UnscopedRequisitions": "ovation: GET /requisitions: context canceled",
		"ProviderAccounts":     "ovation: GET /provider_accounts: context canceled",
		"WebhookEvents":        "ovation: GET /organizations/{organizationId}/webhook_endpoint_events: context canceled",
	}
	for name, seq := range eachAll(c, ctx) {
		var errs []error
		for _, err := range seq {
			errs = append(errs, err)
		}
		require.Len(t, errs, 1, name)
		assert.EqualError(t, errs[0], want[name], name)
		assert.ErrorIs(t, errs[0], context.Canceled, name)
		var re *ovation.RequestError
		assert.True(t, errors.As(errs[0], &re), name)
	}
	assert.Zero(t, calls.Load(), "no request once the context ended")

	// The same once the loop cancels between pages, and for Get.
	ctx, cancel = context.WithCancel(t.Context())
	defer cancel()
	var last error
	n := 0
	for _, err := range c.Requisitions.All(ctx, "789", &ovation.RequisitionListParams{PerPage: 2}) {
		if err != nil {
			last = err
			continue
		}
		if n++; n == 2 {
			cancel()
		}
	}
	assert.EqualError(t, last, want["Requisitions"])
	_, err := c.Requisitions.Get(ctx, "789", "R-1")
	assert.EqualError(t, err, "ovation: GET /project_templates/{projectTemplateId}/requisitions/{requisitionIdentifier}: context canceled")
}

// A page envelope is as strict as any answer, streamed or not: a second items or meta
// member (exactly or in another case), invalid UTF-8 anywhere, even in a member nobody
// reads, and a second document after the page are ErrInvalidResponse. Nothing is yielded
// from a page refused before its items, and the error never quotes the page.
func TestPageEnvelopesAreStrict(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"second list member":          `{"%[1]s":[{"id":1}],"%[1]s":[{"id":2}]}`,
		"case-variant list member":    `{"%[1]s":[],"%[2]s":[{"id":2}]}`,
		"second meta":                 `{"meta":{"currentPage":1,"perPage":2,"totalEntries":9},"%[1]s":[],"meta":{"totalEntries":0}}`,
		"invalid UTF-8 in an unknown": "{\"x\":{\"note\":\"CANARY-\xff\"},\"%[1]s\":[]}",
		"invalid UTF-8 in a name":     "{\"CANARY-\xc3\":1,\"%[1]s\":[]}",
		"lone surrogate in the meta":  `{"%[1]s":[],"meta":{"x":"\ud800"}}`,
		"second document":             `{"%[1]s":[]} {"%[1]s":[{"id":"CANARY"}]}`,
		"garbage after the page":      `{"%[1]s":[]}CANARY`,
	}
	lists := map[string]struct {
		key   string
		fetch func(c *ovation.Client) (int, error)
		all   func(c *ovation.Client) iter.Seq2[ovation.ID, error]
	}{
		"Requisitions": {"requisitions",
			func(c *ovation.Client) (int, error) {
				p, err := c.Requisitions.List(t.Context(), "789", nil)
				if err != nil {
					return 0, err
				}
				return len(p.Requisitions), nil
			},
			func(c *ovation.Client) iter.Seq2[ovation.ID, error] {
				return func(yield func(ovation.ID, error) bool) {
					for r, err := range c.Requisitions.All(t.Context(), "789", nil) {
						var id ovation.ID
						if r != nil {
							id = r.ID
						}
						if !yield(id, err) {
							return
						}
					}
				}
			}},
		"ProviderAccounts": {"providerAccounts",
			func(c *ovation.Client) (int, error) {
				p, err := c.ProviderAccounts.List(t.Context(), &ovation.ProviderAccountListParams{OrganizationID: "12"})
				if err != nil {
					return 0, err
				}
				return len(p.ProviderAccounts), nil
			},
			func(c *ovation.Client) iter.Seq2[ovation.ID, error] {
				return func(yield func(ovation.ID, error) bool) {
					for a, err := range c.ProviderAccounts.All(t.Context(), &ovation.ProviderAccountListParams{OrganizationID: "12"}) {
						var id ovation.ID
						if a != nil {
							id = a.ID
						}
						if !yield(id, err) {
							return
						}
					}
				}
			}},
		"WebhookEvents": {"webhook_endpoint_events",
			func(c *ovation.Client) (int, error) {
				p, err := c.WebhookEvents.List(t.Context(), &ovation.WebhookEventListParams{OrganizationID: "12"})
				if err != nil {
					return 0, err
				}
				return len(p.WebhookEndpointEvents), nil
			},
			func(c *ovation.Client) iter.Seq2[ovation.ID, error] {
				return func(yield func(ovation.ID, error) bool) {
					for e, err := range c.WebhookEvents.All(t.Context(), &ovation.WebhookEventListParams{OrganizationID: "12"}) {
						var id ovation.ID
						if e != nil {
							id = e.ID
						}
						if !yield(id, err) {
							return
						}
					}
				}
			}},
	}
	for name, tmpl := range cases {
		for list, l := range lists {
			t.Run(name+"/"+list, func(t *testing.T) {
				t.Parallel()
				body := fmt.Sprintf(tmpl, l.key, strings.ToUpper(l.key[:1])+l.key[1:])
				c, _ := hostile(t, func(string) string { return body })
				_, err := l.fetch(c)
				require.Error(t, err)
				assert.ErrorIs(t, err, ovation.ErrInvalidResponse)
				assert.NotContains(t, err.Error(), "CANARY")

				var got []ovation.ID
				var errs []error
				for id, err := range l.all(c) {
					if err != nil {
						errs = append(errs, err)
						continue
					}
					got = append(got, id)
				}
				require.Len(t, errs, 1)
				assert.ErrorIs(t, errs[0], ovation.ErrInvalidResponse)
				assert.NotContains(t, errs[0].Error(), "CANARY")
				if list != "Requisitions" {
					assert.Empty(t, got, "a buffered page is checked whole before any item")
				}
			})
		}
	}
}

// The strict stream still reads a page Ovation may send: members in any order, a
// differently cased key, unknown members of any shape, white space anywhere.
func TestStrictPageStillReadsWhatOvationSends(t *testing.T) {
	t.Parallel()
	c, _ := hostile(t, func(string) string {
		return " {\"x\":[{\"y\":null},1,\"é\"],\"meta\":{\"currentPage\":1,\"perPage\":5000,\"totalEntries\":2},\n" +
			"\"Requisitions\" : [ {\"id\":1,\"identifier\":\"A\",\"extra\":{\"k\":[1,2]}} ,\n {\"id\":\"2\"} ] }\n"
	})
	p, err := c.Requisitions.List(t.Context(), "789", nil)
	require.NoError(t, err)
	require.Len(t, p.Requisitions, 2)
	assert.Equal(t, ovation.ID("2"), p.Requisitions[1].ID)
	assert.Equal(t, `{"id":1,"identifier":"A","extra":{"k":[1,2]}}`, string(p.Requisitions[0].RawJSON()))
	assert.Equal(t, &ovation.Meta{CurrentPage: 1, PerPage: 5000, TotalEntries: 2}, p.Meta)
}
