package fake

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
)

// Mux is the router of a vendor fake: an [http.ServeMux] that remembers its
// patterns, so that [Server.Script] can refuse a [Fault] whose Route no
// handler serves (a misspelt route would otherwise never fire, and nothing
// would say so). Every vendor fake routes with one. It is safe for
// concurrent use.
type Mux struct {
	mux *http.ServeMux

	mu       sync.Mutex
	patterns []string
	probe    *http.ServeMux // the same patterns, each to its index (marker)
}

// NewMux returns an empty Mux.
func NewMux() *Mux {
	return &Mux{mux: http.NewServeMux(), probe: http.NewServeMux()}
}

// Handle registers h for pattern, as [http.ServeMux.Handle] does (it panics
// on an invalid or conflicting pattern).
func (m *Mux) Handle(pattern string, h http.Handler) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.mux.Handle(pattern, h)
	m.probe.Handle(pattern, marker(len(m.patterns)))
	m.patterns = append(m.patterns, pattern)
}

// HandleFunc registers f for pattern, as [http.ServeMux.HandleFunc] does.
func (m *Mux) HandleFunc(pattern string, f func(http.ResponseWriter, *http.Request)) {
	m.Handle(pattern, http.HandlerFunc(f))
}

// ServeHTTP routes r as the ServeMux does.
func (m *Mux) ServeHTTP(w http.ResponseWriter, r *http.Request) { m.mux.ServeHTTP(w, r) }

// Patterns returns the registered patterns, in registration order.
func (m *Mux) Patterns() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]string(nil), m.patterns...)
}

// marker is the probe's handler of one pattern: what the probe picks tells
// that a registered handler (not a redirect, a 404 or a 405) would serve.
type marker int

func (marker) ServeHTTP(http.ResponseWriter, *http.Request) {}

// probeMethods are the methods tried for a route that names none.
var probeMethods = []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut,
	http.MethodPatch, http.MethodDelete, http.MethodOptions}

// serves reports whether some request matching route (a Fault.Route, in the
// pattern syntax of http.ServeMux) would reach a registered handler. It
// tries the route's own shape (its wildcards filled in) against the
// handlers, and each handler's shape against the route, so that a route
// more general or more specific than a handler is found either way.
func (m *Mux) serves(route string, match *matcher) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, r := range sampleRequests(route) {
		if _, ok := mustHandler(m.probe, r).(marker); ok {
			return true
		}
	}
	for _, p := range m.patterns {
		for _, r := range sampleRequests(p) {
			if match.match(r) {
				return true
			}
		}
	}
	return false
}

func mustHandler(mux *http.ServeMux, r *http.Request) http.Handler {
	h, _ := mux.Handler(r)
	return h
}

// sampleRequests returns requests that match pattern: its wildcards filled in
// with a value, once per method when it names none.
func sampleRequests(pattern string) []*http.Request {
	method, rest := "", strings.TrimLeft(pattern, " \t")
	if i := strings.IndexAny(rest, " \t"); i >= 0 {
		method, rest = rest[:i], strings.TrimLeft(rest[i:], " \t")
	}
	host, path, ok := strings.Cut(rest, "/")
	if !ok {
		return nil
	}
	var b strings.Builder
	for seg := range strings.SplitSeq(path, "/") {
		b.WriteByte('/')
		switch {
		case seg == "{$}":
		case strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "}"):
			b.WriteString("0")
		default:
			b.WriteString(seg)
		}
	}
	methods := []string{method}
	if method == "" {
		methods = probeMethods
	}
	out := make([]*http.Request, 0, len(methods))
	for _, m := range methods {
		u := &url.URL{Path: b.String()}
		if esc, err := url.PathUnescape(u.Path); err == nil && esc != u.Path {
			u.RawPath, u.Path = u.Path, esc
		}
		out = append(out, &http.Request{Method: m, URL: u, Host: host})
	}
	return out
}

// errRouteNotServed is Script's refusal of a fault no request could trigger.
func errRouteNotServed(route string) error {
	return fmt.Errorf("fake: fault route %q: no route of the fake serves it (routes are relative to the base URL, without its path; see the fake's Route constants)", route)
}
