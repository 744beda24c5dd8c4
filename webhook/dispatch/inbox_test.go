package dispatch

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// manualClock is an injected clock for the memory inbox contract tests.
type manualClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *manualClock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *manualClock) advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func newClockedInbox(t *testing.T) (*MemoryInbox, *manualClock) {
	t.Helper()
	c := &manualClock{t: time.Unix(vecT, 0)}
	ib, err := NewMemoryInbox(time.Hour, WithInboxClock(c.now))
	require.NoError(t, err)
	return ib, c
}

func msg(key string) InboxMessage {
	return InboxMessage{Source: "s", Key: key, Event: Event{Body: []byte(phiBody(1))}}
}

// The inbox contract: one Accept per key wins, even concurrently.
func TestMemoryInboxAcceptIsAtomicPerKey(t *testing.T) {
	t.Parallel()
	ib, _ := newClockedInbox(t)
	var won atomic.Int32
	var wg sync.WaitGroup
	for range 50 {
		wg.Go(func() {
			ok, err := ib.Accept(context.Background(), msg("k"))
			assert.NoError(t, err)
			if ok {
				won.Add(1)
			}
		})
	}
	wg.Wait()
	assert.EqualValues(t, 1, won.Load())
	ok, err := ib.Accept(context.Background(), InboxMessage{Source: "other", Key: "k"})
	require.NoError(t, err)
	assert.True(t, ok, "keys are unique per source")
}

// The inbox contract: a lease that runs out (its worker died) is claimed
// again, with a new token and a higher attempt; the old token is lost.
func TestMemoryInboxLeaseExpiryReclaims(t *testing.T) {
	t.Parallel()
	ib, clock := newClockedInbox(t)
	ctx := context.Background()
	_, err := ib.Accept(ctx, msg("k"))
	require.NoError(t, err)
	first, err := ib.Claim(ctx, "s", 10, time.Minute)
	require.NoError(t, err)
	require.Len(t, first, 1)
	assert.Equal(t, 1, first[0].Attempt)
	none, err := ib.Claim(ctx, "s", 10, time.Minute)
	require.NoError(t, err)
	assert.Empty(t, none, "leased: not claimable")
	clock.advance(time.Minute)
	again, err := ib.Claim(ctx, "s", 10, time.Minute)
	require.NoError(t, err)
	require.Len(t, again, 1)
	assert.Equal(t, 2, again[0].Attempt)
	assert.NotEqual(t, first[0].Token, again[0].Token)
	assert.ErrorIs(t, ib.Complete(ctx, first[0]), ErrLeaseLost)
	assert.ErrorIs(t, ib.Fail(ctx, first[0], 0, "error"), ErrLeaseLost)
	require.NoError(t, ib.Complete(ctx, again[0]))
	recs, err := ib.Records(ctx, "s")
	require.NoError(t, err)
	assert.Equal(t, InboxCompleted, recs[0].State)
	ok, err := ib.Accept(ctx, msg("k"))
	require.NoError(t, err)
	assert.False(t, ok, "completed key still deduplicates inside the retention")
}

// The inbox contract: Fail makes a message ready after retryAfter, by the
// inbox's clock.
func TestMemoryInboxFailSchedulesRetry(t *testing.T) {
	t.Parallel()
	ib, clock := newClockedInbox(t)
	ctx := context.Background()
	_, _ = ib.Accept(ctx, msg("k"))
	l, _ := ib.Claim(ctx, "s", 1, time.Minute)
	require.NoError(t, ib.Fail(ctx, l[0], 10*time.Second, "server"))
	none, _ := ib.Claim(ctx, "s", 1, time.Minute)
	assert.Empty(t, none)
	clock.advance(10 * time.Second)
	l2, _ := ib.Claim(ctx, "s", 1, time.Minute)
	require.Len(t, l2, 1)
	assert.Equal(t, 2, l2[0].Attempt)
	recs, _ := ib.Records(ctx, "s")
	assert.Equal(t, "server", recs[0].LastCause)
}

// The inbox contract: a dead letter is kept, listed, not claimed, and can
// be re-queued; retention purges completed rows only.
func TestMemoryInboxDeadLetterRequeueAndPurge(t *testing.T) {
	t.Parallel()
	ib, clock := newClockedInbox(t)
	ctx := context.Background()
	_, _ = ib.Accept(ctx, msg("dead"))
	_, _ = ib.Accept(ctx, msg("done"))
	ls, _ := ib.Claim(ctx, "s", 2, time.Minute)
	require.Len(t, ls, 2)
	require.NoError(t, ib.DeadLetter(ctx, ls[0], "permanent"))
	require.NoError(t, ib.Complete(ctx, ls[1]))
	dl, err := ib.DeadLetters(ctx, "s")
	require.NoError(t, err)
	require.Len(t, dl, 1)
	assert.Equal(t, "dead", dl[0].Key)
	assert.Equal(t, "permanent", dl[0].LastCause)
	none, _ := ib.Claim(ctx, "s", 2, time.Minute)
	assert.Empty(t, none)
	assert.ErrorIs(t, ib.Requeue(ctx, ls[1].ID), ErrNotDeadLetter)
	require.NoError(t, ib.Requeue(ctx, dl[0].ID))
	back, _ := ib.Claim(ctx, "s", 2, time.Minute)
	require.Len(t, back, 1)
	assert.Equal(t, 1, back[0].Attempt, "attempts reset")
	require.NoError(t, ib.DeadLetter(ctx, back[0], "permanent"))

	clock.advance(2 * time.Hour)
	n, err := ib.Purge(ctx, time.Hour)
	require.NoError(t, err)
	assert.Equal(t, int64(1), n, "the completed row")
	dl, _ = ib.DeadLetters(ctx, "s")
	assert.Len(t, dl, 1, "dead letters survive purge")
	ok, _ := ib.Accept(ctx, msg("done"))
	assert.True(t, ok, "after the retention the key is forgotten")
}

// Issue 7 item 15, inbox mode: the delivery is stored before the 2xx, and a
// crash after answering loses nothing: a second receiver on the same inbox
// claims it once the first one's lease runs out. (A dead process stops
// renewing its lease: deadRenewals stands for that here.)
func TestInboxStoresBeforeAnswerAndCrashLosesNothing(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		now := time.Unix(vecT, 0)
		v := newTS(t, now, []string{vecSecret})
		ib := mustMemoryInbox(t)
		hung := make(chan struct{})
		crashed, err := NewEventHandler(v, func(ctx context.Context, _ Event) error {
			<-hung // the process "dies" holding the lease: it never finishes
			return nil
		}, WithInbox(deadRenewals{ib}), WithWorkers(1), WithLease(time.Minute), WithSource("s"))
		require.NoError(t, err)
		require.Equal(t, 200, serve(crashed, signedRequest(now, phiBody(1), vecSecret)).Code)
		recs, _ := ib.Records(context.Background(), "s")
		require.Len(t, recs, 1, "stored before the answer")
		synctest.Wait()

		var got []Event
		var mu sync.Mutex
		survivor, err := NewEventHandler(v, func(_ context.Context, e Event) error {
			mu.Lock()
			got = append(got, e)
			mu.Unlock()
			return nil
		}, WithInbox(ib), WithLease(time.Minute), WithSource("s"))
		require.NoError(t, err)
		time.Sleep(time.Minute + DefaultPollInterval) // fake time: the lease runs out, a poll follows
		require.NoError(t, survivor.WaitIdle(context.Background()))
		mu.Lock()
		require.Len(t, got, 1)
		assert.Equal(t, phiBody(1), string(got[0].Body))
		assert.Equal(t, 2, got[0].Attempt)
		mu.Unlock()
		close(hung)
		require.NoError(t, survivor.Shutdown(context.Background()))
		require.NoError(t, crashed.Shutdown(context.Background()))
		recs, _ = ib.Records(context.Background(), "s")
		assert.Equal(t, InboxCompleted, recs[0].State)
	})
}

// Inbox mode: a duplicate is acknowledged and not queued again; headers are
// stored without credentials or the signature.
func TestInboxDuplicateAcknowledgedAndNoCredentialsStored(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		now := time.Unix(vecT, 0)
		v := newTS(t, now, []string{vecSecret, vecRolled})
		ib := mustMemoryInbox(t)
		var n atomic.Int32
		var header http.Header
		h, err := NewEventHandler(v, func(_ context.Context, e Event) error {
			n.Add(1)
			header = e.Header
			return nil
		}, WithInbox(ib), WithDeduper(mustDeduper(t)))
		require.NoError(t, err)
		r := signedRequest(now, vecBody, vecSecret, vecRolled)
		r.Header.Set("Authorization", "Bearer tok-CANARY")
		r.Header.Set("Cookie", "c=CANARY")
		r.Header.Set("X-Trace", "abc")
		require.Equal(t, 200, serve(h, r).Code)
		require.Equal(t, 200, serve(h, signedRequest(now, vecBody, vecRolled)).Code, "duplicate, other signature")
		require.NoError(t, h.WaitIdle(context.Background()))
		assert.EqualValues(t, 1, n.Load())
		assert.Equal(t, "abc", header.Get("X-Trace"))
		for _, k := range []string{"Authorization", "Cookie", tsHeaderName} {
			assert.Empty(t, header.Values(k), k)
		}
		recs, _ := ib.Records(context.Background(), DefaultSource)
		require.Len(t, recs, 1)
		assert.Equal(t, vecKey, recs[0].Key)
		require.NoError(t, h.Shutdown(context.Background()))
	})
}

// Issue 7 item 15, inbox mode: failures are rescheduled in the inbox with
// backoff, then dead-lettered there (queryable) and the dead-letter
// function notified; a re-queued dead letter is processed.
func TestInboxRetriesThenDeadLettersThenRequeue(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		now := time.Unix(vecT, 0)
		v := newTS(t, now, []string{vecSecret})
		ib := mustMemoryInbox(t)
		rec := &recorder{}
		var fail atomic.Bool
		fail.Store(true)
		log, logs := newLogger()
		h, err := NewEventHandler(v, func(_ context.Context, e Event) error {
			rec.call(e)
			if fail.Load() {
				return errors.New("boom " + bodyCanary)
			}
			return nil
		}, WithInbox(ib), WithRetries(3, time.Second, time.Second), WithDeadLetter(rec.deadLetter),
			WithLogger(log), WithEventType(typeOf), WithSource("s"))
		require.NoError(t, err)
		require.Equal(t, 200, serve(h, signedRequest(now, phiBody(1), vecSecret)).Code)
		for range 3 {
			require.NoError(t, h.WaitIdle(context.Background()))
			time.Sleep(time.Second + DefaultPollInterval)
		}
		require.NoError(t, h.WaitIdle(context.Background()))
		attempts, _, dead := rec.snapshot()
		assert.Equal(t, []int{1, 2, 3}, attempts)
		require.Len(t, dead, 1)
		dl, _ := ib.DeadLetters(context.Background(), "s")
		require.Len(t, dl, 1)
		assert.Equal(t, "error", dl[0].LastCause)
		assert.NotContains(t, logs.String(), "CANARY")
		assert.Contains(t, logs.String(), `"event_type":"order.created"`)

		fail.Store(false)
		require.NoError(t, ib.Requeue(context.Background(), dl[0].ID))
		time.Sleep(DefaultPollInterval)
		require.NoError(t, h.WaitIdle(context.Background()))
		attempts, _, _ = rec.snapshot()
		assert.Len(t, attempts, 4)
		recs, _ := ib.Records(context.Background(), "s")
		assert.Equal(t, InboxCompleted, recs[0].State)
		require.NoError(t, h.Shutdown(context.Background()))
	})
}

// Issue 7 item 15, inbox mode: Shutdown reports the deliveries in flight it
// could not finish and gives them back to the inbox, ready at once.
func TestInboxShutdownReportsUnfinishedAndGivesThemBack(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		now := time.Unix(vecT, 0)
		v := newTS(t, now, []string{vecSecret})
		ib := mustMemoryInbox(t)
		h, err := NewEventHandler(v, func(ctx context.Context, _ Event) error {
			<-ctx.Done()
			return ctx.Err()
		}, WithInbox(ib), WithWorkers(2), WithSource("s"))
		require.NoError(t, err)
		for i := range 3 {
			require.Equal(t, 200, serve(h, signedRequest(now, phiBody(i), vecSecret)).Code)
		}
		synctest.Wait()
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		var se *ShutdownError
		require.ErrorAs(t, h.Shutdown(ctx), &se)
		assert.Equal(t, 2, se.Unfinished, "two workers held one each; the third stays pending")
		synctest.Wait()
		ready, err := ib.Claim(context.Background(), "s", 10, time.Minute)
		require.NoError(t, err)
		assert.Len(t, ready, 3, "nothing lost; all ready at once")
		assert.Equal(t, 503, serve(h, signedRequest(now, vecBody, vecSecret)).Code)
	})
}

// An inbox that cannot store answers 503 so the sender retries.
func TestInboxAcceptErrorAnswers503(t *testing.T) {
	t.Parallel()
	now := time.Unix(vecT, 0)
	v := newTS(t, now, []string{vecSecret})
	h, err := NewEventHandler(v, nopProcess, WithInbox(failingInbox{}), WithWorkers(1))
	require.NoError(t, err)
	assert.Equal(t, 503, serve(h, signedRequest(now, vecBody, vecSecret)).Code)
	require.NoError(t, h.Shutdown(context.Background()))
}

type failingInbox struct{ Inbox }

func (failingInbox) Accept(context.Context, InboxMessage) (bool, error) {
	return false, errors.New("db down")
}

func (failingInbox) Claim(context.Context, string, int, time.Duration) ([]Lease, error) {
	return nil, nil
}

// countingInbox records how many leases each Claim returned.
type countingInbox struct {
	*MemoryInbox
	mu     sync.Mutex
	claims []int
}

func (c *countingInbox) Claim(ctx context.Context, source string, max int, lease time.Duration) ([]Lease, error) {
	ls, err := c.MemoryInbox.Claim(ctx, source, max, lease)
	if len(ls) > 0 {
		c.mu.Lock()
		c.claims = append(c.claims, len(ls))
		c.mu.Unlock()
	}
	return ls, err
}

// WithClaimBatch: a worker claims several deliveries in one call and
// processes them all.
func TestInboxClaimBatch(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		ib := &countingInbox{MemoryInbox: mustMemoryInbox(t)}
		for i := range 7 {
			_, err := ib.Accept(context.Background(), msg(strconv.Itoa(i)))
			require.NoError(t, err)
		}
		var n atomic.Int32
		h, err := NewEventHandler(newTS(t, time.Unix(vecT, 0), []string{vecSecret}), func(context.Context, Event) error {
			n.Add(1)
			return nil
		}, WithInbox(ib), WithSource("s"), WithWorkers(1), WithClaimBatch(5))
		require.NoError(t, err)
		require.NoError(t, h.WaitIdle(context.Background()))
		assert.EqualValues(t, 7, n.Load())
		ib.mu.Lock()
		assert.Equal(t, []int{5, 2}, ib.claims)
		ib.mu.Unlock()
		require.NoError(t, h.Shutdown(context.Background()))
	})
}

// A delivery that kills its receiver (out of memory, a crash in a library)
// never finishes: its lease runs out and the next replica claims it and
// dies too. It used to be processed again on every claim, for ever, however
// many attempts WithRetries allowed. Once it has been claimed more times
// than that, it is dead-lettered ("lease_expired") without another call.
func TestInboxMessageWhoseHoldersAllDiedIsDeadLetteredNotProcessedAgain(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		now := time.Unix(vecT, 0)
		ib, clock := newClockedInbox(t)
		ctx := context.Background()
		accepted, err := ib.Accept(ctx, msg("poison"))
		require.NoError(t, err)
		require.True(t, accepted)
		for range 3 { // three workers claimed it and died holding it
			ls, err := ib.Claim(ctx, "s", 1, time.Minute)
			require.NoError(t, err)
			require.Len(t, ls, 1)
			clock.advance(time.Minute)
		}
		rec := &recorder{}
		h, err := NewEventHandler(newTS(t, now, []string{vecSecret}), func(_ context.Context, e Event) error {
			rec.call(e)
			return nil
		}, WithInbox(ib), WithSource("s"), WithRetries(3, time.Second, time.Second), WithDeadLetter(rec.deadLetter))
		require.NoError(t, err)
		require.NoError(t, h.WaitIdle(ctx))
		attempts, _, dead := rec.snapshot()
		assert.Empty(t, attempts, "not processed a fourth time")
		require.Len(t, dead, 1)
		assert.Equal(t, "lease_expired", Category(dead[0]))
		dl, err := ib.DeadLetters(ctx, "s")
		require.NoError(t, err)
		require.Len(t, dl, 1)
		assert.Equal(t, "lease_expired", dl[0].LastCause)
		assert.Equal(t, 4, dl[0].Attempts)

		require.NoError(t, ib.Requeue(ctx, dl[0].ID), "an operator re-queues it: tried again from attempt 1")
		time.Sleep(DefaultPollInterval)
		require.NoError(t, h.WaitIdle(ctx))
		attempts, _, _ = rec.snapshot()
		assert.Equal(t, []int{1}, attempts)
		require.NoError(t, h.Shutdown(ctx))
	})
}

// deadRenewals is an inbox as seen from a process that died: its heartbeat
// never reaches the store.
type deadRenewals struct{ Inbox }

func (deadRenewals) Renew(context.Context, Lease, time.Duration) (time.Time, error) {
	return time.Time{}, errors.New("process is dead")
}
