package dispatch

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/labwire/labwire/internal/transport"
)

// errOutcomeUnknown503 is what a labwire client returns for a POST answered 503:
// it matches ErrServer and ErrOutcomeUnknown.
var errOutcomeUnknown503 = fmt.Errorf("workpath: POST /intakes: %w", errors.Join(transport.ErrServer, transport.ErrOutcomeUnknown))

// writeCounter stands for a vendor's server: it counts the writes it
// received, and answers the first n with a failure the client reports as
// err.
type writeCounter struct {
	writes atomic.Int32
	fail   int32
	err    error
}

func (c *writeCounter) process(context.Context, Event) error {
	if c.writes.Add(1) <= c.fail {
		return c.err
	}
	return nil
}

// Issue 17 item 1: an error matching ErrOutcomeUnknown is never retried in
// asynchronous mode: one write reaches the server, and the event goes to the
// dead letter with category outcome_unknown. A 503 on a read (ErrServer
// alone) is retried.
func TestAsyncOutcomeUnknownIsDeadLetteredNotRetried(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		now := time.Unix(vecT, 0)
		v := newTS(t, now, []string{vecSecret})
		log, logs := newLogger()
		for _, c := range []struct {
			name       string
			err        error
			wantWrites int32
			wantDead   string
		}{
			{"write_503", errOutcomeUnknown503, 1, "outcome_unknown"},
			{"validation", fmt.Errorf("workpath: Intakes.Create: %w", transport.ErrValidation), 1, "validation"},
			{"permanent", Permanent(errors.New("bad payload")), 1, "permanent"},
			{"read_503", fmt.Errorf("GET: %w", transport.ErrServer), 2, ""},
			{"rate_limited", fmt.Errorf("POST: %w", transport.ErrRateLimited), 2, ""},
			{"db_error", errors.New("connection refused"), 2, ""},
		} {
			srv := &writeCounter{fail: 1, err: c.err}
			rec := &recorder{}
			h, err := NewEventHandler(v, srv.process, WithRetries(5, time.Second, time.Minute),
				WithDeadLetter(rec.deadLetter), WithLogger(log), WithEventType(typeOf))
			require.NoError(t, err)
			require.Equal(t, 200, serve(h, signedRequest(now, phiBody(1), vecSecret)).Code)
			require.NoError(t, h.WaitIdle(context.Background()))
			assert.Equal(t, c.wantWrites, srv.writes.Load(), "%s: writes the server received", c.name)
			_, _, dead := rec.snapshot()
			if c.wantDead == "" {
				assert.Empty(t, dead, c.name)
			} else if assert.Len(t, dead, 1, c.name) {
				assert.Equal(t, c.wantDead, Category(dead[0]), c.name)
				assert.ErrorIs(t, dead[0], c.err, c.name)
			}
			require.NoError(t, h.Shutdown(context.Background()))
		}
		out := logs.String()
		assert.Contains(t, out, `"category":"outcome_unknown","event_type":"order.created","attempt":1,"max_attempts":5,"retryable":false`)
		assert.NotContains(t, out, "CANARY")
	})
}

// Issue 17 item 1: the same rule in inbox mode; the inbox keeps the dead
// letter with its cause.
func TestInboxOutcomeUnknownIsDeadLetteredNotRetried(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		now := time.Unix(vecT, 0)
		v := newTS(t, now, []string{vecSecret})
		ib := mustMemoryInbox(t)
		srv := &writeCounter{fail: 1, err: errOutcomeUnknown503}
		rec := &recorder{}
		h, err := NewEventHandler(v, srv.process, WithInbox(ib), WithSource("s"),
			WithRetries(5, time.Second, time.Minute), WithDeadLetter(rec.deadLetter))
		require.NoError(t, err)
		require.Equal(t, 200, serve(h, signedRequest(now, phiBody(1), vecSecret)).Code)
		require.NoError(t, h.WaitIdle(context.Background()))
		time.Sleep(10 * time.Minute) // any retry would have come by now
		require.NoError(t, h.WaitIdle(context.Background()))
		assert.Equal(t, int32(1), srv.writes.Load())
		dead, err := ib.DeadLetters(context.Background(), "s")
		require.NoError(t, err)
		require.Len(t, dead, 1)
		assert.Equal(t, "outcome_unknown", dead[0].LastCause)
		_, _, notified := rec.snapshot()
		require.Len(t, notified, 1)
		assert.ErrorIs(t, notified[0], ErrOutcomeUnknown)
		require.NoError(t, h.Shutdown(context.Background()))
	})
}

// Issue 17 item 1: WithRetryRule replaces the rule; Permanent stays final
// whatever the rule says.
func TestWithRetryRule(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		now := time.Unix(vecT, 0)
		v := newTS(t, now, []string{vecSecret})
		idempotent := func(err error) bool { return true } // "my handler looks up before it writes"
		for _, c := range []struct {
			err        error
			wantWrites int32
		}{{errOutcomeUnknown503, 2}, {Permanent(errOutcomeUnknown503), 1}} {
			srv := &writeCounter{fail: 1, err: c.err}
			h, err := NewEventHandler(v, srv.process, WithRetries(3, time.Second, time.Second), WithRetryRule(idempotent))
			require.NoError(t, err)
			require.Equal(t, 200, serve(h, signedRequest(now, phiBody(1), vecSecret)).Code)
			require.NoError(t, h.WaitIdle(context.Background()))
			assert.Equal(t, c.wantWrites, srv.writes.Load(), "%v", c.err)
			require.NoError(t, h.Shutdown(context.Background()))
		}
		_, err := NewEventHandler(v, nopProcess, WithRetryRule(nil))
		assert.ErrorIs(t, err, ErrInvalidConfig)
		_, err = NewHandler(v, http.NotFoundHandler(), WithRetryRule(idempotent))
		assert.ErrorContains(t, err, "WithRetryRule does not apply to NewHandler")
	})
}

// Issue 17 item 3: in sync mode a failure a redelivery cannot fix (outcome
// unknown, Permanent, a rule's refusal) goes to the dead-letter function and
// is answered 2xx; a retryable one is answered 500.
func TestSyncModeDeadLettersWhatARedeliveryCannotFix(t *testing.T) {
	t.Parallel()
	now := time.Unix(vecT, 0)
	v := newTS(t, now, []string{vecSecret})
	for _, c := range []struct {
		err      error
		status   int
		wantDead string
	}{
		{errOutcomeUnknown503, 200, "outcome_unknown"},
		{Permanent(errors.New("unparseable")), 200, "permanent"},
		{fmt.Errorf("x: %w", transport.ErrValidation), 200, "validation"},
		{errors.New("db down"), 500, ""},
		{fmt.Errorf("GET: %w", transport.ErrServer), 500, ""},
	} {
		srv := &writeCounter{fail: 1, err: c.err}
		rec := &recorder{}
		h, err := NewEventHandler(v, srv.process, WithSync(), WithDeadLetter(rec.deadLetter), WithDeduper(mustDeduper(t)))
		require.NoError(t, err)
		assert.Equal(t, c.status, serve(h, signedRequest(now, phiBody(1), vecSecret)).Code, "%v", c.err)
		_, _, dead := rec.snapshot()
		if c.wantDead == "" {
			assert.Empty(t, dead)
			// The sender's redelivery is processed.
			assert.Equal(t, 200, serve(h, signedRequest(now, phiBody(1), vecSecret)).Code)
			assert.Equal(t, int32(2), srv.writes.Load())
			continue
		}
		require.Len(t, dead, 1)
		assert.Equal(t, c.wantDead, Category(dead[0]))
		assert.Equal(t, phiBody(1), string(rec.deadEv[0].Body), "the dead letter holds the event")
		// A redelivery anyway (the sender's own retry) is a duplicate: no second write.
		assert.Equal(t, 200, serve(h, signedRequest(now, phiBody(1), vecSecret)).Code)
		assert.Equal(t, int32(1), srv.writes.Load())
	}
}

// Issue 17 item 2: a waiting retry holds no worker. With 4 workers and 4
// events failing (their retries a second away), a burst of 200 fresh
// deliveries is accepted and processed at once, before any retry is due.
func TestAsyncWaitingRetriesHoldNoWorker(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		now := time.Unix(vecT, 0)
		v := newTS(t, now, []string{vecSecret})
		var processed, failed atomic.Int32
		h, err := NewEventHandler(v, func(_ context.Context, e Event) error {
			if string(e.Body[:5]) == "fail:" {
				failed.Add(1)
				return errors.New("downstream unavailable")
			}
			processed.Add(1)
			return nil
		}, WithWorkers(4)) // the defaults otherwise: 5 attempts, queue 64, first retry after 0.5-1 s
		require.NoError(t, err)
		start := time.Now()
		for i := range 4 {
			require.Equal(t, 200, serve(h, signedRequest(now, fmt.Sprintf("fail:%d", i), vecSecret)).Code)
		}
		synctest.Wait()
		require.Equal(t, int32(4), failed.Load(), "each failing event tried once")
		for i := range 200 {
			require.Equal(t, 200, serve(h, signedRequest(now, fmt.Sprintf("ok:%d", i), vecSecret)).Code, "delivery %d", i)
			synctest.Wait()
			require.Equal(t, int32(i+1), processed.Load(), "delivery %d processed at once", i)
		}
		assert.Equal(t, start, time.Now(), "no fake time passed: no worker waited for a retry")
		assert.Equal(t, int32(4), failed.Load(), "no retry was due yet")
		require.NoError(t, h.WaitIdle(context.Background()))
		assert.Equal(t, int32(4*DefaultAttempts), failed.Load(), "then each failing event used its attempts")
		require.NoError(t, h.Shutdown(context.Background()))
	})
}

// Issue 17 item 2: the queue bound counts events waiting for a retry, so
// memory stays bounded; a full queue answers 503, and a worker is still free.
func TestAsyncQueueBoundCountsWaitingRetries(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		now := time.Unix(vecT, 0)
		v := newTS(t, now, []string{vecSecret})
		h, err := NewEventHandler(v, func(context.Context, Event) error { return errors.New("down") },
			WithWorkers(2), WithQueueSize(3), WithRetries(2, time.Minute, time.Minute))
		require.NoError(t, err)
		for i := range 3 {
			require.Equal(t, 200, serve(h, signedRequest(now, fmt.Sprintf("e%d", i), vecSecret)).Code)
			synctest.Wait()
		}
		assert.Equal(t, 503, serve(h, signedRequest(now, "e3", vecSecret)).Code, "3 waiting retries fill a queue of 3")
		require.NoError(t, h.WaitIdle(context.Background()))
		assert.Equal(t, 200, serve(h, signedRequest(now, "e4", vecSecret)).Code, "room again once they are done")
		require.NoError(t, h.Shutdown(context.Background()))
	})
}

// Shutdown waits for a waiting retry; when its context ends first, the
// waiting event goes to the dead letter with ErrClosed, before Shutdown
// returns, and its timer never fires into a stopped handler.
func TestAsyncShutdownAbandonsWaitingRetries(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		now := time.Unix(vecT, 0)
		v := newTS(t, now, []string{vecSecret})
		rec := &recorder{}
		var calls atomic.Int32
		h, err := NewEventHandler(v, func(context.Context, Event) error { calls.Add(1); return errors.New("down") },
			WithRetries(3, time.Minute, time.Minute), WithDeadLetter(rec.deadLetter))
		require.NoError(t, err)
		require.Equal(t, 200, serve(h, signedRequest(now, phiBody(1), vecSecret)).Code)
		synctest.Wait()
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		var se *ShutdownError
		require.ErrorAs(t, h.Shutdown(ctx), &se)
		assert.Equal(t, 1, se.Unfinished)
		_, _, dead := rec.snapshot()
		require.Len(t, dead, 1)
		assert.ErrorIs(t, dead[0], ErrClosed)
		time.Sleep(10 * time.Minute)
		assert.Equal(t, int32(1), calls.Load(), "the retry never ran")
		_, _, dead = rec.snapshot()
		assert.Len(t, dead, 1, "dead-lettered once")
	})
}

// Issue 17 item 7, runtime side: a call longer than the lease keeps its
// claim (the worker renews it), so no other worker takes it over; a claim
// found lost ends the call's context.
func TestInboxHeartbeatKeepsALongCallsClaim(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		now := time.Unix(vecT, 0)
		v := newTS(t, now, []string{vecSecret})
		ib := mustMemoryInbox(t)
		var mu sync.Mutex
		var attempts []int
		slow := func(ctx context.Context, e Event) error {
			mu.Lock()
			attempts = append(attempts, e.Attempt)
			mu.Unlock()
			select {
			case <-time.After(10 * time.Second): // ten leases
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		a, err := NewEventHandler(v, slow, WithInbox(ib), WithSource("s"), WithLease(time.Second), WithPollInterval(100*time.Millisecond))
		require.NoError(t, err)
		b, err := NewEventHandler(v, slow, WithInbox(ib), WithSource("s"), WithLease(time.Second), WithPollInterval(100*time.Millisecond))
		require.NoError(t, err)
		require.Equal(t, 200, serve(a, signedRequest(now, phiBody(1), vecSecret)).Code)
		time.Sleep(15 * time.Second)
		require.NoError(t, a.WaitIdle(context.Background()))
		require.NoError(t, b.WaitIdle(context.Background()))
		mu.Lock()
		assert.Equal(t, []int{1}, attempts, "one call, never taken over")
		mu.Unlock()
		recs, _ := ib.Records(context.Background(), "s")
		assert.Equal(t, InboxCompleted, recs[0].State)
		require.NoError(t, a.Shutdown(context.Background()))
		require.NoError(t, b.Shutdown(context.Background()))
	})
}

// lostRenewals reports every renewal as lost, as a store does after another
// worker took the message over.
type lostRenewals struct{ Inbox }

func (lostRenewals) Renew(context.Context, Lease, time.Duration) (time.Time, error) {
	return time.Time{}, ErrLeaseLost
}

func TestInboxLostLeaseEndsTheCall(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		now := time.Unix(vecT, 0)
		v := newTS(t, now, []string{vecSecret})
		ib := mustMemoryInbox(t)
		cause := make(chan error, 1)
		h, err := NewEventHandler(v, func(ctx context.Context, _ Event) error {
			<-ctx.Done()
			cause <- context.Cause(ctx)
			return ctx.Err()
		}, WithInbox(lostRenewals{ib}), WithSource("s"), WithLease(3*time.Second))
		require.NoError(t, err)
		start := time.Now()
		require.Equal(t, 200, serve(h, signedRequest(now, phiBody(1), vecSecret)).Code)
		assert.ErrorIs(t, <-cause, ErrLeaseLost)
		assert.Equal(t, time.Second, time.Since(start), "at the first beat, a third of the lease")
		require.NoError(t, h.Shutdown(context.Background()))
	})
}
