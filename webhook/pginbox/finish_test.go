package pginbox

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/labwire/labwire/webhook/dispatch"
)

// rowState reads a row's state.
func rowState(t *testing.T, ib *Inbox, id string) dispatch.InboxState {
	t.Helper()
	var s string
	require.NoError(t, ib.pool.QueryRow(context.Background(), `SELECT state FROM `+ib.t.table+` WHERE id = $1`, id).Scan(&s))
	return dispatch.InboxState(s)
}

// Issue 17: Complete, Fail and DeadLetter survive a dropped connection
// (a failover, a Postgres restart): the update is retried on a new
// connection instead of leaving the row to wait out its lease.
func TestFinishingSurvivesADroppedConnection(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name   string
		finish func(ib *Inbox, l dispatch.Lease) error
		want   dispatch.InboxState
	}{
		{"complete", func(ib *Inbox, l dispatch.Lease) error { return ib.Complete(context.Background(), l) }, dispatch.InboxCompleted},
		{"fail", func(ib *Inbox, l dispatch.Lease) error { return ib.Fail(context.Background(), l, time.Second, "error") }, dispatch.InboxPending},
		{"dead-letter", func(ib *Inbox, l dispatch.Lease) error { return ib.DeadLetter(context.Background(), l, "permanent") }, dispatch.InboxDead},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			table := testTable(t)
			app := "pginbox_" + table
			ib, err := New(newNamedPool(t, 4, app), WithTable(table))
			require.NoError(t, err)
			_, err = ib.Migrate(context.Background())
			require.NoError(t, err)
			ctx := context.Background()
			_, err = ib.Accept(ctx, msg("s", "k", `{}`))
			require.NoError(t, err)
			ls, err := ib.Claim(ctx, "s", 1, time.Minute)
			require.NoError(t, err)
			require.Len(t, ls, 1)
			require.Positive(t, terminate(t, app), "the pool's connection dropped")
			require.NoError(t, c.finish(ib, ls[0]))
			assert.Equal(t, c.want, rowState(t, ib, ls[0].ID))
		})
	}
}

// A finishing update retried after an attempt whose answer was lost finds
// the row already finished under its own token: that is success, not a
// lost lease.
func TestRetriedFinishRecognisesItsOwnEarlierUpdate(t *testing.T) {
	t.Parallel()
	ib := newInbox(t, testTable(t), 4)
	ctx := context.Background()
	_, err := ib.Accept(ctx, msg("s", "k", `{}`))
	require.NoError(t, err)
	ls, err := ib.Claim(ctx, "s", 1, time.Minute)
	require.NoError(t, err)
	l := ls[0]
	_, err = ib.pool.Exec(ctx, ib.q.complete, nil, l.ID, l.Token) // the first attempt, its answer lost
	require.NoError(t, err)
	until := time.Now().Add(time.Minute)
	assert.NoError(t, ib.finish(ctx, "complete", dispatch.InboxCompleted, l, until, true, ib.q.complete, nil, l.ID, l.Token))
	assert.ErrorIs(t, ib.finish(ctx, "complete", dispatch.InboxCompleted, l, until, false, ib.q.complete, nil, l.ID, l.Token),
		dispatch.ErrLeaseLost, "without an earlier attempt, nothing to update is a lost lease")
	assert.ErrorIs(t, ib.finish(ctx, "fail", dispatch.InboxPending, l, until, true, ib.q.fail, nil, l.ID, l.Token, interval(0), "error"),
		dispatch.ErrLeaseLost, "finished otherwise")
}

// Issue 17: in transactional mode, a completion whose transaction died
// with its connection (the ProcessFunc's writes rolled back) gives the row
// back, ready at once, so it is claimed again without waiting out its
// lease; a COMMIT whose answer was lost is looked up: committed, it is
// success; still in progress on the server, it is waited for.
func TestTransactionalCompletionWithAnUnknownOutcome(t *testing.T) {
	t.Parallel()
	setup := func(t *testing.T) (*Inbox, *Inbox, *manualClock, dispatch.Lease, context.Context) {
		table := testTable(t)
		clock := newManualClock()
		ib := newInbox(t, table, 4, WithClock(clock.Now), WithTransactional())
		other := newInbox(t, table, 4, WithClock(clock.Now), WithTransactional())
		ctx := context.Background()
		_, err := ib.pool.Exec(ctx, `CREATE TABLE `+table+`_effects (k text PRIMARY KEY)`)
		require.NoError(t, err)
		_, err = ib.Accept(ctx, msg("s", "k", `{}`))
		require.NoError(t, err)
		ls, err := ib.Claim(ctx, "s", 1, time.Hour)
		require.NoError(t, err)
		require.Len(t, ls, 1)
		lctx, err := ib.LeaseContext(ctx, ls[0])
		require.NoError(t, err)
		tx, _ := TxFromContext(lctx)
		_, err = tx.Exec(ctx, `INSERT INTO `+table+`_effects VALUES ('effect')`)
		require.NoError(t, err)
		return ib, other, clock, ls[0], lctx
	}
	effects := func(t *testing.T, ib *Inbox) int {
		var n int
		require.NoError(t, ib.pool.QueryRow(context.Background(), `SELECT count(*) FROM `+ib.t.raw+`_effects`).Scan(&n))
		return n
	}

	t.Run("connection dropped before commit: given back", func(t *testing.T) {
		t.Parallel()
		ib, other, _, l, lctx := setup(t)
		tx, _ := TxFromContext(lctx)
		terminatePID(t, tx.Conn().PgConn().PID())
		err := ib.Complete(context.Background(), l)
		require.Error(t, err)
		assert.False(t, errors.Is(err, dispatch.ErrLeaseLost))
		assert.Contains(t, err.Error(), "complete")
		assert.Equal(t, dispatch.InboxPending, rowState(t, ib, l.ID))
		assert.Zero(t, effects(t, ib), "the write went with the transaction")
		again, err := other.Claim(context.Background(), "s", 1, time.Minute)
		require.NoError(t, err)
		require.Len(t, again, 1, "claimable at once, though the lease had an hour to run")
		assert.Equal(t, 2, again[0].Attempt)
	})
	t.Run("commit happened, answer lost: success", func(t *testing.T) {
		t.Parallel()
		ib, _, _, l, lctx := setup(t)
		tx, _ := TxFromContext(lctx)
		h := ib.takeHold(l)
		require.NoError(t, tx.Commit(context.Background()))
		assert.NoError(t, ib.settle(context.Background(), "complete: commit", errors.New("conn closed"), l, h.until))
		assert.Equal(t, dispatch.InboxCompleted, rowState(t, ib, l.ID))
		assert.Equal(t, 1, effects(t, ib))
	})
	t.Run("commit still in progress on the server: waited for", func(t *testing.T) {
		t.Parallel()
		ib, _, _, l, lctx := setup(t)
		tx, _ := TxFromContext(lctx)
		h := ib.takeHold(l)
		settled := make(chan error, 1)
		go func() {
			settled <- ib.settle(context.Background(), "complete: commit", errors.New("conn closed"), l, h.until)
		}()
		select {
		case err := <-settled:
			t.Fatalf("settled before the transaction ended: %v", err)
		case <-time.After(200 * time.Millisecond):
		}
		require.NoError(t, tx.Commit(context.Background()))
		assert.NoError(t, <-settled)
		assert.Equal(t, dispatch.InboxCompleted, rowState(t, ib, l.ID))
		assert.Equal(t, 1, effects(t, ib))
	})
}

// Issue 17: a claim whose answer was lost (the connection dropped after
// the server committed it) leased rows no worker got. Their tokens derive
// from the claim's nonce, so Claim gives them back at once, without the
// attempt, instead of leaving them to wait out their lease.
func TestClaimWhoseAnswerWasLostIsGivenBack(t *testing.T) {
	t.Parallel()
	clock := newManualClock()
	ib := newInbox(t, testTable(t), 4, WithClock(clock.Now))
	ctx := context.Background()
	for _, k := range []string{"a", "b", "c"} {
		_, err := ib.Accept(ctx, msg("s", k, `{}`))
		require.NoError(t, err)
	}
	// The server runs the claim; its answer never arrives.
	_, err := ib.pool.Exec(ctx, ib.q.claim, ib.nowArg(), "s", 2, interval(time.Hour), "lost-nonce")
	require.NoError(t, err)
	none, err := ib.Claim(ctx, "s", 3, time.Hour)
	require.NoError(t, err)
	require.Len(t, none, 1, "two rows are leased for an hour to nobody")
	ib.unclaim("s", "lost-nonce", time.Now().Add(time.Minute))
	require.Eventually(t, func() bool {
		s, err := ib.Stats(ctx, "s")
		return err == nil && s[dispatch.InboxPending] == 2
	}, 30*time.Second, 5*time.Millisecond)
	again, err := ib.Claim(ctx, "s", 3, time.Hour)
	require.NoError(t, err)
	require.Len(t, again, 2, "given back, ready at once")
	for _, l := range again {
		assert.Equal(t, 1, l.Attempt, "the lost claim's attempt is not counted")
	}
	ib.Close()
	ib.unclaim("s", "lost-nonce", time.Now().Add(time.Minute)) // after Close: nothing starts
}
