package pginbox

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/labwire/labwire/webhook/dispatch"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const phiCanary = "CANARY-Jane-Doe-19700101"

func TestTableNameIsValidated(t *testing.T) {
	t.Parallel()
	for _, bad := range []string{"", "Inbox", "1inbox", "in-box", "a.b.c", "in box", `x"; DROP TABLE y; --`, strings.Repeat("a", 49), "a..b"} {
		_, err := parseTableName(bad)
		assert.Error(t, err, "%q", bad)
	}
	for _, good := range []string{"inbox", "_inbox", "ops.webhook_inbox", strings.Repeat("a", 48)} {
		tn, err := parseTableName(good)
		require.NoError(t, err, good)
		assert.Contains(t, tn.render("{{table}} {{name}}_claim"), `_claim"`)
	}
	tn, _ := parseTableName("ops.inbox")
	assert.Equal(t, `"ops"."inbox" "inbox_claim"`, tn.render("{{table}} {{name}}_claim"))
	assert.Equal(t, `"ops"."inbox_migrations"`, tn.versions)
}

// Issue 13: the migration is embedded, versioned, applied only by an
// explicit call, and idempotent, also when replicas run it at once.
func TestMigrateIsIdempotentAndExplicit(t *testing.T) {
	t.Parallel()
	table := testTable(t)
	pool := newPool(t, 8)
	ib, err := New(pool, WithTable(table))
	require.NoError(t, err)
	var exists bool
	require.NoError(t, pool.QueryRow(context.Background(), `SELECT to_regclass($1) IS NOT NULL`, table).Scan(&exists))
	assert.False(t, exists, "New does not touch the schema")

	var wg sync.WaitGroup
	results := make([][]int, 4)
	for i := range results {
		wg.Go(func() {
			applied, err := ib.Migrate(context.Background())
			assert.NoError(t, err)
			results[i] = applied
		})
	}
	wg.Wait()
	var appliers int
	for _, r := range results {
		if len(r) > 0 {
			appliers++
			assert.Equal(t, []int{1, 2, 3}, r)
		}
	}
	assert.Equal(t, 1, appliers, "exactly one concurrent Migrate applied the versions")
	applied, err := ib.Migrate(context.Background())
	require.NoError(t, err)
	assert.Empty(t, applied, "already current")
	var versions int
	require.NoError(t, pool.QueryRow(context.Background(), `SELECT count(*) FROM `+table+`_migrations`).Scan(&versions))
	assert.Equal(t, SchemaVersion, versions)
	var indexes []string
	rows, err := pool.Query(context.Background(), `SELECT indexname FROM pg_indexes WHERE tablename = $1 ORDER BY 1`, table)
	require.NoError(t, err)
	for rows.Next() {
		var n string
		require.NoError(t, rows.Scan(&n))
		indexes = append(indexes, n)
	}
	require.NoError(t, rows.Err())
	assert.Equal(t, []string{table + "_dead", table + "_pkey", table + "_purge", table + "_ready", table + "_source_key"}, indexes)
}

// Issue 13: Accept is one INSERT ... ON CONFLICT DO NOTHING: a duplicate
// from any replica is acknowledged and not queued again.
func TestAcceptDeduplicatesAcrossInstances(t *testing.T) {
	t.Parallel()
	table := testTable(t)
	a, b := newInbox(t, table, 4), newInbox(t, table, 4)
	ctx := context.Background()
	ok, err := a.Accept(ctx, msg("s", "k1", `{"n":1}`))
	require.NoError(t, err)
	assert.True(t, ok)
	ok, err = b.Accept(ctx, msg("s", "k1", `{"n":1}`))
	require.NoError(t, err)
	assert.False(t, ok, "duplicate on another replica")
	ok, err = b.Accept(ctx, msg("other", "k1", `{"n":1}`))
	require.NoError(t, err)
	assert.True(t, ok, "keys are unique per source")
	ls, err := b.Claim(ctx, "s", 10, time.Minute)
	require.NoError(t, err)
	require.Len(t, ls, 1)
	l := ls[0]
	assert.Equal(t, 1, l.Attempt)
	assert.Equal(t, `{"n":1}`, string(l.Message.Event.Body))
	assert.Equal(t, "abc", l.Message.Event.Header.Get("X-Trace"))
	assert.Equal(t, "k1", l.Message.Event.Delivery.ID)
	assert.Equal(t, 1, l.Message.Event.Delivery.SecretIndex)
	assert.True(t, l.Message.Event.Delivery.Timestamp.Equal(time.Unix(1565712055, 0)))
	require.NoError(t, a.Complete(ctx, l))
	var body []byte
	require.NoError(t, a.pool.QueryRow(ctx, `SELECT body FROM `+table+` WHERE dedup_key = 'k1' AND source = 's'`).Scan(&body))
	assert.Nil(t, body, "a completed row keeps no PHI")
}

// Issue 13: a lease that runs out (its worker died) is claimed again; the
// first worker's token no longer finishes the row.
func TestLeaseExpiryIsReclaimed(t *testing.T) {
	t.Parallel()
	table := testTable(t)
	clock := newManualClock()
	ib := newInbox(t, table, 4, WithClock(clock.Now))
	ctx := context.Background()
	_, err := ib.Accept(ctx, msg("s", "k", `{}`))
	require.NoError(t, err)
	first, err := ib.Claim(ctx, "s", 5, time.Minute)
	require.NoError(t, err)
	require.Len(t, first, 1)
	assert.True(t, first[0].Until.Equal(clock.Now().Add(time.Minute)))
	clock.Advance(59 * time.Second)
	none, err := ib.Claim(ctx, "s", 5, time.Minute)
	require.NoError(t, err)
	assert.Empty(t, none, "lease still held")
	clock.Advance(time.Second)
	again, err := ib.Claim(ctx, "s", 5, time.Minute)
	require.NoError(t, err)
	require.Len(t, again, 1)
	assert.Equal(t, 2, again[0].Attempt)
	assert.NotEqual(t, first[0].Token, again[0].Token)
	assert.ErrorIs(t, ib.Complete(ctx, first[0]), dispatch.ErrLeaseLost)
	assert.ErrorIs(t, ib.Fail(ctx, first[0], 0, "error"), dispatch.ErrLeaseLost)
	assert.ErrorIs(t, ib.DeadLetter(ctx, first[0], "error"), dispatch.ErrLeaseLost)
	require.NoError(t, ib.Complete(ctx, again[0]))
}

// Issue 13: failure reschedules with the handler's jittered backoff; after
// the last attempt the row is dead-lettered, kept, listed, and re-queueable.
func TestDeadLetterIsQueryableAndRequeueable(t *testing.T) {
	t.Parallel()
	table := testTable(t)
	clock := newManualClock()
	ib := newInbox(t, table, 4, WithClock(clock.Now))
	ctx := context.Background()
	_, err := ib.Accept(ctx, msg("s", "k", `{"n":1}`))
	require.NoError(t, err)
	l, err := ib.Claim(ctx, "s", 1, time.Minute)
	require.NoError(t, err)
	require.NoError(t, ib.Fail(ctx, l[0], 30*time.Second, "server"))
	none, _ := ib.Claim(ctx, "s", 1, time.Minute)
	assert.Empty(t, none, "not before retryAfter")
	clock.Advance(30 * time.Second)
	l, err = ib.Claim(ctx, "s", 1, time.Minute)
	require.NoError(t, err)
	require.Len(t, l, 1)
	assert.Equal(t, 2, l[0].Attempt)
	require.NoError(t, ib.DeadLetter(ctx, l[0], "permanent"))
	clock.Advance(time.Hour)
	none, _ = ib.Claim(ctx, "s", 1, time.Minute)
	assert.Empty(t, none, "dead letters are not claimed")

	dl, err := ib.DeadLetters(ctx, "s", 10)
	require.NoError(t, err)
	require.Len(t, dl, 1)
	assert.Equal(t, "k", dl[0].Key)
	assert.Equal(t, "permanent", dl[0].LastCause)
	assert.Equal(t, 2, dl[0].Attempts)
	stats, err := ib.Stats(ctx, "s")
	require.NoError(t, err)
	assert.Equal(t, map[dispatch.InboxState]int64{dispatch.InboxDead: 1}, stats)

	assert.ErrorIs(t, ib.Requeue(ctx, "999999"), dispatch.ErrNotDeadLetter)
	require.NoError(t, ib.Requeue(ctx, dl[0].ID))
	assert.ErrorIs(t, ib.Requeue(ctx, dl[0].ID), dispatch.ErrNotDeadLetter, "already pending")
	l, err = ib.Claim(ctx, "s", 1, time.Minute)
	require.NoError(t, err)
	require.Len(t, l, 1)
	assert.Equal(t, 1, l[0].Attempt, "attempts reset")
	assert.Equal(t, `{"n":1}`, string(l[0].Message.Event.Body), "a dead letter keeps its body")
}

// Issue 13: retention purges completed rows after the dedup window and
// keeps dead letters.
func TestPurgeRemovesOldCompletedRowsOnly(t *testing.T) {
	t.Parallel()
	table := testTable(t)
	clock := newManualClock()
	ib := newInbox(t, table, 4, WithClock(clock.Now))
	ctx := context.Background()
	for i := range 3 {
		_, err := ib.Accept(ctx, msg("s", fmt.Sprint("k", i), `{}`))
		require.NoError(t, err)
	}
	ls, err := ib.Claim(ctx, "s", 3, time.Minute)
	require.NoError(t, err)
	require.Len(t, ls, 3)
	require.NoError(t, ib.Complete(ctx, ls[0]))
	require.NoError(t, ib.DeadLetter(ctx, ls[1], "permanent"))
	clock.Advance(2 * time.Hour)
	require.NoError(t, ib.Complete(ctx, ls[2]))
	n, err := ib.Purge(ctx, time.Hour)
	require.NoError(t, err)
	assert.EqualValues(t, 1, n)
	ok, err := ib.Accept(ctx, msg("s", "k0", `{}`))
	require.NoError(t, err)
	assert.True(t, ok, "purged key is forgotten")
	ok, err = ib.Accept(ctx, msg("s", "k2", `{}`))
	require.NoError(t, err)
	assert.False(t, ok, "recent key still deduplicates")
	dl, _ := ib.DeadLetters(ctx, "s", 10)
	assert.Len(t, dl, 1)
}

// Issue 13: workers wake on LISTEN/NOTIFY: a delivery accepted on one
// replica is processed by a worker on another that would otherwise poll
// only hourly.
func TestNotifyWakesWorkerOnAnotherReplica(t *testing.T) {
	t.Parallel()
	table := testTable(t)
	a, b := newInbox(t, table, 4), newInbox(t, table, 4)
	got := make(chan string, 1)
	h, err := dispatch.NewEventHandler(newVerifier(t), func(_ context.Context, e dispatch.Event) error {
		got <- string(e.Body)
		return nil
	}, dispatch.WithInbox(b), dispatch.WithSource("s"), dispatch.WithPollInterval(time.Hour), dispatch.WithWorkers(1))
	require.NoError(t, err)
	defer func() { require.NoError(t, h.Shutdown(context.Background())) }()
	// The worker's first claim found nothing; now it waits on the
	// notification (or an hour).
	require.NoError(t, h.WaitIdle(context.Background()))
	_, err = a.Accept(context.Background(), msg("s", "k", `{"woken":true}`))
	require.NoError(t, err)
	select {
	case body := <-got:
		assert.Equal(t, `{"woken":true}`, body)
	case <-time.After(30 * time.Second):
		t.Fatal("not woken by the notification")
	}
}

// Issue 13: in transactional mode the user's writes and the completion
// commit together; a failed attempt rolls the writes back.
func TestTransactionalProcessCommitsWithCompletion(t *testing.T) {
	t.Parallel()
	table := testTable(t)
	ib := newInbox(t, table, 8, WithTransactional())
	ctx := context.Background()
	_, err := ib.pool.Exec(ctx, `CREATE TABLE `+table+`_effects (k text PRIMARY KEY)`)
	require.NoError(t, err)
	var calls atomic.Int32
	h, err := dispatch.NewEventHandler(newVerifier(t), ProcessTx(func(ctx context.Context, tx pgx.Tx, e dispatch.Event) error {
		if _, err := tx.Exec(ctx, `INSERT INTO `+table+`_effects VALUES ($1)`, string(e.Body)); err != nil {
			return err
		}
		if calls.Add(1) == 1 {
			return errors.New("fails after writing")
		}
		return nil
	}), dispatch.WithInbox(ib), dispatch.WithSource("s"), dispatch.WithRetries(3, time.Millisecond, time.Millisecond),
		dispatch.WithPollInterval(5*time.Millisecond))
	require.NoError(t, err)
	require.Equal(t, 200, serve(h, delivery(`{"n":1}`)))
	require.Eventually(t, func() bool {
		s, _ := ib.Stats(ctx, "s")
		return s[dispatch.InboxCompleted] == 1
	}, 30*time.Second, 5*time.Millisecond)
	require.NoError(t, h.Shutdown(ctx))
	assert.EqualValues(t, 2, calls.Load())
	var n int
	require.NoError(t, ib.pool.QueryRow(ctx, `SELECT count(*) FROM `+table+`_effects`).Scan(&n))
	assert.Equal(t, 1, n, "the failed attempt's write was rolled back; the second committed with the completion")

	plain := newInbox(t, table, 2)
	err = ProcessTx(func(context.Context, pgx.Tx, dispatch.Event) error { return nil })(context.Background(), dispatch.Event{})
	assert.ErrorIs(t, err, ErrNoTx)
	ctx2, err := plain.LeaseContext(ctx, dispatch.Lease{})
	require.NoError(t, err)
	_, ok := TxFromContext(ctx2)
	assert.False(t, ok)
}

// PHI: bodies are stored, never in an error or a log line.
func TestNoPayloadInErrorsOrLogs(t *testing.T) {
	t.Parallel()
	table := testTable(t)
	var logs lockedBuffer
	ib := newInbox(t, table, 4, WithLogger(slog.New(slog.NewJSONHandler(&logs, nil))))
	ctx := context.Background()
	body := `{"patient":"` + phiCanary + `"}`
	_, err := ib.Accept(ctx, msg("s", phiCanary, body))
	require.NoError(t, err)
	// A key longer than a btree entry fails: the error must not quote it.
	long := phiCanary
	for len(long) < 12000 {
		long += rand.Text()
	}
	_, err = ib.Accept(ctx, msg("s", long, body))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "SQLSTATE")
	assert.NotContains(t, err.Error(), "CANARY")
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	_, err = ib.Accept(cancelled, msg("s", phiCanary+"2", body))
	require.ErrorIs(t, err, context.Canceled)
	assert.NotContains(t, err.Error(), "CANARY")
	wlog, wlogs := newTestLogger()
	h, err := dispatch.NewEventHandler(newVerifier(t), func(context.Context, dispatch.Event) error {
		return errors.New("failed on " + phiCanary)
	}, dispatch.WithInbox(ib), dispatch.WithSource("s"), dispatch.WithLogger(wlog),
		dispatch.WithRetries(2, time.Millisecond, time.Millisecond), dispatch.WithPollInterval(5*time.Millisecond))
	require.NoError(t, err)
	require.Equal(t, 200, serve(h, delivery(body)))
	require.Eventually(t, func() bool {
		s, _ := ib.Stats(ctx, "s")
		return s[dispatch.InboxDead] == 2
	}, 30*time.Second, 5*time.Millisecond)
	require.NoError(t, h.Shutdown(ctx))
	assert.Contains(t, wlogs.String(), "dead-lettered")
	assert.NotContains(t, wlogs.String(), "CANARY")
	assert.NotContains(t, logs.String(), "CANARY")
	assert.NotContains(t, ib.String(), "CANARY")
}

// Exactly once survives the database dropping the claim's connection in
// the middle of a transactional ProcessFunc (pg_terminate_backend after the
// user's write, before the completion commits): the write is rolled back
// with the transaction, the row's lease runs out, it is claimed again, and
// the second attempt's write commits with the completion. Nothing is lost
// and nothing is done twice.
func TestTransactionalProcessSurvivesConnectionKilledMidTransaction(t *testing.T) {
	t.Parallel()
	table := testTable(t)
	ib := newInbox(t, table, 8, WithTransactional())
	ctx := context.Background()
	_, err := ib.pool.Exec(ctx, `CREATE TABLE `+table+`_effects (k text PRIMARY KEY)`)
	require.NoError(t, err)
	killer := newPool(t, 1)
	var calls atomic.Int32
	h, err := dispatch.NewEventHandler(newVerifier(t), ProcessTx(func(ctx context.Context, tx pgx.Tx, e dispatch.Event) error {
		if _, err := tx.Exec(ctx, `INSERT INTO `+table+`_effects VALUES ($1)`, string(e.Body)); err != nil {
			return err
		}
		if calls.Add(1) == 1 {
			var killed bool
			if err := killer.QueryRow(ctx, `SELECT pg_terminate_backend($1)`, tx.Conn().PgConn().PID()).Scan(&killed); err != nil || !killed {
				return fmt.Errorf("terminate: %v %v", killed, err)
			}
		}
		return nil
	}), dispatch.WithInbox(ib), dispatch.WithSource("s"), dispatch.WithLease(time.Second),
		dispatch.WithRetries(3, time.Millisecond, time.Millisecond), dispatch.WithPollInterval(5*time.Millisecond))
	require.NoError(t, err)
	require.Equal(t, 200, serve(h, delivery(`{"n":1}`)))
	require.Eventually(t, func() bool {
		s, _ := ib.Stats(ctx, "s")
		return s[dispatch.InboxCompleted] == 1
	}, 30*time.Second, 5*time.Millisecond)
	require.NoError(t, h.Shutdown(ctx))
	assert.EqualValues(t, 2, calls.Load(), "the killed attempt and the one after its lease ran out")
	var n int
	require.NoError(t, ib.pool.QueryRow(ctx, `SELECT count(*) FROM `+table+`_effects`).Scan(&n))
	assert.Equal(t, 1, n, "the killed transaction's write was rolled back")
}

// A row whose every holder died (a delivery that crashes its receiver) is
// dead-lettered as lease_expired on the claim after the last allowed
// attempt, not handed to the ProcessFunc again on every replica for ever.
func TestRowWhoseHoldersAllDiedIsDeadLetteredNotProcessedAgain(t *testing.T) {
	t.Parallel()
	table := testTable(t)
	clock := newManualClock()
	ib := newInbox(t, table, 4, WithClock(clock.Now))
	ctx := context.Background()
	_, err := ib.Accept(ctx, msg("s", "poison", `{}`))
	require.NoError(t, err)
	for range 3 { // three workers claimed it and died holding it
		ls, err := ib.Claim(ctx, "s", 1, time.Minute)
		require.NoError(t, err)
		require.Len(t, ls, 1)
		clock.Advance(time.Minute)
	}
	var calls atomic.Int32
	h, err := dispatch.NewEventHandler(newVerifier(t), func(context.Context, dispatch.Event) error {
		calls.Add(1)
		return nil
	}, dispatch.WithInbox(ib), dispatch.WithSource("s"), dispatch.WithRetries(3, time.Millisecond, time.Millisecond),
		dispatch.WithPollInterval(5*time.Millisecond))
	require.NoError(t, err)
	require.Eventually(t, func() bool {
		s, _ := ib.Stats(ctx, "s")
		return s[dispatch.InboxDead] == 1
	}, 30*time.Second, 5*time.Millisecond)
	require.NoError(t, h.Shutdown(ctx))
	assert.Zero(t, calls.Load(), "not processed a fourth time")
	dl, err := ib.DeadLetters(ctx, "s", 10)
	require.NoError(t, err)
	require.Len(t, dl, 1)
	assert.Equal(t, "lease_expired", dl[0].LastCause)
	assert.Equal(t, 4, dl[0].Attempts)
}
