package transport

import (
	"context"
	"crypto/tls"
	"io"
	"net/http"
	"net/http/httptrace"
	"time"
)

// attemptTransport is the RoundTripper under retryablehttp: one RoundTrip is one attempt.
// It runs the middleware, then puts the credentials on a clone of the request, records
// whether the request was written (so the retry policy knows whether a failed write may
// have reached the server), replays once after a 401 with a fresh token, and logs the
// attempt's metadata.
type attemptTransport struct {
	c    *Client
	base http.RoundTripper
}

func (t *attemptTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	cl := callFrom(req.Context())
	if cl == nil {
		// Not one of ours (cannot happen through Client.Do); send it without credentials.
		return t.base.RoundTrip(req)
	}
	if err := req.Context().Err(); err != nil {
		// No attempt, and no token fetch, once the context is done (a custom base
		// RoundTripper might not check).
		closeBody(req)
		return nil, err
	}
	cl.wrote.Store(false)
	cl.handshakeFailed.Store(false)
	if cl.streamErr != nil {
		// A rewindable stream could not be opened again (upload.go): nothing is sent.
		closeBody(req)
		return nil, cl.streamErr
	}
	var start time.Time
	if t.c.s.Logger != nil {
		start = time.Now()
	}
	var resp *http.Response
	var err error
	if len(t.c.s.Middleware) == 0 {
		resp, err = t.authorized(cl, req)
	} else {
		resp, err = t.withMiddleware(cl, req, 0)
	}
	if t.c.s.Logger != nil {
		t.c.logAttempt(req.Context(), cl, resp, err, time.Since(start))
	}
	return resp, err
}

func (t *attemptTransport) withMiddleware(cl *call, req *http.Request, i int) (*http.Response, error) {
	if i == len(t.c.s.Middleware) {
		return t.authorized(cl, req)
	}
	return t.c.s.Middleware[i](req, func(r *http.Request) (*http.Response, error) {
		return t.withMiddleware(cl, r, i+1)
	})
}

// authorized sends req under the attempt's deadline (AttemptTimeout, body included: the
// deadline ends when the body is closed) with credentials.
func (t *attemptTransport) authorized(cl *call, req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	if dl, ok := ctx.Deadline(); ok && !time.Now().Add(t.c.s.AttemptTimeout).Before(dl) {
		// The caller's deadline comes first: no timer of our own.
		return t.send(ctx, cl, req)
	}
	var cancel func()
	if t.c.watch != nil {
		ctx, cancel = t.c.watch.attempt(ctx) // watchdog.go
	} else {
		ctx, cancel = context.WithTimeoutCause(ctx, t.c.s.AttemptTimeout, t.c.timeout)
	}
	resp, err := t.send(ctx, cl, req)
	if err != nil {
		cancel()
		return nil, err
	}
	resp.Body = &cancelOnClose{ReadCloser: resp.Body, cancel: cancel}
	return resp, nil
}

// cancelOnClose ends an attempt's deadline when its body is closed.
type cancelOnClose struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (b *cancelOnClose) Close() error {
	err := b.ReadCloser.Close()
	b.cancel()
	return err
}

// send puts the credentials on a copy of req bound to ctx and sends it, replaying once with
// a fresh token after a 401. A call gets one such replay, however many attempts it makes.
func (t *attemptTransport) send(ctx context.Context, cl *call, req *http.Request) (*http.Response, error) {
	auth, used, err := cl.auth.credential(ctx)
	if err != nil {
		closeBody(req)
		return nil, err
	}
	r := t.withCredentials(ctx, cl, req, auth)
	resp, err := t.base.RoundTrip(r)
	if err != nil || resp.StatusCode != http.StatusUnauthorized {
		return resp, err
	}
	if cl.replayed || (req.Body != nil && req.Body != http.NoBody && req.GetBody == nil) || !cl.auth.invalidate(used) {
		return resp, nil
	}
	cl.replayed = true
	drain(resp.Body)
	if auth, _, err = cl.auth.credential(ctx); err != nil {
		return nil, err
	}
	r = cloneForAuth(ctx, req, auth)
	if req.GetBody != nil && req.Body != nil && req.Body != http.NoBody {
		body, gerr := req.GetBody()
		if gerr != nil {
			return nil, gerr
		}
		r.Body = body
	}
	cl.wrote.Store(false)
	return t.base.RoundTrip(r)
}

// withCredentials returns the copy of req bound to ctx that carries the Authorization
// value auth (nil: the header is left as it is) and that net/http may not replay.
//
// A header map, once handed to a transport, is never written again: a transport may still
// be reading it after RoundTrip returned (an HTTP/1 server can answer before the request is
// written). So the first attempt of a call writes Authorization into the retry loop's own
// map, which nobody has seen yet (no middleware ran: middleware may keep the request it
// passes on), and the copy shares it; a later attempt shares it too while the value is the
// same (the same token), and copies the map when it differs.
//
// That holds only while nothing writes the retry loop's map between attempts: a middleware
// may set a header on the request it is given, and http.Client adds a cookie jar's cookies
// to it on every attempt. Under either, every attempt copies the map.
func (t *attemptTransport) withCredentials(ctx context.Context, cl *call, req *http.Request, auth []string) *http.Request {
	switch {
	case !t.c.sharesHeader:
		return cloneForAuth(ctx, req, auth)
	case auth == nil:
	case cl.ownHeader:
		req.Header["Authorization"] = auth
	case !sameValue(req.Header["Authorization"], auth):
		return cloneForAuth(ctx, req, auth)
	}
	cl.ownHeader = false
	r := req.WithContext(ctx)
	notReplayable(r)
	return r
}

// sameValue reports whether two header values are one single value, equal.
func sameValue(a, b []string) bool { return len(a) == 1 && len(b) == 1 && a[0] == b[0] }

// cloneForAuth copies req onto ctx with its own header map carrying the Authorization value
// auth (nil: none is set), so setting Authorization never touches a header map a transport
// has seen. The value slices are shared: nothing below modifies them in place.
//
// The copy is also made unreplayable for net/http: see notReplayable.
func cloneForAuth(ctx context.Context, req *http.Request, auth []string) *http.Request {
	r := req.WithContext(ctx)
	h := make(http.Header, len(req.Header)+1)
	for k, v := range req.Header {
		h[k] = v
	}
	if auth != nil {
		h["Authorization"] = auth
	}
	r.Header = h
	notReplayable(r)
	return r
}

// notReplayable keeps net/http from resending a write on its own; the retry policy decides,
// and counts, every resend. net/http resends below us in two places:
//   - HTTP/1: a request whose reused keep-alive connection died after it was written, when
//     it deems it replayable (Request.isReplayable): GET, HEAD, OPTIONS, TRACE, or any method
//     carrying an Idempotency-Key or X-Idempotency-Key header, given a GetBody;
//   - HTTP/2: any request after REFUSED_STREAM, a GOAWAY, or a peer's PROTOCOL_ERROR reset,
//     given a GetBody or no body at all. A server that reads a POST and resets its stream
//     with PROTOCOL_ERROR has it resent thousands of times a minute
//     (TestWriteNotReplayedByHTTP2OnProtocolError).
//
// So the copy of a write (any method but GET, HEAD, OPTIONS and TRACE) handed to the base
// transport has no GetBody, and a bodyless write gets an empty body net/http cannot rewind.
// Over HTTP/1 such a bodyless POST, PUT or PATCH is sent chunked (a zero-length chunk)
// instead of with Content-Length: 0; a bodyless DELETE is sent as before. The request the
// retry loop owns keeps its GetBody for our own 401 replay.
func notReplayable(r *http.Request) {
	switch r.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodTrace:
		return
	}
	r.GetBody = nil
	if r.Body == nil || r.Body == http.NoBody {
		r.Body, r.ContentLength = emptyBody{}, 0
	}
}

// emptyBody is a request body of no bytes that net/http does not know to be empty, so that
// it cannot resend the request by itself.
type emptyBody struct{}

func (emptyBody) Read([]byte) (int, error) { return 0, io.EOF }
func (emptyBody) Close() error             { return nil }

func closeBody(req *http.Request) {
	if req.Body != nil {
		_ = req.Body.Close()
	}
}

// drain reads a little of an unwanted body so the connection can be reused, then closes it.
func drain(body io.ReadCloser) {
	_, _ = io.CopyN(io.Discard, body, 4<<10)
	_ = body.Close()
}

// traceFor returns the client trace that marks cl as written once request headers are out,
// and records a failed TLS handshake (proof that nothing was sent on that connection).
func traceFor(cl *call) httptrace.ClientTrace {
	return httptrace.ClientTrace{
		WroteHeaders: func() { cl.wrote.Store(true) },
		TLSHandshakeDone: func(_ tls.ConnectionState, err error) {
			if err != nil {
				cl.handshakeFailed.Store(true)
			}
		},
	}
}
