package transport

import (
	"context"
	"sync"
	"time"
)

// watchdogMin is the shortest AttemptTimeout the watchdog serves; a shorter one gets a
// timer of its own per attempt (context.WithTimeoutCause), to the nanosecond.
const watchdogMin = time.Second

// watchdogSlices is how many periods of the watchdog make one AttemptTimeout: an attempt
// ends between AttemptTimeout and AttemptTimeout plus 1/watchdogSlices of it after it
// started (60 s: within 0.94 s).
const watchdogSlices = 64

// watchdog ends a client's attempts that outlive AttemptTimeout with one timer for all of
// them, instead of a runtime timer per attempt. A timer per attempt costs little CPU, but
// adding one that is due before the network poller's next wake-up wakes the poller: on a
// busy loopback call that is about two microseconds of wall time, 2 to 3 % of the call.
// The watchdog's timer runs only while attempts are in flight, and wakes every period
// (AttemptTimeout / watchdogSlices) to end those past their deadline.
type watchdog struct {
	timeout time.Duration
	period  time.Duration
	cause   error // the attempt's context.Cause when it times out

	mu    sync.Mutex
	armed bool      // a fire is scheduled
	at    time.Time // when it was scheduled, on the clock of the timer
	seq   uint64
	live  map[uint64]watched
}

type watched struct {
	deadline time.Time
	cancel   context.CancelCauseFunc
}

func newWatchdog(timeout time.Duration, cause error) *watchdog {
	return &watchdog{timeout: timeout, period: timeout / watchdogSlices, cause: cause, live: make(map[uint64]watched)}
}

// attempt returns a context for one attempt under parent that ends AttemptTimeout from now
// (at most one period later), and the function that releases it; call it once the attempt,
// body included, is over.
//
// The scheduled fire must run on the clock the attempt reads. It does not when the client
// is shared between a testing/synctest bubble and the outside (each has its own clock, and
// a bubble's timers stop with it): then the clock reads before the fire was scheduled, or
// more than a period after it was due, and the attempt gets a timer of its own, which is
// right on any clock.
func (w *watchdog) attempt(parent context.Context) (context.Context, func()) {
	now := time.Now()
	w.mu.Lock()
	if w.armed && (now.Before(w.at) || now.After(w.at.Add(2*w.period))) {
		w.mu.Unlock()
		return context.WithTimeoutCause(parent, w.timeout, w.cause)
	}
	ctx, cancel := context.WithCancelCause(parent)
	deadline := now.Add(w.timeout)
	w.seq++
	id := w.seq
	w.live[id] = watched{deadline: deadline, cancel: cancel}
	if !w.armed {
		w.armed, w.at = true, now
		time.AfterFunc(w.period, w.fire)
	}
	w.mu.Unlock()
	release := func() {
		w.mu.Lock()
		delete(w.live, id)
		w.mu.Unlock()
		cancel(context.Canceled)
	}
	return &attemptContext{Context: ctx, deadline: deadline, cause: w.cause}, release
}

// fire ends the attempts past their deadline, and schedules the next fire while any are
// left.
func (w *watchdog) fire() {
	now := time.Now()
	var due []context.CancelCauseFunc
	w.mu.Lock()
	for id, a := range w.live {
		if !now.Before(a.deadline) {
			due = append(due, a.cancel)
			delete(w.live, id)
		}
	}
	if len(w.live) > 0 {
		w.at = now
		time.AfterFunc(w.period, w.fire)
	} else {
		w.armed = false
	}
	w.mu.Unlock()
	for _, cancel := range due {
		cancel(w.cause)
	}
}

// attemptContext is an attempt's context under the watchdog. It reads like the
// context.WithTimeoutCause it stands for: Deadline is the attempt's (or the parent's, when
// sooner), and Err is context.DeadlineExceeded once the watchdog ended it. Done, Value and
// context.Cause are the inner context's, so contexts derived from it (net/http's) hang on
// the inner cancelCtx directly, with no goroutine.
type attemptContext struct {
	context.Context
	deadline time.Time
	cause    error
}

// Deadline returns the attempt's deadline, or the parent's when that comes first.
func (c *attemptContext) Deadline() (time.Time, bool) {
	if d, ok := c.Context.Deadline(); ok && d.Before(c.deadline) {
		return d, true
	}
	return c.deadline, true
}

// Err is context.DeadlineExceeded when the watchdog ended the attempt, else the inner
// context's error.
func (c *attemptContext) Err() error {
	err := c.Context.Err()
	if err != nil && context.Cause(c.Context) == c.cause {
		return context.DeadlineExceeded
	}
	return err
}
