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
	fresh, err := h.inbox.Accept(ctx, m)
	if err != nil {
		h.log.LogAttrs(ctx, slog.LevelError, "webhook: inbox accept failed", slog.String("category", Category(err)))
		h.refuse(ctx, w, http.StatusServiceUnavailable, errInboxStore)
		return
	}
	if !fresh {
		h.ackDuplicate(ctx, w)
		return
	}
	h.idle.bump()
	select {
	case h.wake <- struct{}{}:
	default:
	}
	w.WriteHeader(h.status)
}

// inboxWork claims one delivery at a time until Shutdown begins.
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
		if err != nil && h.ctx.Err() == nil {
			h.log.LogAttrs(h.ctx, slog.LevelError, "webhook: inbox claim failed", slog.String("category", Category(err)))
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
		for _, l := range leases {
			h.runLease(l, claimed.Add(h.lease))
		}
		h.idle.done()
	}
}

// runLease processes one claimed delivery and finishes its lease. until is
// when the lease runs out by this process's clock (the inbox's clock may be
// another machine's).
func (h *Handler) runLease(l Lease, until time.Time) {
	h.idle.startProcessing()
	defer h.idle.stopProcessing()
	ev := l.Message.Event
	ev.Attempt = l.Attempt
	bg := context.WithoutCancel(h.ctx)
	ctx, cancel := context.WithDeadline(h.ctx, until)
	defer cancel()
	var err error
	if l.Attempt > h.retry.attempts {
		// Every earlier claim ran out unfinished: the message may be what
		// kills its workers. Dead-letter it without another try.
		err = errLeasesRanOut
	} else if lc, ok := h.inbox.(LeaseContexter); ok {
		var lctx context.Context
		if lctx, err = lc.LeaseContext(ctx, l); err == nil {
			ctx = lctx
		}
	}
	if err == nil {
		err = h.call(ctx, ev)
	}
	switch {
	case err == nil:
		if cerr := h.inbox.Complete(bg, l); cerr != nil {
			h.logFinish("webhook: inbox complete failed", ev, cerr)
		}
	case h.ctx.Err() != nil:
		// Shutdown gave up: give the delivery back, ready at once.
		if ferr := h.inbox.Fail(bg, l, 0, Category(ErrClosed)); ferr != nil {
			h.logFinish("webhook: inbox release at shutdown failed", ev, ferr)
		}
	case l.Attempt >= h.retry.attempts || errors.Is(err, ErrPermanent):
		h.logFailure(h.ctx, "webhook: process failed; dead-lettered", ev, err, 0)
		if derr := h.inbox.DeadLetter(bg, l, Category(err)); derr != nil {
			h.logFinish("webhook: inbox dead-letter failed", ev, derr)
			return
		}
		h.toDeadLetter(ev, err)
	default:
		wait := h.retry.wait(l.Attempt)
		h.logFailure(h.ctx, "webhook: process failed; retrying", ev, err, wait)
		if ferr := h.inbox.Fail(bg, l, wait, Category(err)); ferr != nil {
			h.logFinish("webhook: inbox fail failed", ev, ferr)
		}
	}
}

// logFinish logs an inbox error finishing a lease. A lost lease is normal
// after a slow attempt: the next claimer finishes the delivery.
func (h *Handler) logFinish(msg string, ev Event, err error) {
	level := slog.LevelError
	reason := Category(err)
	if errors.Is(err, ErrLeaseLost) {
		level, reason = slog.LevelWarn, "lease_lost"
	}
	h.log.LogAttrs(h.ctx, level, msg, slog.String("category", reason),
		slog.String("event_type", h.typeOf(ev.Body)), slog.Int("attempt", ev.Attempt))
}
