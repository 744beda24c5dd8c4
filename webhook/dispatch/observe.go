package dispatch

import (
	"context"
	"fmt"
	"net/http"
	"time"
)

// Observer receives what a Handler does, one Observation at a time, for
// metrics (see WithObserver). Observe is called on the request goroutine and
// on workers, concurrently: it must be fast, must not block, and must not
// keep the Observation's strings beyond bounded label sets (they are fixed
// words: no body, header, key or id ever reaches an Observer).
type Observer interface {
	Observe(o Observation)
}

// ObserverFunc adapts a function to Observer.
type ObserverFunc func(Observation)

// Observe calls f(o).
func (f ObserverFunc) Observe(o Observation) { f(o) }

// Kind says what an Observation reports.
type Kind int

// The kinds of Observation.
const (
	// KindAnswered: a request was answered. Status is the HTTP status sent
	// and Duration the time from the request reaching the handler to the
	// answer: for a 2xx in inbox mode, the durable acknowledgement latency.
	KindAnswered Kind = iota + 1
	// KindAccepted: a verified delivery was handed on (queued, stored in
	// the inbox, or about to run in sync mode).
	KindAccepted
	// KindDuplicate: a verified delivery was acknowledged as a duplicate
	// and not handed on.
	KindDuplicate
	// KindRefused: a request was refused (Status says how) before anything
	// was handed on: not verified, queue full, a store unavailable, closed.
	KindRefused
	// KindCompleted: a ProcessFunc call succeeded; Duration is the call's.
	KindCompleted
	// KindRetried: a ProcessFunc call failed and a retry follows (a 500 in
	// sync mode); Category names the failure, Duration is the call's.
	KindRetried
	// KindDeadLettered: an event failed for good (attempts used up, not
	// retryable, or abandoned at Shutdown); Category names the failure.
	KindDeadLettered
)

// String returns the kind's name in snake case, for metric names.
func (k Kind) String() string {
	switch k {
	case KindAnswered:
		return "answered"
	case KindAccepted:
		return "accepted"
	case KindDuplicate:
		return "duplicate"
	case KindRefused:
		return "refused"
	case KindCompleted:
		return "completed"
	case KindRetried:
		return "retried"
	case KindDeadLettered:
		return "dead_lettered"
	}
	return fmt.Sprintf("kind(%d)", int(k))
}

// Observation is one thing a Handler did. Only the fields its Kind names are
// set; every string is a fixed word safe as a metric label.
type Observation struct {
	Kind Kind
	// Source is the handler's source (WithSource).
	Source string
	// EventType is what WithEventType named, "" without it (set for the
	// kinds about an event: accepted, completed, retried, dead-lettered).
	EventType string
	// Category is the failure's Category (retried, dead-lettered).
	Category string
	// Status is the HTTP status sent (answered, refused).
	Status int
	// Attempt is the attempt that ended (completed, retried,
	// dead-lettered).
	Attempt int
	// Duration is the answer's latency (answered) or the ProcessFunc
	// call's (completed, retried, dead-lettered; 0 when no call was made).
	Duration time.Duration
	// QueueDepth is, in asynchronous mode, how many events waited for a
	// worker or a retry when the observation was made (every kind; a sample,
	// so observations from several goroutines may arrive out of order); -1
	// in the other modes, where the inbox knows it.
	QueueDepth int
}

// WithObserver sets an Observer that receives every Observation: requests
// answered (with latency), deliveries accepted, duplicates, refusals, and
// each event completed, retried or dead-lettered (with the call's duration).
// Wire it to your metrics (the examples/otel module does so for
// OpenTelemetry). Without it nothing is observed and nothing is measured.
func WithObserver(o Observer) HandlerOption {
	return func(c *handlerConfig) error {
		if o == nil {
			return fmt.Errorf("%w: WithObserver: observer is nil", ErrInvalidConfig)
		}
		c.obs = o
		return nil
	}
}

// observe reports o with the handler's source and queue depth filled in.
func (h *Handler) observe(o Observation) {
	if h.obs == nil {
		return
	}
	o.Source = h.source
	o.QueueDepth = -1
	if h.mode == modeAsync {
		h.mu.RLock()
		o.QueueDepth = h.async.held
		h.mu.RUnlock()
	}
	h.obs.Observe(o)
}

// observeAccepted reports a delivery handed on.
func (h *Handler) observeAccepted(body []byte) {
	if h.obs != nil {
		h.observe(Observation{Kind: KindAccepted, EventType: h.typeOf(body)})
	}
}

// observeCall reports how a ProcessFunc call ended.
func (h *Handler) observeCall(k Kind, ev Event, err error, d time.Duration) {
	if h.obs == nil {
		return
	}
	o := Observation{Kind: k, EventType: h.typeOf(ev.Body), Attempt: ev.Attempt, Duration: d}
	if err != nil {
		o.Category = Category(err)
	}
	h.observe(o)
}

// timedCall runs process once (see call) and reports how long it took,
// reading the clock only when an Observer wants it.
func (h *Handler) timedCall(ctx context.Context, ev Event) (time.Duration, error) {
	if h.obs == nil {
		return 0, h.call(ctx, ev)
	}
	start := time.Now()
	err := h.call(ctx, ev)
	return time.Since(start), err
}

// answerWriter reports the status and latency of the answer.
type answerWriter struct {
	http.ResponseWriter
	h     *Handler
	start time.Time
	done  bool
}

func (a *answerWriter) WriteHeader(code int) {
	if !a.done && code >= 200 {
		a.done = true
		a.h.observe(Observation{Kind: KindAnswered, Status: code, Duration: time.Since(a.start)})
	}
	a.ResponseWriter.WriteHeader(code)
}

func (a *answerWriter) Write(b []byte) (int, error) {
	if !a.done {
		a.WriteHeader(http.StatusOK)
	}
	return a.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (a *answerWriter) Unwrap() http.ResponseWriter { return a.ResponseWriter }
