package transport

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// decodeItems is a Request.Decode that streams a JSON array of {"id":...} objects, calling
// yield per item, as a pager's StreamFetch does.
func decodeItems(yield func(id string)) func(io.Reader) error {
	return func(r io.Reader) error {
		dec := json.NewDecoder(r)
		if _, err := dec.Token(); err != nil {
			return err
		}
		for dec.More() {
			var it struct{ ID string }
			if err := dec.Decode(&it); err != nil {
				return err
			}
			yield(it.ID)
		}
		_, err := dec.Token()
		return err
	}
}

func itemsJSON(n int) string {
	var b strings.Builder
	b.WriteByte('[')
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`{"id":"i-` + strconv.Itoa(i) + `"}`)
	}
	b.WriteByte(']')
	return b.String()
}

// Kit contract "Streaming a response body": a 2xx body reaches Request.Decode as a stream,
// item by item while the server is still sending: the first half is decoded before the
// server writes the second, so the body is never buffered whole.
func TestStreamDecodeConsumesBodyAsItArrives(t *testing.T) {
	t.Parallel()
	firstSeen := make(chan struct{})
	srv := quietServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, `[{"id":"first"},`)
		w.(http.Flusher).Flush()
		select {
		case <-firstSeen: // the client decoded the first item before the rest exists
		case <-r.Context().Done():
			return
		}
		_, _ = io.WriteString(w, strings.TrimPrefix(itemsJSON(5000), "["))
	}), false)
	c := newClient(t, socketSettings(srv))
	var ids []string
	r := get("/requisitions")
	r.Decode = decodeItems(func(id string) {
		if len(ids) == 0 {
			close(firstSeen)
		}
		ids = append(ids, id)
	})

	meta, err := c.Do(t.Context(), r, nil)

	require.NoError(t, err)
	require.Len(t, ids, 5001)
	assert.Equal(t, "first", ids[0])
	assert.Equal(t, "i-4999", ids[5000])
	assert.Equal(t, http.StatusOK, meta.StatusCode)
	assert.Nil(t, meta.Body, "a streamed body is not kept")
	assert.Equal(t, 1, meta.Attempts)
}

// A streamed body over MaxResponseBytes fails with ErrResponseTooLarge, even when Decode
// swallows the read error; a body of exactly the cap streams fine.
func TestStreamDecodeCapped(t *testing.T) {
	t.Parallel()
	body := itemsJSON(200)
	for _, tc := range []struct {
		name  string
		limit int64
		want  error
	}{
		{"over", int64(len(body)) - 1, ErrResponseTooLarge},
		{"exact", int64(len(body)), nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			sc := newScript(step{status: 200, body: body})
			s := testSettings(sc.transport())
			s.MaxResponseBytes = tc.limit
			c := newClient(t, s)
			var read int64
			r := get("/requisitions")
			r.Decode = func(rd io.Reader) error {
				n, _ := io.Copy(io.Discard, rd) // ignores the error on purpose
				read = n
				return nil
			}
			_, err := c.Do(t.Context(), r, nil)
			if tc.want == nil {
				require.NoError(t, err)
				assert.Equal(t, int64(len(body)), read)
				return
			}
			require.ErrorIs(t, err, tc.want)
			assert.LessOrEqual(t, read, tc.limit)
			assert.Equal(t, 1, sc.count())
		})
	}
}

// Once Decode has started, the call is never retried: a GET whose streamed body breaks off
// fails after one attempt (a retry would yield the first items twice). Retries before the
// stream (a 503) still happen, and Decode runs once, on the final answer.
func TestStreamDecodeNeverRetriedOnceStarted(t *testing.T) {
	t.Parallel()
	t.Run("body breaks off", func(t *testing.T) {
		t.Parallel()
		var attempts atomic.Int64
		rt := rtFunc(func(r *http.Request) (*http.Response, error) {
			attempts.Add(1)
			return &http.Response{StatusCode: 200, Header: http.Header{}, ContentLength: -1, Request: r,
				Body: io.NopCloser(io.MultiReader(strings.NewReader(`[{"id":"a"},{"id":"b"},`), &failingReader{errReset}))}, nil
		})
		c := newClient(t, testSettings(rt))
		var ids []string
		r := get("/requisitions")
		r.Decode = decodeItems(func(id string) { ids = append(ids, id) })

		_, err := c.Do(t.Context(), r, nil)

		require.Error(t, err)
		var re *RequestError
		require.ErrorAs(t, err, &re)
		assert.Equal(t, int64(1), attempts.Load())
		assert.Equal(t, []string{"a", "b"}, ids, "each item yielded once")
		assert.ErrorIs(t, err, syscall.ECONNRESET)
	})
	t.Run("503 then 200", func(t *testing.T) {
		t.Parallel()
		sc := newScript(answer(503), step{status: 200, body: itemsJSON(3)})
		s := testSettings(sc.transport())
		s.RetryWaitMin, s.RetryWaitMax = 1, 2
		c := newClient(t, s)
		var calls int
		var ids []string
		r := get("/requisitions")
		dec := decodeItems(func(id string) { ids = append(ids, id) })
		r.Decode = func(rd io.Reader) error { calls++; return dec(rd) }

		meta, err := c.Do(t.Context(), r, nil)

		require.NoError(t, err)
		assert.Equal(t, 1, calls)
		assert.Equal(t, []string{"i-0", "i-1", "i-2"}, ids)
		assert.Equal(t, 2, meta.Attempts)
	})
}

// An error answer is never streamed: it is an *APIError with its (capped) body; a Decode
// error holding server text is reported without it; Decode with a non-nil out is refused.
func TestStreamDecodeErrors(t *testing.T) {
	t.Parallel()
	t.Run("error answer", func(t *testing.T) {
		t.Parallel()
		sc := newScript(step{status: 404, body: `{"code":"not_found"}`})
		c := newClient(t, testSettings(sc.transport()))
		r := get("/requisitions")
		r.Decode = func(io.Reader) error { t.Error("Decode called on an error answer"); return nil }
		_, err := c.Do(t.Context(), r, nil)
		var ae *APIError
		require.ErrorAs(t, err, &ae)
		assert.Equal(t, "not_found", ae.Code)
	})
	t.Run("decode error is clean", func(t *testing.T) {
		t.Parallel()
		sc := newScript(step{status: 200, body: `[{"id":"a"},` + canaryResp + `]`})
		c := newClient(t, testSettings(sc.transport()))
		r := get("/requisitions")
		r.Decode = decodeItems(func(string) {})
		_, err := c.Do(t.Context(), r, nil)
		require.Error(t, err)
		assert.Contains(t, err.Error(), "decoding the response")
		assertChainClean(t, err, canaryResp, "'C'")
	})
	t.Run("out with Decode", func(t *testing.T) {
		t.Parallel()
		sc := newScript(answer(200))
		c := newClient(t, testSettings(sc.transport()))
		r := get("/requisitions")
		r.Decode = func(io.Reader) error { return nil }
		var out any
		_, err := c.Do(t.Context(), r, &out)
		var ve *ValidationError
		require.ErrorAs(t, err, &ve)
		assert.Equal(t, "out", ve.Field)
		assert.Equal(t, 0, sc.count())
	})
}

type failingReader struct{ err error }

func (f *failingReader) Read([]byte) (int, error) { return 0, f.err }

func TestCappedReader(t *testing.T) {
	t.Parallel()
	for _, n := range []int{0, 1, 511, 512, 513, 4096} {
		src := bytes.Repeat([]byte("x"), n)
		cr := &cappedReader{r: bytes.NewReader(src), left: 512, limit: 512}
		got, err := io.ReadAll(cr)
		if n > 512 {
			var tl *TooLargeError
			require.True(t, errors.As(err, &tl), "n=%d", n)
			assert.Len(t, got, 512)
			continue
		}
		require.NoError(t, err, "n=%d", n)
		assert.Len(t, got, n)
	}
}
