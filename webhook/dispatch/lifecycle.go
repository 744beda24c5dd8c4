package dispatch

import (
	"context"
	"fmt"
	"sync"
)

// ShutdownError is what Shutdown returns when its context ended before every
// event was finished. It matches the context's error with errors.Is.
type ShutdownError struct {
	// Unfinished counts the events not finished when Shutdown gave up. In
	// asynchronous mode they were queued, in flight or waiting for a retry,
	// and each is handed to the WithDeadLetter function with an error
	// matching ErrClosed: the queued ones before Shutdown returns, the
	// others when their call returns (unless it then succeeded). In inbox
	// mode they were in flight: each is given back to the inbox, ready at
	// once, so another worker (or this process after a restart) processes
	// it; nothing is lost.
	Unfinished int
	// Err is the context's error.
	Err error
}

// Error reports the count, never an event's content.
func (e *ShutdownError) Error() string {
	return fmt.Sprintf("dispatch: shutdown: %d events unfinished: %v", e.Unfinished, e.Err)
}

// Unwrap returns the context's error.
func (e *ShutdownError) Unwrap() error { return e.Err }

// Shutdown stops a Handler from NewEventHandler: deliveries arriving from
// now on get 503, and Shutdown waits for the work in hand. In asynchronous
// mode that is every queued event, retries included; in inbox mode workers
// stop claiming and Shutdown waits for the deliveries they hold (the rest
// stay in the inbox). If ctx ends first, the ProcessFunc's context is
// cancelled and Shutdown returns a *ShutdownError counting the events it
// could not finish. Call it after http.Server.Shutdown, so no request is
// still being accepted. For NewHandler and sync mode it does nothing. It is
// safe to call more than once.
func (h *Handler) Shutdown(ctx context.Context) error {
	if h.mode != modeAsync && h.mode != modeInbox {
		return nil
	}
	h.mu.Lock()
	if !h.closed {
		h.closed = true
		close(h.stop)
	}
	h.mu.Unlock()
	if h.mode == modeAsync {
		return h.shutdownAsync(ctx)
	}
	done := make(chan struct{})
	go func() {
		h.wg.Wait()
		close(done)
	}()
	select {
	case <-done:
		h.cancel()
		return nil
	case <-ctx.Done():
		n := h.idle.inFlight()
		h.cancel()
		if n == 0 {
			// Finished in the same instant.
			return nil
		}
		return &ShutdownError{Unfinished: n, Err: ctx.Err()}
	}
}

// shutdownAsync waits for every event in hand (queued, in flight, waiting
// for a retry), then stops the workers.
func (h *Handler) shutdownAsync(ctx context.Context) error {
	defer h.quitOnce.Do(func() { close(h.quit) })
	if ch := h.idle.waitCh(); ch != nil {
		select {
		case <-ch:
		case <-ctx.Done():
			n := h.idle.inFlight()
			h.cancel()
			// Workers stuck in a ProcessFunc that ignores its context would
			// never reach the events still waiting: hand those to the
			// dead-letter function here, before returning.
			h.abandonAll()
			if n == 0 {
				return nil
			}
			return &ShutdownError{Unfinished: n, Err: ctx.Err()}
		}
	}
	h.quitOnce.Do(func() { close(h.quit) })
	h.wg.Wait() // the workers are idle: they return at once
	h.cancel()
	return nil
}

// WaitIdle waits, without shutting down, until the handler has nothing in
// hand, or ctx ends (then it returns ctx's error). In asynchronous mode
// idle means every accepted event has succeeded or been dead-lettered
// (events waiting for a retry are in hand). In inbox mode it means no
// worker holds a delivery and a claim made after the last delivery this
// handler accepted found nothing ready; deliveries scheduled for a later
// retry do not count. For NewHandler and sync mode it returns at once.
// Tests use it to assert on what was processed.
func (h *Handler) WaitIdle(ctx context.Context) error {
	if h.mode != modeAsync && h.mode != modeInbox {
		return nil
	}
	ch := h.idle.waitCh()
	if ch == nil {
		return nil
	}
	select {
	case <-ch:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// idleTracker knows when a handler has nothing in hand. busy counts events
// (asynchronous mode) or workers claiming or processing (inbox mode). In
// inbox mode the handler is idle only once a claim started after the last
// accept (epoch) found nothing.
type idleTracker struct {
	mu         sync.Mutex
	busy       int
	processing int
	needEmpty  bool
	epoch      uint64
	emptyAt    uint64
	ch         chan struct{}
}

func (t *idleTracker) isIdle() bool {
	return t.busy == 0 && (!t.needEmpty || t.emptyAt == t.epoch)
}

// changed wakes waiters once the tracker is idle; t.mu is held.
func (t *idleTracker) changed() {
	if t.ch != nil && t.isIdle() {
		close(t.ch)
		t.ch = nil
	}
}

func (t *idleTracker) add() {
	t.mu.Lock()
	t.busy++
	t.mu.Unlock()
}

func (t *idleTracker) done() {
	t.mu.Lock()
	t.busy--
	t.changed()
	t.mu.Unlock()
}

// claiming marks a worker busy and returns the epoch its claim started in.
func (t *idleTracker) claiming() uint64 {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.busy++
	return t.epoch
}

// foundNothing records that a claim started in epoch e found nothing.
func (t *idleTracker) foundNothing(e uint64) {
	t.mu.Lock()
	t.busy--
	if e > t.emptyAt {
		t.emptyAt = e
	}
	t.changed()
	t.mu.Unlock()
}

// bump records new work (an accepted delivery).
func (t *idleTracker) bump() {
	t.mu.Lock()
	t.epoch++
	t.mu.Unlock()
}

// startProcessing and stopProcessing count the leases in flight.
func (t *idleTracker) startProcessing() {
	t.mu.Lock()
	t.processing++
	t.mu.Unlock()
}

func (t *idleTracker) stopProcessing() {
	t.mu.Lock()
	t.processing--
	t.mu.Unlock()
}

// inFlight is what Shutdown reports as unfinished.
func (t *idleTracker) inFlight() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.needEmpty {
		return t.processing
	}
	return t.busy
}

// waitCh returns a channel closed when the tracker becomes idle, or nil
// when it is idle now.
func (t *idleTracker) waitCh() chan struct{} {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.isIdle() {
		return nil
	}
	if t.ch == nil {
		t.ch = make(chan struct{})
	}
	return t.ch
}
