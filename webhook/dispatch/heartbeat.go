package dispatch

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"
)

// errLeaseRanOut is the cause of a ProcessFunc context ended because its
// claim could not be renewed in time (the inbox was unreachable for a whole
// lease): another worker may hold the delivery now.
var errLeaseRanOut = errors.New("dispatch: inbox lease ran out before it could be renewed")

// heartbeat renews the leases of one claimed batch every third of the lease
// until each is finished, so a long ProcessFunc keeps its claim and a dead
// process loses it within one lease. Each held lease has a context that
// ends when a renewal reports the lease lost, or when the lease runs out by
// this process's clock without a successful renewal.
type heartbeat struct {
	h    *Handler
	held []*heldLease
	done chan struct{}
	wg   sync.WaitGroup
}

// heldLease is one lease the heartbeat keeps alive.
type heldLease struct {
	l      Lease
	ctx    context.Context
	cancel context.CancelCauseFunc
	timer  *time.Timer // ends ctx when the lease runs out unrenewed

	mu       sync.Mutex
	finished bool
}

// release stops renewing the lease (its delivery is finished).
func (hl *heldLease) release() {
	hl.mu.Lock()
	hl.finished = true
	hl.mu.Unlock()
	hl.timer.Stop()
	hl.cancel(nil)
}

func (hl *heldLease) isFinished() bool {
	hl.mu.Lock()
	defer hl.mu.Unlock()
	return hl.finished
}

// startHeartbeat starts renewing leases, claimed at the local time claimed.
func (h *Handler) startHeartbeat(leases []Lease, claimed time.Time) *heartbeat {
	hb := &heartbeat{h: h, done: make(chan struct{})}
	until := claimed.Add(h.lease)
	for _, l := range leases {
		ctx, cancel := context.WithCancelCause(h.ctx)
		hl := &heldLease{l: l, ctx: ctx, cancel: cancel}
		hl.timer = time.AfterFunc(time.Until(until), func() { cancel(errLeaseRanOut) })
		hb.held = append(hb.held, hl)
	}
	hb.wg.Add(1)
	go hb.run()
	return hb
}

func (hb *heartbeat) stop() {
	close(hb.done)
	hb.wg.Wait()
}

func (hb *heartbeat) run() {
	defer hb.wg.Done()
	h := hb.h
	t := time.NewTicker(h.lease / 3)
	defer t.Stop()
	for {
		select {
		case <-hb.done:
			return
		case <-t.C:
		}
		for _, hl := range hb.held {
			if hl.isFinished() || hl.ctx.Err() != nil {
				continue
			}
			start := time.Now()
			rctx, cancel := context.WithTimeout(h.ctx, h.lease/3)
			_, err := h.inbox.Renew(rctx, hl.l, h.lease)
			cancel()
			switch {
			case err == nil:
				hl.timer.Reset(time.Until(start.Add(h.lease)))
			case errors.Is(err, ErrLeaseLost):
				hl.cancel(ErrLeaseLost)
				h.log.LogAttrs(h.ctx, slog.LevelWarn, "dispatch: inbox lease lost while held",
					slog.String("event_type", h.typeOf(hl.l.Message.Event.Body)), slog.Int("attempt", hl.l.Attempt))
			case h.ctx.Err() == nil:
				// Tried again at the next beat; the lease's own timer ends
				// the call if none succeeds in time.
				h.log.LogAttrs(h.ctx, slog.LevelWarn, "dispatch: inbox lease renewal failed",
					append(storeErrorAttrs(err), slog.String("event_type", h.typeOf(hl.l.Message.Event.Body)))...)
			}
		}
	}
}
