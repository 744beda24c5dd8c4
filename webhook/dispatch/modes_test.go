package dispatch

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/labwire/labwire/internal/transport"
)

const bodyCanary = "CANARY-Jane-Doe-1970"

// phiBody is a signed-body payload carrying a patient-name canary.
func phiBody(i int) string {
	return `{"id":"evt_` + strconv.Itoa(i) + `","type":"order.created","patient":"` + bodyCanary + `"}`
}

func typeOf([]byte) string { return "order.created" }

// recorder records ProcessFunc calls and dead letters.
type recorder struct {
	mu       sync.Mutex
	attempts []int
	at       []time.Time
	dead     []error
	deadEv   []Event
}

func (r *recorder) call(e Event) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.attempts = append(r.attempts, e.Attempt)
	r.at = append(r.at, time.Now())
}

func (r *recorder) deadLetter(_ context.Context, e Event, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.dead = append(r.dead, err)
	r.deadEv = append(r.deadEv, e)
}

func (r *recorder) snapshot() ([]int, []time.Time, []error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]int(nil), r.attempts...), append([]time.Time(nil), r.at...), append([]error(nil), r.dead...)
}

// Issue 7 item 15, sync mode: the function runs before the answer, and its
// success is what the sender sees.
func TestSyncModeProcessesBeforeAnswering(t *testing.T) {
	t.Parallel()
	now := time.Unix(vecT, 0)
	v := newTS(t, now, []string{vecSecret})
	done := false
	h, err := NewEventHandler(v, func(_ context.Context, e Event) error {
		assert.Equal(t, vecBody, string(e.Body))
		assert.Equal(t, 1, e.Attempt)
		done = true
		return nil
	}, WithSync(), WithSuccessStatus(http.StatusNoContent))
	require.NoError(t, err)
	rec := serve(h, signedRequest(now, vecBody, vecSecret))
	assert.True(t, done, "processed before ServeHTTP returned")
	assert.Equal(t, http.StatusNoContent, rec.Code)
	require.NoError(t, h.Shutdown(context.Background()), "no-op in sync mode")
	require.NoError(t, h.WaitIdle(context.Background()))
}

// Issue 7 item 15, sync mode: a failure a redelivery can fix answers 5xx so
// the sender redelivers, and the redelivery is processed (the dedup key is
// released). Issue 17: a panic is not one of them (what the call wrote before
// it may have happened): it is acknowledged, logged, and a redelivery is a
// duplicate.
func TestSyncModeFailureAnswers5xxSoSenderRedelivers(t *testing.T) {
	t.Parallel()
	now := time.Unix(vecT, 0)
	v := newTS(t, now, []string{vecSecret})
	log, logs := newLogger()
	calls := 0
	h, err := NewEventHandler(v, func(context.Context, Event) error {
		calls++
		switch calls {
		case 1:
			return errors.New("db down " + bodyCanary)
		case 3:
			panic(bodyCanary)
		}
		return nil
	}, WithSync(), WithDeduper(mustDeduper(t)), WithLogger(log), WithEventType(typeOf))
	require.NoError(t, err)
	assert.Contains(t, logs.String(), "sync mode without WithDeadLetter", "said at construction")
	assert.Equal(t, 500, serve(h, signedRequest(now, phiBody(1), vecSecret)).Code)
	assert.Equal(t, 200, serve(h, signedRequest(now, phiBody(1), vecSecret)).Code, "redelivery processed")
	assert.Equal(t, 200, serve(h, signedRequest(now, phiBody(1), vecSecret)).Code, "then a duplicate")
	assert.Equal(t, 2, calls)
	assert.Equal(t, 200, serve(h, signedRequest(now, phiBody(2), vecSecret)).Code, "a panic is acknowledged")
	assert.Equal(t, 200, serve(h, signedRequest(now, phiBody(2), vecSecret)).Code, "and its redelivery is a duplicate")
	assert.Equal(t, 3, calls)
	out := logs.String()
	assert.Contains(t, out, `"category":"error"`)
	assert.Contains(t, out, `"category":"panic"`)
	assert.Contains(t, out, "dead-lettered without a dead-letter function")
	assert.Contains(t, out, `"event_type":"order.created"`)
	assert.NotContains(t, out, "CANARY")
}

// Issue 7 item 15, sync mode: WithProcessTimeout bounds the function inside
// the sender's budget; running out answers 500 with category timeout.
func TestSyncModeProcessTimeoutAnswers500(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		now := time.Unix(vecT, 0)
		v := newTS(t, now, []string{vecSecret})
		log, logs := newLogger()
		h, err := NewEventHandler(v, func(ctx context.Context, _ Event) error {
			<-ctx.Done()
			return ctx.Err()
		}, WithSync(), WithProcessTimeout(time.Second), WithLogger(log))
		require.NoError(t, err)
		assert.Equal(t, 500, serve(h, signedRequest(now, vecBody, vecSecret)).Code)
		assert.Contains(t, logs.String(), `"category":"timeout"`)
	})
}

// Issue 7 item 15, async mode: a failing event is retried in-process with
// jittered, doubling backoff, then handed with its error to the dead-letter
// function; each failure is logged with category and event type, never the
// body.
func TestAsyncRetriesWithJitteredBackoffThenDeadLetters(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		now := time.Unix(vecT, 0)
		v := newTS(t, now, []string{vecSecret})
		log, logs := newLogger()
		rec := &recorder{}
		cause := errors.New("upstream " + bodyCanary)
		h, err := NewEventHandler(v, func(_ context.Context, e Event) error {
			rec.call(e)
			return cause
		}, WithRetries(4, time.Second, 3*time.Second), WithDeadLetter(rec.deadLetter),
			WithLogger(log), WithEventType(typeOf), WithDeduper(mustDeduper(t)))
		require.NoError(t, err)
		assert.Equal(t, 200, serve(h, signedRequest(now, phiBody(1), vecSecret)).Code)
		require.NoError(t, h.WaitIdle(context.Background()))

		attempts, at, dead := rec.snapshot()
		assert.Equal(t, []int{1, 2, 3, 4}, attempts)
		bounds := [][2]time.Duration{{500 * time.Millisecond, time.Second}, {time.Second, 2 * time.Second}, {1500 * time.Millisecond, 3 * time.Second}}
		for i, b := range bounds {
			gap := at[i+1].Sub(at[i])
			assert.GreaterOrEqual(t, gap, b[0], "wait %d", i+1)
			assert.LessOrEqual(t, gap, b[1], "wait %d", i+1)
		}
		require.Len(t, dead, 1)
		assert.ErrorIs(t, dead[0], cause)
		assert.Equal(t, phiBody(1), string(rec.deadEv[0].Body))
		out := logs.String()
		assert.Contains(t, out, "process failed; retry scheduled")
		assert.Contains(t, out, "process failed; attempts used up, dead-lettered")
		assert.Contains(t, out, `"category":"error"`)
		assert.Contains(t, out, `"event_type":"order.created"`)
		assert.Contains(t, out, `"max_attempts":4`)
		assert.NotContains(t, out, "CANARY")
		assert.Equal(t, 200, serve(h, signedRequest(now, phiBody(1), vecSecret)).Code)
		require.NoError(t, h.WaitIdle(context.Background()))
		attempts, _, _ = rec.snapshot()
		assert.Len(t, attempts, 8, "the dead letter released the dedup key: a redelivery is tried again")
		require.NoError(t, h.Shutdown(context.Background()))
	})
}

// A retry that succeeds stops the retries; nothing is dead-lettered.
func TestAsyncRetrySucceedsWithoutDeadLetter(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		now := time.Unix(vecT, 0)
		v := newTS(t, now, []string{vecSecret})
		rec := &recorder{}
		h, err := NewEventHandler(v, func(_ context.Context, e Event) error {
			rec.call(e)
			if e.Attempt < 3 {
				return errors.New("flaky")
			}
			return nil
		}, WithDeadLetter(rec.deadLetter))
		require.NoError(t, err)
		assert.Equal(t, 200, serve(h, signedRequest(now, vecBody, vecSecret)).Code)
		require.NoError(t, h.WaitIdle(context.Background()))
		attempts, _, dead := rec.snapshot()
		assert.Equal(t, []int{1, 2, 3}, attempts)
		assert.Empty(t, dead)
		require.NoError(t, h.Shutdown(context.Background()))
	})
}

// A Permanent error is dead-lettered at once.
func TestAsyncPermanentErrorIsNotRetried(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		now := time.Unix(vecT, 0)
		v := newTS(t, now, []string{vecSecret})
		rec := &recorder{}
		parse := errors.New("bad payload")
		h, err := NewEventHandler(v, func(_ context.Context, e Event) error {
			rec.call(e)
			return Permanent(parse)
		}, WithDeadLetter(rec.deadLetter))
		require.NoError(t, err)
		assert.Equal(t, 200, serve(h, signedRequest(now, vecBody, vecSecret)).Code)
		require.NoError(t, h.WaitIdle(context.Background()))
		attempts, _, dead := rec.snapshot()
		assert.Equal(t, []int{1}, attempts)
		require.Len(t, dead, 1)
		assert.ErrorIs(t, dead[0], ErrPermanent)
		assert.ErrorIs(t, dead[0], parse)
		assert.Equal(t, "permanent", Category(dead[0]))
		require.NoError(t, h.Shutdown(context.Background()))
	})
}

// shutdownWithThreeQueued sends three events to a one-worker asynchronous
// handler whose ProcessFunc is hold (the worker holds event 0; 1 and 2 are
// queued), lets Shutdown's 5 s context run out, and checks the
// *ShutdownError. It runs inside a synctest bubble.
func shutdownWithThreeQueued(t *testing.T, rec *recorder, hold func(ctx context.Context) error) *Handler {
	t.Helper()
	now := time.Unix(vecT, 0)
	h, err := NewEventHandler(newTS(t, now, []string{vecSecret}), func(ctx context.Context, e Event) error {
		rec.call(e)
		return hold(ctx)
	}, WithWorkers(1), WithDeadLetter(rec.deadLetter))
	require.NoError(t, err)
	for i := range 3 {
		require.Equal(t, 200, serve(h, signedRequest(now, phiBody(i), vecSecret)).Code)
	}
	synctest.Wait()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err = h.Shutdown(ctx)
	var se *ShutdownError
	require.ErrorAs(t, err, &se)
	assert.Equal(t, 3, se.Unfinished)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.NotContains(t, err.Error(), "CANARY")
	return h
}

// Issue 7 item 15: Shutdown drains, and when its context ends first it
// reports how many events it could not finish; those go to the dead letter.
func TestAsyncShutdownReportsUnfinishedAndDeadLettersThem(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		rec := &recorder{}
		h := shutdownWithThreeQueued(t, rec, func(ctx context.Context) error {
			<-ctx.Done()
			return ctx.Err()
		})
		synctest.Wait()
		attempts, _, dead := rec.snapshot()
		assert.Equal(t, []int{1}, attempts, "queued events were not started after the deadline")
		require.Len(t, dead, 3)
		for _, d := range dead {
			assert.ErrorIs(t, d, ErrClosed)
		}
		assert.Equal(t, 503, serve(h, signedRequest(time.Unix(vecT, 0), vecBody, vecSecret)).Code, "closed")
	})
}

// Issue 7 item 15: Shutdown with time enough drains every queued event,
// including one waiting for a retry.
func TestAsyncShutdownDrainsRetries(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		now := time.Unix(vecT, 0)
		v := newTS(t, now, []string{vecSecret})
		rec := &recorder{}
		h, err := NewEventHandler(v, func(_ context.Context, e Event) error {
			rec.call(e)
			if e.Attempt == 1 {
				return errors.New("once")
			}
			return nil
		}, WithWorkers(1))
		require.NoError(t, err)
		for i := range 3 {
			require.Equal(t, 200, serve(h, signedRequest(now, phiBody(i), vecSecret)).Code)
		}
		require.NoError(t, h.Shutdown(context.Background()))
		attempts, _, _ := rec.snapshot()
		assert.Len(t, attempts, 6)
	})
}

// Issue 7 item 15: WaitIdle waits until every accepted event is done,
// without shutting the handler down.
func TestWaitIdleWithoutShutdown(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		now := time.Unix(vecT, 0)
		v := newTS(t, now, []string{vecSecret})
		rec := &recorder{}
		h, err := NewEventHandler(v, func(_ context.Context, e Event) error {
			time.Sleep(time.Second) // fake time inside the bubble
			rec.call(e)
			return nil
		}, WithWorkers(2))
		require.NoError(t, err)
		require.NoError(t, h.WaitIdle(context.Background()), "idle before any delivery")
		for i := range 5 {
			require.Equal(t, 200, serve(h, signedRequest(now, phiBody(i), vecSecret)).Code)
		}
		require.NoError(t, h.WaitIdle(context.Background()))
		attempts, _, _ := rec.snapshot()
		assert.Len(t, attempts, 5)
		require.Equal(t, 200, serve(h, signedRequest(now, phiBody(9), vecSecret)).Code, "still accepting")
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
		defer cancel()
		assert.ErrorIs(t, h.WaitIdle(ctx), context.DeadlineExceeded, "busy for a (fake) second")
		require.NoError(t, h.WaitIdle(context.Background()))
		require.NoError(t, h.Shutdown(context.Background()))
	})
}

func TestRetryWaitIsJitteredAndCapped(t *testing.T) {
	t.Parallel()
	p := retryPolicy{attempts: 10, min: time.Second, max: 8 * time.Second}
	for n, base := range []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 8 * time.Second, 8 * time.Second} {
		seen := map[time.Duration]bool{}
		for range 200 {
			w := p.wait(n + 1)
			require.GreaterOrEqual(t, w, base/2)
			require.LessOrEqual(t, w, base)
			seen[w] = true
		}
		assert.Greater(t, len(seen), 1, "jittered")
	}
}

func TestCategoryNamesFailureKinds(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "timeout", Category(context.DeadlineExceeded))
	assert.Equal(t, "canceled", Category(context.Canceled))
	assert.Equal(t, "permanent", Category(Permanent(context.DeadlineExceeded)))
	assert.Equal(t, "panic", Category(errPanicked))
	assert.Equal(t, "shutdown", Category(errAbandoned))
	assert.Equal(t, "error", Category(errors.New("x")))
	assert.Equal(t, "server", Category(fmt.Errorf("calling the partner: %w", transport.ErrServer)))
	assert.Equal(t, "rate_limited", Category(transport.ErrRateLimited))
	assert.Nil(t, Permanent(nil))
	assert.Equal(t, "order.created", sanitizeEventType("order.created"))
	assert.Equal(t, "ab", sanitizeEventType("a\nb"))
	assert.Len(t, sanitizeEventType(string(make([]byte, 100))), 0)
}

// A ProcessFunc that ignores its context keeps its worker past Shutdown's
// deadline; the events still queued behind it are dead-lettered by Shutdown
// itself, before it returns, instead of waiting for ever for a worker.
func TestAsyncShutdownDeadLettersQueuedEventsWhenWorkersIgnoreContext(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		rec := &recorder{}
		block := make(chan struct{})
		h := shutdownWithThreeQueued(t, rec, func(context.Context) error {
			<-block // ignores ctx
			return nil
		})
		_, _, dead := rec.snapshot()
		require.Len(t, dead, 2, "the queued events reached the dead letter before Shutdown returned")
		for _, d := range dead {
			assert.ErrorIs(t, d, ErrClosed)
		}
		close(block)
		synctest.Wait()
		attempts, _, dead := rec.snapshot()
		assert.Equal(t, []int{1}, attempts)
		assert.Len(t, dead, 2, "the in-flight event succeeded late: not dead-lettered")
		require.NoError(t, h.WaitIdle(context.Background()))
	})
}

// A WithEventType function that panics on a body it does not expect runs
// on a worker when a failure is logged; the panic used to kill the whole
// process. It is recovered: the failure is logged without a type and the
// event still reaches the dead letter.
func TestEventTypePanicOnWorkerDoesNotKillTheProcess(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		now := time.Unix(vecT, 0)
		rec := &recorder{}
		logger, logs := newLogger()
		h, err := NewEventHandler(newTS(t, now, []string{vecSecret}), func(context.Context, Event) error {
			return Permanent(errors.New("unexpected payload"))
		}, WithDeadLetter(rec.deadLetter), WithLogger(logger),
			WithEventType(func([]byte) string { panic("index out of range") }))
		require.NoError(t, err)
		require.Equal(t, 200, serve(h, signedRequest(now, phiBody(1), vecSecret)).Code)
		require.NoError(t, h.WaitIdle(context.Background()))
		_, _, dead := rec.snapshot()
		require.Len(t, dead, 1)
		assert.Contains(t, logs.String(), `"category":"permanent"`)
		assert.Contains(t, logs.String(), `"event_type":""`)
		require.NoError(t, h.Shutdown(context.Background()))
	})
}
