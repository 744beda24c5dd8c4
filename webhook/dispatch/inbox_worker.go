package dispatch

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/labwire/labwire/webhook"
)

// accept stores a verified delivery in the inbox before answering.
func (h *Handler) accept(w http.ResponseWriter, r *http.Request, body []byte, d webhook.Delivery, key string) {
	ctx := r.Context()
	h.mu.RLock()
	closed := h.closed
	h.mu.RUnlock()
	if closed {
		h.refuse(ctx, w, http.StatusServiceUnavailable, ErrClosed)
		return
	}
	if key == "" {
		key = randomKey()
	}
	m := InboxMessage{
		Source: h.source,
		Key:    key,
		Event:  Event{Delivery: d, Body: body, Header: storedHeader(r.Header, h.sigHeader)},
	}
	if h.eventType != nil {
		m.EventType = h.typeOf(body)
	}
	fresh, err := h.inbox.Accept(ctx, m)
	if err != nil {
		h.log.LogAttrs(ctx, slog.LevelError, "dispatch: inbox accept failed",
			append(storeErrorAttrs(err), slog.String("event_type", h.typeOf(body)))...)
		h.refuse(ctx, w, http.StatusServiceUnavailable, errInboxStore)
		return
	}
	if !fresh {
		h.ackDuplicate(ctx, w)
		return
	}
	h.idle.bump()
	h.observeAccepted(body)
	select {
	case h.wake <- struct{}{}:
	default:
	}
	w.WriteHeader(h.status)
}

// inboxWork claims deliveries until Shutdown begins.
func (h *Handler) inboxWork() {
	defer h.wg.Done()
	var notify <-chan struct{}
	if n, ok := h.inbox.(Notifier); ok {
		notify = n.Notify()
	}
	poll := time.NewTimer(h.poll)
	defer poll.Stop()
	for {
		select {
		case <-h.stop:
			return
		default:
		}
		epoch := h.idle.claiming()
		claimed := time.Now()
		leases, err := h.inbox.Claim(h.ctx, h.source, h.batch, h.lease)
		switch {
		case err == nil:
			h.claims.succeeded(h.ctx, h.log)
		case h.ctx.Err() == nil:
			h.claims.failed(h.ctx, h.log, err) // claimlog.go: once per outage, not per poll
		}
		if len(leases) == 0 {
			if err != nil {
				h.idle.done() // not known to be empty
			} else {
				h.idle.foundNothing(epoch)
			}
			poll.Reset(h.poll)
			select {
			case <-h.stop:
				return
			case <-h.wake:
			case <-notify:
			case <-poll.C:
			}
			continue
		}
		hb := h.startHeartbeat(leases, claimed)
		for i, l := range leases {
			h.runLease(l, hb.held[i])
		}
		hb.stop()
		h.idle.done()
	}
}

// runLease processes one claimed delivery and finishes its lease; hl keeps
// the lease alive meanwhile.
func (h *Handler) runLease(l Lease, hl *heldLease) {
	h.idle.startProcessing()
	defer h.idle.stopProcessing()
	defer hl.release()
	ev := l.Message.Event
	ev.Attempt = l.Attempt
	bg := context.WithoutCancel(h.ctx)
	ctx := hl.ctx
	var err error
	switch {
	case l.Attempt > h.retry.attempts:
		// Every earlier claim ran out unfinished: the message may be what
		// kills its workers. Dead-letter it without another try.
		err = errLeasesRanOut
	case ctx.Err() != nil:
		// The lease was lost while the delivery waited in its batch.
		h.logFinish("dispatch: inbox lease lost before processing", ev, ErrLeaseLost)
		return
	default:
		if lc, ok := h.inbox.(LeaseContexter); ok {
			var lctx context.Context
			if lctx, err = lc.LeaseContext(ctx, l); err == nil {
				ctx = lctx
			}
		}
	}
	var took time.Duration
	if err == nil {
		took, err = h.timedCall(ctx, ev)
	}
	switch {
	case err == nil:
		h.observeCall(KindCompleted, ev, nil, took)
		if cerr := h.inbox.Complete(bg, l); cerr != nil {
			h.logFinish("dispatch: inbox complete failed", ev, cerr)
		}
	case h.ctx.Err() != nil:
		// Shutdown gave up: give the delivery back, ready at once.
		if ferr := h.inbox.Fail(bg, l, 0, Category(ErrClosed)); ferr != nil {
			h.logFinish("dispatch: inbox release at shutdown failed", ev, ferr)
		}
	case !h.retryable(err), l.Attempt >= h.retry.attempts:
		msg := "dispatch: process failed; attempts used up, dead-lettered"
		if !h.retryable(err) {
			msg = "dispatch: process failed; not retryable, dead-lettered"
		}
		h.logFailure(h.ctx, msg, ev, err, 0)
		h.observeCall(KindDeadLettered, ev, err, took)
		if derr := h.inbox.DeadLetter(bg, l, Category(err)); derr != nil {
			h.logFinish("dispatch: inbox dead-letter failed", ev, derr)
			return
		}
		h.toDeadLetter(ev, err)
	default:
		wait := h.retry.wait(l.Attempt)
		h.logFailure(h.ctx, "dispatch: process failed; retry scheduled", ev, err, wait)
		h.observeCall(KindRetried, ev, err, took)
		if ferr := h.inbox.Fail(bg, l, wait, Category(err)); ferr != nil {
			h.logFinish("dispatch: inbox fail failed", ev, ferr)
		}
	}
}

// logFinish logs an inbox error finishing a lease. A lost lease is normal
// after a slow attempt: the next claimer finishes the delivery.
func (h *Handler) logFinish(msg string, ev Event, err error) {
	level := slog.LevelError
	attrs := append(storeErrorAttrs(err), slog.String("event_type", h.typeOf(ev.Body)), slog.Int("attempt", ev.Attempt))
	if errors.Is(err, ErrLeaseLost) {
		level = slog.LevelWarn
		attrs[0] = slog.String("category", "lease_lost")
	}
	h.log.LogAttrs(h.ctx, level, msg, attrs...)
}
