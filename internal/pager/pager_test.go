package pager_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/labwire/labwire/internal/fake"
	"github.com/labwire/labwire/internal/pager"
	"github.com/labwire/labwire/internal/transport"
)

// listParams is a vendor's list params: Status is a slice, to check that the pager never
// shares or changes the caller's value.
type listParams struct {
	Page, Limit int
	Status      []string
}

type item struct {
	ID int `json:"id"`
}

type page struct {
	Data []item `json:"data"`
	Meta struct {
		Page  int `json:"page"`
		Total int `json:"total"`
	} `json:"meta"`
}

// pagingScript serves GET /items?page=N&limit=L over total items; the pages listed in fail
// are answered with that status instead.
func pagingScript(t *testing.T, total int, fail map[int]int) *fake.Server {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("GET /items", func(w http.ResponseWriter, r *http.Request) {
		n, _ := strconv.Atoi(r.URL.Query().Get("page"))
		limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
		if st, ok := fail[n]; ok {
			fake.WriteError(w, st, "scripted")
			return
		}
		var p page
		p.Data = []item{}
		p.Meta.Page, p.Meta.Total = n, total
		for id := (n-1)*limit + 1; id <= min(n*limit, total); id++ {
			p.Data = append(p.Data, item{ID: id})
		}
		fake.WriteJSON(w, http.StatusOK, p)
	})
	srv := fake.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// lister is a vendor client's List over the transport: one page with its metadata.
type lister struct {
	tc    *transport.Client
	calls atomic.Int64
}

func newLister(t *testing.T, srv *fake.Server) *lister {
	t.Helper()
	tc, _, err := transport.NewFromOptions("acme", srv.URL, nil, transport.WithRetries(0))
	require.NoError(t, err)
	return &lister{tc: tc}
}

func (l *lister) list(ctx context.Context, p listParams) (*page, error) {
	l.calls.Add(1)
	q := url.Values{"page": {strconv.Itoa(p.Page)}, "limit": {strconv.Itoa(p.Limit)}}
	for _, s := range p.Status {
		q.Add("status", s)
	}
	var out page
	_, err := l.tc.Do(ctx, &transport.Request{Op: "items.list", Method: http.MethodGet, Route: "/items", Query: q}, &out)
	return &out, err
}

// byShortPage stops on a short page (no metadata consulted).
func (l *lister) byShortPage(ctx context.Context, p listParams) ([]item, pager.Next[listParams], error) {
	pg, err := l.list(ctx, p)
	if err != nil {
		return nil, pager.Next[listParams]{}, err
	}
	if len(pg.Data) < p.Limit {
		return pg.Data, pager.Next[listParams]{}, nil
	}
	p.Page++
	return pg.Data, pager.Next[listParams]{Page: &p, Size: p.Limit}, nil
}

// byMetadata stops when the metadata's total says this was the last page.
func (l *lister) byMetadata(ctx context.Context, p listParams) ([]item, pager.Next[listParams], error) {
	pg, err := l.list(ctx, p)
	if err != nil {
		return nil, pager.Next[listParams]{}, err
	}
	if pg.Meta.Page*p.Limit >= pg.Meta.Total {
		return pg.Data, pager.Next[listParams]{}, nil
	}
	p.Page++
	return pg.Data, pager.Next[listParams]{Page: &p, Size: p.Limit}, nil
}

// items is the List of the /items route.
var items = pager.List[item]{Vendor: "acme", Method: http.MethodGet, Route: "/items", ID: func(it *item) string { return strconv.Itoa(it.ID) }}

func collect(t *testing.T, seq func(func(item, error) bool)) (ids []int, errs []error) {
	t.Helper()
	for it, err := range seq {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		ids = append(ids, it.ID)
	}
	return ids, errs
}

func pagesRequested(t *testing.T, srv *fake.Server) []string {
	t.Helper()
	var qs []string
	for _, r := range srv.RequestsMatching("GET /items") {
		qs = append(qs, r.RawQuery)
	}
	return qs
}

func TestAllPagingScript(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		total     int
		fail      map[int]int
		metadata  bool
		wantIDs   []int
		wantPages []string
		wantErr   error
	}{
		{name: "empty first page", total: 0, wantPages: []string{"limit=3&page=1"}},
		{name: "short last page", total: 5, wantIDs: []int{1, 2, 3, 4, 5},
			wantPages: []string{"limit=3&page=1", "limit=3&page=2"}},
		{name: "exact multiple ends on an empty page", total: 6, wantIDs: []int{1, 2, 3, 4, 5, 6},
			wantPages: []string{"limit=3&page=1", "limit=3&page=2", "limit=3&page=3"}},
		{name: "exact multiple ends on the metadata", total: 6, metadata: true, wantIDs: []int{1, 2, 3, 4, 5, 6},
			wantPages: []string{"limit=3&page=1", "limit=3&page=2"}},
		{name: "error on page 3", total: 12, fail: map[int]int{3: 500}, wantIDs: []int{1, 2, 3, 4, 5, 6},
			wantPages: []string{"limit=3&page=1", "limit=3&page=2", "limit=3&page=3"}, wantErr: transport.ErrServer},
		{name: "error on page 1", total: 12, fail: map[int]int{1: 404}, wantPages: []string{"limit=3&page=1"}, wantErr: transport.ErrNotFound},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := pagingScript(t, tc.total, tc.fail)
			l := newLister(t, srv)
			fetch := l.byShortPage
			if tc.metadata {
				fetch = l.byMetadata
			}
			ids, errs := collect(t, pager.All(t.Context(), listParams{Page: 1, Limit: 3}, items, fetch))
			assert.Equal(t, tc.wantIDs, ids)
			assert.Equal(t, tc.wantPages, pagesRequested(t, srv))
			if tc.wantErr == nil {
				assert.Empty(t, errs)
				return
			}
			require.Len(t, errs, 1, "one error, then the iteration stops")
			assert.ErrorIs(t, errs[0], tc.wantErr)
		})
	}
}

func TestAllIsLazyAndBreakStopsIO(t *testing.T) {
	t.Parallel()
	srv := pagingScript(t, 30, nil)
	l := newLister(t, srv)
	var callsAt []int64
	for it, err := range pager.All(t.Context(), listParams{Page: 1, Limit: 3}, items, l.byShortPage) {
		require.NoError(t, err)
		callsAt = append(callsAt, l.calls.Load())
		if it.ID == 4 {
			break
		}
	}
	assert.Equal(t, []int64{1, 1, 1, 2}, callsAt, "page 2 is fetched only when item 4 is asked for")
	assert.Equal(t, []string{"limit=3&page=1", "limit=3&page=2"}, pagesRequested(t, srv), "no request after break")
}

func TestAllCopiesTheCallersParams(t *testing.T) {
	t.Parallel()
	srv := pagingScript(t, 5, nil)
	l := newLister(t, srv)
	p := listParams{Page: 1, Limit: 3, Status: []string{"open"}}
	seq := pager.All(t.Context(), p, items, l.byShortPage)
	p.Page, p.Limit = 7, 100 // changed after All: not seen
	ids, errs := collect(t, seq)
	assert.Empty(t, errs)
	assert.Equal(t, []int{1, 2, 3, 4, 5}, ids)
	assert.Equal(t, []string{"limit=3&page=1&status=open", "limit=3&page=2&status=open"}, pagesRequested(t, srv))
	assert.Equal(t, listParams{Page: 7, Limit: 100, Status: []string{"open"}}, p)

	// Ranging again starts over from the first params.
	ids, _ = collect(t, seq)
	assert.Equal(t, []int{1, 2, 3, 4, 5}, ids)
	assert.Len(t, pagesRequested(t, srv), 4)
}

func TestAllStopsWhenTheContextEnds(t *testing.T) {
	t.Parallel()
	srv := pagingScript(t, 30, nil)
	l := newLister(t, srv)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var ids []int
	var errs []error
	for it, err := range pager.All(ctx, listParams{Page: 1, Limit: 3}, items, l.byShortPage) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		ids = append(ids, it.ID)
		if it.ID == 3 {
			cancel()
		}
	}
	assert.Equal(t, []int{1, 2, 3}, ids)
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], context.Canceled)
	assert.Equal(t, "acme: GET /items: context canceled", errs[0].Error(), "the transport's shape, naming the route")
	var re *transport.RequestError
	assert.ErrorAs(t, errs[0], &re)
	assert.Len(t, pagesRequested(t, srv), 1, "no fetch once the context ended")
}

func TestAllDropsItemsOfAFailedFetch(t *testing.T) {
	t.Parallel()
	boom := errors.New("boom")
	fetch := func(_ context.Context, p int) ([]int, pager.Next[int], error) {
		return []int{1, 2}, pager.Next[int]{}, boom
	}
	var got []int
	var errs []error
	for v, err := range pager.All(t.Context(), 0, pager.List[int]{}, fetch) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		got = append(got, v)
	}
	assert.Empty(t, got)
	assert.Equal(t, []error{boom}, errs)
}
