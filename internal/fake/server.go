package fake

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
)

// MaxBodyBytes caps the request bodies a [Server] reads: a larger body is
// answered 413 and does not reach the vendor handler.
const MaxBodyBytes = 1 << 20

// Server is a running fake: an [httptest.Server] that records every request
// and applies scripted faults before handing the request to the vendor
// handler. All its methods are safe for concurrent use.
type Server struct {
	// URL is the base URL of the server, of the form http://127.0.0.1:port,
	// with no trailing slash.
	URL string

	ts      *httptest.Server
	handler http.Handler

	mu       sync.Mutex
	requests []Request
	faults   []scripted
}

// NewServer starts a [Server] that serves h. The caller must call
// [Server.Close] when done.
func NewServer(h http.Handler) *Server {
	s := &Server{handler: h}
	s.ts = httptest.NewServer(http.HandlerFunc(s.serve))
	s.URL = s.ts.URL
	return s
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
	Method   string
	Path     string // URL path, decoded
	RawQuery string // encoded query, without '?'
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
// ("PATCH /v2/items/{id}/status", "/v2/items/{id}"); an empty pattern
// matches every request. It panics if the pattern is invalid.
func (s *Server) RequestsMatching(pattern string) []Request {
	m := mustMatcher(pattern)
	var out []Request
	for _, r := range s.Requests() {
		if m.matchRecorded(r) {
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
	f := s.takeFault(r)
	rec := Request{
		Method:   r.Method,
		Path:     r.URL.Path,
		RawQuery: r.URL.RawQuery,
		Header:   r.Header.Clone(),
		Fault:    f,
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
