package dispatch

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/labwire/labwire/webhook"
)

// HandlerOption configures a Handler.
type HandlerOption func(*handlerConfig) error

// handlerConfig collects the options; set records which ones were given, so
// the constructor can refuse an option that does not apply to the mode.
type handlerConfig struct {
	status       int
	dedup        Deduper
	keyFunc      func(webhook.Delivery, []byte) string
	eventType    func([]byte) string
	log          *slog.Logger
	contentTypes []string
	workers      int
	queueSize    int
	retry        retryPolicy
	deadLetter   func(context.Context, Event, error)
	timeout      time.Duration
	sync         bool
	inbox        Inbox
	source       string
	lease        time.Duration
	poll         time.Duration
	batch        int
	rule         RetryRule
	obs          Observer
	set          optionSet
}

type optionSet uint16

const (
	setWorkers optionSet = 1 << iota
	setQueueSize
	setRetries
	setDeadLetter
	setTimeout
	setSync
	setInbox
	setSource
	setLease
	setPoll
	setDedup
	setBatch
	setRetryRule
)

const (
	// DefaultWorkers is the worker count without WithWorkers.
	DefaultWorkers = 4
	// DefaultQueueSize is the asynchronous queue length without WithQueueSize.
	DefaultQueueSize = 64
	// DefaultAttempts is how many times a failing event is tried, in
	// asynchronous and inbox mode, without WithRetries.
	DefaultAttempts = 5
	// DefaultRetryMinWait is the wait after the first failure without
	// WithRetries; each further failure doubles it, up to DefaultRetryMaxWait.
	DefaultRetryMinWait = time.Second
	// DefaultRetryMaxWait is the longest wait between attempts without
	// WithRetries.
	DefaultRetryMaxWait = time.Minute
	// DefaultLease is how long an inbox claim lasts without WithLease. A
	// worker renews it every third of it while the ProcessFunc runs (see
	// WithLease), so a long call keeps its claim and a dead worker's claim
	// is taken over within this time.
	DefaultLease = 10 * time.Second
	// DefaultPollInterval is how often an idle inbox worker looks for work
	// without WithPollInterval, in case a notification was lost.
	DefaultPollInterval = time.Second
	// DefaultSource is the inbox source name without WithSource.
	DefaultSource = "default"
)

func defaultHandlerConfig() handlerConfig {
	return handlerConfig{
		status:    http.StatusOK,
		workers:   DefaultWorkers,
		queueSize: DefaultQueueSize,
		retry:     retryPolicy{attempts: DefaultAttempts, min: DefaultRetryMinWait, max: DefaultRetryMaxWait},
		source:    DefaultSource,
		lease:     DefaultLease,
		poll:      DefaultPollInterval,
		batch:     1,
		rule:      DefaultRetryRule,
	}
}

// WithSuccessStatus sets the status sent for an accepted (or duplicate)
// delivery when the handler writes none; it must be 2xx. The default is 200.
func WithSuccessStatus(code int) HandlerOption {
	return func(c *handlerConfig) error {
		if code < 200 || code > 299 {
			return fmt.Errorf("%w: WithSuccessStatus: status must be 2xx", ErrInvalidConfig)
		}
		c.status = code
		return nil
	}
}

// WithDeduper sets the store of seen deduplication keys. With WithInbox it
// is not consulted: the inbox deduplicates durably, and acknowledging a
// duplicate the Deduper saw before the inbox stored the original could lose
// it. So a sender's package may default a Deduper and still let the user
// choose an inbox.
func WithDeduper(d Deduper) HandlerOption {
	return func(c *handlerConfig) error {
		if d == nil {
			return fmt.Errorf("%w: WithDeduper: deduper is nil", ErrInvalidConfig)
		}
		c.dedup, c.set = d, c.set|setDedup
		return nil
	}
}

// WithDedupKey replaces webhook.Delivery.Key as the deduplication key, for example
// with an event id read from the verified body so that a sender's retry
// (new timestamp, new signature, same event) is recognised. It runs only
// after verification; returning "" skips deduplication for that delivery.
// A key longer than 256 bytes is replaced by its SHA-256.
func WithDedupKey(key func(d webhook.Delivery, body []byte) string) HandlerOption {
	return func(c *handlerConfig) error {
		if key == nil {
			return fmt.Errorf("%w: WithDedupKey: function is nil", ErrInvalidConfig)
		}
		c.keyFunc = key
		return nil
	}
}

// WithEventType names the event type of a verified body for the failure
// logs, for example by reading its "type" field. A sender's package
// supplies it. It must return a fixed name, never a value from the payload
// that could hold patient data; the result is cut to 64 characters and
// stripped of anything outside [A-Za-z0-9._:/-]. It sees bodies the
// ProcessFunc may reject; a panic in it is recovered and logs no type.
func WithEventType(f func(body []byte) string) HandlerOption {
	return func(c *handlerConfig) error {
		if f == nil {
			return fmt.Errorf("%w: WithEventType: function is nil", ErrInvalidConfig)
		}
		c.eventType = f
		return nil
	}
}

// WithLogger sets where refusals and failures are logged. Without it
// nothing is logged.
func WithLogger(l *slog.Logger) HandlerOption {
	return func(c *handlerConfig) error {
		if l == nil {
			return fmt.Errorf("%w: WithLogger: logger is nil", ErrInvalidConfig)
		}
		c.log = l
		return nil
	}
}

// WithContentTypes refuses (415, before the body is read) a request whose
// media type is not one of types, such as "application/json". Without it any
// Content-Type is accepted.
func WithContentTypes(types ...string) HandlerOption {
	return func(c *handlerConfig) error {
		if len(types) == 0 {
			return fmt.Errorf("%w: WithContentTypes: no types given", ErrInvalidConfig)
		}
		for i, t := range types {
			if t == "" {
				return fmt.Errorf("%w: WithContentTypes: types[%d] is empty", ErrInvalidConfig, i)
			}
			c.contentTypes = append(c.contentTypes, strings.ToLower(t))
		}
		return nil
	}
}

// WithSync makes NewEventHandler run the ProcessFunc in the request
// goroutine before answering. Success is answered with the success status.
// A failure the RetryRule allows (a database error, a 429 on a read, a
// timeout) is answered 500 so the sender redelivers. A failure it refuses
// (Permanent, ErrOutcomeUnknown, a panic, ErrValidation: a redelivery would
// fail again or repeat a write) is handed to the WithDeadLetter function and
// answered with the success status, so the sender stops redelivering. Set
// WithDeadLetter in sync mode: without it such a failure is answered 2xx and
// only logged (at error level, "dead-lettered without a dead-letter
// function"), and NewEventHandler logs a warning saying so.
//
// Use it when the sender's time budget (10 s for some senders) covers your
// processing and nothing must be acknowledged before it is done; a sender
// with a short budget (1 s for others) counts a slow answer as a failure, so
// use the asynchronous or inbox mode there. WithSync cannot be combined with
// WithInbox, WithWorkers, WithQueueSize or WithRetries: the sender is the
// retry.
func WithSync() HandlerOption {
	return func(c *handlerConfig) error {
		c.sync, c.set = true, c.set|setSync
		return nil
	}
}

// WithInbox makes NewEventHandler store each verified delivery in ib before
// answering, and run workers that claim deliveries from ib and call the
// ProcessFunc (see Inbox). A crash after the answer loses nothing: the
// delivery is in the inbox and another worker, or this one after a restart,
// claims it. The inbox deduplicates on (source, key); a Deduper is not
// consulted.
func WithInbox(ib Inbox) HandlerOption {
	return func(c *handlerConfig) error {
		if ib == nil {
			return fmt.Errorf("%w: WithInbox: inbox is nil", ErrInvalidConfig)
		}
		c.inbox, c.set = ib, c.set|setInbox
		return nil
	}
}

// WithSource names the stream of deliveries this handler stores in its
// inbox and claims from it, such as the sender's name. Deduplication keys
// are unique per source, and workers claim only their own source, so
// several handlers can share one inbox. The default is DefaultSource. It
// is accepted, and unused, in the other modes of NewEventHandler, so a
// sender's package can set it by default whatever mode the user picks.
func WithSource(name string) HandlerOption {
	return func(c *handlerConfig) error {
		if name == "" || len(name) > 64 {
			return fmt.Errorf("%w: WithSource: name must be 1 to 64 bytes", ErrInvalidConfig)
		}
		c.source, c.set = name, c.set|setSource
		return nil
	}
}

// WithLease sets how long an inbox claim lasts; it must be at least
// 100 ms. While the ProcessFunc runs, its worker renews the claim every third
// of d (Inbox.Renew), so a call may take longer than d; a worker (or
// process) that dies stops renewing, and its claim is taken over within d.
// The ProcessFunc's context ends when a renewal finds the claim lost, or
// when d passes without a successful renewal. The default is DefaultLease.
func WithLease(d time.Duration) HandlerOption {
	return func(c *handlerConfig) error {
		if d < 100*time.Millisecond {
			return fmt.Errorf("%w: WithLease: lease must be at least 100ms", ErrInvalidConfig)
		}
		c.lease, c.set = d, c.set|setLease
		return nil
	}
}

// WithPollInterval sets how often an idle inbox worker claims without being
// woken, so that a lost notification delays work but never loses it; it
// must be positive. The default is DefaultPollInterval.
func WithPollInterval(d time.Duration) HandlerOption {
	return func(c *handlerConfig) error {
		if d <= 0 {
			return fmt.Errorf("%w: WithPollInterval: interval must be positive", ErrInvalidConfig)
		}
		c.poll, c.set = d, c.set|setPoll
		return nil
	}
}

// WithClaimBatch sets how many deliveries an inbox worker claims at once
// (default 1). The worker processes them one after the other, each within
// the lease counted from the claim, so keep n times the processing time
// well inside WithLease. A larger batch saves a database round trip and a
// commit per delivery when the backlog is deep.
func WithClaimBatch(n int) HandlerOption {
	return func(c *handlerConfig) error {
		if n <= 0 || n > 1000 {
			return fmt.Errorf("%w: WithClaimBatch: n must be 1 to 1000", ErrInvalidConfig)
		}
		c.batch, c.set = n, c.set|setBatch
		return nil
	}
}

// WithWorkers sets the number of workers calling the ProcessFunc in
// asynchronous and inbox mode. The default is DefaultWorkers.
func WithWorkers(n int) HandlerOption {
	return func(c *handlerConfig) error {
		if n <= 0 {
			return fmt.Errorf("%w: WithWorkers: count must be positive", ErrInvalidConfig)
		}
		c.workers, c.set = n, c.set|setWorkers
		return nil
	}
}

// WithQueueSize sets how many verified deliveries may be held in
// asynchronous mode waiting for a worker or for a retry's time; when it is
// full the sender gets 503. The default is DefaultQueueSize.
func WithQueueSize(n int) HandlerOption {
	return func(c *handlerConfig) error {
		if n <= 0 {
			return fmt.Errorf("%w: WithQueueSize: size must be positive", ErrInvalidConfig)
		}
		c.queueSize, c.set = n, c.set|setQueueSize
		return nil
	}
}

// WithRetries sets how a failing event is retried in asynchronous and inbox
// mode: at most attempts tries in all (1 means no retry), waiting minWait
// after the first failure and doubling up to maxWait, each wait jittered
// to between half and all of it. Only failures the RetryRule allows are
// retried (see DefaultRetryRule: never a write whose outcome is unknown);
// the others, and the last attempt's, go to the dead-letter path. A waiting
// retry holds no worker: it is scheduled, and the workers go on with other
// events meanwhile. In inbox mode a message claimed more than attempts
// times (each holder died with it) is dead-lettered, category
// "lease_expired", without another call: it may be what kills its workers.
// The defaults are DefaultAttempts, DefaultRetryMinWait and
// DefaultRetryMaxWait.
func WithRetries(attempts int, minWait, maxWait time.Duration) HandlerOption {
	return func(c *handlerConfig) error {
		switch {
		case attempts < 1:
			return fmt.Errorf("%w: WithRetries: attempts must be at least 1", ErrInvalidConfig)
		case minWait <= 0 || maxWait < minWait:
			return fmt.Errorf("%w: WithRetries: need 0 < minWait <= maxWait", ErrInvalidConfig)
		}
		c.retry, c.set = retryPolicy{attempts: attempts, min: minWait, max: maxWait}, c.set|setRetries
		return nil
	}
}

// WithDeadLetter sets the function that receives an event that failed for
// good, with the last error: its last attempt failed, or the RetryRule
// refused a retry (Permanent, ErrOutcomeUnknown, a panic, ...), in every
// mode of NewEventHandler; in asynchronous mode it also receives the events
// Shutdown could not finish, with an error matching ErrClosed. Store the
// event somewhere durable, or alert: in asynchronous and sync mode nothing
// else keeps it. For ErrOutcomeUnknown, whoever re-runs the event must look
// the resource up first. In inbox mode the inbox keeps dead letters and this
// function is a notification. It runs on the worker (in sync mode, before
// the answer); ctx is not cancelled by Shutdown or the request.
func WithDeadLetter(f func(ctx context.Context, e Event, err error)) HandlerOption {
	return func(c *handlerConfig) error {
		if f == nil {
			return fmt.Errorf("%w: WithDeadLetter: function is nil", ErrInvalidConfig)
		}
		c.deadLetter, c.set = f, c.set|setDeadLetter
		return nil
	}
}

// WithRetryRule replaces DefaultRetryRule, which decides whether a failed
// ProcessFunc call may be tried again automatically (see RetryRule). An
// error wrapped with Permanent is never retried, whatever rule returns.
// Start from DefaultRetryRule to keep its refusals:
//
//	dispatch.WithRetryRule(func(err error) bool {
//		return !errors.Is(err, errAlreadyShipped) && dispatch.DefaultRetryRule(err)
//	})
func WithRetryRule(rule RetryRule) HandlerOption {
	return func(c *handlerConfig) error {
		if rule == nil {
			return fmt.Errorf("%w: WithRetryRule: rule is nil", ErrInvalidConfig)
		}
		c.rule, c.set = rule, c.set|setRetryRule
		return nil
	}
}

// WithProcessTimeout bounds each call of the ProcessFunc; the call's context
// ends after d and the attempt fails with category "timeout". In sync mode
// keep d inside the sender's budget, which its package documents. Without it
// a call is bounded only by the request (sync), Shutdown (async) or the
// lease (inbox).
func WithProcessTimeout(d time.Duration) HandlerOption {
	return func(c *handlerConfig) error {
		if d <= 0 {
			return fmt.Errorf("%w: WithProcessTimeout: timeout must be positive", ErrInvalidConfig)
		}
		c.timeout, c.set = d, c.set|setTimeout
		return nil
	}
}

// check refuses options that do not apply to the mode chosen.
func (c *handlerConfig) check(m mode) error {
	var bad optionSet
	switch m {
	case modeNext:
		bad = setWorkers | setQueueSize | setRetries | setDeadLetter | setTimeout | setSync | setInbox | setSource | setLease | setPoll | setBatch | setRetryRule
	case modeSync:
		bad = setWorkers | setQueueSize | setRetries | setInbox | setLease | setPoll | setBatch
	case modeAsync:
		bad = setLease | setPoll | setBatch
	case modeInbox:
		bad = setQueueSize | setSync
	}
	if c.set&bad != 0 {
		return fmt.Errorf("%w: %s does not apply to %s", ErrInvalidConfig, optionNames(c.set&bad), m)
	}
	return nil
}

func optionNames(s optionSet) string {
	names := []string{"WithWorkers", "WithQueueSize", "WithRetries", "WithDeadLetter", "WithProcessTimeout",
		"WithSync", "WithInbox", "WithSource", "WithLease", "WithPollInterval", "WithDeduper", "WithClaimBatch", "WithRetryRule"}
	var out []string
	for i, n := range names {
		if s&(1<<i) != 0 {
			out = append(out, n)
		}
	}
	return strings.Join(out, ", ")
}
