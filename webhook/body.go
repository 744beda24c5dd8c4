package webhook

import (
	"bytes"
	"errors"
	"net/http"
	"strings"
)

// checkEncoding rejects any Content-Encoding but identity.
func checkEncoding(h http.Header) error {
	for _, v := range h.Values("Content-Encoding") {
		for part := range strings.SplitSeq(v, ",") {
			if p := strings.TrimSpace(part); p != "" && !strings.EqualFold(p, "identity") {
				return errEncoding
			}
		}
	}
	return nil
}

// readBody reads the whole body, at most limit bytes. Over the limit is
// ErrBodyTooLarge (without reading further when Content-Length already says
// so); any other read error, such as a body shorter than its Content-Length,
// is ErrBodyRead. A truncated body is never returned.
func readBody(w http.ResponseWriter, r *http.Request, limit int64) ([]byte, error) {
	if r.ContentLength > limit {
		return nil, errBodyOverCap
	}
	if r.Body == nil || r.Body == http.NoBody {
		return []byte{}, nil
	}
	rd := http.MaxBytesReader(w, r.Body, limit)
	var buf bytes.Buffer
	if r.ContentLength > 0 {
		buf.Grow(int(r.ContentLength) + bytes.MinRead)
	}
	_, err := buf.ReadFrom(rd)
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return nil, errBodyOverCap
		}
		return nil, errBodyShort
	}
	if r.ContentLength > 0 && int64(buf.Len()) != r.ContentLength {
		return nil, errBodyShort
	}
	return buf.Bytes(), nil
}
