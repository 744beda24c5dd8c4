package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"
)

// The display's rhythm: a terminal is redrawn every redrawTick; plain output of several
// orders prints a line at least every plainTick.
const (
	redrawTick = 100 * time.Millisecond
	plainTick  = time.Second
)

// result is what a run did.
type result struct {
	orders, failed int
	elapsed        time.Duration
	errs           []error
}

// run runs cfg.orders orders concurrently in w and returns when all have ended.
func (w *world) run(ctx context.Context) result {
	start := w.prog.restart()
	stop := make(chan struct{})
	drawn := make(chan struct{})
	tick := plainTick
	if w.cfg.tty {
		tick = redrawTick
	}
	go func() { w.prog.run(stop, tick); close(drawn) }()

	errs := make([]error, w.cfg.orders)
	var wg sync.WaitGroup
	for i := range w.cfg.orders {
		wg.Go(func() {
			errs[i] = w.runOrder(ctx, i)
			w.prog.orderDone(errs[i])
		})
	}
	wg.Wait()
	res := result{orders: w.cfg.orders, elapsed: time.Since(start)}
	close(stop)
	<-drawn
	for _, err := range errs {
		if err != nil {
			res.failed++
			res.errs = append(res.errs, err)
		}
	}
	return res
}

// summary prints the run's figures: per vendor the client's calls and retries and the
// receiver's webhooks, then the time and the rate.
func (w *world) summary(out io.Writer, res result) {
	if w.cfg.orders > 1 {
		fmt.Fprintln(out, "\nsteps (orders done, mean and max duration):")
		for _, l := range w.prog.table() {
			fmt.Fprintln(out, l)
		}
	}
	// calls = attempts - retries: every attempt that is not a retry starts a call (nothing
	// here is replayed after a 401). A client's own token requests count as calls.
	fmt.Fprintln(out, "\nvendor    calls  HTTP attempts  retries  failed calls   webhooks received  duplicates dropped  processed")
	for _, v := range vendors {
		c, h := w.stats.calls[v], w.stats.hooks[v]
		if c.attempts.Load() == 0 && h.received.Load() == 0 {
			continue
		}
		fmt.Fprintf(out, "%-9s %5d %14d %8d %13d %19d %19d %10d\n", v, c.attempts.Load()-c.retries.Load(),
			c.attempts.Load(), c.retries.Load(), c.failed.Load(), h.received.Load(), h.duplicates.Load(), h.processed.Load())
	}
	dead, failed := int64(0), int64(0)
	for _, v := range vendors {
		dead += w.stats.hooks[v].dead.Load()
		failed += w.stats.calls[v].failed.Load()
	}
	fmt.Fprintln(out, failedCalls(failed, w.stats.reconciled.Load()))
	fmt.Fprintf(out, "webhook events dead-lettered: %d\n", dead)
	fmt.Fprintf(out, "%d of %d orders complete in %s (%.1f orders/s), faults %s\n",
		res.orders-res.failed, res.orders, dur(res.elapsed), float64(res.orders)/res.elapsed.Seconds(), onOff(w.cfg.faults))
	for i, err := range res.errs {
		if i == 5 {
			fmt.Fprintf(out, "... and %d more failures\n", len(res.errs)-5)
			break
		}
		fmt.Fprintln(out, "failed:", err)
	}
}

// failedCalls says how many calls failed and which of them were expected: a write whose
// outcome was unknown (a scripted 503 or lost answer under -faults) fails its call, and the
// lab settles it by reading the resource back, so each settled write is one expected
// failure. Any other failed call is unexpected.
func failedCalls(failed, settled int64) string {
	switch unexpected := failed - settled; {
	case failed == 0:
		return "failed calls: 0"
	case unexpected <= 0:
		return fmt.Sprintf("failed calls: %d (expected: writes with an unknown outcome, each settled by reading back)", failed)
	default:
		return fmt.Sprintf("failed calls: %d, %d of them unexpected (%d expected: writes with an unknown outcome, each settled by reading back)", failed, unexpected, settled)
	}
}

func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}

// errIncomplete is the command's error when an order did not complete.
var errIncomplete = errors.New("not every order completed")
