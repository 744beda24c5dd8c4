package dispatch

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Issue 20: MemoryInbox answers the admin page's questions: per source the
// counts, the retrying ones, the oldest waiting, throughput; lists by state;
// requeues one or a whole source.
func TestMemoryInboxAdmin(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	ib, clock := newClockedInbox(t)
	add := func(source, key, typ string) {
		m := msg(key)
		m.Source, m.EventType = source, typ
		ok, err := ib.Accept(ctx, m)
		require.NoError(t, err)
		require.True(t, ok)
	}
	add("b", "b1", "order.created")
	clock.advance(time.Minute)
	add("a", "a1", "order.created")
	add("a", "a2", "order.updated")
	add("a", "a3", "order.updated")
	add("a", "a4", "")

	ls, err := ib.Claim(ctx, "a", 4, time.Minute)
	require.NoError(t, err)
	require.Len(t, ls, 4)
	require.NoError(t, ib.Complete(ctx, ls[0]))
	require.NoError(t, ib.Fail(ctx, ls[1], time.Hour, "server"))
	require.NoError(t, ib.DeadLetter(ctx, ls[2], "outcome_unknown"))
	require.NoError(t, ib.DeadLetter(ctx, ls[3], "permanent"))
	clock.advance(2 * time.Minute)

	ov, err := ib.Overview(ctx)
	require.NoError(t, err)
	require.Len(t, ov, 2)
	a, b := ov[0], ov[1]
	assert.Equal(t, "a", a.Source)
	assert.Equal(t, map[InboxState]int64{InboxCompleted: 1, InboxPending: 1, InboxDead: 2}, a.Counts)
	assert.Equal(t, int64(1), a.Retrying)
	assert.Equal(t, int64(0), a.CompletedLastMinute)
	assert.Equal(t, int64(1), a.CompletedLastHour)
	assert.Equal(t, clock.now(), a.Now)
	assert.Equal(t, clock.now().Add(-2*time.Minute), a.OldestWaiting)
	assert.Equal(t, "b", b.Source)
	assert.Equal(t, clock.now().Add(-3*time.Minute), b.OldestWaiting)

	dead, err := ib.List(ctx, RecordQuery{Source: "a", State: InboxDead})
	require.NoError(t, err)
	require.Len(t, dead, 2)
	assert.Equal(t, "order.updated", dead[0].EventType)
	assert.Equal(t, "outcome_unknown", dead[0].LastCause)
	retrying, err := ib.List(ctx, RecordQuery{Retrying: true})
	require.NoError(t, err)
	require.Len(t, retrying, 1)
	assert.Equal(t, "server", retrying[0].LastCause)
	one, err := ib.List(ctx, RecordQuery{Limit: 1})
	require.NoError(t, err)
	assert.Len(t, one, 1)

	n, err := ib.RequeueSource(ctx, "a")
	require.NoError(t, err)
	assert.Equal(t, int64(2), n)
	dead, _ = ib.List(ctx, RecordQuery{State: InboxDead})
	assert.Empty(t, dead)
	assert.ErrorIs(t, ib.Requeue(ctx, ls[2].ID), ErrNotDeadLetter)
}
