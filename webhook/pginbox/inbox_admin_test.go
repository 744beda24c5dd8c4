package pginbox

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/labwire/labwire/webhook/dispatch"
)

// adminScenario fills ib as TestMemoryInboxAdmin (package dispatch) fills
// a MemoryInbox, advancing clock as it goes: source b one message; a minute
// later source a four, of which one completes, one fails (retrying), two
// are dead-lettered; then two minutes pass.
func adminScenario(t *testing.T, ib dispatch.Inbox, advance func(time.Duration)) (dead []dispatch.Lease) {
	t.Helper()
	ctx := context.Background()
	add := func(source, key, typ string) {
		m := msg(source, key, `{"n":1}`)
		m.EventType = typ
		ok, err := ib.Accept(ctx, m)
		require.NoError(t, err)
		require.True(t, ok)
	}
	add("b", "b1", "order.created")
	advance(time.Minute)
	add("a", "a1", "order.created")
	add("a", "a2", "order.updated")
	add("a", "a3", "order.updated")
	add("a", "a4", "")
	ls, err := ib.Claim(ctx, "a", 4, time.Minute)
	require.NoError(t, err)
	require.Len(t, ls, 4)
	byKey := map[string]dispatch.Lease{}
	for _, l := range ls {
		byKey[l.Message.Key] = l
	}
	require.NoError(t, ib.Complete(ctx, byKey["a1"]))
	require.NoError(t, ib.Fail(ctx, byKey["a2"], time.Hour, "server"))
	require.NoError(t, ib.DeadLetter(ctx, byKey["a3"], "outcome_unknown"))
	require.NoError(t, ib.DeadLetter(ctx, byKey["a4"], "permanent"))
	advance(2 * time.Minute)
	return []dispatch.Lease{byKey["a3"], byKey["a4"]}
}

// Issue 20: the Postgres inbox answers the admin page's questions as
// MemoryInbox does: per source the counts, the retrying ones, the oldest
// waiting, throughput and the inbox's clock; lists by source, state and
// retrying, oldest first, with the event type; requeues one or a whole
// source.
func TestAdminOverviewAndList(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	clock := newManualClock()
	ib := newInbox(t, testTable(t), 4, WithClock(clock.Now))
	dead := adminScenario(t, ib, clock.Advance)

	ov, err := ib.Overview(ctx)
	require.NoError(t, err)
	require.Len(t, ov, 2)
	a, b := ov[0], ov[1]
	assert.Equal(t, "a", a.Source)
	assert.Equal(t, map[dispatch.InboxState]int64{dispatch.InboxCompleted: 1, dispatch.InboxPending: 1, dispatch.InboxDead: 2}, a.Counts)
	assert.Equal(t, int64(1), a.Retrying)
	assert.Equal(t, int64(0), a.CompletedLastMinute)
	assert.Equal(t, int64(1), a.CompletedLastHour)
	assert.True(t, clock.Now().Equal(a.Now), "Now is the inbox's clock: %v", a.Now)
	assert.True(t, clock.Now().Add(-2*time.Minute).Equal(a.OldestWaiting), "%v", a.OldestWaiting)
	assert.Equal(t, "b", b.Source)
	assert.Equal(t, map[dispatch.InboxState]int64{dispatch.InboxPending: 1}, b.Counts)
	assert.True(t, clock.Now().Add(-3*time.Minute).Equal(b.OldestWaiting))

	clock.Advance(59 * time.Minute)
	ov, err = ib.Overview(ctx)
	require.NoError(t, err)
	assert.Equal(t, int64(0), ov[0].CompletedLastHour, "completed 61 minutes before Now")

	recs, err := ib.List(ctx, dispatch.RecordQuery{Source: "a", State: dispatch.InboxDead})
	require.NoError(t, err)
	require.Len(t, recs, 2)
	assert.Equal(t, "a3", recs[0].Key, "oldest first")
	assert.Equal(t, "order.updated", recs[0].EventType)
	assert.Equal(t, "outcome_unknown", recs[0].LastCause)
	assert.Equal(t, dispatch.InboxDead, recs[0].State)
	assert.Equal(t, 1, recs[0].Attempts)
	assert.False(t, recs[0].FinishedAt.IsZero())
	assert.Equal(t, dead[0].ID, recs[0].ID)
	assert.Equal(t, "", recs[1].EventType, "no WithEventType")

	retrying, err := ib.List(ctx, dispatch.RecordQuery{Retrying: true})
	require.NoError(t, err)
	require.Len(t, retrying, 1)
	assert.Equal(t, "a2", retrying[0].Key)
	assert.Equal(t, "server", retrying[0].LastCause)
	assert.Equal(t, dispatch.InboxPending, retrying[0].State)
	retrying, err = ib.List(ctx, dispatch.RecordQuery{Source: "a", State: dispatch.InboxPending, Retrying: true})
	require.NoError(t, err)
	assert.Len(t, retrying, 1, "the admin page's query")
	none, err := ib.List(ctx, dispatch.RecordQuery{State: dispatch.InboxDead, Retrying: true})
	require.NoError(t, err)
	assert.Empty(t, none, "retrying means pending")
	none, err = ib.List(ctx, dispatch.RecordQuery{State: "archived"})
	require.NoError(t, err)
	assert.Empty(t, none, "a state the inbox does not have")
	all, err := ib.List(ctx, dispatch.RecordQuery{})
	require.NoError(t, err)
	var keys []string
	for _, r := range all {
		keys = append(keys, r.Key)
	}
	assert.Equal(t, []string{"b1", "a1", "a2", "a3", "a4"}, keys, "every source and state, in the order accepted")
	one, err := ib.List(ctx, dispatch.RecordQuery{Limit: 1})
	require.NoError(t, err)
	assert.Len(t, one, 1)
	pendingB, err := ib.List(ctx, dispatch.RecordQuery{Source: "b", State: dispatch.InboxPending})
	require.NoError(t, err)
	require.Len(t, pendingB, 1)
	assert.Equal(t, "order.created", pendingB[0].EventType)

	n, err := ib.RequeueSource(ctx, "a")
	require.NoError(t, err)
	assert.Equal(t, int64(2), n)
	recs, err = ib.List(ctx, dispatch.RecordQuery{State: dispatch.InboxDead})
	require.NoError(t, err)
	assert.Empty(t, recs)
	assert.ErrorIs(t, ib.Requeue(ctx, dead[0].ID), dispatch.ErrNotDeadLetter)
	n, err = ib.RequeueSource(ctx, "a")
	require.NoError(t, err)
	assert.Zero(t, n, "nothing left to requeue")
	ls, err := ib.Claim(ctx, "a", 10, time.Minute)
	require.NoError(t, err)
	assert.Len(t, ls, 3, "the requeued two and the retry, now due")
	_, err = ib.RequeueSource(ctx, "")
	assert.Error(t, err)
}

// Issue 20: for the same history the Postgres inbox and MemoryInbox give
// the admin page the same overview and the same lists (ids aside).
func TestAdminMatchesMemoryInbox(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pgClock := newManualClock()
	pg := newInbox(t, testTable(t), 4, WithClock(pgClock.Now))
	memClock := newManualClock()
	mem, err := dispatch.NewMemoryInbox(72*time.Hour, dispatch.WithInboxClock(memClock.Now))
	require.NoError(t, err)
	adminScenario(t, pg, pgClock.Advance)
	adminScenario(t, mem, memClock.Advance)

	normOverview := func(ov []dispatch.SourceOverview) []dispatch.SourceOverview {
		for i := range ov {
			ov[i].Now = ov[i].Now.UTC()
			ov[i].OldestWaiting = ov[i].OldestWaiting.UTC()
		}
		return ov
	}
	want, err := mem.Overview(ctx)
	require.NoError(t, err)
	got, err := pg.Overview(ctx)
	require.NoError(t, err)
	assert.Equal(t, normOverview(want), normOverview(got))

	normRecords := func(rs []dispatch.InboxRecord) []dispatch.InboxRecord {
		for i := range rs {
			rs[i].ID = ""
			rs[i].ReceivedAt, rs[i].FinishedAt = rs[i].ReceivedAt.UTC(), rs[i].FinishedAt.UTC()
			rs[i].AvailableAt = time.Time{} // a dead row's is its last lease's end here, MemoryInbox keeps the ready time
		}
		return rs
	}
	for _, q := range []dispatch.RecordQuery{
		{}, {Source: "a"}, {Source: "a", State: dispatch.InboxDead}, {State: dispatch.InboxPending},
		{Retrying: true}, {Source: "b", State: dispatch.InboxPending, Retrying: true}, {Limit: 2},
		{State: dispatch.InboxCompleted}, {Source: "nobody"},
	} {
		want, err := mem.List(ctx, q)
		require.NoError(t, err)
		got, err := pg.List(ctx, q)
		require.NoError(t, err)
		assert.Equal(t, normRecords(want), normRecords(got), "%+v", q)
	}
}

// Issue 20: without WithClock the overview's Now is the database's clock.
func TestAdminOverviewNowIsTheDatabaseClock(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	ib := newInbox(t, testTable(t), 4)
	ov, err := ib.Overview(ctx)
	require.NoError(t, err)
	assert.Empty(t, ov, "an empty inbox has no source")
	_, err = ib.Accept(ctx, msg("s", "k", `{}`))
	require.NoError(t, err)
	ov, err = ib.Overview(ctx)
	require.NoError(t, err)
	require.Len(t, ov, 1)
	var dbNow time.Time
	require.NoError(t, ib.pool.QueryRow(ctx, `SELECT now()`).Scan(&dbNow))
	assert.WithinDuration(t, dbNow, ov[0].Now, 5*time.Second)
	assert.False(t, ov[0].OldestWaiting.After(ov[0].Now))
}

// Issue 20: RequeueSource works in batches of RequeueBatch, requeues only
// its source's dead letters, and wakes the workers of other replicas.
func TestRequeueSourceInBatches(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	table := testTable(t)
	ib := newInbox(t, table, 4)
	other := newInbox(t, table, 4)
	const n = RequeueBatch + 7
	_, err := ib.pool.Exec(ctx, `INSERT INTO `+table+` (source, dedup_key, state, attempts, available_at, received_at, finished_at, last_cause, body)
		SELECT src, src || i, 'dead', 3, now(), now(), now() - i * interval '1 second', 'permanent', '\x7b7d'::bytea
		FROM generate_series(1, $1) AS i, (VALUES ('a'), ('b')) AS s(src)`, n)
	require.NoError(t, err)
	wake := other.Notify()
	drain(wake)

	got, err := ib.RequeueSource(ctx, "a")
	require.NoError(t, err)
	assert.Equal(t, int64(n), got)
	stats, err := ib.Stats(ctx, "a")
	require.NoError(t, err)
	assert.Equal(t, map[dispatch.InboxState]int64{dispatch.InboxPending: n}, stats)
	stats, err = ib.Stats(ctx, "b")
	require.NoError(t, err)
	assert.Equal(t, map[dispatch.InboxState]int64{dispatch.InboxDead: n}, stats, "another source is left alone")
	var reset int
	require.NoError(t, ib.pool.QueryRow(ctx, `SELECT count(*) FROM `+table+` WHERE source = 'a' AND attempts = 0 AND finished_at IS NULL`).Scan(&reset))
	assert.Equal(t, n, reset)
	select {
	case <-wake:
	case <-time.After(10 * time.Second):
		t.Fatal("no notification reached the other replica")
	}
}

func drain(c <-chan struct{}) {
	for {
		select {
		case <-c:
		default:
			return
		}
	}
}

// Issue 20: Accept stores the event type WithEventType named, bounded as
// dispatch bounds it; the column refuses a longer one written by hand; an
// empty one is stored as NULL and read as "".
func TestEventTypeIsStoredBounded(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	table := testTable(t)
	ib := newInbox(t, table, 4)
	for key, typ := range map[string]string{
		"plain": "lab_requisition.created",
		"long":  strings.Repeat("x", 100),
		"odd":   "a b\x00c\n<d>é",
		"none":  "",
	} {
		m := msg("s", key, `{}`)
		m.EventType = typ
		ok, err := ib.Accept(ctx, m)
		require.NoError(t, err, key)
		require.True(t, ok)
	}
	recs, err := ib.List(ctx, dispatch.RecordQuery{Source: "s"})
	require.NoError(t, err)
	got := map[string]string{}
	for _, r := range recs {
		got[r.Key] = r.EventType
	}
	assert.Equal(t, map[string]string{
		"plain": "lab_requisition.created", "long": strings.Repeat("x", 64), "odd": "abcd", "none": "",
	}, got)
	var nulls int
	require.NoError(t, ib.pool.QueryRow(ctx, `SELECT count(*) FROM `+table+` WHERE event_type IS NULL`).Scan(&nulls))
	assert.Equal(t, 1, nulls)

	_, err = ib.pool.Exec(ctx, `UPDATE `+table+` SET event_type = repeat('y', 65)`)
	var pe *pgconn.PgError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "23514", pe.Code, "check_violation")
	assert.Equal(t, table+"_event_type_check", pe.ConstraintName)
}

// Issue 20: a table at version 2 with rows in it upgrades to version 3
// (the event type column); its rows read with no event type, and new ones
// store theirs.
func TestMigrateAddsEventTypeToAnOlderTable(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := newPool(t, 4)
	schema := "up3_" + strings.ToLower(strings.TrimPrefix(testTable(t), "t_"))
	_, err := pool.Exec(ctx, `CREATE SCHEMA `+schema)
	require.NoError(t, err)
	t.Cleanup(func() { _, _ = pool.Exec(context.Background(), `DROP SCHEMA `+schema+` CASCADE`) })
	conn, err := pool.Acquire(ctx)
	require.NoError(t, err)
	_, err = conn.Exec(ctx, `SET search_path TO `+schema)
	require.NoError(t, err)
	for _, f := range []string{"0001_inbox.up.sql", "0002_claim_expired_first.up.sql"} {
		sql, err := os.ReadFile(filepath.Join("migrations", "plain", f))
		require.NoError(t, err)
		_, err = conn.Exec(ctx, string(sql))
		require.NoError(t, err, f)
	}
	_, err = conn.Exec(ctx, `INSERT INTO `+DefaultTable+` (source, dedup_key, state, available_at, received_at, finished_at, last_cause, body)
		VALUES ('s', 'old', 'dead', now(), now(), now(), 'permanent', '\x7b7d'::bytea)`)
	require.NoError(t, err)
	_, err = conn.Exec(ctx, `RESET search_path`)
	require.NoError(t, err)
	conn.Release()

	ib, err := New(pool, WithTable(schema+"."+DefaultTable))
	require.NoError(t, err)
	require.ErrorIs(t, ib.Check(ctx), ErrNotMigrated, "version 2 is not current")
	applied, err := ib.Migrate(ctx)
	require.NoError(t, err)
	assert.Equal(t, []int{3}, applied)
	require.NoError(t, ib.Check(ctx))
	m := msg("s", "new", `{}`)
	m.EventType = "order.created"
	_, err = ib.Accept(ctx, m)
	require.NoError(t, err)
	recs, err := ib.List(ctx, dispatch.RecordQuery{Source: "s"})
	require.NoError(t, err)
	require.Len(t, recs, 2)
	assert.Equal(t, "old", recs[0].Key)
	assert.Equal(t, "", recs[0].EventType)
	assert.Equal(t, "order.created", recs[1].EventType)
	dl, err := ib.DeadLetters(ctx, "s", 10)
	require.NoError(t, err)
	require.Len(t, dl, 1)
	assert.Equal(t, "old", dl[0].Key)
}

// Issue 20: the admin queries use the plans their docs state. With
// sequential scans disabled (so that a small table shows which index the
// planner can use), the dead letters and the retrying messages of a source
// are read from the partial indexes, and the overview reads the table once
// whatever the number of sources.
func TestAdminQueryPlans(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	table := testTable(t)
	ib := newInbox(t, table, 4)
	_, err := ib.pool.Exec(ctx, `INSERT INTO `+table+` (source, dedup_key, state, attempts, available_at, received_at, finished_at)
		SELECT 's' || (i % 5), 'k' || i, (ARRAY['pending', 'leased', 'completed', 'dead'])[1 + i % 4], i % 3, now(), now(), now()
		FROM generate_series(1, 2000) AS i`)
	require.NoError(t, err)
	_, err = ib.pool.Exec(ctx, `ANALYZE `+table)
	require.NoError(t, err)
	conn, err := ib.pool.Acquire(ctx)
	require.NoError(t, err)
	defer conn.Release()
	explain := func(sql string, args ...any) string {
		t.Helper()
		rows, err := conn.Query(ctx, "EXPLAIN "+sql, args...)
		require.NoError(t, err)
		var b strings.Builder
		for rows.Next() {
			var line string
			require.NoError(t, rows.Scan(&line))
			b.WriteString(line + "\n")
		}
		require.NoError(t, rows.Err())
		return b.String()
	}
	_, err = conn.Exec(ctx, `SET enable_seqscan = off`)
	require.NoError(t, err)
	for _, c := range []struct {
		q     dispatch.RecordQuery
		index string
	}{
		{dispatch.RecordQuery{Source: "s1", State: dispatch.InboxDead}, table + "_dead"},
		{dispatch.RecordQuery{Source: "s1", State: dispatch.InboxPending, Retrying: true}, table + "_ready"},
		{dispatch.RecordQuery{Source: "s1", State: dispatch.InboxLeased}, table + "_ready"},
	} {
		sql, args, ok := ib.t.listSQL(c.q)
		require.True(t, ok)
		plan := explain(sql, args...)
		t.Logf("%+v:\n%s", c.q, plan)
		assert.Contains(t, plan, c.index, "%+v:\n%s", c.q, plan)
		assert.NotContains(t, plan, "Seq Scan", "%+v:\n%s", c.q, plan)
	}
	_, err = conn.Exec(ctx, `RESET enable_seqscan`)
	require.NoError(t, err)
	plan := explain(ib.t.overviewSQL(), nil)
	t.Logf("overview:\n%s", plan)
	assert.Equal(t, 1, strings.Count(plan, "Scan on "+table), "one pass over the table:\n%s", plan)
	assert.Contains(t, plan, "Aggregate", plan)
	assert.NotContains(t, plan, "SubPlan", plan)
}
