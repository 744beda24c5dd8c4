package dispatch

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"
)

func (h *Handler) enqueue(w http.ResponseWriter, r *http.Request, j job) {
	h.mu.RLock()
	if h.closed {
		h.mu.RUnlock()
		h.release(r.Context(), j.key)
		h.refuse(r.Context(), w, http.StatusServiceUnavailable, ErrClosed)
		return
	}
	h.idle.add()
	select {
	case h.queue <- j:
		h.mu.RUnlock()
		w.WriteHeader(h.status)
	default:
		h.idle.done()
		h.mu.RUnlock()
		h.release(r.Context(), j.key)
		h.refuse(r.Context(), w, http.StatusServiceUnavailable, ErrQueueFull)
	}
}

func (h *Handler) work() {
	defer h.wg.Done()
	for j := range h.queue {
		if h.ctx.Err() != nil {
			h.abandon(j, nil)
			continue
		}
		h.run(j)
	}
}

// run tries one event until it succeeds, fails for good, or Shutdown gives
// up on it.
func (h *Handler) run(j job) {
	ev := j.ev
	for attempt := 1; ; attempt++ {
		ev.Attempt = attempt
		err := h.call(h.ctx, ev)
		if err == nil {
			h.idle.done()
			return
		}
		if h.ctx.Err() != nil {
			j.ev = ev
			h.abandon(j, err)
			return
		}
		if attempt >= h.retry.attempts || errors.Is(err, ErrPermanent) {
			h.logFailure(h.ctx, "webhook: process failed; dead-lettered", ev, err, 0)
			h.release(h.ctx, j.key)
			h.toDeadLetter(ev, err)
			h.idle.done()
			return
		}
		wait := h.retry.wait(attempt)
		h.logFailure(h.ctx, "webhook: process failed; retrying", ev, err, wait)
		t := time.NewTimer(wait)
		select {
		case <-t.C:
		case <-h.ctx.Done():
			t.Stop()
			j.ev = ev
			h.abandon(j, err)
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
	h.log.LogAttrs(h.ctx, slog.LevelError, "webhook: event not finished at shutdown",
		slog.String("category", Category(err)), slog.String("event_type", h.typeOf(j.ev.Body)), slog.Int("attempt", j.ev.Attempt))
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
			h.log.LogAttrs(h.ctx, slog.LevelError, "webhook: dead-letter function panicked")
		}
	}()
	h.deadLetter(context.WithoutCancel(h.ctx), ev, err)
}
