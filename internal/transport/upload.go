package transport

import (
	"errors"
	"io"
	"net/http"
	"sync"
)

// A Request with Stream set sends a body read from a stream (a large document, a multipart
// upload built through an io.Pipe) instead of bytes held in memory, so memory stays flat in
// the body's size. By default such a body can be sent only once:
//   - Stream is called once, after every check of the request passed, right before sending;
//   - the call is not retried (MaxRetries is ignored), and the one replay with a fresh
//     token after a 401 is skipped, so the 401 is the answer;
//   - net/http cannot resend it either (it has no GetBody);
//   - a connection that breaks after the body started to go out fails with
//     ErrOutcomeUnknown for a POST or PATCH, as for any write.
//
// With StreamRewindable the content can be read again (a file, a bytes.Reader): Stream is
// called once per attempt, and the call is retried as any call of its method. For a POST
// or PATCH that is where the server processed nothing: a 429, or a connection refused (a
// dial or TLS handshake failure) before anything was sent; a 5xx or a connection broken
// after sending stays ErrOutcomeUnknown and is not retried. Before each retry the transport
// waits until net/http is done with the last attempt's body (it may still be writing it
// when the answer comes), so two attempts never read the content at once. The 401 replay
// is still skipped. A Stream that fails on a retry ends the call, unsent, with a
// RequestError.
//
// The body is sent with ContentType (application/octet-stream when empty) and, when the
// reader reports its length (Len() int, as *bytes.Reader and *strings.Reader do), with a
// Content-Length; otherwise chunked. A reader that is also an io.Closer is closed when the
// request is done with it.

// errStreamReopen is the cause of a call whose rewindable stream could not be opened again
// for a retry; Stream's own error is not kept (it may name a file or hold the caller's data).
var errStreamReopen = errors.New("opening the streamed body again for a retry failed")

// openStream calls the request's Stream and sets the reader as req's one-shot body.
func (cl *call) openStream(req *http.Request) error {
	rd, err := cl.req.Stream()
	if err != nil {
		return err
	}
	if rd == nil {
		rd = http.NoBody
	}
	body := &onceBody{r: rd, done: make(chan struct{})}
	cl.stream = body
	req.Body = body
	req.ContentLength = -1
	if lr, ok := rd.(interface{ Len() int }); ok {
		req.ContentLength = int64(lr.Len())
		if req.ContentLength == 0 {
			req.Body = http.NoBody
			_ = body.Close()
		}
	}
	req.GetBody = nil
	return nil
}

// rewindStream returns the retryablehttp.PrepareRetry of a call with a rewindable stream:
// it waits until the last attempt's body is closed (net/http closes it once it stopped
// writing it), opens the stream again for the next attempt, then runs next (if any). When
// the context ends first, or the stream does not open, the next attempt gets an empty body
// and fails before sending (attemptTransport).
func (cl *call) rewindStream(next func(*http.Request) error) func(*http.Request) error {
	return func(req *http.Request) error {
		select {
		case <-cl.stream.done:
			if err := cl.openStream(req); err != nil {
				cl.streamErr = &cleanCause{msg: errStreamReopen.Error(), chain: []error{errStreamReopen}}
				req.Body, req.ContentLength = emptyBody{}, 0
			}
		case <-cl.Done():
			req.Body, req.ContentLength = emptyBody{}, 0
		}
		if next != nil {
			return next(req)
		}
		return nil
	}
}

// onceBody is a streamed request body: it closes the stream's reader if it is a Closer,
// and is done once it is closed and no Read is under way (HTTP/2 may close a body from
// another goroutine while its writer is still reading it), so that a retry never reads the
// content while the last attempt does. A Read after Close fails without touching the reader.
type onceBody struct {
	r    io.Reader
	done chan struct{}

	mu      sync.Mutex
	reading int
	closed  bool
	once    sync.Once
}

var errBodyClosed = errors.New("request body closed")

func (b *onceBody) Read(p []byte) (int, error) {
	b.mu.Lock()
	if b.closed {
		b.mu.Unlock()
		return 0, errBodyClosed
	}
	b.reading++
	b.mu.Unlock()
	n, err := b.r.Read(p)
	b.mu.Lock()
	b.reading--
	finished := b.closed && b.reading == 0
	b.mu.Unlock()
	if finished {
		b.finish()
	}
	return n, err
}

func (b *onceBody) Close() error {
	b.mu.Lock()
	if b.closed {
		b.mu.Unlock()
		return nil
	}
	b.closed = true
	idle := b.reading == 0
	b.mu.Unlock()
	var err error
	if c, ok := b.r.(io.Closer); ok {
		err = c.Close()
	}
	if idle {
		b.finish()
	}
	return err
}

func (b *onceBody) finish() { b.once.Do(func() { close(b.done) }) }
