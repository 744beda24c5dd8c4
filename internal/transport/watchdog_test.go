package transport

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// An attempt under the watchdog ends between AttemptTimeout and one period later, reading
// like a context.WithTimeoutCause: Err is DeadlineExceeded, Cause the attempt timeout,
// Deadline the attempt's.
func TestWatchdogEndsAttempt(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		cause := &attemptTimeoutError{d: 8 * time.Second}
		w := newWatchdog(8*time.Second, cause)
		start := time.Now()
		ctx, release := w.attempt(t.Context())
		defer release()

		dl, ok := ctx.Deadline()
		require.True(t, ok)
		assert.Equal(t, start.Add(8*time.Second), dl)
		assert.NoError(t, ctx.Err())

		<-ctx.Done()
		took := time.Since(start)
		assert.GreaterOrEqual(t, took, 8*time.Second)
		assert.LessOrEqual(t, took, 8*time.Second+8*time.Second/watchdogSlices)
		assert.Equal(t, context.DeadlineExceeded, ctx.Err())
		assert.Same(t, cause, context.Cause(ctx))

		// A context derived from it (as net/http derives one) ends with it and sees the cause.
		child, stop := context.WithCancel(ctx)
		defer stop()
		assert.ErrorIs(t, context.Cause(child), context.DeadlineExceeded)
	})
}

// The watchdog's timer runs only while attempts are in flight: released attempts leave
// nothing scheduled, and a parent's earlier deadline and cancellation come through.
func TestWatchdogIdleAndParent(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		w := newWatchdog(4*time.Second, &attemptTimeoutError{d: 4 * time.Second})
		for range 3 {
			_, release := w.attempt(t.Context())
			release()
		}
		time.Sleep(time.Second) // past one period: the fire finds nothing and disarms
		synctest.Wait()
		w.mu.Lock()
		assert.False(t, w.armed, "no timer while idle")
		assert.Empty(t, w.live)
		w.mu.Unlock()

		parent, cancel := context.WithDeadline(t.Context(), time.Now().Add(time.Second))
		defer cancel()
		ctx, release := w.attempt(parent)
		defer release()
		dl, _ := ctx.Deadline()
		assert.Equal(t, time.Now().Add(time.Second), dl, "the parent's deadline comes first")
		<-ctx.Done()
		assert.Equal(t, context.DeadlineExceeded, ctx.Err())
		assert.Equal(t, context.DeadlineExceeded, context.Cause(ctx), "the parent's cause, not the attempt timeout")

		parent2, cancel2 := context.WithCancel(t.Context())
		ctx2, release2 := w.attempt(parent2)
		defer release2()
		cancel2()
		assert.Equal(t, context.Canceled, ctx2.Err())
	})
}

// Through the client: a GET whose first attempt hangs past a one-minute AttemptTimeout (the
// default's size, served by the watchdog) is retried, and a POST's is not retried and
// matches ErrOutcomeUnknown, its error naming the attempt timeout.
func TestWatchdogAttemptTimeoutThroughClient(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		var n int
		rt := rtFunc(func(r *http.Request) (*http.Response, error) {
			n++
			if n == 1 {
				<-r.Context().Done()
				return nil, context.Cause(r.Context())
			}
			return &http.Response{StatusCode: 200, Body: http.NoBody, Header: http.Header{}}, nil
		})
		s := testSettings(rt)
		s.AttemptTimeout = time.Minute
		c := newClient(t, s)
		require.NotNil(t, c.watch, "a one-minute timeout is the watchdog's")

		start := time.Now()
		resp, err := c.Do(t.Context(), get("/orders"), nil)
		require.NoError(t, err)
		assert.Equal(t, 2, resp.Attempts)
		assert.GreaterOrEqual(t, time.Since(start), time.Minute)

		n = 0
		_, err = c.Do(t.Context(), &Request{Method: http.MethodPost, Route: "/orders", JSON: map[string]int{"a": 1}}, nil)
		require.Error(t, err)
		assert.Equal(t, 1, n, "a write is not resent")
		assert.ErrorIs(t, err, context.DeadlineExceeded)
		assert.ErrorIs(t, err, ErrOutcomeUnknown)
		assert.Contains(t, err.Error(), "attempt timed out after 1m0s")
		var at *attemptTimeoutError
		assert.True(t, errors.As(err, &at))
	})
}

// A timeout under watchdogMin keeps a timer of its own.
func TestWatchdogNotForShortTimeouts(t *testing.T) {
	t.Parallel()
	s := testSettings(rtFunc(func(*http.Request) (*http.Response, error) { return nil, errors.New("unused") }))
	s.AttemptTimeout = watchdogMin - time.Millisecond
	assert.Nil(t, newClient(t, s).watch)
}

// A client shared between a synctest bubble and the outside: each has its own clock, and a
// bubble's timers stop with it. An attempt on the other clock than the armed fire's gets a
// timer of its own, so it still ends on time, on its clock.
func TestWatchdogAcrossClocks(t *testing.T) {
	t.Parallel()
	t.Run("armed outside, attempt in a bubble", func(t *testing.T) {
		t.Parallel()
		w := newWatchdog(8*time.Second, &attemptTimeoutError{d: 8 * time.Second})
		_, releaseOutside := w.attempt(context.Background()) // arms the fire on the real clock
		defer releaseOutside()
		synctest.Test(t, func(t *testing.T) {
			start := time.Now()
			ctx, release := w.attempt(t.Context())
			defer release()
			<-ctx.Done()
			assert.Equal(t, 8*time.Second, time.Since(start), "on the bubble's clock")
			assert.ErrorIs(t, ctx.Err(), context.DeadlineExceeded)
		})
	})
	t.Run("armed in a bubble that ended, attempt outside", func(t *testing.T) {
		t.Parallel()
		w := newWatchdog(watchdogMin, &attemptTimeoutError{d: watchdogMin})
		synctest.Test(t, func(t *testing.T) {
			_, release := w.attempt(t.Context())
			release() // the fire stays scheduled on the bubble's clock, which stops
		})
		start := time.Now()
		ctx, release := w.attempt(context.Background())
		defer release()
		select {
		case <-ctx.Done():
		case <-time.After(10 * watchdogMin):
			t.Fatal("the attempt never ended")
		}
		assert.GreaterOrEqual(t, time.Since(start), watchdogMin)
		assert.ErrorIs(t, ctx.Err(), context.DeadlineExceeded)
	})
}
