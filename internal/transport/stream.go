package transport

import (
	"io"
	"net/http"
)

// A 2xx answer to a Request with Decode set is streamed instead of buffered: the body is
// handed to Decode as a reader capped at Settings.MaxResponseBytes, so a page of thousands
// of items is decoded (and yielded) as it arrives with memory flat in the page size.
//
// Rules of a streamed answer:
//   - Decode runs once per call, on the answer the retry policy settled on; an error answer
//     (non-2xx) is read and reported as an *APIError as usual, never streamed.
//   - Once Decode has started, the call is not retried, whatever happens: what it already
//     consumed (and handed to the caller) would be handed over again.
//   - Reading past the cap fails that Read with a *TooLargeError, and the call with an error
//     matching ErrResponseTooLarge, whatever Decode returned.
//   - A connection failure under Decode is reported as such (a *RequestError with a clean
//     cause); any other error of Decode is reported as a *RequestError whose text and chain hold no
//     server text (a JSON error is described by offset and field only, like Do's decoding).
//   - Response.Body is nil; Do's out must be nil.

// streamBody is readBody for a 2xx answer of a call with Request.Decode: it runs Decode over
// the capped body, then drains a little and closes it. The error is kept for finish and not
// returned to the retry loop, so a streamed answer is never retried.
func (cl *call) streamBody(resp *http.Response) {
	cr := &cappedReader{r: resp.Body, left: cl.c.s.MaxResponseBytes, limit: cl.c.s.MaxResponseBytes}
	err := cl.req.Decode(cr)
	switch {
	case cr.exceeded:
		err = &TooLargeError{Limit: cr.limit}
	case err != nil && cr.readErr != nil:
		err = cr.readErr // the connection failed under the decoder
	case err != nil:
		err = decodeError(err)
	}
	drain(resp.Body)
	resp.Body = http.NoBody
	cl.bodyRead, cl.body, cl.bodyErr, cl.bodyCheck = true, nil, err, true
}

// cappedReader reads at most limit bytes of r; a Read beyond them fails with a
// *TooLargeError (io.LimitReader would end the stream silently, and a decoder would take a
// cut page for a whole one).
type cappedReader struct {
	r        io.Reader
	left     int64
	limit    int64
	exceeded bool
	readErr  error // the first failure of r other than io.EOF
}

func (c *cappedReader) Read(p []byte) (int, error) {
	if c.exceeded {
		return 0, &TooLargeError{Limit: c.limit}
	}
	if c.left <= 0 {
		// At the cap: the body may end exactly here, or be longer.
		var one [1]byte
		n, err := c.r.Read(one[:])
		if n > 0 {
			c.exceeded = true
			return 0, &TooLargeError{Limit: c.limit}
		}
		return 0, err
	}
	if int64(len(p)) > c.left {
		p = p[:c.left]
	}
	n, err := c.r.Read(p)
	c.left -= int64(n)
	if err != nil && err != io.EOF && c.readErr == nil {
		c.readErr = err
	}
	return n, err
}
