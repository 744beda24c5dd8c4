package jsonx

import (
	"bytes"
	"errors"
	"io"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// chunked reads r n bytes at a time, so that every value may be split across reads.
type chunked struct {
	r io.Reader
	n int
}

func (c chunked) Read(p []byte) (int, error) { return c.r.Read(p[:min(len(p), c.n)]) }

// skipAll walks the document with Skip and End, as a page reader walks members it does not
// want.
func skipAll(r io.Reader) error {
	s := NewScanner(r)
	if err := s.Skip(); err != nil {
		return err
	}
	return s.End()
}

// errClass is the sentinel err matches, for comparing the Scanner's refusals with Check's.
func errClass(err error) error {
	for _, s := range []error{ErrInvalidUTF8, ErrDuplicateKey, ErrTooDeep, ErrTrailingData, ErrSyntax} {
		if errors.Is(err, s) {
			return s
		}
	}
	return err
}

var scannerSeeds = []string{
	`{"event_type":"a","resource_id":"b"}`, `{"a":{"a":1},"b":[{"a":1},{"a":2}]}`, `42`, `-0.5e+3`, `0`,
	`[true,false,null,-0.5e+3,0,1E9,"\u00e9\ud83d\ude00\n\/"]`, "{}\n\t ", `{"id":"a","id":"b"}`,
	`{"id":"a","ID":"b"}`, `{"id":"a","\u0069d":"b"}`, `{"kind":"a","\u212aind":"b"}`, `{"x":{"k":1,"K":2}}`,
	`{"a":{"b":1},"a":2}`, `{} {}`, `{"a":1}x`, "{\"a\":\"\xff\"}", "{\"\xc3\":1}", "\"\xed\xa0\x80\"",
	`"\ud83d"`, `"\ude00x"`, `"\ud83d\u0041"`, ``, " \n", `{"a":`, `"abc`, `{a:1}`, `[1,]`, `01`, `-`,
	"\"a\x01\"", `"\x"`, `"\u12"`, `[}`, `tru`, `[1 2]`, `{"a":1,}`, `{"a" 1}`, `[`, `{`, `{"a":1`,
	`["é","日本語","😀"]`, `{"é":1,"É":2}`, `nul`, `[nulll]`, `1.`, `1e`, `1e+`, `[1.5e-3]`,
	strings.Repeat("[", MaxDepth) + strings.Repeat("]", MaxDepth),
	strings.Repeat("[", MaxDepth+1) + strings.Repeat("]", MaxDepth+1),
	`{"a":[` + strings.Repeat(`{"b":"`+strings.Repeat("x", 100)+`"},`, 500) + `{}]}`,
}

// The Scanner accepts exactly what Check accepts, with the same kind of error, however the
// stream is cut into reads.
func TestScannerAgreesWithCheck(t *testing.T) {
	t.Parallel()
	for _, doc := range scannerSeeds {
		want := errClass(Check([]byte(doc)))
		for _, n := range []int{1, 2, 3, 7, 64, 1 << 20} {
			got := errClass(skipAll(chunked{strings.NewReader(doc), n}))
			assert.Equal(t, want, got, "%q read %d bytes at a time", doc, n)
			s := NewScanner(chunked{strings.NewReader(doc), n})
			v, err := s.Value()
			v = bytes.Clone(v) // valid until the next call
			if err == nil {
				err = s.End()
			}
			assert.Equal(t, want, errClass(err), "Value then End: %q by %d", doc, n)
			if err == nil {
				assert.Equal(t, strings.TrimSpace(doc), string(v))
			}
		}
	}
}

func FuzzScanner(f *testing.F) {
	for _, s := range scannerSeeds {
		f.Add([]byte(s), uint8(3))
	}
	f.Fuzz(func(t *testing.T, doc []byte, n uint8) {
		want := errClass(Check(doc))
		got := errClass(skipAll(chunked{bytes.NewReader(doc), int(n%16) + 1}))
		if want != got {
			t.Fatalf("Check: %v; Scanner: %v", want, got)
		}
	})
}

// A syntax error's offset counts from the start of the stream, not of the read buffer.
func TestScannerSyntaxOffsetInTheStream(t *testing.T) {
	t.Parallel()
	doc := `{"a":[` + strings.Repeat(`"`+strings.Repeat("x", 1000)+`",`, 100) + `x]}`
	err := skipAll(chunked{strings.NewReader(doc), 100})
	var se *SyntaxError
	require.ErrorAs(t, err, &se)
	assert.Equal(t, int64(strings.Index(doc, "x]")+1), se.Offset)
	assert.Equal(t, Check([]byte(doc)), err)
}

type pageItem struct {
	ID   int    `json:"id"`
	Name string `json:"name"`
	raw  Raw
}

// Walking a page: its members in order, the items decoded one at a time, each keeping its
// raw JSON (a copy, still right after the scanner has read on), the document's end checked.
func TestScannerWalksAPage(t *testing.T) {
	t.Parallel()
	var doc strings.Builder
	doc.WriteString(`{"other":{"deep":[1,{"x":"y"}]},"items":[`)
	for i := range 300 {
		if i > 0 {
			doc.WriteString(" ,\n")
		}
		doc.WriteString(`{"id":` + strconv.Itoa(i) + `,"name":"n` + strconv.Itoa(i) + `é"}`)
	}
	doc.WriteString(`],"meta":{"page":2}}  `)
	s := NewScanner(iotest.HalfReader(strings.NewReader(doc.String())))
	require.NoError(t, s.Object())
	var items []pageItem
	var meta []byte
	for {
		name, ok, err := s.Member()
		require.NoError(t, err)
		if !ok {
			break
		}
		switch name {
		case "items":
			ok, err := s.Array()
			require.NoError(t, err)
			require.True(t, ok)
			for {
				more, err := s.Next()
				require.NoError(t, err)
				if !more {
					break
				}
				var it pageItem
				require.NoError(t, DecodeNext(s, &it, func(it *pageItem, raw Raw) { it.raw = raw }))
				items = append(items, it)
			}
		case "meta":
			v, err := s.Value()
			require.NoError(t, err)
			meta = bytes.Clone(v)
		default:
			require.NoError(t, s.Skip())
		}
	}
	require.NoError(t, s.End())
	require.Len(t, items, 300)
	for i, it := range items {
		assert.Equal(t, i, it.ID)
		assert.JSONEq(t, `{"id":`+strconv.Itoa(i)+`,"name":"n`+strconv.Itoa(i)+`é"}`, string(it.raw.JSON()))
		assert.Equal(t, `"n`+strconv.Itoa(i)+`é"`, string(it.raw.Field("name").JSON()))
	}
	assert.Equal(t, `{"page":2}`, string(meta))
}

// The raw JSON of a value handed to another goroutine is read while the scanner copies the
// next values into the same block (go test -race).
func TestScannerRawReadWhileScanning(t *testing.T) {
	t.Parallel()
	doc := "[" + strings.Repeat(`{"id":1,"name":"abc"},`, 2000) + `{"id":1,"name":"abc"}]`
	s := NewScanner(strings.NewReader(doc))
	ok, err := s.Array()
	require.NoError(t, err)
	require.True(t, ok)
	var wg sync.WaitGroup
	for {
		more, err := s.Next()
		require.NoError(t, err)
		if !more {
			break
		}
		var it pageItem
		require.NoError(t, DecodeNext(s, &it, func(it *pageItem, raw Raw) { it.raw = raw }))
		wg.Add(1)
		go func() {
			defer wg.Done()
			if string(it.raw.JSON()) != `{"id":1,"name":"abc"}` {
				t.Error("raw JSON changed")
			}
		}()
	}
	wg.Wait()
	require.NoError(t, s.End())
}

// Strict at every level of a page: a second member of the same name (exactly or folded),
// invalid UTF-8 in a member nobody reads, a second document after the page.
func TestScannerPageStrictness(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		doc  string
		want error
	}{
		"second items member":        {`{"items":[],"items":[]}`, ErrDuplicateKey},
		"case-variant meta":          {`{"meta":{},"Meta":{}}`, ErrDuplicateKey},
		"escaped duplicate":          {`{"meta":{},"m\u0065ta":{}}`, ErrDuplicateKey},
		"duplicate in a skipped one": {`{"x":{"a":1,"A":2}}`, ErrDuplicateKey},
		"invalid UTF-8 skipped":      {"{\"x\":{\"y\":[\"\xff\"]}}", ErrInvalidUTF8},
		"invalid UTF-8 in a name":    {"{\"\xff\":1}", ErrInvalidUTF8},
		"second document":            {`{"items":[]} {"items":[1]}`, ErrTrailingData},
		"garbage after":              {`{"items":[]}]`, ErrTrailingData},
		"cut short":                  {`{"items":[{"id":1}`, ErrSyntax},
	} {
		err := skipAll(chunked{strings.NewReader(tc.doc), 2})
		assert.ErrorIs(t, err, tc.want, name)
	}
}

// A reader's failure is returned as it is, and again by every later call.
func TestScannerReaderError(t *testing.T) {
	t.Parallel()
	boom := errors.New("boom")
	s := NewScanner(io.MultiReader(strings.NewReader(`{"items":[1,`), iotest.ErrReader(boom)))
	require.NoError(t, s.Object())
	_, _, err := s.Member()
	require.NoError(t, err)
	_, err = s.Array()
	require.NoError(t, err)
	_, err = s.Next()
	require.NoError(t, err)
	_, err = s.Value()
	require.NoError(t, err)
	_, err = s.Next()
	assert.ErrorIs(t, err, boom)
	_, err = s.Value()
	assert.ErrorIs(t, err, boom)
}

// Object and Array name the kind they found instead, without its content.
func TestScannerKindErrors(t *testing.T) {
	t.Parallel()
	s := NewScanner(strings.NewReader(`"CANARY"`))
	err := s.Object()
	require.ErrorIs(t, err, ErrMismatch)
	assert.Equal(t, "json: JSON string where the object belongs", err.Error())
	s = NewScanner(strings.NewReader(`{"CANARY":1}`))
	_, err = s.Array()
	require.ErrorIs(t, err, ErrMismatch)
	assert.NotContains(t, err.Error(), "CANARY")
	s = NewScanner(strings.NewReader(`null`))
	ok, err := s.Array()
	assert.NoError(t, err)
	assert.False(t, ok)
}

// A value far larger than the read buffer, delivered a little at a time, is read whole and
// checked a few times over at most, not once per read.
func TestScannerLargeValue(t *testing.T) {
	t.Parallel()
	big := `"` + strings.Repeat("a", 4<<20) + `"`
	cr := &countingReader{r: chunked{strings.NewReader(big), 512}}
	s := NewScanner(cr)
	v, err := s.Value()
	require.NoError(t, err)
	assert.Len(t, v, len(big))
	require.NoError(t, s.End())
	assert.Less(t, cr.reads, len(big)/512+16)
}

type countingReader struct {
	r     io.Reader
	reads int
}

func (c *countingReader) Read(p []byte) (int, error) {
	c.reads++
	return c.r.Read(p)
}

// decodeElems walks {"items":[...]} with DecodeElements, collecting ids and raw JSON.
func decodeElems(t *testing.T, r io.Reader, stopAt int) (ids []int, raws []string, stopped bool, err error) {
	t.Helper()
	s := NewScanner(r)
	require.NoError(t, s.Object())
	_, _, err = s.Member()
	require.NoError(t, err)
	ok, err := s.Array()
	require.NoError(t, err)
	require.True(t, ok)
	_, stopped, err = DecodeElements(s, func(it *pageItem, raw Raw) bool {
		ids = append(ids, it.ID)
		raws = append(raws, string(raw.JSON()))
		return len(ids) != stopAt
	})
	if err == nil && !stopped {
		_, ok, err = s.Member()
		require.NoError(t, err)
		require.False(t, ok)
		err = s.End()
	}
	return ids, raws, stopped, err
}

// Elements are decoded in batches, across blocks and past the batch size, each keeping
// exactly its own bytes; an element larger than a block gets one of its own.
func TestDecodeElementsBatches(t *testing.T) {
	t.Parallel()
	var doc strings.Builder
	doc.WriteString(`{"items":[`)
	var want []string
	for i := range 3000 {
		if i > 0 {
			doc.WriteString(" , ")
		}
		name := "n" + strconv.Itoa(i)
		if i == 1234 {
			name = strings.Repeat("é", elemBlock) // larger than a block
		}
		e := `{"id":` + strconv.Itoa(i) + `,"name":"` + name + `"}`
		want = append(want, e)
		doc.WriteString(e)
	}
	doc.WriteString(`]}`)
	for _, n := range []int{1, 100, 1 << 20} {
		ids, raws, stopped, err := decodeElems(t, chunked{strings.NewReader(doc.String()), n}, -1)
		require.NoError(t, err)
		assert.False(t, stopped)
		require.Len(t, ids, 3000)
		for i := range ids {
			assert.Equal(t, i, ids[i])
		}
		assert.Equal(t, want, raws)
	}
}

// An element is yielded before the Scanner waits for the bytes after it, and stopping
// stops the reading.
func TestDecodeElementsYieldsBeforeWaiting(t *testing.T) {
	t.Parallel()
	pr, pw := io.Pipe()
	seen := make(chan struct{})
	go func() {
		_, _ = io.WriteString(pw, `{"items":[{"id":1},{"id":2}`)
		<-seen
		_, _ = io.WriteString(pw, `,{"id":3}]}`)
		_ = pw.Close()
	}()
	s := NewScanner(pr)
	require.NoError(t, s.Object())
	_, _, err := s.Member()
	require.NoError(t, err)
	_, err = s.Array()
	require.NoError(t, err)
	var ids []int
	_, _, err = DecodeElements(s, func(it *pageItem, _ Raw) bool {
		ids = append(ids, it.ID)
		if it.ID == 2 {
			close(seen)
		}
		return true
	})
	require.NoError(t, err)
	assert.Equal(t, []int{1, 2, 3}, ids)

	ids, _, stopped, err := decodeElems(t, strings.NewReader(`{"items":[{"id":1},{"id":2},{"id":3}]}`), 2)
	assert.NoError(t, err)
	assert.True(t, stopped)
	assert.Equal(t, []int{1, 2}, ids)
}

// An element that does not fit fails the array after the elements before it were yielded,
// with a *FieldError that does not quote it; a malformed one is a syntax error.
func TestDecodeElementsErrors(t *testing.T) {
	t.Parallel()
	ids, _, _, err := decodeElems(t, strings.NewReader(`{"items":[{"id":1},{"id":2},{"id":"CANARY"},{"id":4}]}`), -1)
	assert.Equal(t, []int{1, 2}, ids)
	require.ErrorIs(t, err, ErrMismatch)
	assert.NotContains(t, err.Error(), "CANARY")
	ids, _, _, err = decodeElems(t, strings.NewReader(`{"items":[{"id":1},{"id":2,"id":3}]}`), -1)
	assert.Equal(t, []int{1}, ids)
	assert.ErrorIs(t, err, ErrDuplicateKey)
}
