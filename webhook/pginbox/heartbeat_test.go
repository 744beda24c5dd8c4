package pginbox

import (
	"cmp"
	"context"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/labwire/labwire/webhook/dispatch"
)

// availableAt reads a row's stored lease end (or ready time).
func availableAt(t *testing.T, ib *Inbox, id string) time.Time {
	t.Helper()
	var at time.Time
	require.NoError(t, ib.pool.QueryRow(context.Background(), `SELECT available_at FROM `+ib.t.table+` WHERE id = $1`, id).Scan(&at))
	return at
}

// Issue 17: Renew extends a lease still held so that it runs out lease
// from now by the database's clock (here injected); a renewed lease is not
// claimed when the first one would have run out; a token no longer current
// is ErrLeaseLost and changes nothing.
func TestRenewExtendsTheLeaseAndReportsALostOne(t *testing.T) {
	t.Parallel()
	table := testTable(t)
	clock := newManualClock()
	ib := newInbox(t, table, 4, WithClock(clock.Now))
	other := newInbox(t, table, 4, WithClock(clock.Now))
	ctx := context.Background()
	_, err := ib.Accept(ctx, msg("s", "k", `{}`))
	require.NoError(t, err)
	ls, err := ib.Claim(ctx, "s", 1, time.Minute)
	require.NoError(t, err)
	require.Len(t, ls, 1)
	l := ls[0]

	clock.Advance(50 * time.Second)
	until, err := ib.Renew(ctx, l, time.Minute)
	require.NoError(t, err)
	assert.True(t, until.Equal(clock.Now().Add(time.Minute)), "lease from now")
	assert.True(t, availableAt(t, ib, l.ID).Equal(until), "stored")
	clock.Advance(30 * time.Second) // past the first lease's end
	none, err := other.Claim(ctx, "s", 1, time.Minute)
	require.NoError(t, err)
	assert.Empty(t, none, "a renewed lease is still held")

	clock.Advance(30 * time.Second) // past the renewed end: the holder is presumed dead
	again, err := other.Claim(ctx, "s", 1, time.Minute)
	require.NoError(t, err)
	require.Len(t, again, 1)
	_, err = ib.Renew(ctx, l, time.Hour)
	assert.ErrorIs(t, err, dispatch.ErrLeaseLost)
	assert.True(t, availableAt(t, ib, l.ID).Equal(again[0].Until), "a lost lease's Renew changes nothing")
	_, err = ib.Renew(ctx, l, 0)
	assert.Error(t, err)
	require.NoError(t, other.Complete(ctx, again[0]))
	_, err = other.Renew(ctx, again[0], time.Minute)
	assert.ErrorIs(t, err, dispatch.ErrLeaseLost, "a finished lease is not renewed")
}

// Issue 17: in transactional mode the claim's transaction holds the row
// locked (FOR UPDATE), so an UPDATE of its lease from another connection
// would wait for the whole handler. Renew asks whether that transaction is
// still in progress instead: it neither blocks nor lets another claimer in
// while the transaction lives, however long past its stored lease, and
// reports the lease lost as soon as the transaction is gone (its
// connection dropped), after which the row is claimed again at once.
func TestRenewInTransactionalModeFollowsTheClaimTransaction(t *testing.T) {
	t.Parallel()
	table := testTable(t)
	clock := newManualClock()
	ib := newInbox(t, table, 4, WithClock(clock.Now), WithTransactional())
	other := newInbox(t, table, 4, WithClock(clock.Now), WithTransactional())
	ctx := context.Background()
	_, err := ib.Accept(ctx, msg("s", "k", `{}`))
	require.NoError(t, err)
	ls, err := ib.Claim(ctx, "s", 1, time.Minute)
	require.NoError(t, err)
	require.Len(t, ls, 1)
	l := ls[0]

	// Waiting in a claimed batch (no transaction yet): the stored lease is
	// extended.
	clock.Advance(10 * time.Second)
	until, err := ib.Renew(ctx, l, time.Minute)
	require.NoError(t, err)
	assert.True(t, availableAt(t, ib, l.ID).Equal(until))

	lctx, err := ib.LeaseContext(ctx, l)
	require.NoError(t, err)
	tx, ok := TxFromContext(lctx)
	require.True(t, ok)
	clock.Advance(10 * time.Minute) // the stored lease ran out long ago
	for range 3 {
		rctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		until, err = ib.Renew(rctx, l, time.Minute)
		cancel()
		require.NoError(t, err, "does not wait for the row lock")
		assert.True(t, until.Equal(clock.Now().Add(time.Minute)))
		none, err := other.Claim(ctx, "s", 1, time.Minute)
		require.NoError(t, err)
		assert.Empty(t, none, "the transaction holds the row")
	}

	terminatePID(t, tx.Conn().PgConn().PID()) // the claim's connection drops
	require.Eventually(t, func() bool {
		_, err := ib.Renew(ctx, l, time.Minute)
		return err != nil && strings.Contains(err.Error(), dispatch.ErrLeaseLost.Error())
	}, 10*time.Second, 10*time.Millisecond, "lost once the transaction is gone")
	_, err = ib.Renew(ctx, l, time.Minute)
	assert.ErrorIs(t, err, dispatch.ErrLeaseLost)
	again, err := other.Claim(ctx, "s", 1, time.Minute)
	require.NoError(t, err)
	require.Len(t, again, 1, "claimed again at once: the stored lease had run out")
	assert.ErrorIs(t, ib.Complete(ctx, l), dispatch.ErrLeaseLost, "the first holder cannot finish it")
	_, err = other.LeaseContext(ctx, again[0])
	require.NoError(t, err)
	require.NoError(t, other.Complete(ctx, again[0]))
	s, err := ib.Stats(ctx, "s")
	require.NoError(t, err)
	assert.Equal(t, map[dispatch.InboxState]int64{dispatch.InboxCompleted: 1}, s)
}

// A transactional lease whose row is locked by a transaction Renew does
// not know (a claim transaction being begun, or a claimer taking an expired
// lease) is not waited for: Renew answers at once with the stored end.
func TestRenewDoesNotWaitForAnUnknownRowLock(t *testing.T) {
	t.Parallel()
	table := testTable(t)
	ib := newInbox(t, table, 4, WithTransactional())
	ctx := context.Background()
	_, err := ib.Accept(ctx, msg("s", "k", `{}`))
	require.NoError(t, err)
	ls, err := ib.Claim(ctx, "s", 1, time.Minute)
	require.NoError(t, err)
	require.Len(t, ls, 1)
	locker, err := newPool(t, 1).Begin(ctx)
	require.NoError(t, err)
	defer func() { _ = locker.Rollback(ctx) }()
	_, err = locker.Exec(ctx, `SELECT 1 FROM `+ib.t.table+` WHERE id = $1 FOR UPDATE`, ls[0].ID)
	require.NoError(t, err)
	rctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	until, err := ib.Renew(rctx, ls[0], time.Hour)
	require.NoError(t, err)
	assert.True(t, until.Equal(ls[0].Until), "not extended this time")
}

// Issue 17: a lease that ran out (its worker died) is claimed before
// messages that became ready while it was held, instead of queueing behind
// them.
func TestClaimTakesExpiredLeasesFirst(t *testing.T) {
	t.Parallel()
	table := testTable(t)
	clock := newManualClock()
	ib := newInbox(t, table, 4, WithClock(clock.Now))
	ctx := context.Background()
	_, err := ib.Accept(ctx, msg("s", "crashed", `{}`))
	require.NoError(t, err)
	first, err := ib.Claim(ctx, "s", 1, time.Minute)
	require.NoError(t, err)
	require.Len(t, first, 1)
	clock.Advance(time.Second)
	for _, k := range []string{"newer1", "newer2", "newer3"} {
		_, err := ib.Accept(ctx, msg("s", k, `{}`))
		require.NoError(t, err)
	}
	clock.Advance(time.Minute) // the first lease ran out after the newer ones became ready
	var order []string
	for {
		ls, err := ib.Claim(ctx, "s", 2, time.Minute)
		require.NoError(t, err)
		if len(ls) == 0 {
			break
		}
		for _, l := range ls {
			order = append(order, l.Message.Key)
		}
	}
	require.Len(t, order, 4)
	assert.Equal(t, "crashed", order[0])
	assert.ElementsMatch(t, []string{"newer1", "newer2", "newer3"}, order[1:])
}

// Issue 17: through the runtime's heartbeat, a handler that runs for
// several leases keeps its claim (in both modes), while another replica's workers
// poll the same table all along: the delivery is processed once.
func TestLongHandlerKeepsItsClaimThroughTheHeartbeat(t *testing.T) {
	t.Parallel()
	for _, transactional := range []bool{false, true} {
		t.Run(map[bool]string{false: "at-least-once", true: "transactional"}[transactional], func(t *testing.T) {
			t.Parallel()
			table := testTable(t)
			var opts []Option
			if transactional {
				opts = append(opts, WithTransactional())
			}
			var calls atomic.Int32
			process := func(ctx context.Context, e dispatch.Event) error {
				calls.Add(1)
				select {
				case <-time.After(3 * time.Second): // three leases
					return nil
				case <-ctx.Done():
					return context.Cause(ctx)
				}
			}
			var handlers []*dispatch.Handler
			var first *Inbox
			for range 2 {
				ib := newInbox(t, table, 8, opts...)
				first = cmp.Or(first, ib)
				h, err := dispatch.NewEventHandler(newVerifier(t), process, dispatch.WithInbox(ib), dispatch.WithSource("s"),
					dispatch.WithWorkers(2), dispatch.WithLease(time.Second), dispatch.WithPollInterval(10*time.Millisecond))
				require.NoError(t, err)
				t.Cleanup(func() {
					ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
					defer cancel()
					_ = h.Shutdown(ctx) // before the pool closes
				})
				handlers = append(handlers, h)
			}
			require.Equal(t, 200, serve(handlers[0], delivery(`{"long":true}`)))
			ctx := context.Background()
			require.Eventually(t, func() bool {
				s, err := first.Stats(ctx, "s")
				return err == nil && s[dispatch.InboxCompleted] == 1
			}, 30*time.Second, 10*time.Millisecond)
			for _, h := range handlers {
				require.NoError(t, h.Shutdown(ctx))
			}
			assert.EqualValues(t, 1, calls.Load(), "never claimed by another worker while its handler ran")
		})
	}
}

// Claim stays a few index probes with a backlog and many completed rows,
// and a Purge batch reads only what it deletes: no plan of either, custom
// or generic (pgx prepares statements, and Postgres
// may switch to a generic plan after five runs), scans the table. (Joining
// the claimed ids as a CTE let the planner, which cannot estimate the
// LIMIT, hash the whole table on every claim: 7 ms per claim at 20,000
// rows, found by the fleet test.)
func TestClaimAndPurgePlansScanNoTable(t *testing.T) {
	t.Parallel()
	table := testTable(t)
	ib := newInbox(t, table, 2)
	ctx := context.Background()
	_, err := ib.pool.Exec(ctx, `INSERT INTO `+table+` (source, dedup_key, available_at, received_at, state, finished_at)
		SELECT 's', 'k' || g, now(), now(), CASE WHEN g <= 5000 THEN 'pending' ELSE 'completed' END, now() FROM generate_series(1, 20000) g`)
	require.NoError(t, err)
	_, err = ib.pool.Exec(ctx, `ANALYZE `+ib.t.table)
	require.NoError(t, err)
	for _, c := range []struct{ mode, name, sql, types, args string }{
		{"force_custom_plan", "claim", ib.q.claim, "timestamptz, text, int, interval, text", `NULL, 's', 1, '10 seconds', 'nonce'`},
		{"force_generic_plan", "claim", ib.q.claim, "timestamptz, text, int, interval, text", `NULL, 's', 1, '10 seconds', 'nonce'`},
		{"force_custom_plan", "purge", ib.q.purge, "timestamptz, interval, int", `NULL, '0 seconds', 5000`},
		{"force_generic_plan", "purge", ib.q.purge, "timestamptz, interval, int", `NULL, '0 seconds', 5000`},
	} {
		mode := c.mode + " " + c.name
		plan := func() string {
			conn, err := ib.pool.Acquire(ctx)
			require.NoError(t, err)
			defer conn.Release()
			tx, err := conn.Begin(ctx)
			require.NoError(t, err)
			defer func() { _ = tx.Rollback(ctx) }()
			_, err = tx.Exec(ctx, `SET LOCAL plan_cache_mode = `+c.mode)
			require.NoError(t, err)
			_, err = tx.Exec(ctx, `PREPARE plan_check (`+c.types+`) AS `+c.sql)
			require.NoError(t, err)
			defer func() { _, _ = conn.Exec(ctx, `DEALLOCATE plan_check`) }()
			rows, err := tx.Query(ctx, `EXPLAIN EXECUTE plan_check (`+c.args+`)`)
			require.NoError(t, err)
			var plan strings.Builder
			for rows.Next() {
				var line string
				require.NoError(t, rows.Scan(&line))
				plan.WriteString(line + "\n")
			}
			require.NoError(t, rows.Err())
			return plan.String()
		}()
		assert.NotContains(t, plan, "Seq Scan", "%s:\n%s", mode, plan)
	}
}
