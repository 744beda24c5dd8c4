package transport

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// call is the state of one logical call, shared by its attempts. The retry policy, the
// backoff and the attempt RoundTripper read and write it; attempts of one call never overlap.
type call struct {
	c          *Client
	req        *Request
	auth       Auth
	idempotent bool
	maxRetries int

	wrote      atomic.Bool // the current attempt wrote its request headers
	wroteEver  bool        // some attempt wrote its request
	attempts   int
	lastStatus int
	nextWait   time.Duration
	retryAfter time.Duration

	rateLimited    bool // gave up on a Retry-After we could not honour
	outcomeUnknown bool // a non-idempotent request may have been processed
}

type callKey struct{}

func callFrom(ctx context.Context) *call {
	cl, _ := ctx.Value(callKey{}).(*call)
	return cl
}

// checkRetry is the retryablehttp.CheckRetry of one call. Its table:
//
//   - context done: stop.
//   - no token could be obtained: stop.
//   - transport error: retry if the request is idempotent, or if it provably never reached
//     the server (dial or TLS handshake failure before any byte was written); otherwise stop
//     and mark the outcome unknown. Certificate errors, unknown hosts, bad schemes and
//     oversized answers are never retried.
//   - 429: retry every method (the server did not process it), honouring Retry-After.
//   - 500, 502, 503, 504: retry an idempotent request; otherwise stop, outcome unknown.
//   - anything else: stop.
//
// A Retry-After longer than RetryWaitMax, or any wait that would end past the context
// deadline, stops at once instead of sleeping.
func (cl *call) checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	cl.attempts++
	if cl.wrote.Load() {
		cl.wroteEver = true
	}
	if resp != nil {
		cl.lastStatus = resp.StatusCode
	}
	if ctx.Err() != nil {
		if err != nil && !cl.idempotent && cl.wrote.Load() {
			cl.outcomeUnknown = true
		}
		return false, nil
	}
	if err != nil {
		var tf *tokenFailure
		if errors.As(err, &tf) || !retryableError(err) {
			if !cl.idempotent && cl.wrote.Load() {
				cl.outcomeUnknown = true
			}
			return false, nil
		}
		if !cl.idempotent && (cl.wrote.Load() || !neverSent(err)) {
			cl.outcomeUnknown = true
			return false, nil
		}
		return cl.plan(ctx, nil)
	}
	switch resp.StatusCode {
	case http.StatusTooManyRequests:
		return cl.plan(ctx, resp)
	case http.StatusInternalServerError, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		if !cl.idempotent {
			cl.outcomeUnknown = true
			return false, nil
		}
		return cl.plan(ctx, resp)
	}
	return false, nil
}

// plan decides the wait before the next attempt, or stops.
func (cl *call) plan(ctx context.Context, resp *http.Response) (bool, error) {
	if cl.attempts > cl.maxRetries {
		return false, nil
	}
	s := &cl.c.s
	now := s.now()
	wait := cl.backoffFor(cl.attempts - 1)
	if resp != nil {
		if ra, ok := parseRetryAfter(resp.Header.Get("Retry-After"), now); ok {
			cl.retryAfter = ra
			if ra > s.RetryWaitMax {
				cl.rateLimited = true
				return false, nil
			}
			wait = ra
		}
	}
	if dl, ok := ctx.Deadline(); ok && !now.Add(wait).Before(dl) {
		if cl.retryAfter > 0 {
			cl.rateLimited = true
		}
		return false, nil
	}
	cl.nextWait = wait
	cl.c.logRetry(ctx, cl, wait)
	return true, nil
}

// backoffFor is capped exponential backoff with "equal jitter": half the step is fixed and
// half is random, so a herd of clients spreads out while every wait stays in
// [step/2, step], step = min(RetryWaitMax, RetryWaitMin·2^n).
func (cl *call) backoffFor(n int) time.Duration {
	s := &cl.c.s
	step := s.RetryWaitMax
	if n < 30 {
		if d := s.RetryWaitMin << n; d > 0 && d < step {
			step = d
		}
	}
	half := step / 2
	return half + time.Duration(s.rand()*float64(step-half))
}

// backoff is the retryablehttp.Backoff of one call: the wait checkRetry planned.
func (cl *call) backoff(_, _ time.Duration, _ int, _ *http.Response) time.Duration {
	return cl.nextWait
}

// parseRetryAfter reads a Retry-After value: delta-seconds or an HTTP date. Negative,
// malformed and empty values are absent; a past date is zero.
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if v[0] >= '0' && v[0] <= '9' {
		n, err := strconv.ParseUint(v, 10, 32)
		if err != nil {
			return 0, false
		}
		return time.Duration(n) * time.Second, true
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	if d := t.Sub(now); d > 0 {
		return d.Round(time.Second), true
	}
	return 0, true
}

// retryableError reports whether a transport error may be retried at all (for an
// idempotent request).
func retryableError(err error) bool {
	if isContextErr(err) {
		return false
	}
	var certErr *tls.CertificateVerificationError
	var unknownAuth x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	var invalidCert x509.CertificateInvalidError
	if errors.As(err, &certErr) || errors.As(err, &unknownAuth) || errors.As(err, &hostErr) || errors.As(err, &invalidCert) {
		return false
	}
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) && dnsErr.IsNotFound {
		return false
	}
	var tooLarge *TooLargeError
	if errors.As(err, &tooLarge) {
		return false
	}
	msg := err.Error()
	if strings.Contains(msg, "unsupported protocol scheme") || strings.Contains(msg, "stopped after") {
		return false
	}
	return true
}

// neverSent reports whether err proves the request never reached the server: the
// connection could not be dialed, or the TLS handshake failed.
func neverSent(err error) bool {
	var opErr *net.OpError
	if errors.As(err, &opErr) && opErr.Op == "dial" {
		return true
	}
	var recErr tls.RecordHeaderError
	var alertErr tls.AlertError
	if errors.As(err, &recErr) || errors.As(err, &alertErr) {
		return true
	}
	return strings.Contains(err.Error(), "TLS handshake timeout")
}
