package main

import (
	"bytes"
	"io"
	"net/http"
	"time"
)

// webhookClient is the HTTP client a fake delivers its webhooks with. With faults on it
// delivers every webhook twice, the same bytes and headers (signature included), as a
// sender does when it missed the first answer: the receivers must process each event once.
func (w *world) webhookClient() *http.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	w.senders = append(w.senders, tr)
	var rt http.RoundTripper = tr
	if w.cfg.faults {
		rt = redeliver{rt}
	}
	return &http.Client{
		Transport:     rt,
		Timeout:       10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// redeliver sends each request twice and returns the second answer.
type redeliver struct{ next http.RoundTripper }

func (r redeliver) RoundTrip(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.Body != nil {
		b, err := io.ReadAll(req.Body)
		req.Body.Close()
		if err != nil {
			return nil, err
		}
		body = b
	}
	first := req.Clone(req.Context())
	first.Body, first.ContentLength = io.NopCloser(bytes.NewReader(body)), int64(len(body))
	resp, err := r.next.RoundTrip(first)
	if err != nil {
		return nil, err
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	again := req.Clone(req.Context())
	again.Body, again.ContentLength = io.NopCloser(bytes.NewReader(body)), int64(len(body))
	return r.next.RoundTrip(again)
}
