package dispatch

import (
	"context"
	"errors"
	"math/rand/v2"
	"time"

	"github.com/labwire/labwire/internal/transport"
)

// ErrPermanent marks a ProcessFunc error that retrying cannot fix, such as
// a payload that does not parse: the event goes to the dead-letter path at
// once (in sync mode it is answered 2xx). Wrap an error with Permanent.
var ErrPermanent = errors.New("dispatch: permanent failure")

// Permanent wraps err so that no mode retries it (DefaultRetryRule refuses
// it; a custom RetryRule sees it too) (errors.Is(err, ErrPermanent) reports true, and err stays reachable
// with errors.Is and errors.As). Permanent(nil) is nil.
func Permanent(err error) error {
	if err == nil {
		return nil
	}
	return &permanentError{err: err}
}

type permanentError struct{ err error }

func (e *permanentError) Error() string   { return ErrPermanent.Error() + ": " + e.err.Error() }
func (e *permanentError) Unwrap() []error { return []error{ErrPermanent, e.err} }

// errPanicked stands for a ProcessFunc that panicked. The panic value is
// not kept: it may describe the payload.
var errPanicked = errors.New("dispatch: process panicked")

// errLeasesRanOut stands for an inbox message claimed more times than
// WithRetries allows: every earlier holder let its lease run out without
// finishing (the worker, or its whole process, died). It is dead-lettered
// without calling the ProcessFunc again, so a delivery that crashes its
// receiver does not crash every replica in turn for ever.
var errLeasesRanOut = errors.New("dispatch: inbox message claimed more times than attempts allow")

// retryPolicy is WithRetries.
type retryPolicy struct {
	attempts int
	min, max time.Duration
}

// wait returns the jittered wait after the n-th failure (n >= 1): min
// doubled n-1 times, capped at max, then drawn from [half of it, all of it].
func (p retryPolicy) wait(n int) time.Duration {
	d := p.min
	for i := 1; i < n && d < p.max; i++ {
		d *= 2
	}
	d = min(d, p.max)
	half := d / 2
	return half + rand.N(d-half+1)
}

// categories are the names failures are logged under, most specific first:
// a write whose outcome is unknown is "outcome_unknown" even when it was
// also a 5xx.
var categories = []struct {
	err  error
	name string
}{
	{errPanicked, "panic"},
	{errLeasesRanOut, "lease_expired"},
	{transport.ErrOutcomeUnknown, "outcome_unknown"},
	{ErrPermanent, "permanent"},
	{ErrClosed, "shutdown"},
	{transport.ErrRateLimited, "rate_limited"},
	{transport.ErrServer, "server"},
	{transport.ErrUnauthorized, "unauthorized"},
	{transport.ErrForbidden, "forbidden"},
	{transport.ErrNotFound, "not_found"},
	{transport.ErrConflict, "conflict"},
	{transport.ErrValidation, "validation"},
	{transport.ErrBadRequest, "bad_request"},
	{transport.ErrResponseTooLarge, "response_too_large"},
	{context.DeadlineExceeded, "timeout"},
	{context.Canceled, "canceled"},
}

// Category names the kind of a ProcessFunc failure, as the handler logs it
// and stores it in an inbox: "panic", "lease_expired" (an inbox message
// whose every holder died, dead-lettered unprocessed), "outcome_unknown",
// "permanent", "shutdown", "rate_limited", "server", "unauthorized",
// "forbidden", "not_found", "conflict", "validation", "bad_request",
// "response_too_large" (the labwire client error categories), "timeout",
// "canceled", or "error" for anything else. It is a fixed word: the error's
// text is never logged or stored, since it may describe the payload.
func Category(err error) string {
	for _, c := range categories {
		if errors.Is(err, c.err) {
			return c.name
		}
	}
	return "error"
}

// ErrOutcomeUnknown matches an error from a write that may have taken
// effect: the labwire clients return it for a POST or PATCH that failed
// after it may have reached the server (a 5xx, a timeout, a dropped
// connection). It is the same value as whoop.ErrOutcomeUnknown,
// workpath.ErrOutcomeUnknown and the other vendors' re-exports. Wrap your
// own such errors with it (fmt.Errorf("...: %w", dispatch.ErrOutcomeUnknown))
// so that DefaultRetryRule does not retry them.
var ErrOutcomeUnknown = transport.ErrOutcomeUnknown

// RetryRule decides whether a failed ProcessFunc call may be tried again
// automatically: in asynchronous and inbox mode a retry after a backoff, in
// sync mode an answer of 500 that lets the sender redeliver. An error it
// refuses goes to the dead-letter path instead (WithDeadLetter, and in inbox
// mode the inbox's dead letters), so that someone looks before anything is
// written again. Set it with WithRetryRule.
type RetryRule func(err error) bool

// DefaultRetryRule is the RetryRule without WithRetryRule. It refuses a
// retry when another call could repeat a write or cannot succeed:
//
//   - ErrOutcomeUnknown ("outcome_unknown"): a write may have happened; a
//     retry could book a second blood draw or submit results twice. Look the
//     resource up (by your own reference) before writing again;
//   - a panic ("panic"): whatever the call wrote before it panicked may
//     have happened, and a bug does not fix itself;
//   - Permanent ("permanent"), and the labwire clients' errors a retry
//     cannot fix: ErrValidation (a refused argument, before anything was
//     sent, or a 422), ErrBadRequest (400), ErrUnauthorized (401 after a
//     token refresh), ErrForbidden (403) and ErrResponseTooLarge.
//
// Everything else is retried: a 429 or 5xx on a read (the write that got
// them is ErrOutcomeUnknown, except a 429, which means nothing was done),
// ErrNotFound and ErrConflict (an event can arrive before the resource it
// names is readable), a timeout, a database error, any error of your own.
func DefaultRetryRule(err error) bool {
	switch {
	case errors.Is(err, transport.ErrOutcomeUnknown), errors.Is(err, errPanicked), errors.Is(err, ErrPermanent),
		errors.Is(err, transport.ErrValidation), errors.Is(err, transport.ErrBadRequest),
		errors.Is(err, transport.ErrUnauthorized), errors.Is(err, transport.ErrForbidden),
		errors.Is(err, transport.ErrResponseTooLarge):
		return false
	}
	return true
}

// sanitizeEventType bounds what WithEventType returns before it is logged.
func sanitizeEventType(s string) string {
	if len(s) > 64 {
		s = s[:64]
	}
	for i := 0; i < len(s); i++ {
		if !eventTypeChar(s[i]) {
			b := []byte(s)
			n := 0
			for _, c := range b {
				if eventTypeChar(c) {
					b[n] = c
					n++
				}
			}
			return string(b[:n])
		}
	}
	return s
}

func eventTypeChar(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return c == '.' || c == '_' || c == ':' || c == '/' || c == '-'
}
