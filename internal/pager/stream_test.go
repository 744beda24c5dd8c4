package pager_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/labwire/labwire/internal/jsonx"
	"github.com/labwire/labwire/internal/pager"
)

// streamPages is a StreamFetch over scripted page bodies ({"data":[...],"meta":{"last":b}}),
// decoded item by item with DecodePage; it counts the items it decoded.
type streamPages struct {
	bodies  map[int]string
	fetched []int
	decoded int
}

type pageMeta struct {
	Last bool `json:"last"`
}

func (s *streamPages) fetch(_ context.Context, p int, yield func(*item) bool) (pager.Next[int], error) {
	s.fetched = append(s.fetched, p)
	body, ok := s.bodies[p]
	if !ok {
		return pager.Next[int]{}, fmt.Errorf("page %d: server error", p)
	}
	var meta pageMeta
	_, stopped, err := pager.DecodePage(strings.NewReader(body), pager.PageSpec{Items: "data", Members: []pager.Member{{Name: "meta", Into: &meta}}},
		func(it *item, _ jsonx.Raw) item { s.decoded++; return *it }, yield)
	if stopped || err != nil || meta.Last {
		return pager.Next[int]{}, err
	}
	next := p + 1
	return pager.Next[int]{Page: &next}, nil
}

var itemIDs = pager.List[item]{ID: func(it *item) string { return strconv.Itoa(it.ID) }}

func TestAllStreamPagingScript(t *testing.T) {
	t.Parallel()
	pages := map[int]string{
		1: `{"data":[{"id":1},{"id":2}],"meta":{"last":false}}`,
		2: `{"data":[{"id":3},{"id":4}],"meta":{"last":false}}`,
		3: `{"data":[{"id":5}],"meta":{"last":true}}`,
	}
	tests := []struct {
		name        string
		bodies      map[int]string
		wantIDs     []int
		wantFetched []int
		wantErr     string
	}{
		{"metadata says done", pages, []int{1, 2, 3, 4, 5}, []int{1, 2, 3}, ""},
		{"empty first page", map[int]string{1: `{"data":[],"meta":{"last":true}}`}, nil, []int{1}, ""},
		{"null page", map[int]string{1: `{"data":null,"meta":{"last":true}}`}, nil, []int{1}, ""},
		{"empty page that promises more", map[int]string{1: pages[1], 2: `{"data":[],"meta":{"last":false}}`}, []int{1, 2}, []int{1, 2}, "page 2 makes no progress: it is empty"},
		{"error on page 3", map[int]string{1: pages[1], 2: pages[2]}, []int{1, 2, 3, 4}, []int{1, 2, 3}, "page 3: server error"},
		{"bad item mid-page", map[int]string{1: pages[1], 2: `{"data":[{"id":3},{"id":"x"}]}`}, []int{1, 2, 3}, []int{1, 2}, "field data.id: JSON string does not fit int"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := &streamPages{bodies: tc.bodies}
			var ids []int
			var errs []error
			for it, err := range pager.AllStream(t.Context(), 1, itemIDs, s.fetch) {
				if err != nil {
					errs = append(errs, err)
					continue
				}
				ids = append(ids, it.ID)
			}
			assert.Equal(t, tc.wantIDs, ids)
			assert.Equal(t, tc.wantFetched, s.fetched)
			if tc.wantErr == "" {
				assert.Empty(t, errs)
				return
			}
			require.Len(t, errs, 1)
			assert.ErrorContains(t, errs[0], tc.wantErr)
		})
	}
}

func TestAllStreamBreakStopsDecoding(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	b.WriteString(`{"data":[`)
	for i := range 5000 {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`{"id":` + strconv.Itoa(i) + `}`)
	}
	b.WriteString(`],"meta":{"last":false}}`)
	big := b.String()
	s := &streamPages{bodies: map[int]string{1: big, 2: big}}
	n := 0
	for _, err := range pager.AllStream(t.Context(), 1, itemIDs, s.fetch) {
		require.NoError(t, err)
		n++
		if n == 10 {
			break
		}
	}
	assert.Equal(t, 10, s.decoded, "decoding stops at the break, not at the end of the 5000-item page")
	assert.Equal(t, []int{1}, s.fetched)
}

// TestAllStreamYieldsWhileThePageIsRead: the second item is only written after the first was
// yielded, so the loop sees items while the page is still arriving.
func TestAllStreamYieldsWhileThePageIsRead(t *testing.T) {
	t.Parallel()
	pr, pw := io.Pipe()
	defer pr.Close()
	firstSeen := make(chan struct{})
	go func() {
		_, _ = io.WriteString(pw, `{"data":[{"id":1}`)
		<-firstSeen
		_, _ = io.WriteString(pw, `,{"id":2}]}`)
		_ = pw.Close()
	}()
	fetch := func(_ context.Context, _ int, yield func(*item) bool) (pager.Next[int], error) {
		_, _, err := pager.DecodePage(pr, pager.PageSpec{Items: "data"}, func(it *item, _ jsonx.Raw) item { return *it }, yield)
		return pager.Next[int]{}, err
	}
	var ids []int
	for it, err := range pager.AllStream(t.Context(), 0, itemIDs, fetch) {
		require.NoError(t, err)
		ids = append(ids, it.ID)
		if it.ID == 1 {
			close(firstSeen)
		}
	}
	assert.Equal(t, []int{1, 2}, ids)
}

func TestAllStreamIgnoresAFetchThatKeepsYielding(t *testing.T) {
	t.Parallel()
	calls := 0
	fetch := func(_ context.Context, _ int, yield func(*int) bool) (pager.Next[int], error) {
		calls++
		for i := range 5 {
			yield(&i) // ignores false
		}
		return pager.Next[int]{}, errors.New("late error after the break")
	}
	var got []int
	for v, err := range pager.AllStream(t.Context(), 0, pager.List[int]{}, fetch) {
		require.NoError(t, err, "an error after the break is not yielded")
		got = append(got, *v)
		break
	}
	assert.Equal(t, []int{0}, got)
	assert.Equal(t, 1, calls)
}

func TestAllStreamContextEnded(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	calls := 0
	fetch := func(context.Context, int, func(*int) bool) (pager.Next[int], error) {
		calls++
		return pager.Next[int]{}, nil
	}
	var errs []error
	for _, err := range pager.AllStream(ctx, 0, pager.List[int]{}, fetch) {
		errs = append(errs, err)
	}
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], context.Canceled)
	assert.Zero(t, calls)
}

type rawItem struct {
	ID  int `json:"id"`
	raw jsonx.Raw
}

// A streamed page is as strict as a buffered answer (jsonx.Check): the envelope and every
// member of it, read or skipped, item or not.
func TestDecodePageIsStrict(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, body string
		want       error
		wantItems  int
	}{
		{"second items member", `{"data":[{"id":1}],"data":[{"id":2}]}`, jsonx.ErrDuplicateKey, 1},
		{"case-variant items member", `{"data":[{"id":1}],"DATA":[{"id":2}]}`, jsonx.ErrDuplicateKey, 1},
		{"second meta member", `{"meta":{"last":false},"data":[],"meta":{"last":true}}`, jsonx.ErrDuplicateKey, 0},
		{"duplicate key in meta", `{"data":[],"meta":{"last":false,"last":true}}`, jsonx.ErrDuplicateKey, 0},
		{"duplicate key in an item", `{"data":[{"id":1,"ID":2}]}`, jsonx.ErrDuplicateKey, 0},
		{"duplicate key in an unknown member", `{"data":[],"x":{"a":{"b":1,"b":2}}}`, jsonx.ErrDuplicateKey, 0},
		{"invalid UTF-8 in an unknown member", "{\"data\":[],\"x\":[\"ok\",\"\xff\"]}", jsonx.ErrInvalidUTF8, 0},
		{"invalid UTF-8 in an unknown member's name", "{\"data\":[],\"\xc3\":1}", jsonx.ErrInvalidUTF8, 0},
		{"invalid UTF-8 in an item", "{\"data\":[{\"id\":1,\"n\":\"\xed\xa0\x80\"}]}", jsonx.ErrInvalidUTF8, 0},
		{"lone surrogate in meta", `{"data":[],"meta":{"x":"\ud800"}}`, jsonx.ErrInvalidUTF8, 0},
		{"a second document after the page", `{"data":[{"id":1}]}{"data":[{"id":2}]}`, jsonx.ErrTrailingData, 1},
		{"garbage after the page", `{"data":[]} x`, jsonx.ErrTrailingData, 0},
		{"cut short", `{"data":[{"id":1},{"id":`, jsonx.ErrSyntax, 1},
		{"too deep", `{"data":[],"x":` + strings.Repeat("[", 64) + strings.Repeat("]", 64) + `}`, jsonx.ErrTooDeep, 0},
		{"not an object", `[{"id":1}]`, jsonx.ErrMismatch, 0},
		{"items not an array", `{"data":{"id":1}}`, jsonx.ErrMismatch, 0},
		{"an item that does not fit", `{"data":[{"id":"one"}]}`, jsonx.ErrMismatch, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var meta pageMeta
			n := 0
			_, _, err := pager.DecodePage(strings.NewReader(tc.body), pager.PageSpec{Items: "data", Members: []pager.Member{{Name: "meta", Into: &meta}}},
				func(it *rawItem, _ jsonx.Raw) rawItem { return *it }, func(*rawItem) bool { n++; return true })
			assert.ErrorIs(t, err, tc.want)
			assert.Equal(t, tc.wantItems, n)
		})
	}

	// The field of a value that does not fit is named from the page's top.
	_, _, err := pager.DecodePage(strings.NewReader(`{"data":[{"id":"one"}]}`), pager.PageSpec{Items: "data"},
		func(it *rawItem, _ jsonx.Raw) rawItem { return *it }, func(*rawItem) bool { return true })
	assert.EqualError(t, err, "json: field data.id: JSON string does not fit int")
}

// A page's items keep their raw JSON, each its own bytes; null or absent items are none.
func TestDecodePageItemsAndRaw(t *testing.T) {
	t.Parallel()
	var got []rawItem
	n, stopped, err := pager.DecodePage(strings.NewReader(` {"x":[1,{"y":null}], "Data" : [ {"id":1,"n":"é"} , {"id":2} ] } `), pager.PageSpec{Items: "data"},
		func(it *rawItem, raw jsonx.Raw) rawItem { it.raw = raw; return *it }, func(it *rawItem) bool { got = append(got, *it); return true })
	require.NoError(t, err)
	assert.False(t, stopped)
	assert.Equal(t, 2, n)
	require.Len(t, got, 2)
	assert.Equal(t, `{"id":1,"n":"é"}`, string(got[0].raw.JSON()))
	assert.Equal(t, `{"id":2}`, string(got[1].raw.JSON()))

	for _, body := range []string{`{"data":null}`, `{}`, `{"meta":{}}`} {
		n, _, err := pager.DecodePage(strings.NewReader(body), pager.PageSpec{Items: "data"},
			func(it *rawItem, _ jsonx.Raw) rawItem { return *it }, func(*rawItem) bool { t.Fatal("no items"); return true })
		assert.NoError(t, err, body)
		assert.Zero(t, n)
	}
}

// Every All yields *T: each pointer AllStream yields is to a copy of its own, though the
// fetch yields the same variable every time, so a loop may keep it.
func TestAllStreamYieldsAPointerOfItsOwn(t *testing.T) {
	t.Parallel()
	fetch := func(_ context.Context, _ int, yield func(*int) bool) (pager.Next[int], error) {
		var v int
		for i := range 3 {
			v = i
			if !yield(&v) {
				break
			}
		}
		return pager.Next[int]{}, nil
	}
	var kept []*int
	for v, err := range pager.AllStream(t.Context(), 0, pager.List[int]{}, fetch) {
		require.NoError(t, err)
		kept = append(kept, v)
	}
	require.Len(t, kept, 3)
	for i, v := range kept {
		assert.Equal(t, i, *v)
	}
}
