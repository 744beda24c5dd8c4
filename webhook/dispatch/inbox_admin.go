package dispatch

import (
	"context"
	"slices"
	"time"
)

// InboxAdmin is implemented by an Inbox that operators can inspect and
// steer: MemoryInbox and the Postgres inbox (pginbox.Inbox) both do. The
// admin page (package inboxadmin) is built on it. Nothing it returns holds
// a body, a header or anything else from a delivery's content.
type InboxAdmin interface {
	// Overview summarises every source the inbox holds, ordered by source.
	Overview(ctx context.Context) ([]SourceOverview, error)
	// List returns the records q selects, oldest first.
	List(ctx context.Context, q RecordQuery) ([]InboxRecord, error)
	// Requeue makes one dead letter pending again, ready now, with its
	// attempt count reset; ErrNotDeadLetter when id is not a dead letter.
	Requeue(ctx context.Context, id string) error
	// RequeueSource requeues every dead letter of source and reports how
	// many.
	RequeueSource(ctx context.Context, source string) (int64, error)
	// Purge deletes completed messages finished more than retention ago
	// (a purged key no longer deduplicates) and reports how many. Dead
	// letters are kept.
	Purge(ctx context.Context, retention time.Duration) (int64, error)
}

// SourceOverview is one source's state in an inbox.
type SourceOverview struct {
	Source string
	// Counts holds the number of messages in each state.
	Counts map[InboxState]int64
	// Retrying counts the pending messages that failed at least once and
	// wait for their retry time.
	Retrying int64
	// OldestWaiting is when the oldest pending message was received; zero
	// when none waits.
	OldestWaiting time.Time
	// CompletedLastMinute and CompletedLastHour count the messages completed
	// in the minute and the hour before Now (throughput).
	CompletedLastMinute, CompletedLastHour int64
	// Now is the inbox's clock when the overview was taken (a database's
	// clock, not the caller's): ages are measured against it.
	Now time.Time
}

// RecordQuery selects records for InboxAdmin.List.
type RecordQuery struct {
	// Source selects one source; "" selects all.
	Source string
	// State selects one state; "" selects all. With Retrying, only pending
	// messages that failed at least once.
	State    InboxState
	Retrying bool
	// Limit caps the result; 0 means DefaultListLimit.
	Limit int
}

// DefaultListLimit is how many records InboxAdmin.List returns when the
// query sets no Limit.
const DefaultListLimit = 100

var _ InboxAdmin = (*MemoryInbox)(nil)

// Overview implements InboxAdmin.
func (m *MemoryInbox) Overview(_ context.Context) ([]SourceOverview, error) {
	now := m.now()
	m.mu.Lock()
	defer m.mu.Unlock()
	by := map[string]*SourceOverview{}
	var order []string
	for _, r := range m.rows {
		o := by[r.msg.Source]
		if o == nil {
			o = &SourceOverview{Source: r.msg.Source, Counts: map[InboxState]int64{}, Now: now}
			by[r.msg.Source] = o
			order = append(order, r.msg.Source)
		}
		o.Counts[r.state]++
		switch r.state {
		case InboxPending:
			if r.attempts > 0 {
				o.Retrying++
			}
			if o.OldestWaiting.IsZero() || r.msg.ReceivedAt.Before(o.OldestWaiting) {
				o.OldestWaiting = r.msg.ReceivedAt
			}
		case InboxCompleted:
			if age := now.Sub(r.finished); age <= time.Hour {
				o.CompletedLastHour++
				if age <= time.Minute {
					o.CompletedLastMinute++
				}
			}
		}
	}
	slices.Sort(order)
	out := make([]SourceOverview, 0, len(order))
	for _, s := range order {
		out = append(out, *by[s])
	}
	return out, nil
}

// List implements InboxAdmin.
func (m *MemoryInbox) List(_ context.Context, q RecordQuery) ([]InboxRecord, error) {
	limit := q.Limit
	if limit <= 0 {
		limit = DefaultListLimit
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []InboxRecord
	for _, r := range m.rows {
		if len(out) == limit {
			break
		}
		switch {
		case q.Source != "" && r.msg.Source != q.Source,
			q.State != "" && r.state != q.State,
			q.Retrying && (r.state != InboxPending || r.attempts == 0):
			continue
		}
		out = append(out, r.record())
	}
	return out, nil
}

// RequeueSource implements InboxAdmin.
func (m *MemoryInbox) RequeueSource(ctx context.Context, source string) (int64, error) {
	m.mu.Lock()
	var ids []string
	for _, r := range m.rows {
		if r.state == InboxDead && r.msg.Source == source {
			ids = append(ids, r.id)
		}
	}
	m.mu.Unlock()
	var n int64
	for _, id := range ids {
		if err := m.Requeue(ctx, id); err == nil {
			n++
		}
	}
	return n, nil
}
