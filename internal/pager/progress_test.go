package pager_test

import (
	"context"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/labwire/labwire/internal/fake"
	"github.com/labwire/labwire/internal/jsonx"
	"github.com/labwire/labwire/internal/pager"
	"github.com/labwire/labwire/internal/transport"
)

// scriptedPage is what a hostile server answers for one page: the ids on it and whether its
// metadata promises another page.
type scriptedPage struct {
	ids  []int
	more bool
}

// hostileScript serves GET /items?page=N as scripted (the last entry answers every page
// after it), as {"data":[{"id":..}],"meta":{"more":b}}, and counts the requests.
func hostileScript(t *testing.T, script []scriptedPage) *fake.Server {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("GET /items", func(w http.ResponseWriter, r *http.Request) {
		n, _ := strconv.Atoi(r.URL.Query().Get("page"))
		pg := script[min(max(n, 1), len(script))-1]
		var b strings.Builder
		b.WriteString(`{"data":[`)
		for i, id := range pg.ids {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(`{"id":` + strconv.Itoa(id) + `}`)
		}
		b.WriteString(`],"meta":{"more":` + strconv.FormatBool(pg.more) + `}}`)
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(b.String()))
	})
	srv := fake.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// streamedLister is a vendor's streamed All over the transport: DecodePage on the body,
// the next page when the metadata says "more", pages of size.
func streamedLister(t *testing.T, srv *fake.Server, size int) pager.StreamFetch[int, item] {
	t.Helper()
	tc, _, err := transport.NewFromOptions("acme", srv.URL, nil, transport.WithRetries(0))
	require.NoError(t, err)
	return func(ctx context.Context, p int, yield func(*item) bool) (pager.Next[int], error) {
		var meta struct {
			More bool `json:"more"`
		}
		var stopped bool
		_, err := tc.Do(ctx, &transport.Request{Op: "items.list", Method: http.MethodGet, Route: "/items",
			Query: map[string][]string{"page": {strconv.Itoa(p)}},
			Decode: func(body io.Reader) error {
				var err error
				_, stopped, err = pager.DecodePage(body, pager.PageSpec{Items: "data", Members: []pager.Member{{Name: "meta", Into: &meta}}},
					func(it *item, _ jsonx.Raw) item { return *it }, yield)
				return err
			}}, nil)
		if err != nil || stopped || !meta.More {
			return pager.Next[int]{}, err
		}
		next := p + 1
		return pager.Next[int]{Page: &next, Size: size}, nil
	}
}

// The paging scripts of a hostile server: metadata that always claims more, pages that
// repeat, ids that repeat. Every iteration ends, with ErrNoProgress (which is also
// transport.ErrInvalidResponse) naming the route when the server stops making progress, and
// yields no item twice unless the server put it on two pages that otherwise progress.
func TestAllStopsOnAPageThatMakesNoProgress(t *testing.T) {
	t.Parallel()
	p := func(more bool, ids ...int) scriptedPage { return scriptedPage{ids: ids, more: more} }
	tests := []struct {
		name      string
		size      int
		script    []scriptedPage
		wantIDs   []int
		wantPages int
		wantErr   string // "" when the iteration ends cleanly
	}{
		{"metadata always claims more, the same page every time", 2, []scriptedPage{p(true, 1, 2)},
			[]int{1, 2}, 2, "page 2 makes no progress: it holds only items already seen"},
		{"one item, metadata always claims more (issue 18)", 1, []scriptedPage{p(true, 1)},
			[]int{1}, 2, "page 2 makes no progress: it holds only items already seen"},
		{"the same items in another order", 3, []scriptedPage{p(true, 1, 2, 3), p(true, 3, 1, 2)},
			[]int{1, 2, 3}, 2, "page 2 makes no progress: it holds only items already seen"},
		{"repeated ids and nothing new on the last page", 2, []scriptedPage{p(true, 1, 2), p(false, 2, 2)},
			[]int{1, 2}, 2, "page 2 makes no progress: it holds only items already seen"},
		{"going round in circles", 2, []scriptedPage{p(true, 1, 2), p(true, 3, 4), p(true, 1, 2)},
			[]int{1, 2, 3, 4, 1, 2}, 3, "page 3 makes no progress: it holds the same items as page 1"},
		{"short page that promises more", 3, []scriptedPage{p(true, 1, 2, 3), p(true, 4)},
			[]int{1, 2, 3, 4}, 2, "page 2 makes no progress: it holds 1 of 3 items, yet the paging metadata promises another page"},
		{"empty page that promises more", 2, []scriptedPage{p(true, 1, 2), p(true)},
			[]int{1, 2}, 2, "page 2 makes no progress: it is empty, yet the paging metadata promises another page"},
		{"empty first page that promises more", 2, []scriptedPage{p(true)},
			nil, 1, "page 1 makes no progress: it is empty, yet the paging metadata promises another page"},

		{"an overlap between pages is progress", 2, []scriptedPage{p(true, 1, 2), p(true, 2, 3), p(false, 4)},
			[]int{1, 2, 2, 3, 4}, 3, ""},
		{"a repeat within a page that holds new items", 3, []scriptedPage{p(true, 1, 1, 2), p(false, 3)},
			[]int{1, 1, 2, 3}, 2, ""},
		{"seen items are held back, in order, until a new one", 3, []scriptedPage{p(true, 1, 2, 3), p(false, 3, 2, 4)},
			[]int{1, 2, 3, 3, 2, 4}, 2, ""},
		{"a short last page", 3, []scriptedPage{p(true, 1, 2, 3), p(false, 4)},
			[]int{1, 2, 3, 4}, 2, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := hostileScript(t, tc.script)
			var ids []int
			var errs []error
			for it, err := range pager.AllStream(t.Context(), 1, items, streamedLister(t, srv, tc.size)) {
				if err != nil {
					errs = append(errs, err)
					continue
				}
				ids = append(ids, it.ID)
			}
			assert.Equal(t, tc.wantIDs, ids)
			assert.Len(t, srv.RequestsMatching("GET /items"), tc.wantPages)
			if tc.wantErr == "" {
				assert.Empty(t, errs)
				return
			}
			require.Len(t, errs, 1)
			assert.ErrorIs(t, errs[0], pager.ErrNoProgress)
			assert.ErrorIs(t, errs[0], transport.ErrInvalidResponse)
			assert.Equal(t, "acme: GET /items: "+tc.wantErr, errs[0].Error())
			var re *transport.RequestError
			assert.ErrorAs(t, errs[0], &re)
		})
	}
}

// The same rule holds for All over a buffered fetch, and for items that have no id only
// the rules on empty and short pages apply.
func TestAllNoProgressBufferedAndWithoutIDs(t *testing.T) {
	t.Parallel()
	fetch := func(_ context.Context, p int) ([]item, pager.Next[int], error) {
		next := p + 1
		return []item{{ID: 7}}, pager.Next[int]{Page: &next, Size: 1}, nil
	}
	var got []int
	var last error
	for it, err := range pager.All(t.Context(), 1, items, fetch) {
		if err != nil {
			last = err
			break
		}
		got = append(got, it.ID)
	}
	assert.Equal(t, []int{7}, got)
	assert.ErrorIs(t, last, pager.ErrNoProgress)

	// A buffered page is judged before any of its items is yielded: a server going round in
	// circles yields nothing of the page that repeats an earlier one.
	cycle := func(_ context.Context, p int) ([]item, pager.Next[int], error) {
		next := p + 1
		return []item{{ID: 1 + (p-1)%2*2}, {ID: 2 + (p-1)%2*2}}, pager.Next[int]{Page: &next, Size: 2}, nil
	}
	got, last = nil, nil
	for it, err := range pager.All(t.Context(), 1, items, cycle) {
		if err != nil {
			last = err
			continue
		}
		got = append(got, it.ID)
	}
	assert.Equal(t, []int{1, 2, 3, 4}, got)
	assert.EqualError(t, last, "acme: GET /items: page 3 makes no progress: it holds the same items as page 1")

	// Without ids, a server that repeats full pages is not detected: the loop must break.
	n := 0
	for _, err := range pager.All(t.Context(), 1, pager.List[item]{}, fetch) {
		require.NoError(t, err)
		if n++; n == 50 {
			break
		}
	}
	assert.Equal(t, 50, n)
}
