package transport

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// call is the state of one logical call, shared by its attempts. The retry policy, the
// backoff and the attempt RoundTripper read and write it; attempts of one call never overlap.
//
// The call is also the context of its requests: it embeds the caller's context, and Value
// answers callKey with the call itself. Together with the embedded trace and retry client
// this keeps the per-call allocations of the stack to a handful.
type call struct {
	context.Context // the caller's context

	c          *Client
	req        *Request
	auth       Auth
	idempotent bool
	maxRetries int

	wrote atomic.Bool // the current attempt wrote its request headers
	// handshakeFailed: the current attempt's TLS handshake failed (reported by httptrace)
	handshakeFailed atomic.Bool
	wroteEver       bool // some attempt wrote a request the server may have processed
	replayed        bool // the one replay after a 401 is spent
	attempts        int
	lastStatus      int

	rateLimited    bool // gave up on a Retry-After we could not honour
	outcomeUnknown bool // a non-idempotent request may have been processed

	trace httptrace.ClientTrace // marks the attempt written / its TLS handshake failed
	rc    retryablehttp.Client  // the retry loop of this call
	rreq  retryablehttp.Request // its request
	url   url.URL               // the request's URL
	// cookie is the caller's Cookie header, for a retry under a cookie jar
	// (forgetJarCookies).
	cookie []string

	// ownHeader: the retry loop's header map has not yet been handed to a transport, so
	// the first attempt may write Authorization into it instead of copying it.
	ownHeader bool

	// stream is the body of the last attempt of a streamed request (upload.go); streamErr
	// is the failure to open it again for a retry, which ends the call before sending.
	stream    *onceBody
	streamErr error

	// The body of the final answer, read inside the retry loop (readBody) so that an
	// idempotent request whose answer breaks off mid-body is retried.
	bodyRead  bool
	bodyCheck bool // the next checkRetry is retryablehttp's second look at the same attempt
	body      []byte
	bodyErr   error
}

// readBody is the retryablehttp response handler of a call: it reads the body of an answer
// the policy did not retry (capped; an error answer is cut at 64 KiB instead of failing) and
// closes it. A read failure goes back to checkRetry, which retries an idempotent request.
func (cl *call) readBody(resp *http.Response) error {
	ok := resp.StatusCode >= 200 && resp.StatusCode <= 299
	if ok && cl.req.Decode != nil {
		cl.streamBody(resp) // stream.go: never retried once started
		return nil
	}
	data, err := readAnswerBody(resp, cl.c.s.MaxResponseBytes) // decode.go
	cl.bodyRead, cl.body, cl.bodyErr, cl.bodyCheck = true, data, err, true
	return err
}

type callKey struct{}

// Value finds the call under callKey, and everything else in the caller's context.
func (cl *call) Value(key any) any {
	if _, ok := key.(callKey); ok {
		return cl
	}
	return cl.Context.Value(key)
}

func callFrom(ctx context.Context) *call {
	cl, _ := ctx.Value(callKey{}).(*call)
	return cl
}

// retryCheck is the retryablehttp.CheckRetry of every call: it finds the call in the
// request's context.
func retryCheck(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if cl := callFrom(ctx); cl != nil {
		return cl.checkRetry(ctx, resp, err)
	}
	return false, nil
}

// plannedWait is the retryablehttp.Backoff of every call. checkRetry plans the wait and
// leaves it in the call's own retryablehttp.Client as RetryWaitMin, which retryablehttp
// passes here and uses for nothing else.
func plannedWait(planned, _ time.Duration, _ int, _ *http.Response) time.Duration {
	return planned
}

// checkRetry is the retryablehttp.CheckRetry of one call. Its table:
//
//   - context done: stop.
//   - no token could be obtained: stop.
//   - transport error: retry if the request is idempotent, or if it provably never reached
//     the server (dial or TLS handshake failure before any byte was written) or the server
//     said it did not process it (HTTP/2 REFUSED_STREAM or a GOAWAY excluding it, see
//     refusedByServer); otherwise stop and mark the outcome unknown. Certificate errors, unknown hosts, bad schemes and
//     oversized answers are never retried.
//   - 429: retry every method (the server did not process it), honouring Retry-After.
//   - 500, 502, 503, 504: retry an idempotent request; otherwise stop, outcome unknown.
//   - a 3xx left unfollowed (a write, or a cross-origin redirect): stop; for a write
//     that is not idempotent, outcome unknown.
//   - anything else: stop.
//
// A Retry-After longer than RetryWaitMax, or any wait that would end past the context
// deadline, stops at once instead of sleeping.
func (cl *call) checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if cl.bodyCheck {
		// The same attempt again, after readBody: stop, unless its body broke off.
		cl.bodyCheck = false
		return cl.checkBodyRetry(ctx, err)
	}
	cl.attempts++
	// A 429 says the server did not process the request, so that attempt does not count as
	// a write whose outcome is unknown.
	// Nor does a request the server refused unprocessed (refusedByServer).
	if cl.wrote.Load() && (resp == nil || resp.StatusCode != http.StatusTooManyRequests) && (err == nil || !refusedByServer(err)) {
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
		if !cl.idempotent && !refusedByServer(err) && (cl.wrote.Load() || !(neverSent(err) || cl.handshakeFailed.Load())) {
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
	if isRedirect(resp.StatusCode) && !cl.idempotent {
		// A write answered with a redirect is not followed (sameOriginRedirects); the server
		// may have acted on it (a 303 usually says it did).
		cl.outcomeUnknown = true
	}
	return false, nil
}

// plan decides the wait before the next attempt, or stops. The wait is the jittered backoff,
// or the server's Retry-After when that is longer (a Retry-After of zero or in the past
// therefore falls back to the backoff, so a server cannot make the client spin).
func (cl *call) plan(ctx context.Context, resp *http.Response) (bool, error) {
	if cl.attempts > cl.maxRetries {
		return false, nil
	}
	s := &cl.c.s
	now := s.now()
	wait := cl.backoffFor(cl.attempts - 1)
	var retryAfter time.Duration
	if resp != nil {
		if ra, ok := retryAfterOf(resp.Header, now); ok {
			if ra > s.RetryWaitMax {
				cl.rateLimited = true
				return false, nil
			}
			retryAfter = ra
			wait = max(wait, ra)
		}
	}
	if dl, ok := ctx.Deadline(); ok && !now.Add(wait).Before(dl) {
		if retryAfter > 0 {
			cl.rateLimited = true
		}
		return false, nil
	}
	cl.rc.RetryWaitMin = wait
	cl.c.logRetry(ctx, cl, wait)
	return true, nil
}

// checkBodyRetry decides on an answer whose body broke off: an idempotent request is
// retried like after a connection failure; a write is not (the server answered, so it may
// have processed it) and its outcome is unknown.
func (cl *call) checkBodyRetry(ctx context.Context, err error) (bool, error) {
	if err == nil || ctx.Err() != nil || !retryableError(err) {
		return false, nil
	}
	if !cl.idempotent {
		cl.outcomeUnknown = true
		return false, nil
	}
	retry, perr := cl.plan(ctx, nil)
	if retry {
		cl.bodyRead, cl.body, cl.bodyErr = false, nil, nil
	}
	return retry, perr
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

// maxDuration is the longest time.Duration; a Retry-After beyond it is read as it.
const maxDuration = time.Duration(1<<63 - 1)

// maxRetryAfterSeconds is the largest delta-seconds that fits in a time.Duration.
const maxRetryAfterSeconds = uint64(maxDuration / time.Second)

// retryAfterOf reads the Retry-After of an answer. Several Retry-After headers are ambiguous
// and count as absent.
func retryAfterOf(h http.Header, now time.Time) (time.Duration, bool) {
	vs := h.Values("Retry-After")
	if len(vs) != 1 {
		return 0, false
	}
	return parseRetryAfter(vs[0], now)
}

// parseRetryAfter reads a Retry-After value: delta-seconds or an HTTP date. Negative,
// malformed and empty values are absent; a past date is zero; delta-seconds too large for a
// time.Duration (2^32 and far beyond) are the longest Duration, so they fail fast.
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if v[0] >= '0' && v[0] <= '9' {
		if strings.TrimLeft(v, "0123456789") != "" {
			return 0, false
		}
		n, err := strconv.ParseUint(v, 10, 64)
		switch {
		case errors.Is(err, strconv.ErrRange), err == nil && n > maxRetryAfterSeconds:
			// More seconds than a Duration holds is still a wait, and longer than any
			// RetryWaitMax: it must fail fast, not count as absent.
			return maxDuration, true
		case err != nil:
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
// idempotent request). checkRetry has already stopped if the caller's context is done, so a
// deadline error here is the per-attempt timeout, which is worth another attempt.
func retryableError(err error) bool {
	if errors.Is(err, context.Canceled) {
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
	if errors.As(err, &tooLarge) || errors.Is(err, errStreamReopen) {
		return false
	}
	msg := err.Error()
	if strings.Contains(msg, "unsupported protocol scheme") || strings.Contains(msg, "stopped after") ||
		strings.Contains(msg, "server gave HTTP response to HTTPS client") ||
		strings.Contains(msg, "server response headers exceeded") {
		return false
	}
	return true
}

// neverSent reports whether err proves the request never reached the server: the
// connection could not be dialed, or the TLS handshake failed. (A handshake failure reported
// by the peer's alert is a plain net.OpError; the httptrace hook catches that one.)
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

// refusedStream matches, and nothing else, the errors of net/http's HTTP/2 client for a
// request the server did not process by the protocol's rules: a stream it refused
// (REFUSED_STREAM, RFC 9113 section 8.7) or one above the last stream id of its GOAWAY,
// bare or as reported once net/http could not resend the body itself (notReplayable). The
// match is anchored: a server's GOAWAY debug text quoted in another error cannot pass.
var refusedStream = regexp.MustCompile(`^(http2: Transport: cannot retry err \[)?` +
	`(stream error: stream ID \d+; REFUSED_STREAM(; received from peer)?|http2: Transport received Server's graceful shutdown GOAWAY)` +
	`(\] after Request\.Body was written; define Request\.GetBody to avoid this error)?$`)

// refusedByServer reports whether err says the server did not process the request (see
// refusedStream), so that a write may be sent again, by the retry policy.
func refusedByServer(err error) bool {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	return refusedStream.MatchString(err.Error())
}
