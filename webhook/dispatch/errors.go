package dispatch

import (
	"errors"

	"github.com/labwire/labwire/webhook"
)

// Sentinel errors. Match them with errors.Is. No error ever contains a
// secret, a signature, a header value or a body.
var (
	// ErrInvalidConfig is returned by the constructors and options for a bad
	// configuration; the message names the option. It is the same value as
	// webhook.ErrInvalidConfig, so either matches.
	ErrInvalidConfig = webhook.ErrInvalidConfig

	// ErrDuplicate reports a verified delivery whose deduplication key was
	// already seen. The middleware acknowledges it with the success status and
	// does not hand it on.
	ErrDuplicate = errors.New("dispatch: duplicate delivery")

	// ErrQueueFull reports that the asynchronous queue had no room. The
	// middleware answers 503 so the sender retries later.
	ErrQueueFull = errors.New("dispatch: queue full")

	// ErrClosed reports a delivery that arrived after Shutdown began (the
	// middleware answers 503), or an event Shutdown gave up on.
	ErrClosed = errors.New("dispatch: handler shut down")
)

// reasonError is a sentinel plus a fixed reason chosen by this package, so
// an error never carries request data.
type reasonError struct {
	sentinel error
	reason   string
}

func (e *reasonError) Error() string { return e.sentinel.Error() + ": " + e.reason }
func (e *reasonError) Unwrap() error { return e.sentinel }

func reason(sentinel error, why string) error { return &reasonError{sentinel: sentinel, reason: why} }

var (
	errMethod      = reason(webhook.ErrInvalidRequest, "method is not POST")
	errContentType = reason(webhook.ErrUnsupportedMediaType, "content type not allowed")

	errDuplicateOfFailed = reason(ErrDuplicate, "the original delivery failed; left for the sender's retry")
	errDuplicateWaiting  = reason(ErrDuplicate, "request ended while the original delivery was processed")
	errDedupStore        = errors.New("dispatch: deduper unavailable")
	errInboxStore        = errors.New("dispatch: inbox unavailable")
)
