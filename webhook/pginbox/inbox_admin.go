package pginbox

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/labwire/labwire/webhook/dispatch"
)

// The Inbox is what the admin page (package
// github.com/labwire/labwire/webhook/dispatch/inboxadmin) shows and steers.
var _ dispatch.InboxAdmin = (*Inbox)(nil)

// overviewSQL counts every (source, state) in one pass over the table: the
// per-state counts need every row anyway, so the plan is one Seq Scan
// feeding a HashAggregate with a group per source and state, whatever the
// number of sources; the other figures are FILTERed aggregates of the same
// pass. $1 is the clock (NULL: the database's).
func (t tableName) overviewSQL() string {
	return `SELECT source, state, count(*),
		count(*) FILTER (WHERE state = 'pending' AND attempts > 0),
		min(received_at) FILTER (WHERE state = 'pending'),
		count(*) FILTER (WHERE state = 'completed' AND finished_at >= ` + nowExpr + ` - interval '1 minute'),
		count(*) FILTER (WHERE state = 'completed' AND finished_at >= ` + nowExpr + ` - interval '1 hour'),
		` + nowExpr + `
		FROM ` + t.table + `
		GROUP BY source, state`
}

// Overview implements dispatch.InboxAdmin with one GROUP BY query (see
// overviewSQL): per source, the messages in each state, the retrying ones
// (pending after at least one failed attempt), when the oldest pending one
// was received, and those completed in the minute and the hour before Now,
// the database's clock (or WithClock's). It reads the whole table once, so
// call it for an operator's page, not from a frequent probe.
func (ib *Inbox) Overview(ctx context.Context) ([]dispatch.SourceOverview, error) {
	rows, err := ib.pool.Query(ctx, ib.t.overviewSQL(), ib.nowArg())
	if err != nil {
		return nil, ib.dbError("overview", err)
	}
	defer rows.Close()
	by := map[string]*dispatch.SourceOverview{}
	for rows.Next() {
		var (
			source, state                     string
			n, retrying, lastMinute, lastHour int64
			oldest                            *time.Time
			now                               time.Time
		)
		if err := rows.Scan(&source, &state, &n, &retrying, &oldest, &lastMinute, &lastHour, &now); err != nil {
			return nil, ib.dbError("overview", err)
		}
		o := by[source]
		if o == nil {
			o = &dispatch.SourceOverview{Source: source, Counts: map[dispatch.InboxState]int64{}, Now: now}
			by[source] = o
		}
		o.Counts[dispatch.InboxState(state)] = n
		o.Retrying += retrying
		o.CompletedLastMinute += lastMinute
		o.CompletedLastHour += lastHour
		if oldest != nil && (o.OldestWaiting.IsZero() || oldest.Before(o.OldestWaiting)) {
			o.OldestWaiting = *oldest
		}
	}
	if err := rows.Err(); err != nil {
		return nil, ib.dbError("overview", err)
	}
	out := make([]dispatch.SourceOverview, 0, len(by))
	for _, o := range by {
		out = append(out, *o)
	}
	// Byte order, as MemoryInbox sorts, whatever the database's collation.
	slices.SortFunc(out, func(a, b dispatch.SourceOverview) int { return strings.Compare(a.Source, b.Source) })
	return out, nil
}

// recordColumns are what a dispatch.InboxRecord is read from (scanRecords):
// never the body or the header.
const recordColumns = `id, source, dedup_key, coalesce(event_type, ''), state, attempts, coalesce(last_cause, ''),
	received_at, available_at, finished_at`

// stateLiterals are the states as SQL literals: List writes the state into
// its query, never as a parameter, so that the planner can match the
// partial indexes (WHERE state = 'dead', WHERE state IN ('pending',
// 'leased')) in a generic plan too.
var stateLiterals = map[dispatch.InboxState]string{
	dispatch.InboxPending:   `'pending'`,
	dispatch.InboxLeased:    `'leased'`,
	dispatch.InboxCompleted: `'completed'`,
	dispatch.InboxDead:      `'dead'`,
}

// listSQL is List's query for q and its arguments; ok is false when q
// selects nothing (a state the inbox does not have, or Retrying with a
// state other than pending). The expected plans, the list limit on top:
//
//   - a state and a source: dead rows by the _dead index (source,
//     finished_at) WHERE state = 'dead'; pending or leased rows by the
//     _ready index (source, state, available_at); either range holds only
//     that source's rows in that state, then a top-N sort by id. Completed
//     rows have no index by source: a scan of the table.
//   - no source: the same partial indexes, or the primary key in order
//     (no state, or completed), stopping at the limit.
func (t tableName) listSQL(q dispatch.RecordQuery) (sql string, args []any, ok bool) {
	var where []string
	if q.Source != "" {
		args = append(args, q.Source)
		where = append(where, "source = $"+strconv.Itoa(len(args)))
	}
	state := q.State
	if q.Retrying {
		if state != "" && state != dispatch.InboxPending {
			return "", nil, false
		}
		state = dispatch.InboxPending
		where = append(where, "attempts > 0")
	}
	if state != "" {
		lit, known := stateLiterals[state]
		if !known {
			return "", nil, false
		}
		where = append(where, "state = "+lit)
	}
	limit := q.Limit
	if limit <= 0 {
		limit = dispatch.DefaultListLimit
	}
	args = append(args, limit)
	var b strings.Builder
	b.WriteString("SELECT " + recordColumns + " FROM " + t.table)
	if len(where) > 0 {
		b.WriteString(" WHERE " + strings.Join(where, " AND "))
	}
	b.WriteString(" ORDER BY id LIMIT $" + strconv.Itoa(len(args)))
	return b.String(), args, true
}

// List implements dispatch.InboxAdmin: the records q selects, oldest first
// (in the order the inbox accepted them, by id), without their bodies or
// headers, up to q.Limit (dispatch.DefaultListLimit when 0). The dead
// letters or the retrying messages of a source are read from the partial
// index that holds only that source's rows in that state (see listSQL).
func (ib *Inbox) List(ctx context.Context, q dispatch.RecordQuery) ([]dispatch.InboxRecord, error) {
	sql, args, ok := ib.t.listSQL(q)
	if !ok {
		return nil, nil
	}
	rows, err := ib.pool.Query(ctx, sql, args...)
	if err != nil {
		return nil, ib.dbError("list", err)
	}
	return ib.scanRecords("list", rows)
}

// scanRecords reads rows of recordColumns and closes them.
func (ib *Inbox) scanRecords(op string, rows pgx.Rows) ([]dispatch.InboxRecord, error) {
	defer rows.Close()
	var out []dispatch.InboxRecord
	for rows.Next() {
		var (
			r        dispatch.InboxRecord
			id       int64
			state    string
			finished *time.Time
		)
		if err := rows.Scan(&id, &r.Source, &r.Key, &r.EventType, &state, &r.Attempts, &r.LastCause,
			&r.ReceivedAt, &r.AvailableAt, &finished); err != nil {
			return nil, ib.dbError(op, err)
		}
		r.ID, r.State = strconv.FormatInt(id, 10), dispatch.InboxState(state)
		if finished != nil {
			r.FinishedAt = *finished
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, ib.dbError(op, err)
	}
	return out, nil
}

// RequeueBatch is how many dead letters RequeueSource requeues per
// statement, so that each update holds its row locks briefly.
const RequeueBatch = 1000

// requeueSourceSQL requeues up to $4 dead letters of source $2, oldest
// dead-lettered first (a range of the _dead index), and notifies channel $3
// once per statement (Postgres folds identical notifications of one
// transaction) if it requeued any. An update that meets a row a concurrent
// Requeue changed rechecks state = 'dead' and skips it.
func (t tableName) requeueSourceSQL() string {
	return `WITH r AS (
		UPDATE ` + t.table + `
		SET state = 'pending', attempts = 0, available_at = ` + nowExpr + `, finished_at = NULL
		WHERE id = ANY (ARRAY(
			SELECT id FROM ` + t.table + ` WHERE source = $2 AND state = 'dead'
			ORDER BY finished_at, id LIMIT $4))
		  AND state = 'dead'
		RETURNING id)
		SELECT count(*) FROM r WHERE pg_notify($3, $2) IS NOT NULL`
}

// RequeueSource implements dispatch.InboxAdmin: every dead letter of source
// becomes pending again, ready now, with its attempt count reset, in
// batches of RequeueBatch, and workers on every replica are woken. It
// reports how many it requeued; after an error, those of the batches that
// committed.
func (ib *Inbox) RequeueSource(ctx context.Context, source string) (int64, error) {
	if source == "" {
		return 0, errors.New("pginbox: requeue source: source is empty")
	}
	sql := ib.t.requeueSourceSQL()
	var total int64
	for {
		var n int64
		if err := ib.pool.QueryRow(ctx, sql, ib.nowArg(), source, ib.t.channel, RequeueBatch).Scan(&n); err != nil {
			return total, ib.dbError("requeue source", err)
		}
		total += n
		if n < RequeueBatch {
			return total, nil
		}
	}
}

// maxEventType is the longest event type the table stores (its CHECK
// constraint), as dispatch bounds what WithEventType returns.
const maxEventType = 64

// storedEventType is m.EventType as Accept stores it: NULL when empty, and
// otherwise bounded as dispatch bounds it before logging (at most 64 ASCII
// letters, digits and . _ : / -, other bytes dropped), so that an
// InboxMessage built by hand cannot fail the insert.
func storedEventType(s string) any {
	clean := strings.Map(func(r rune) rune {
		switch {
		case 'a' <= r && r <= 'z', 'A' <= r && r <= 'Z', '0' <= r && r <= '9',
			r == '.', r == '_', r == ':', r == '/', r == '-':
			return r
		}
		return -1
	}, s)
	if len(clean) > maxEventType {
		clean = clean[:maxEventType]
	}
	if clean == "" {
		return nil
	}
	return clean
}
