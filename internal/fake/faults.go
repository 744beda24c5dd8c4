package fake

import (
	"fmt"
	"net/http"
	"net/url"
)

// Drop says whether and when a [Fault] closes the client's connection instead
// of answering.
type Drop int

const (
	// NoDrop answers with the fault's Status.
	NoDrop Drop = iota
	// DropBeforeBody closes the connection before reading the request body:
	// the request cannot have been processed.
	DropBeforeBody
	// DropAfterBody reads the whole request, then closes the connection
	// without answering and without passing the request to the vendor
	// handler: to the client it looks like a write that may have been
	// processed.
	DropAfterBody
	// DropAfterHandler passes the request to the vendor handler, discards
	// its answer and closes the connection: the write was processed and the
	// answer lost. It is the only fault whose request reaches the handler.
	DropAfterHandler
)

// String returns the constant's name.
func (d Drop) String() string {
	switch d {
	case NoDrop:
		return "NoDrop"
	case DropBeforeBody:
		return "DropBeforeBody"
	case DropAfterBody:
		return "DropAfterBody"
	case DropAfterHandler:
		return "DropAfterHandler"
	}
	return fmt.Sprintf("Drop(%d)", int(d))
}

// Fault is one scripted failure, consumed by the first request it matches.
//
// Go's http.Transport silently retries a request once on a dropped reused
// connection when the request is idempotent (GET, HEAD, ...) and replayable:
// such a retry consumes the next matching fault or reaches the handler.
type Fault struct {
	// Route selects the requests the fault applies to, with the pattern
	// syntax of [http.ServeMux] ("POST /v2/items/{id}/results", or a
	// concrete path); empty matches any request. A server's path prefix
	// ([WithPrefix]) is not part of the pattern.
	Route string
	// Status is the answered status code; it must be set (100-599) unless
	// Drop is set, and is ignored when Drop is set.
	Status int
	// RetryAfter, when not empty, is sent as the Retry-After header.
	RetryAfter string
	// Header holds more headers to send with the answer (X-RateLimit-Reset,
	// ...).
	Header http.Header
	// Body, when not nil, is encoded with encoding/json and sent as the
	// answer's body; use json.RawMessage for literal JSON. Nil sends no body.
	Body any
	// Drop, when not NoDrop, closes the connection instead of answering.
	Drop Drop
}

func (f Fault) clone() Fault {
	f.Header = f.Header.Clone()
	return f
}

func (f Fault) validate() error {
	if f.Drop < NoDrop || f.Drop > DropAfterHandler {
		return fmt.Errorf("fake: fault %q: unknown %v", f.Route, f.Drop)
	}
	if f.Drop == NoDrop && (f.Status < 100 || f.Status > 599) {
		return fmt.Errorf("fake: fault %q: status %d out of range 100-599", f.Route, f.Status)
	}
	return nil
}

func (f Fault) answer(w http.ResponseWriter) {
	for k, vs := range f.Header {
		for _, v := range vs {
			w.Header().Add(k, v)
		}
	}
	if f.RetryAfter != "" {
		w.Header().Set("Retry-After", f.RetryAfter)
	}
	if f.Body == nil {
		w.WriteHeader(f.Status)
		return
	}
	WriteJSON(w, f.Status, f.Body)
}

type scripted struct {
	fault Fault
	match *matcher
}

// Script appends faults to the server's queue. Each request consumes the
// first queued fault that matches it, so faults for one route are applied in
// the order given. A request that consumed a fault does not reach the vendor
// handler, except with [DropAfterHandler]. Script panics, as
// [http.ServeMux.Handle] does, if a Route pattern is invalid, if a fault
// has neither a valid Status nor a Drop, and, when the vendor handler is a
// [Mux], if no handler serves the Route (a misspelt route, or one written
// with the base URL's path): such a fault could never fire. The panic names
// the route; nothing is queued.
func (s *Server) Script(faults ...Fault) {
	add := make([]scripted, 0, len(faults))
	mux, _ := s.handler.(*Mux)
	for _, f := range faults {
		if err := f.validate(); err != nil {
			panic(err)
		}
		m := mustMatcher(f.Route)
		if mux != nil && f.Route != "" && !mux.serves(f.Route, m) {
			panic(errRouteNotServed(f.Route))
		}
		add = append(add, scripted{fault: f.clone(), match: m})
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, add...)
}

// PendingFaults returns the scripted faults no request has consumed yet, in
// queue order; a test asserts it is empty to check that every fault was
// exercised.
func (s *Server) PendingFaults() []Fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Fault, len(s.faults))
	for i, sf := range s.faults {
		out[i] = sf.fault.clone()
	}
	return out
}

// takeFault removes and returns the first queued fault matching r, or nil.
func (s *Server) takeFault(r *http.Request) *Fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, sf := range s.faults {
		if sf.match.match(r) {
			s.faults = append(s.faults[:i:i], s.faults[i+1:]...)
			f := sf.fault.clone()
			return &f
		}
	}
	return nil
}

// matcher matches requests against one http.ServeMux pattern, by asking a
// ServeMux that holds only that pattern which handler it would pick.
type matcher struct {
	mux    *http.ServeMux // nil matches everything
	target http.Handler
}

type matchTarget struct{}

func (*matchTarget) ServeHTTP(http.ResponseWriter, *http.Request) {}

func newMatcher(pattern string) (m *matcher, err error) {
	m = &matcher{}
	if pattern == "" {
		return m, nil
	}
	defer func() {
		if p := recover(); p != nil {
			m, err = nil, fmt.Errorf("fake: invalid pattern %q: %v", pattern, p)
		}
	}()
	m.mux = http.NewServeMux()
	m.target = &matchTarget{}
	m.mux.Handle(pattern, m.target)
	return m, nil
}

func mustMatcher(pattern string) *matcher {
	m, err := newMatcher(pattern)
	if err != nil {
		panic(err)
	}
	return m
}

func (m *matcher) match(r *http.Request) bool {
	if m.mux == nil {
		return true
	}
	// Comparing the handler, not the pattern, rules out the redirects and
	// 405 answers a ServeMux returns for near misses.
	h, _ := m.mux.Handler(r)
	return h == m.target
}

// matchRecorded matches a recorded request whose path, without the
// server's prefix, is path (escaped: escaped).
func (m *matcher) matchRecorded(r Request, path, escaped string) bool {
	u := &url.URL{Path: path, RawQuery: r.RawQuery}
	if escaped != "" && escaped != u.EscapedPath() {
		u.RawPath = escaped
	}
	return m.match(&http.Request{Method: r.Method, URL: u})
}
