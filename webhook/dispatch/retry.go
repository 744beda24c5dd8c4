package dispatch

import (
	"context"
	"errors"
	"math/rand/v2"
	"time"

	"github.com/labwire/labwire/internal/transport"
)

// ErrPermanent marks a ProcessFunc error that retrying cannot fix, such as
// a payload that does not parse: the event goes to the dead letter at once.
// Wrap an error with Permanent.
var ErrPermanent = errors.New("webhook: permanent failure")

// Permanent wraps err so that the asynchronous and inbox modes do not retry
// it (errors.Is(err, ErrPermanent) reports true, and err stays reachable
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
var errPanicked = errors.New("webhook: process panicked")

// errLeasesRanOut stands for an inbox message claimed more times than
// WithRetries allows: every earlier holder let its lease run out without
// finishing (the worker, or its whole process, died). It is dead-lettered
// without calling the ProcessFunc again, so a delivery that crashes its
// receiver does not crash every replica in turn for ever.
var errLeasesRanOut = errors.New("webhook: inbox message claimed more times than attempts allow")

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

// categories are the names failures are logged under, most specific first.
var categories = []struct {
	err  error
	name string
}{
	{errPanicked, "panic"},
	{errLeasesRanOut, "lease_expired"},
	{ErrPermanent, "permanent"},
	{ErrClosed, "shutdown"},
	{transport.ErrRateLimited, "rate_limited"},
	{transport.ErrServer, "server"},
	{transport.ErrOutcomeUnknown, "outcome_unknown"},
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
// whose every holder died, dead-lettered unprocessed), "permanent", "shutdown",
// "rate_limited", "server", "outcome_unknown", "unauthorized", "forbidden",
// "not_found", "conflict", "validation", "bad_request",
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
