package dispatch

import (
	"bytes"
	"io"
	"mime"
	"net/http"
)

// checkContentType reports whether the request's media type is one of
// allowed (lowercase media types without parameters).
func checkContentType(h http.Header, allowed []string) error {
	mt, _, err := mime.ParseMediaType(h.Get("Content-Type"))
	if err != nil {
		return errContentType
	}
	for _, a := range allowed {
		if mt == a {
			return nil
		}
	}
	return errContentType
}

// replayableBody makes r.Body (and r.GetBody) read body from the start.
func replayableBody(r *http.Request, body []byte) {
	r.Body = io.NopCloser(bytes.NewReader(body))
	r.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
	r.ContentLength = int64(len(body))
}
