package rupatest

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"time"

	"github.com/labwire/labwire/webhook"
)

// SignFunc signs one delivery: it sets the headers the receiver's verifier
// checks, from the raw body and the send time. Rupa's scheme is not public,
// so the test chooses one: [SignBodyHMAC], [SignTimestampedHMAC],
// [SignBasicAuth], or its own.
type SignFunc func(h http.Header, body []byte, now time.Time) error

// SignBodyHMAC signs as webhook.NewBodyHMAC verifies: header carries the
// lowercase hex HMAC-SHA256 of the body keyed with secret.
func SignBodyHMAC(header, secret string) SignFunc {
	return func(h http.Header, body []byte, _ time.Time) error {
		h.Set(header, webhook.SignBody(secret, body))
		return nil
	}
}

// SignTimestampedHMAC signs as webhook.NewTimestampedHMAC verifies: header
// carries "t=<unix>,v1=<hex>" over the send time and the body.
func SignTimestampedHMAC(header, secret string) SignFunc {
	return func(h http.Header, body []byte, now time.Time) error {
		h.Set(header, webhook.SignTimestamped(now, body, secret))
		return nil
	}
}

// SignBasicAuth sends HTTP Basic credentials, as webhook.NewBasicAuth
// verifies.
func SignBasicAuth(username, password string) SignFunc {
	return func(h http.Header, _ []byte, _ time.Time) error {
		h.Set("Authorization", webhook.BasicAuthHeader(username, password))
		return nil
	}
}

// Sender delivers events to a receiver as Rupa does: a POST of the event's
// JSON with Content-Type application/json, signed by Sign. Build it with
// NewSender; it is safe for concurrent use.
type Sender struct {
	sign   SignFunc
	client *http.Client
	now    func() time.Time
}

// NewSender returns a Sender that signs with sign (required). client may be
// nil for one with a 10 s timeout that follows no redirects; now may be nil
// for time.Now.
func NewSender(sign SignFunc, client *http.Client, now func() time.Time) (*Sender, error) {
	if sign == nil {
		return nil, errors.New("rupatest: NewSender: a SignFunc is required")
	}
	if client == nil {
		client = &http.Client{
			// Its own connections: httptest servers closing in parallel tests close
			// http.DefaultTransport's idle connections.
			Transport:     http.DefaultTransport.(*http.Transport).Clone(),
			Timeout:       10 * time.Second,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		}
	}
	if now == nil {
		now = time.Now
	}
	return &Sender{sign: sign, client: client, now: now}, nil
}

// Send delivers e to url once and returns the receiver's status code. Rupa
// counts anything but 2xx as a failure and retries (for up to three days);
// see Deliver.
func (s *Sender) Send(ctx context.Context, url string, e Event) (int, error) {
	return s.SendBody(ctx, url, e.JSON())
}

// SendBody delivers body as it is (signed), for bodies the builder would not
// make.
func (s *Sender) SendBody(ctx context.Context, url string, body []byte) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "rupatest")
	if err := s.sign(req.Header, body, s.now()); err != nil {
		return 0, err
	}
	resp, err := s.client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	return resp.StatusCode, nil
}

// Deliver sends e until the receiver answers 2xx, at most attempts times
// (Rupa retries with exponential backoff for up to three days; the test
// decides how often), calling wait between attempts when it is not nil. It
// returns the attempts made and the last status.
func (s *Sender) Deliver(ctx context.Context, url string, e Event, attempts int, wait func(attempt int)) (made, status int, err error) {
	body := e.JSON()
	for made = 1; made <= attempts; made++ {
		status, err = s.SendBody(ctx, url, body)
		if err == nil && status >= 200 && status <= 299 {
			return made, status, nil
		}
		if ctx.Err() != nil {
			return made, status, ctx.Err()
		}
		if wait != nil && made < attempts {
			wait(made)
		}
	}
	return attempts, status, err
}
