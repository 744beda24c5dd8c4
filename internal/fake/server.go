package fake

import (
	"bytes"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// MaxBodyBytes caps the request bodies a [Server] reads: a larger body is
// answered 413 and does not reach the vendor handler.
const MaxBodyBytes = 1 << 20

// Server is a running fake: an [httptest.Server] that records every request
// and applies scripted faults before handing the request to the vendor
// handler. All its methods are safe for concurrent use.
type Server struct {
	// URL is the base URL a client of the fake takes: http://127.0.0.1:port,
	// followed by the path of [WithPrefix] or [WithBasePath] when set
	// (http://127.0.0.1:port/developer), with no trailing slash. Fault
	// routes and [Server.RequestsMatching] patterns are relative to it.
	URL string

	ts       *httptest.Server
	handler  http.Handler
	prefix   string       // optional path prefix stripped before matching and handling
	only     bool         // serve only under prefix (WithBasePath)
	listener net.Listener // optional listener to serve on instead of 127.0.0.1:0

	mu       sync.Mutex
	requests []Request
	faults   []scripted
}

// ServerOption configures a [Server].
type ServerOption func(*Server)

// WithPrefix makes the server also serve every route under prefix (such as
// "/developer", the path WHOOP's base URL carries): a request whose path
// starts with prefix is handled, and matched against faults and
// [Server.RequestsMatching] patterns, with the prefix removed. Recorded
// requests keep the path as it was sent. Requests without the prefix are
// served as before.
func WithPrefix(prefix string) ServerOption {
	return func(s *Server) { s.prefix, s.only = strings.TrimRight(prefix, "/"), false }
}

// WithBasePath makes the server serve every route only under path, the path
// of the vendor's base URL (Ovation's "/api/v3"), as the vendor does: a
// request whose path is under it is handled, and matched against faults and
// [Server.RequestsMatching] patterns, with path removed; any other request
// is recorded and answered 404 without reaching a fault or the vendor
// handler, as a client given the origin instead of the base URL would be by
// the vendor. Recorded requests keep the path as it was sent.
func WithBasePath(path string) ServerOption {
	return func(s *Server) { s.prefix, s.only = strings.TrimRight(path, "/"), true }
}

// WithListener makes the server serve on l (say, a fixed loopback port for a
// standalone fake server) instead of a random port of 127.0.0.1. The server
// owns l from then on and closes it with [Server.Close]. URL names l's
// address.
func WithListener(l net.Listener) ServerOption {
	return func(s *Server) { s.listener = l }
}

// NewServer starts a [Server] that serves h. The caller must call
// [Server.Close] when done; in tests, prefer [Start].
func NewServer(h http.Handler, opts ...ServerOption) *Server {
	s := &Server{handler: h}
	for _, o := range opts {
		o(s)
	}
	s.ts = httptest.NewUnstartedServer(http.HandlerFunc(s.serve))
	if s.listener != nil {
		_ = s.ts.Listener.Close()
		s.ts.Listener = s.listener
	}
	s.ts.Start()
	s.URL = s.ts.URL + s.prefix
	return s
}

// Origin returns the server's scheme and host, http://127.0.0.1:port: URL
// without the path of [WithPrefix] or [WithBasePath].
func (s *Server) Origin() string { return s.ts.URL }

// Start is NewServer for a test: the server is closed when tb and its
// subtests finish.
func Start(tb testing.TB, h http.Handler, opts ...ServerOption) *Server {
	tb.Helper()
	s := NewServer(h, opts...)
	tb.Cleanup(s.Close)
	return s
}

// stripPrefix returns path without the server's prefix, if it has it.
func (s *Server) stripPrefix(path string) string {
	rest, _ := s.cutPrefix(path)
	return rest
}

// cutPrefix returns path without the server's prefix and true when path is
// under it (or the server has none); path and false otherwise.
func (s *Server) cutPrefix(path string) (string, bool) {
	if s.prefix == "" {
		return path, true
	}
	if rest, ok := strings.CutPrefix(path, s.prefix); ok && (rest == "" || rest[0] == '/') {
		if rest == "" {
			rest = "/"
		}
		return rest, true
	}
	return path, false
}

// Client returns an HTTP client configured to talk to the server, as
// [httptest.Server.Client] does.
func (s *Server) Client() *http.Client { return s.ts.Client() }

// Close shuts the server down and blocks until all outstanding requests on
// it have completed.
func (s *Server) Close() { s.ts.Close() }

// Request is one request the server received, as recorded before any fault
// or the vendor handler acted on it.
type Request struct {
	Method string
	// Path is the URL path as sent (a [WithPrefix] prefix included), decoded.
	Path string
	// EscapedPath is the same path as it was on the wire, escaped ("/v2/items/a%2Fb").
	EscapedPath string
	// RawQuery is the encoded query, without '?'.
	RawQuery string
	Header   http.Header
	// Body is the request body; nil when a [DropBeforeBody] fault closed the
	// connection before it was read.
	Body []byte
	// Fault is the scripted fault that answered the request, nil if none.
	Fault *Fault
	// Handled reports whether the vendor handler received the request: true
	// when no fault applied and for [DropAfterHandler], false otherwise.
	Handled bool
}

func (r Request) clone() Request {
	c := r
	c.Header = r.Header.Clone()
	if r.Body != nil {
		c.Body = bytes.Clone(r.Body)
	}
	if r.Fault != nil {
		f := r.Fault.clone()
		c.Fault = &f
	}
	return c
}

// Requests returns a copy of every request received so far, in arrival
// order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Request, len(s.requests))
	for i, r := range s.requests {
		out[i] = r.clone()
	}
	return out
}

// RequestsMatching returns a copy of the requests received so far that match
// pattern, in arrival order. The pattern has the syntax of [http.ServeMux]
// ("PATCH /v2/items/{id}/status", "/v2/items/{id}"), relative to URL; an
// empty pattern matches every request (with [WithBasePath], every request
// under the base path). It panics if the pattern is invalid.
func (s *Server) RequestsMatching(pattern string) []Request {
	m := mustMatcher(pattern)
	var out []Request
	for _, r := range s.Requests() {
		path, under := s.cutPrefix(r.Path)
		if !under && s.only {
			continue // outside the base path: no route was served
		}
		if m.matchRecorded(r, path, s.stripPrefix(r.EscapedPath)) {
			out = append(out, r)
		}
	}
	return out
}

func (s *Server) record(r Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = append(s.requests, r)
}

// serve records the request and applies the first matching fault, if any,
// before the vendor handler. The record is stored before any byte of the
// answer is sent, so a client that sees the answer also sees the record.
func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	sent, escaped := r.URL.Path, r.URL.EscapedPath()
	if _, under := s.cutPrefix(sent); !under && s.only {
		// Outside the base path: what the vendor answers a client given the wrong base URL.
		s.record(Request{Method: r.Method, Path: sent, EscapedPath: escaped, RawQuery: r.URL.RawQuery, Header: r.Header.Clone()})
		WriteError(w, http.StatusNotFound, "not found")
		return
	}
	if p := s.stripPrefix(sent); p != sent {
		r = r.Clone(r.Context())
		r.URL.Path, r.URL.RawPath = p, ""
		if r.URL.EscapedPath() != s.stripPrefix(escaped) {
			r.URL.RawPath = s.stripPrefix(escaped)
		}
	}
	f := s.takeFault(r)
	rec := Request{
		Method:      r.Method,
		Path:        sent,
		EscapedPath: escaped,
		RawQuery:    r.URL.RawQuery,
		Header:      r.Header.Clone(),
		Fault:       f,
	}
	if f != nil && f.Drop == DropBeforeBody {
		s.record(rec)
		dropConnection(w)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBodyBytes))
	rec.Body = body
	if err != nil {
		s.record(rec)
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			WriteError(w, http.StatusRequestEntityTooLarge, "request body too large")
			return
		}
		WriteError(w, http.StatusBadRequest, "request body could not be read")
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	switch {
	case f == nil:
		rec.Handled = true
		s.record(rec)
		s.handler.ServeHTTP(w, r)
	case f.Drop == DropAfterBody:
		s.record(rec)
		dropConnection(w)
	case f.Drop == DropAfterHandler:
		rec.Handled = true
		s.record(rec)
		s.handler.ServeHTTP(httptest.NewRecorder(), r)
		dropConnection(w)
	default:
		s.record(rec)
		f.answer(w)
	}
}

// dropConnection closes the client's connection without answering.
func dropConnection(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		// Not hijackable (HTTP/2): abort the handler, which resets the
		// stream without an answer and without a log line.
		panic(http.ErrAbortHandler)
	}
	_ = conn.Close()
}
