package dispatch

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"
)

// claimErrorEvery is the least time between two error lines about failing inbox claims:
// while the store is down every worker fails every poll, and one line says so.
const claimErrorEvery = 30 * time.Second

// claimLog logs an inbox that cannot be claimed from once per outage, not once per worker
// and poll: the first failure at error level, then at most one error line per
// claimErrorEvery with the count of failures since the last (the others at debug level),
// and one info line when a claim succeeds again.
type claimLog struct {
	failing atomic.Int64 // consecutive failed claims, all workers
	mu      sync.Mutex
	since   int64     // failures since the last error line
	logged  time.Time // when the last error line was written
	began   time.Time // when the failures began
}

// failed records a failed claim and logs it as above.
func (c *claimLog) failed(ctx context.Context, log *slog.Logger, err error) {
	n := c.failing.Add(1)
	c.mu.Lock()
	now := time.Now()
	if n == 1 || c.began.IsZero() {
		c.began = now
	}
	c.since++
	if n > 1 && now.Sub(c.logged) < claimErrorEvery {
		c.mu.Unlock()
		log.LogAttrs(ctx, slog.LevelDebug, "dispatch: inbox claim failed", append(storeErrorAttrs(err), slog.Int64("failures", n))...)
		return
	}
	since := c.since
	c.since, c.logged = 0, now
	c.mu.Unlock()
	log.LogAttrs(ctx, slog.LevelError, "dispatch: inbox claim failed",
		append(storeErrorAttrs(err), slog.Int64("failures", n), slog.Int64("failures_since_last_line", since))...)
}

// succeeded records a claim that worked, and logs the end of an outage.
func (c *claimLog) succeeded(ctx context.Context, log *slog.Logger) {
	if c.failing.Load() == 0 {
		return
	}
	n := c.failing.Swap(0)
	if n == 0 {
		return // another worker logged the recovery
	}
	c.mu.Lock()
	var took time.Duration
	if !c.began.IsZero() { // zero when a failure raced this success to the lock
		took = time.Since(c.began)
	}
	c.since, c.logged, c.began = 0, time.Time{}, time.Time{}
	c.mu.Unlock()
	log.LogAttrs(ctx, slog.LevelInfo, "dispatch: inbox claims work again",
		slog.Int64("failures", n), slog.Duration("after", took))
}
