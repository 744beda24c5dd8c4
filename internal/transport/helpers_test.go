package transport

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httptrace"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/require"
)

// testBaseURL has a path prefix, so a route that escapes it shows up in the recorded path.
const testBaseURL = "https://lab.test/api"

// rtFunc is an in-memory RoundTripper.
type rtFunc func(*http.Request) (*http.Response, error)

func (f rtFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// testSettings is a working configuration over rt with a deterministic backoff: rand is 0,
// so every wait is exactly half its step (500ms, 1s, 2s, 4s, 4s, ...).
func testSettings(rt http.RoundTripper) Settings {
	return Settings{
		Vendor:       "acme",
		BaseURL:      testBaseURL,
		Auth:         BearerAuth("test-key"),
		HTTPClient:   &http.Client{Transport: rt},
		RetryWaitMin: time.Second,
		RetryWaitMax: 8 * time.Second,
		rand:         func() float64 { return 0 },
	}
}

func newClient(t testing.TB, s Settings) *Client {
	t.Helper()
	c, err := New(s)
	require.NoError(t, err)
	return c
}

// hit is what the server side saw of one attempt.
type hit struct {
	Method   string
	Path     string // escaped path
	RawQuery string
	Header   http.Header
	Body     []byte
	CL       int64
	At       time.Time
}

// step is one scripted answer: a status (with header and body), or a transport error.
// wrote makes the mock fire the WroteHeaders trace first, as a real transport does once the
// request is on the wire.
type step struct {
	status int
	header http.Header
	body   string
	err    error
	wrote  bool
}

func answer(status int) step { return step{status: status} }

func fail(err error) step { return step{err: err} }

var (
	errReset   = &net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}
	errRefused = &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}
)

// script answers attempts in order; the last step repeats. It records every attempt and
// counts response bodies opened and closed.
type script struct {
	mu     sync.Mutex
	steps  []step
	hits   []hit
	opened atomic.Int64
	closed atomic.Int64
}

func newScript(steps ...step) *script { return &script{steps: steps} }

func (s *script) respond(r *http.Request) (*http.Response, error) {
	var body []byte
	if r.Body != nil {
		body, _ = io.ReadAll(r.Body)
		_ = r.Body.Close()
	}
	s.mu.Lock()
	n := len(s.hits)
	s.hits = append(s.hits, hit{
		Method: r.Method, Path: r.URL.EscapedPath(), RawQuery: r.URL.RawQuery,
		Header: r.Header.Clone(), Body: body, CL: r.ContentLength, At: time.Now(),
	})
	st := s.steps[min(n, len(s.steps)-1)]
	s.mu.Unlock()
	if st.wrote {
		if tr := httptrace.ContextClientTrace(r.Context()); tr != nil && tr.WroteHeaders != nil {
			tr.WroteHeaders()
		}
	}
	if st.err != nil {
		return nil, st.err
	}
	h := st.header.Clone()
	if h == nil {
		h = http.Header{}
	}
	if st.body != "" && h.Get("Content-Type") == "" {
		h.Set("Content-Type", "application/json")
	}
	s.opened.Add(1)
	return &http.Response{
		StatusCode:    st.status,
		Status:        strconv.Itoa(st.status) + " " + http.StatusText(st.status),
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        h,
		Body:          &countingBody{r: bytes.NewReader([]byte(st.body)), closed: &s.closed},
		ContentLength: int64(len(st.body)),
		Request:       r,
	}, nil
}

// transport returns a per-test httpmock transport answering from the script.
func (s *script) transport() *httpmock.MockTransport {
	mt := httpmock.NewMockTransport()
	mt.RegisterNoResponder(s.respond)
	return mt
}

func (s *script) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.hits)
}

func (s *script) all() []hit {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]hit(nil), s.hits...)
}

// waits returns the time between consecutive attempts.
func (s *script) waits() []time.Duration {
	hs := s.all()
	var d []time.Duration
	for i := 1; i < len(hs); i++ {
		d = append(d, hs[i].At.Sub(hs[i-1].At))
	}
	return d
}

type countingBody struct {
	r      io.Reader
	closed *atomic.Int64
	once   sync.Once
}

func (b *countingBody) Read(p []byte) (int, error) { return b.r.Read(p) }
func (b *countingBody) Close() error {
	b.once.Do(func() { b.closed.Add(1) })
	return nil
}

// serverHits records requests at an httptest server.
type serverHits struct {
	mu   sync.Mutex
	hits []hit
}

func (s *serverHits) record(r *http.Request) hit {
	body, _ := io.ReadAll(r.Body)
	h := hit{
		Method: r.Method, Path: r.URL.EscapedPath(), RawQuery: r.URL.RawQuery,
		Header: r.Header.Clone(), Body: body, CL: r.ContentLength, At: time.Now(),
	}
	s.mu.Lock()
	s.hits = append(s.hits, h)
	s.mu.Unlock()
	return h
}

func (s *serverHits) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.hits)
}

func (s *serverHits) all() []hit {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]hit(nil), s.hits...)
}

// quietServer starts an httptest server whose error log is discarded (handshake failures
// and hijacked connections are expected in these tests).
func quietServer(t testing.TB, h http.Handler, tlsOn bool) *httptest.Server {
	t.Helper()
	srv := httptest.NewUnstartedServer(h)
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	if tlsOn {
		srv.StartTLS()
	} else {
		srv.Start()
	}
	t.Cleanup(srv.Close)
	return srv
}

// socketSettings is testSettings for a real server: waits of a microsecond so that no test
// really sleeps, and the server's own client transport as base.
func socketSettings(srv *httptest.Server) Settings {
	s := testSettings(srv.Client().Transport)
	s.BaseURL = srv.URL + "/api"
	s.RetryWaitMin = time.Microsecond
	s.RetryWaitMax = 2 * time.Microsecond
	return s
}

// attemptCounter is a Middleware that counts attempts, also those that never reach a server.
func attemptCounter(n *atomic.Int64) Middleware {
	return func(req *http.Request, next func(*http.Request) (*http.Response, error)) (*http.Response, error) {
		n.Add(1)
		return next(req)
	}
}

func sha(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// closedAddr returns a loopback address nobody listens on.
func closedAddr(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := l.Addr().String()
	require.NoError(t, l.Close())
	return addr
}

// get and post are small request builders.
func get(route string, params ...string) *Request {
	return &Request{Op: "test.get", Method: http.MethodGet, Route: route, Params: params}
}

func post(route string, body any, params ...string) *Request {
	return &Request{Op: "test.post", Method: http.MethodPost, Route: route, Params: params, JSON: body}
}

// sprintAll renders err the ways users print errors.
func sprintAll(err error) string {
	return fmt.Sprintf("%v\n%+v\n%s\n%q\n%#v", err, err, err, err, err)
}

// connCountingServer starts an httptest server that counts the TCP connections opened to
// it, closed on cleanup.
func connCountingServer(tb testing.TB, h http.Handler) (*httptest.Server, *atomic.Int64) {
	tb.Helper()
	var conns atomic.Int64
	srv := httptest.NewUnstartedServer(h)
	srv.Config.ConnState = func(_ net.Conn, st http.ConnState) {
		if st == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	tb.Cleanup(srv.Close)
	return srv, &conns
}
