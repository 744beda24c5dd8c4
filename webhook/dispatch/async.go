package dispatch

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"
)

// The asynchronous mode holds at most queueSize events waiting, either for a
// worker (in h.queue) or for a retry's time (a timer in h.waiting). A worker
// never sleeps through a backoff: a failed event is handed to a timer that
// puts it back on the queue when it is due, and the worker takes the next
// one. h.queue has room for queueSize plus one event per worker, since a
// worker gives back the event it holds without asking for room.

// asyncQueue is the state of the asynchronous mode, under h.mu.
type asyncQueue struct {
	held      int                  // events in h.queue or h.waiting
	waiting   map[*job]*time.Timer // events waiting for their retry time
	abandoned bool                 // Shutdown gave up: due timers abandon their event
}

func (h *Handler) enqueue(w http.ResponseWriter, r *http.Request, j job) {
	h.mu.Lock()
	if h.closed {
		h.mu.Unlock()
		h.release(r.Context(), j.key)
		h.refuse(r.Context(), w, http.StatusServiceUnavailable, ErrClosed)
		return
	}
	if h.async.held >= h.queueSize {
		h.mu.Unlock()
		h.release(r.Context(), j.key)
		h.refuse(r.Context(), w, http.StatusServiceUnavailable, ErrQueueFull)
		return
	}
	h.async.held++
	h.idle.add()
	h.queue <- j // never blocks: see asyncQueue
	h.mu.Unlock()
	h.observeAccepted(j.ev.Body)
	w.WriteHeader(h.status)
}

func (h *Handler) work() {
	defer h.wg.Done()
	for {
		select {
		case <-h.quit:
			return
		case j := <-h.queue:
			h.mu.Lock()
			h.async.held--
			h.mu.Unlock()
			if h.ctx.Err() != nil {
				h.abandon(j, nil)
				continue
			}
			h.run(j)
		}
	}
}

// run makes one attempt at an event, then finishes it or schedules its
// retry.
func (h *Handler) run(j job) {
	j.ev.Attempt++
	ev := j.ev
	took, err := h.timedCall(h.ctx, ev)
	if err == nil {
		h.observeCall(KindCompleted, ev, nil, took)
		h.idle.done()
		return
	}
	if h.ctx.Err() != nil {
		h.abandon(j, err)
		return
	}
	if !h.retryable(err) {
		h.logFailure(h.ctx, "dispatch: process failed; not retryable, dead-lettered", ev, err, 0)
		h.observeCall(KindDeadLettered, ev, err, took)
		h.finishDead(j, err)
		return
	}
	if ev.Attempt >= h.retry.attempts {
		h.logFailure(h.ctx, "dispatch: process failed; attempts used up, dead-lettered", ev, err, 0)
		h.observeCall(KindDeadLettered, ev, err, took)
		h.finishDead(j, err)
		return
	}
	wait := h.retry.wait(ev.Attempt)
	h.logFailure(h.ctx, "dispatch: process failed; retry scheduled", ev, err, wait)
	h.observeCall(KindRetried, ev, err, took)
	h.schedule(j, wait, err)
}

// retryable applies the RetryRule; Permanent is never retried.
func (h *Handler) retryable(err error) bool {
	if errors.Is(err, ErrPermanent) {
		return false
	}
	return h.rule(err)
}

func (h *Handler) finishDead(j job, err error) {
	h.release(h.ctx, j.key)
	h.toDeadLetter(j.ev, err)
	h.idle.done()
}

// schedule puts j back on the queue after wait, without holding a worker.
func (h *Handler) schedule(j job, wait time.Duration, last error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.async.abandoned {
		h.mu.Unlock()
		defer h.mu.Lock() // for the deferred Unlock
		h.abandon(j, last)
		return
	}
	h.async.held++
	jp := &j
	h.async.waiting[jp] = time.AfterFunc(wait, func() {
		h.mu.Lock()
		if _, ok := h.async.waiting[jp]; !ok {
			h.mu.Unlock() // Shutdown took it
			return
		}
		delete(h.async.waiting, jp)
		if h.async.abandoned {
			h.async.held--
			h.mu.Unlock()
			h.abandon(*jp, last)
			return
		}
		h.queue <- *jp // never blocks: see asyncQueue
		h.mu.Unlock()
	})
}

// abandonAll hands every event still waiting, for a worker or for its
// retry's time, to the dead-letter function: Shutdown gave up.
func (h *Handler) abandonAll() {
	h.mu.Lock()
	h.async.abandoned = true
	var waiting []job
	for jp, t := range h.async.waiting {
		t.Stop()
		waiting = append(waiting, *jp)
		delete(h.async.waiting, jp)
		h.async.held--
	}
	h.mu.Unlock()
	for _, j := range waiting {
		h.abandon(j, nil)
	}
	for {
		select {
		case j := <-h.queue:
			h.mu.Lock()
			h.async.held--
			h.mu.Unlock()
			h.abandon(j, nil)
		default:
			return
		}
	}
}

// errAbandoned is what the dead-letter function receives for an event
// Shutdown gave up on.
var errAbandoned = fmt.Errorf("%w: event not finished before Shutdown's context ended", ErrClosed)

// abandon hands an event Shutdown gave up on to the dead-letter function.
func (h *Handler) abandon(j job, last error) {
	err := errAbandoned
	if last != nil {
		err = errors.Join(errAbandoned, last)
	}
	h.log.LogAttrs(h.ctx, slog.LevelError, "dispatch: event not finished at shutdown",
		slog.String("category", Category(err)), slog.String("event_type", h.typeOf(j.ev.Body)), slog.Int("attempt", j.ev.Attempt))
	h.observeCall(KindDeadLettered, j.ev, err, 0)
	h.release(h.ctx, j.key)
	h.toDeadLetter(j.ev, err)
	h.idle.done()
}

func (h *Handler) toDeadLetter(ev Event, err error) {
	if h.deadLetter == nil {
		return
	}
	defer func() {
		if p := recover(); p != nil {
			h.log.LogAttrs(h.ctx, slog.LevelError, "dispatch: dead-letter function panicked", slog.String("event_type", h.typeOf(ev.Body)))
		}
	}()
	h.deadLetter(context.WithoutCancel(h.ctx), ev, err)
}
