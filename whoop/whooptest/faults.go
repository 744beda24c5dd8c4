package whooptest

import (
	"net/http"

	"github.com/labwire/labwire/internal/fake"
)

// Drop says whether and when a [Fault] closes the connection instead of
// answering.
type Drop int

const (
	// NoDrop answers with the fault's Status.
	NoDrop Drop = iota
	// DropBeforeBody closes the connection before reading the request body:
	// the request was not processed.
	DropBeforeBody
	// DropAfterBody reads the request, then closes the connection without
	// processing it: to the client, a write that may have been processed.
	DropAfterBody
	// DropAfterHandler processes the request, discards the answer and closes
	// the connection: a write that was processed and whose answer was lost.
	DropAfterHandler
)

// Fault is one scripted failure for [Server.Script], consumed by the first
// request it matches. It is answered before authentication and before the
// fake's state is touched (except with DropAfterHandler).
//
// Go's http.Transport replays a GET (or a request carrying an
// Idempotency-Key header) once on its own when a reused connection is
// dropped; that replay consumes the next matching fault or reaches the fake.
type Fault struct {
	// Route selects the requests, with the syntax of [http.ServeMux]: one of
	// the Route constants ([RouteSubmitResults], ...) or a concrete path
	// ("GET /v2/partner/requisition/3fa85f64-5717-4562-b3fc-2c963f66afa6").
	// Empty matches any request.
	Route string
	// Status is the answered status (429, 500, 503, ...); required unless
	// Drop is set.
	Status int
	// RetryAfter, when not empty, is sent as the Retry-After header ("1",
	// or an HTTP date). WHOOP does not document sending one.
	RetryAfter string
	// Header holds more headers to answer with (X-RateLimit-Reset, ...).
	Header http.Header
	// Body, when not nil, is encoded as JSON and answered; nil answers no
	// body.
	Body any
	// Drop, when not NoDrop, closes the connection instead of answering.
	Drop Drop
}

// Request is one request the fake received.
type Request struct {
	Method   string
	Path     string
	RawQuery string
	Header   http.Header
	// Body is nil when a DropBeforeBody fault closed the connection before
	// reading it.
	Body []byte
	// Fault is the scripted fault that answered the request, nil if none.
	Fault *Fault
	// Handled reports whether the fake processed the request (possibly
	// answering an error): false for faulted requests except
	// DropAfterHandler.
	Handled bool
}

func (f Fault) internal() fake.Fault {
	return fake.Fault{
		Match: f.Route, Status: f.Status, RetryAfter: f.RetryAfter,
		Header: f.Header, Body: f.Body, Drop: fake.Drop(f.Drop),
	}
}

func faultFrom(f fake.Fault) Fault {
	return Fault{
		Route: f.Match, Status: f.Status, RetryAfter: f.RetryAfter,
		Header: f.Header, Body: f.Body, Drop: Drop(f.Drop),
	}
}

func requestFrom(r fake.Request) Request {
	out := Request{
		Method: r.Method, Path: r.Path, RawQuery: r.RawQuery,
		Header: r.Header, Body: r.Body, Handled: r.Handled,
	}
	if r.Fault != nil {
		f := faultFrom(*r.Fault)
		out.Fault = &f
	}
	return out
}

func requestsFrom(rs []fake.Request) []Request {
	out := make([]Request, len(rs))
	for i, r := range rs {
		out[i] = requestFrom(r)
	}
	return out
}

// Script queues faults. Each request consumes the first queued fault that
// matches it, so faults for one route apply in the order given; a request
// that consumed a fault does not reach the fake (except with
// DropAfterHandler). Script panics, as [http.ServeMux.Handle] does, if a
// Route pattern is invalid or a fault has neither a Status (100-599) nor a
// Drop.
func (s *Server) Script(faults ...Fault) {
	in := make([]fake.Fault, len(faults))
	for i, f := range faults {
		in[i] = f.internal()
	}
	s.srv.Script(in...)
}

// PendingFaults returns the scripted faults no request has consumed yet; a
// test asserts it is empty to check that each fault was exercised.
func (s *Server) PendingFaults() []Fault {
	pending := s.srv.PendingFaults()
	out := make([]Fault, len(pending))
	for i, f := range pending {
		out[i] = faultFrom(f)
	}
	return out
}

// Requests returns every request received so far, in arrival order,
// including the token requests and the faulted ones. Headers include
// Authorization and bodies the client's data: keep them out of logs.
func (s *Server) Requests() []Request { return requestsFrom(s.srv.Requests()) }

// RequestsMatching returns the requests received so far that match pattern
// ([RouteSubmitResults], "GET /v2/partner/requisition/{id}", ...), in
// arrival order. It panics if the pattern is invalid.
func (s *Server) RequestsMatching(pattern string) []Request {
	return requestsFrom(s.srv.RequestsMatching(pattern))
}
