package pager_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/labwire/labwire/internal/pager"
)

func stringsReader(s string) io.Reader { return strings.NewReader(s) }

// streamPages is a StreamFetch over scripted page bodies ({"data":[...],"meta":{"last":b}}),
// decoded item by item; it counts the items it decoded.
type streamPages struct {
	bodies  map[int]string
	fetched []int
	decoded int
}

func (s *streamPages) fetch(_ context.Context, p int, yield func(item) bool) (*int, error) {
	s.fetched = append(s.fetched, p)
	body, ok := s.bodies[p]
	if !ok {
		return nil, fmt.Errorf("page %d: server error", p)
	}
	dec := json.NewDecoder(strings.NewReader(body))
	var last bool
	if _, err := dec.Token(); err != nil { // {
		return nil, err
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		switch tok {
		case "data":
			stopped, err := pager.DecodeArray(dec, func(it item) bool { s.decoded++; return yield(it) })
			if stopped || err != nil {
				return nil, err
			}
		case "meta":
			var m struct{ Last bool }
			if err := dec.Decode(&m); err != nil {
				return nil, err
			}
			last = m.Last
		}
	}
	if last {
		return nil, nil
	}
	next := p + 1
	return &next, nil
}

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
		{"empty first page", map[int]string{1: `{"data":[],"meta":{"last":false}}`}, nil, []int{1}, ""},
		{"null page", map[int]string{1: `{"data":null}`}, nil, []int{1}, ""},
		{"error on page 3", map[int]string{1: pages[1], 2: pages[2]}, []int{1, 2, 3, 4}, []int{1, 2, 3}, "page 3: server error"},
		{"bad item mid-page", map[int]string{1: pages[1], 2: `{"data":[{"id":3},{"id":"x"}]}`}, []int{1, 2, 3}, []int{1, 2}, "cannot unmarshal"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := &streamPages{bodies: tc.bodies}
			var ids []int
			var errs []error
			for it, err := range pager.AllStream(t.Context(), 1, s.fetch) {
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
	big := `{"data":[` + strings.TrimSuffix(strings.Repeat(`{"id":7},`, 5000), ",") + `],"meta":{"last":false}}`
	s := &streamPages{bodies: map[int]string{1: big, 2: big}}
	n := 0
	for _, err := range pager.AllStream(t.Context(), 1, s.fetch) {
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
		_, _ = io.WriteString(pw, `[{"id":1}`)
		<-firstSeen
		_, _ = io.WriteString(pw, `,{"id":2}]`)
		_ = pw.Close()
	}()
	fetch := func(_ context.Context, _ int, yield func(item) bool) (*int, error) {
		_, err := pager.DecodeArray(json.NewDecoder(pr), yield)
		return nil, err
	}
	var ids []int
	for it, err := range pager.AllStream(t.Context(), 0, fetch) {
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
	fetch := func(_ context.Context, _ int, yield func(int) bool) (*int, error) {
		calls++
		for i := range 5 {
			yield(i) // ignores false
		}
		return nil, errors.New("late error after the break")
	}
	var got []int
	for v, err := range pager.AllStream(t.Context(), 0, fetch) {
		require.NoError(t, err, "an error after the break is not yielded")
		got = append(got, v)
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
	fetch := func(context.Context, int, func(int) bool) (*int, error) { calls++; return nil, nil }
	var errs []error
	for _, err := range pager.AllStream(ctx, 0, fetch) {
		errs = append(errs, err)
	}
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], context.Canceled)
	assert.Zero(t, calls)
}
