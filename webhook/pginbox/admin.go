package pginbox

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/labwire/labwire/webhook/dispatch"
)

// DeadLetters lists up to limit dead-lettered messages of source, in the
// order they were dead-lettered, without their bodies.
func (ib *Inbox) DeadLetters(ctx context.Context, source string, limit int) ([]dispatch.InboxRecord, error) {
	if limit <= 0 {
		return nil, errors.New("pginbox: dead letters: limit must be positive")
	}
	rows, err := ib.pool.Query(ctx, ib.q.deadList, source, limit)
	if err != nil {
		return nil, ib.dbError("dead letters", err)
	}
	return ib.scanRecords("dead letters", rows)
}

// Requeue makes a dead letter pending again, ready now, with its attempt
// count reset, and wakes a worker. A message that is not a dead letter is
// dispatch.ErrNotDeadLetter.
func (ib *Inbox) Requeue(ctx context.Context, id string) error {
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil {
		return dispatch.ErrNotDeadLetter
	}
	var ignored bool
	err = ib.pool.QueryRow(ctx, ib.q.requeue, ib.nowArg(), n, ib.t.channel).Scan(&ignored)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return dispatch.ErrNotDeadLetter
	case err != nil:
		return ib.dbError("requeue", err)
	}
	return nil
}

// PurgeBatch is how many rows Purge deletes per statement, so that each
// delete holds its locks briefly.
const PurgeBatch = 5000

// Purge deletes completed messages finished more than retention ago (keep
// retention at least the senders' retry horizon: a purged key no longer
// deduplicates), in batches of PurgeBatch, and reports how many. Dead
// letters are kept. Run it periodically, for example hourly, from one
// replica or all (batches do not conflict).
func (ib *Inbox) Purge(ctx context.Context, retention time.Duration) (int64, error) {
	if retention <= 0 {
		return 0, errors.New("pginbox: purge: retention must be positive")
	}
	var total int64
	for {
		tag, err := ib.pool.Exec(ctx, ib.q.purge, ib.nowArg(), interval(retention), PurgeBatch)
		if err != nil {
			return total, ib.dbError("purge", err)
		}
		total += tag.RowsAffected()
		if tag.RowsAffected() < PurgeBatch {
			return total, nil
		}
	}
}

// Stats counts the messages of source by state.
func (ib *Inbox) Stats(ctx context.Context, source string) (map[dispatch.InboxState]int64, error) {
	rows, err := ib.pool.Query(ctx, ib.q.stats, source)
	if err != nil {
		return nil, ib.dbError("stats", err)
	}
	defer rows.Close()
	out := map[dispatch.InboxState]int64{}
	for rows.Next() {
		var s string
		var n int64
		if err := rows.Scan(&s, &n); err != nil {
			return nil, ib.dbError("stats", err)
		}
		out[dispatch.InboxState(s)] = n
	}
	if err := rows.Err(); err != nil {
		return nil, ib.dbError("stats", err)
	}
	return out, nil
}

// String names the inbox's table, for logs.
func (ib *Inbox) String() string { return fmt.Sprintf("pginbox.Inbox{table: %s}", ib.t.raw) }
