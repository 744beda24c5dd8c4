package whooptest

import "github.com/labwire/labwire/internal/fake"

//go:generate go run ../../internal/vendorgen

// Fault is one scripted failure for [Server.Script], consumed by the first
// request it matches. It is answered before authentication and before the
// fake's state is touched (except with DropAfterHandler). Its fields:
//
//   - Route selects the requests, with the syntax of [http.ServeMux]: one of
//     the Route constants ([RouteSubmitResults], ...) or a concrete path
//     ("GET /v2/partner/requisition/3fa85f64-5717-4562-b3fc-2c963f66afa6"),
//     without the /developer prefix; empty matches any request.
//   - Status is the answered status (429, 500, 503, ...); required unless
//     Drop is set.
//   - RetryAfter, when not empty, is sent as the Retry-After header ("1", or
//     an HTTP date). WHOOP does not document sending one.
//   - Header holds more headers to answer with (X-RateLimit-Reset, ...).
//   - Body, when not nil, is encoded as JSON and answered; nil answers no
//     body.
//   - Drop, when not NoDrop, closes the connection instead of answering.
//
// Go's http.Transport replays a GET (or a request carrying an
// Idempotency-Key header) once on its own when a reused connection is
// dropped; that replay consumes the next matching fault or reaches the fake.
//
// Fields of fake.Fault (go generate writes this list from its source):
//
//   - Route string: Route selects the requests the fault applies to, with the pattern syntax of
//     [http.ServeMux] ("POST /v2/items/{id}/results", or a concrete path); empty matches any
//     request.
//   - Status int: Status is the answered status code; it must be set (100-599) unless Drop is set,
//     and is ignored when Drop is set.
//   - RetryAfter string: RetryAfter, when not empty, is sent as the Retry-After header.
//   - Header http.Header: Header holds more headers to send with the answer (X-RateLimit-Reset,
//     ...).
//   - Body any: Body, when not nil, is encoded with encoding/json and sent as the answer's body;
//     use json.RawMessage for literal JSON.
//   - Drop Drop: Drop, when not NoDrop, closes the connection instead of answering.
type Fault = fake.Fault

// Drop says whether and when a [Fault] closes the connection instead of
// answering.
type Drop = fake.Drop

const (
	// NoDrop answers with the fault's Status.
	NoDrop = fake.NoDrop
	// DropBeforeBody closes the connection before reading the request body:
	// the request was not processed.
	DropBeforeBody = fake.DropBeforeBody
	// DropAfterBody reads the request, then closes the connection without
	// processing it: to the client, a write that may have been processed.
	DropAfterBody = fake.DropAfterBody
	// DropAfterHandler processes the request, discards the answer and closes
	// the connection: a write that was processed and whose answer was lost.
	DropAfterHandler = fake.DropAfterHandler
)

// Request is one request the fake received. Its fields: Method; Path, as
// sent (with the /developer prefix when the client used it), decoded, and
// EscapedPath, as it was on the wire; RawQuery; Header; Body (nil when a
// DropBeforeBody fault closed the connection before reading it); Fault, the
// scripted fault that answered it, nil if none; and Handled, whether the fake
// processed it (possibly answering an error): false for faulted requests
// except DropAfterHandler.
//
// Fields of fake.Request (go generate writes this list from its source):
//
//   - Method string
//   - Path string: Path is the URL path as sent (a [WithPrefix] prefix included), decoded.
//   - EscapedPath string: EscapedPath is the same path as it was on the wire, escaped
//     ("/v2/items/a%2Fb").
//   - RawQuery string: RawQuery is the encoded query, without '?'.
//   - Header http.Header
//   - Body []byte: Body is the request body; nil when a [DropBeforeBody] fault closed the
//     connection before it was read.
//   - Fault *Fault: Fault is the scripted fault that answered the request, nil if none.
//   - Handled bool: Handled reports whether the vendor handler received the request: true when no
//     fault applied and for [DropAfterHandler], false otherwise.
type Request = fake.Request

// Script queues faults. Each request consumes the first queued fault that
// matches it, so faults for one route apply in the order given; a request
// that consumed a fault does not reach the fake (except with
// DropAfterHandler). Script panics, naming the route, if a Route is an
// invalid pattern or one no route of the fake serves (misspelt, or written
// with the /developer prefix: such a fault would never fire), or if a fault
// has neither a Status (100-599) nor a Drop; nothing is queued then.
func (s *Server) Script(faults ...Fault) { s.srv.Script(faults...) }

// PendingFaults returns the scripted faults no request has consumed yet; a
// test asserts it is empty to check that each fault was exercised.
func (s *Server) PendingFaults() []Fault { return s.srv.PendingFaults() }

// Requests returns every request received so far, in arrival order,
// including the token requests and the faulted ones. Headers include
// Authorization and bodies the client's data: keep them out of logs.
func (s *Server) Requests() []Request { return s.srv.Requests() }

// RequestsMatching returns the requests received so far that match pattern
// ([RouteSubmitResults], "GET /v2/partner/requisition/{id}", ...; without
// the /developer prefix), in arrival order. It panics if the pattern is
// invalid.
func (s *Server) RequestsMatching(pattern string) []Request { return s.srv.RequestsMatching(pattern) }
