package dispatch

import (
	"context"
	"crypto/rand"
	"fmt"
	"strconv"
	"sync"
	"time"
)

// MemoryInbox is an Inbox in this process's memory, with the same contract
// as a durable one except durability: what it holds dies with the process.
// Use it in tests, in development, and for a single receiver that accepts
// that loss; a fleet of receivers, or one that must survive a crash after
// answering 2xx, uses a durable inbox such as
// github.com/labwire/labwire/webhook/pginbox. It is safe for concurrent use.
type MemoryInbox struct {
	retention time.Duration
	now       func() time.Time

	mu        sync.Mutex
	lastPurge time.Time
	seq       int64
	rows      []*memRow // in arrival order
	open      []*memRow // the pending and leased rows, in arrival order (finished ones dropped lazily)
	byID      map[string]*memRow
	byKey     map[[2]string]*memRow
	notify    chan struct{}
}

type memRow struct {
	id       string
	msg      InboxMessage
	state    InboxState
	attempts int
	avail    time.Time
	token    string
	until    time.Time
	cause    string
	finished time.Time
}

// NewMemoryInbox returns an empty MemoryInbox that keeps completed messages
// (and so their deduplication keys) for retention, which must be positive:
// at least the sender's retry horizon. Dead letters are kept until
// re-queued or purged.
func NewMemoryInbox(retention time.Duration, opts ...MemoryInboxOption) (*MemoryInbox, error) {
	if retention <= 0 {
		return nil, fmt.Errorf("%w: retention must be positive", ErrInvalidConfig)
	}
	m := &MemoryInbox{
		retention: retention,
		now:       time.Now,
		byID:      make(map[string]*memRow),
		byKey:     make(map[[2]string]*memRow),
		notify:    make(chan struct{}, 1),
	}
	for i, o := range opts {
		if o == nil {
			return nil, fmt.Errorf("%w: option %d is nil", ErrInvalidConfig, i)
		}
		if err := o(m); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// MemoryInboxOption configures a MemoryInbox.
type MemoryInboxOption func(*MemoryInbox) error

// WithInboxClock replaces time.Now as the inbox's clock (retry times,
// leases, retention), for tests.
func WithInboxClock(now func() time.Time) MemoryInboxOption {
	return func(m *MemoryInbox) error {
		if now == nil {
			return fmt.Errorf("%w: WithInboxClock: clock is nil", ErrInvalidConfig)
		}
		m.now = now
		return nil
	}
}

// Accept implements Inbox.
func (m *MemoryInbox) Accept(_ context.Context, msg InboxMessage) (bool, error) {
	now := m.now()
	m.mu.Lock()
	defer m.mu.Unlock()
	if now.Sub(m.lastPurge) >= time.Second { // amortised: a purge walks every row
		m.lastPurge = now
		m.purgeLocked(now.Add(-m.retention))
	}
	k := [2]string{msg.Source, msg.Key}
	if _, dup := m.byKey[k]; dup {
		return false, nil
	}
	m.seq++
	msg.ReceivedAt = now
	r := &memRow{id: strconv.FormatInt(m.seq, 10), msg: msg, state: InboxPending, avail: now}
	m.rows, m.open = append(m.rows, r), append(m.open, r)
	m.byID[r.id], m.byKey[k] = r, r
	select {
	case m.notify <- struct{}{}:
	default:
	}
	return true, nil
}

// Claim implements Inbox.
func (m *MemoryInbox) Claim(_ context.Context, source string, max int, lease time.Duration) ([]Lease, error) {
	if max <= 0 || lease <= 0 {
		return nil, fmt.Errorf("%w: Claim: max and lease must be positive", ErrInvalidConfig)
	}
	now := m.now()
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []Lease
	// Scan until max are claimed, dropping finished rows from the scanned
	// part of the open list.
	kept, i := m.open[:0], 0
	for ; i < len(m.open) && len(out) < max; i++ {
		r := m.open[i]
		if r.state != InboxPending && r.state != InboxLeased {
			continue
		}
		kept = append(kept, r)
		if r.msg.Source != source || !r.ready(now) {
			continue
		}
		r.state, r.attempts, r.token, r.until = InboxLeased, r.attempts+1, rand.Text(), now.Add(lease)
		out = append(out, Lease{ID: r.id, Token: r.token, Attempt: r.attempts, Until: r.until, Message: r.msg})
	}
	n := len(kept) + copy(m.open[len(kept):], m.open[i:])
	clear(m.open[n:])
	m.open = m.open[:n]
	return out, nil
}

func (r *memRow) ready(now time.Time) bool {
	switch r.state {
	case InboxPending:
		return !now.Before(r.avail)
	case InboxLeased:
		return !now.Before(r.until)
	}
	return false
}

// current returns the row l holds, or ErrLeaseLost; m.mu is held.
func (m *MemoryInbox) current(l Lease) (*memRow, error) {
	r, ok := m.byID[l.ID]
	if !ok || r.state != InboxLeased || r.token != l.Token {
		return nil, ErrLeaseLost
	}
	return r, nil
}

// Complete implements Inbox.
func (m *MemoryInbox) Complete(_ context.Context, l Lease) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	r, err := m.current(l)
	if err != nil {
		return err
	}
	r.state, r.token, r.finished = InboxCompleted, "", m.now()
	r.msg.Event.Body, r.msg.Event.Header = nil, nil // only the key is still needed
	return nil
}

// Fail implements Inbox.
func (m *MemoryInbox) Fail(_ context.Context, l Lease, retryAfter time.Duration, cause string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	r, err := m.current(l)
	if err != nil {
		return err
	}
	r.state, r.token, r.avail, r.cause = InboxPending, "", m.now().Add(max(retryAfter, 0)), cause
	return nil
}

// DeadLetter implements Inbox.
func (m *MemoryInbox) DeadLetter(_ context.Context, l Lease, cause string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	r, err := m.current(l)
	if err != nil {
		return err
	}
	r.state, r.token, r.cause, r.finished = InboxDead, "", cause, m.now()
	return nil
}

// Renew implements Inbox.
func (m *MemoryInbox) Renew(_ context.Context, l Lease, lease time.Duration) (time.Time, error) {
	if lease <= 0 {
		return time.Time{}, fmt.Errorf("%w: Renew: lease must be positive", ErrInvalidConfig)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	r, err := m.current(l)
	if err != nil {
		return time.Time{}, err
	}
	r.until = m.now().Add(lease)
	return r.until, nil
}

// Notify implements Notifier.
func (m *MemoryInbox) Notify() <-chan struct{} { return m.notify }

// DeadLetters lists the dead-lettered messages of source, oldest first,
// without their bodies.
func (m *MemoryInbox) DeadLetters(_ context.Context, source string) ([]InboxRecord, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []InboxRecord
	for _, r := range m.rows {
		if r.state == InboxDead && r.msg.Source == source {
			out = append(out, r.record())
		}
	}
	return out, nil
}

// Records lists every message of source, in arrival order, without bodies.
func (m *MemoryInbox) Records(_ context.Context, source string) ([]InboxRecord, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []InboxRecord
	for _, r := range m.rows {
		if r.msg.Source == source {
			out = append(out, r.record())
		}
	}
	return out, nil
}

func (r *memRow) record() InboxRecord {
	return InboxRecord{
		ID: r.id, Source: r.msg.Source, Key: r.msg.Key, EventType: r.msg.EventType, State: r.state, Attempts: r.attempts,
		LastCause: r.cause, ReceivedAt: r.msg.ReceivedAt, AvailableAt: r.avail, FinishedAt: r.finished,
	}
}

// Requeue makes a dead letter pending again, ready now, with its attempt
// count reset. A message that is not dead-lettered is ErrNotDeadLetter.
func (m *MemoryInbox) Requeue(_ context.Context, id string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	r, ok := m.byID[id]
	if !ok || r.state != InboxDead {
		return ErrNotDeadLetter
	}
	r.state, r.attempts, r.avail, r.finished = InboxPending, 0, m.now(), time.Time{}
	m.open = append(m.open, r)
	select {
	case m.notify <- struct{}{}:
	default:
	}
	return nil
}

// Purge implements InboxAdmin: it drops completed messages finished more
// than retention ago, and reports how many. Accept also purges what is
// older than the inbox's retention.
func (m *MemoryInbox) Purge(_ context.Context, retention time.Duration) (int64, error) {
	if retention <= 0 {
		return 0, fmt.Errorf("%w: Purge: retention must be positive", ErrInvalidConfig)
	}
	now := m.now()
	m.mu.Lock()
	defer m.mu.Unlock()
	return int64(m.purgeLocked(now.Add(-retention))), nil
}

func (m *MemoryInbox) purgeLocked(before time.Time) int {
	kept := m.rows[:0]
	n := 0
	for _, r := range m.rows {
		if r.state == InboxCompleted && r.finished.Before(before) {
			delete(m.byID, r.id)
			delete(m.byKey, [2]string{r.msg.Source, r.msg.Key})
			n++
			continue
		}
		kept = append(kept, r)
	}
	clear(m.rows[len(kept):])
	m.rows = kept
	return n
}
