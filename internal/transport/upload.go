package transport

import (
	"io"
	"net/http"

	"github.com/hashicorp/go-retryablehttp"
)

// A Request with Stream set sends a body read from a stream (a large document, a multipart
// upload built through an io.Pipe) instead of bytes held in memory, so memory stays flat in
// the body's size. Such a body can be sent only once:
//   - Stream is called once, after every check of the request passed, right before sending;
//   - the call is not retried (MaxRetries is ignored), and the one replay with a fresh
//     token after a 401 is skipped, so the 401 is the answer;
//   - net/http cannot resend it either (it has no GetBody);
//   - a connection that breaks after the body started to go out fails with
//     ErrOutcomeUnknown for a POST or PATCH, as for any write.
//
// The body is sent with ContentType (application/octet-stream when empty) and, when the
// reader reports its length (Len() int, as *bytes.Reader and *strings.Reader do), with a
// Content-Length; otherwise chunked. A reader that is also an io.Closer is closed when the
// request is done with it.

// openStream calls r.Stream and sets the reader as req's one-shot body.
func openStream(r *Request, req *retryablehttp.Request) error {
	rd, err := r.Stream()
	if err != nil {
		return err
	}
	if rd == nil {
		rd = http.NoBody
	}
	body := &onceBody{Reader: rd}
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

// onceBody is a streamed request body: it closes the stream's reader if it is a Closer.
type onceBody struct {
	io.Reader
}

func (b *onceBody) Close() error {
	if c, ok := b.Reader.(io.Closer); ok {
		return c.Close()
	}
	return nil
}
