package transport

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"
)

// patternReader yields n bytes of a repeating pattern without holding them.
type patternReader struct{ left int64 }

func (p *patternReader) Read(b []byte) (int, error) {
	if p.left <= 0 {
		return 0, io.EOF
	}
	n := min(int64(len(b)), p.left)
	for i := range n {
		b[i] = byte('a' + (p.left-i)%26)
	}
	p.left -= n
	return int(n), nil
}

func patternSHA(n int64) string {
	h := sha256.New()
	_, _ = io.Copy(h, &patternReader{left: n})
	return hex.EncodeToString(h.Sum(nil))
}

// Request.Stream (Workpath's document uploads): a 32 MiB body goes out as a stream, with
// the bytes intact, chunked, with its content type, while the client allocates a small
// fraction of the body's size. Not parallel, so that the allocation count is this test's.
func TestStreamedUploadKeepsMemoryFlat(t *testing.T) {
	const size = 32 << 20
	var got, ct string
	var cl int64
	srv := quietServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := sha256.New()
		_, _ = io.Copy(h, r.Body)
		got, ct, cl = hex.EncodeToString(h.Sum(nil)), r.Header.Get("Content-Type"), r.ContentLength
		w.WriteHeader(http.StatusCreated)
		_, _ = w.Write([]byte(`{"id":"doc-1"}`))
	}), false)
	c := newClient(t, socketSettings(srv))
	var opened int
	r := &Request{Op: "documents.upload", Method: http.MethodPost, Route: "/documents", ContentType: "application/pdf",
		Stream: func() (io.Reader, error) { opened++; return &patternReader{left: size}, nil }}
	var out struct{ ID string }

	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, err := c.Do(t.Context(), r, &out)
	runtime.ReadMemStats(&after)

	require.NoError(t, err)
	assert.Equal(t, "doc-1", out.ID)
	assert.Equal(t, 1, opened)
	assert.Equal(t, patternSHA(size), got, "the bytes arrive intact")
	assert.Equal(t, "application/pdf", ct)
	assert.Equal(t, int64(-1), cl, "chunked: the length is unknown")
	allocated := after.TotalAlloc - before.TotalAlloc
	t.Logf("allocated %d bytes for a %d-byte upload", allocated, size)
	assert.Less(t, allocated, uint64(size/4), "allocated %d bytes for a %d-byte upload", allocated, size)
}

// A streamed body is sent once: a 503, a 429, a reset after the server read it and a 401
// with a refreshable token all end the call after one attempt, and Stream is called once.
func TestStreamedUploadSentOnce(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		handle  func(w http.ResponseWriter, r *http.Request)
		token   bool
		unknown bool
	}{
		{"503", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(503) }, false, true},
		{"429", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(429) }, false, false},
		{"401", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(401) }, true, false},
		{"reset after read", func(w http.ResponseWriter, r *http.Request) {
			if conn, _, err := w.(http.Hijacker).Hijack(); err == nil {
				_ = conn.Close()
			}
		}, false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var hits serverHits
			srv := quietServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				hits.record(r)
				tc.handle(w, r)
			}), false)
			s := socketSettings(srv)
			var fetches atomic.Int64
			if tc.token {
				s.Auth = TokenAuth(tokenSourceFunc(func(context.Context) (*oauth2.Token, error) {
					fetches.Add(1)
					return &oauth2.Token{AccessToken: "tok"}, nil
				}))
			}
			c := newClient(t, s)
			var opened int
			r := &Request{Op: "documents.upload", Method: http.MethodPost, Route: "/documents",
				Stream: func() (io.Reader, error) { opened++; return strings.NewReader("%PDF-1.7 ..."), nil }}

			_, err := c.Do(t.Context(), r, nil)

			require.Error(t, err)
			assert.Equal(t, 1, hits.count(), "sent once")
			assert.Equal(t, 1, opened, "Stream called once")
			assert.Equal(t, tc.unknown, errors.Is(err, ErrOutcomeUnknown))
			if tc.token {
				assert.ErrorIs(t, err, ErrUnauthorized)
				assert.Equal(t, int64(1), fetches.Load(), "no replay after the 401")
			}
			assert.Equal(t, "%PDF-1.7 ...", string(hits.all()[0].Body))
			assert.Equal(t, int64(len("%PDF-1.7 ...")), hits.all()[0].CL, "a reader with Len sends a Content-Length")
		})
	}
}

// A Stream that cannot be opened, or a Stream next to another body, is refused before
// anything is sent; Stream is not called when an earlier check fails.
func TestStreamedUploadRefusedBeforeSending(t *testing.T) {
	t.Parallel()
	sc := newScript(answer(200))
	c := newClient(t, testSettings(sc.transport()))
	var opened int
	for _, tc := range []struct {
		name  string
		req   *Request
		field string
	}{
		{"open fails", &Request{Method: http.MethodPost, Route: "/documents",
			Stream: func() (io.Reader, error) { return nil, errors.New(canarySecret) }}, "Stream"},
		{"two bodies", &Request{Method: http.MethodPost, Route: "/documents", JSON: 1,
			Stream: func() (io.Reader, error) { opened++; return strings.NewReader("x"), nil }}, "body"},
		{"bad route", &Request{Method: http.MethodPost, Route: "/documents?x=1",
			Stream: func() (io.Reader, error) { opened++; return strings.NewReader("x"), nil }}, "Route"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := c.Do(t.Context(), tc.req, nil)
			var ve *ValidationError
			require.ErrorAs(t, err, &ve)
			assert.Equal(t, tc.field, ve.Field)
			assertChainClean(t, err, canarySecret)
		})
	}
	assert.Equal(t, 0, opened)
	assert.Equal(t, 0, sc.count())
}

// closeRecorder is a stream that records, when Stream opens the next one, whether it was
// closed by then.
type closeRecorder struct {
	io.Reader
	closed atomic.Bool
}

func (c *closeRecorder) Close() error { c.closed.Store(true); return nil }

// Issue 18 item 2: a rewindable stream (StreamRewindable) is retried where the server
// processed nothing: after a 429 and a refused dial, Stream is called again, only once the
// last attempt's body was closed, and the same bytes go out. A 503 and a 401 still end the
// call after one attempt; a Stream that fails on the retry ends it unsent.
func TestIssue18Item2RewindableStreamRetried(t *testing.T) {
	t.Parallel()
	const body = "%PDF-1.7 ..."
	open := func(opened *[]*closeRecorder) func() (io.Reader, error) {
		return func() (io.Reader, error) {
			for _, prev := range *opened {
				if !prev.closed.Load() {
					return nil, errors.New("opened while the last attempt's body is open")
				}
			}
			r := &closeRecorder{Reader: strings.NewReader(body)}
			*opened = append(*opened, r)
			return r, nil
		}
	}
	for _, tc := range []struct {
		name     string
		steps    []step
		attempts int
		err      error
	}{
		{"429 then 201", []step{answer(429), {status: 201, body: `{}`}}, 2, nil},
		{"refused then 201", []step{fail(errRefused), {status: 201, body: `{}`}}, 2, nil},
		{"429 429 429", []step{answer(429), answer(429), answer(429)}, 3, ErrRateLimited},
		{"503", []step{answer(503), answer(201)}, 1, ErrOutcomeUnknown},
		{"401", []step{answer(401), answer(201)}, 1, ErrUnauthorized},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			sc := newScript(tc.steps...)
			s := testSettings(sc.transport())
			s.RetryWaitMin, s.RetryWaitMax, s.MaxRetries = time.Microsecond, 2*time.Microsecond, 2
			c := newClient(t, s)
			var opened []*closeRecorder
			r := &Request{Op: "documents.upload", Method: http.MethodPost, Route: "/documents",
				Stream: open(&opened), StreamRewindable: true}
			_, err := c.Do(t.Context(), r, nil)
			if tc.err == nil {
				require.NoError(t, err)
			} else {
				require.ErrorIs(t, err, tc.err)
			}
			assert.Len(t, opened, tc.attempts, "Stream called once per attempt")
			for _, h := range sc.all() {
				assert.Equal(t, body, string(h.Body))
			}
		})
	}

	// The same script without StreamRewindable: one attempt.
	sc := newScript(answer(429), answer(201))
	s := testSettings(sc.transport())
	s.RetryWaitMin, s.RetryWaitMax = time.Microsecond, 2*time.Microsecond
	c := newClient(t, s)
	var opened []*closeRecorder
	_, err := c.Do(t.Context(), &Request{Method: http.MethodPost, Route: "/documents", Stream: open(&opened)}, nil)
	require.ErrorIs(t, err, ErrRateLimited)
	assert.Len(t, opened, 1)
	assert.Equal(t, 1, sc.count())

	// A Stream that fails on the retry: the call ends, unsent, with a clean cause.
	sc = newScript(answer(429), answer(201))
	c = newClient(t, testSettings(sc.transport()))
	calls := 0
	_, err = c.Do(t.Context(), &Request{Method: http.MethodPost, Route: "/documents", StreamRewindable: true,
		Stream: func() (io.Reader, error) {
			if calls++; calls > 1 {
				return nil, errors.New(canarySecret)
			}
			return strings.NewReader(body), nil
		}}, nil)
	var re *RequestError
	require.ErrorAs(t, err, &re)
	assert.NotErrorIs(t, err, ErrOutcomeUnknown)
	assert.Equal(t, 1, sc.count(), "the retry is not sent")
	assertChainClean(t, err, canarySecret)
}

// blockingReader blocks its first Read until released.
type blockingReader struct{ entered, release chan struct{} }

func (b *blockingReader) Read(p []byte) (int, error) {
	close(b.entered)
	<-b.release
	return 0, io.EOF
}

// A streamed body closed while a Read is under way (HTTP/2 closes from another goroutine)
// is done only once that Read returned; a Read after Close does not reach the stream.
func TestStreamBodyDoneAfterLastRead(t *testing.T) {
	t.Parallel()
	br := &blockingReader{entered: make(chan struct{}), release: make(chan struct{})}
	b := &onceBody{r: br, done: make(chan struct{})}
	go func() { _, _ = b.Read(make([]byte, 1)) }()
	<-br.entered
	require.NoError(t, b.Close())
	select {
	case <-b.done:
		t.Fatal("done while a Read is under way")
	default:
	}
	close(br.release)
	<-b.done
	_, err := b.Read(make([]byte, 1))
	assert.ErrorIs(t, err, errBodyClosed)
}
