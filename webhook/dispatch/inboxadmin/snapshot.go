package inboxadmin

import (
	"context"
	"time"

	"github.com/labwire/labwire/webhook/dispatch"
)

// Snapshot is what the page shows, and what GET <mount>/api returns as
// JSON. It holds counts, times, ids, event types and failure categories:
// never a body, a header or a deduplication key (which may derive from the
// body).
type Snapshot struct {
	// Sources holds one entry per source the inbox holds, ordered by source.
	Sources []Source `json:"sources"`
	// CSRFToken is the token an action must carry in its "csrf" form field,
	// together with the cookie the same response set (see the package doc).
	CSRFToken string `json:"csrf_token"`
}

// Source is one source's state in a Snapshot.
type Source struct {
	// Source names the stream (dispatch.WithSource).
	Source string `json:"source"`
	// Counts holds the number of messages in each state; the four states of
	// package dispatch are always present, zero or not.
	Counts map[dispatch.InboxState]int64 `json:"counts"`
	// Retrying counts the pending messages that failed at least once and
	// wait for their next try.
	Retrying int64 `json:"retrying"`
	// OldestWaiting is when the oldest pending message was received;
	// omitted (zero) when none waits.
	OldestWaiting time.Time `json:"oldest_waiting,omitzero"`
	// OldestWaitingAgeSeconds is how long the oldest pending message has
	// waited by Now, in whole seconds; nil when none waits.
	OldestWaitingAgeSeconds *int64 `json:"oldest_waiting_age_seconds,omitempty"`
	// CompletedLastMinute and CompletedLastHour count the messages completed
	// in the minute and in the hour before Now.
	CompletedLastMinute int64 `json:"completed_last_minute"`
	CompletedLastHour   int64 `json:"completed_last_hour"`
	// Now is the inbox's clock when the snapshot was taken; ages are
	// measured against it.
	Now time.Time `json:"now"`
	// DeadLetters lists the source's dead letters, oldest first, up to the
	// list limit (WithListLimit); MoreDeadLetters says how many it leaves
	// out.
	DeadLetters     []Record `json:"dead_letters"`
	MoreDeadLetters int64    `json:"more_dead_letters"`
	// RetryingRecords lists the source's retrying messages, oldest first,
	// up to the list limit; MoreRetrying says how many it leaves out.
	RetryingRecords []Record `json:"retrying_records"`
	MoreRetrying    int64    `json:"more_retrying"`
}

// Record is one listed message: a dispatch.InboxRecord without its Key.
type Record struct {
	// ID identifies the message in its inbox; the requeue action takes it.
	ID string `json:"id"`
	// EventType is what dispatch.WithEventType named, "" without it.
	EventType string `json:"event_type"`
	// State is where the message is in its life.
	State dispatch.InboxState `json:"state"`
	// Attempts counts its claims so far.
	Attempts int `json:"attempts"`
	// LastCause is the dispatch.Category of its last failure.
	LastCause string `json:"last_cause"`
	// ReceivedAt is when the inbox accepted it.
	ReceivedAt time.Time `json:"received_at"`
	// NextTryAt is when a pending message becomes ready again; omitted
	// otherwise.
	NextTryAt time.Time `json:"next_try_at,omitzero"`
	// FinishedAt is when it was dead-lettered (or completed); omitted
	// otherwise.
	FinishedAt time.Time `json:"finished_at,omitzero"`
}

// knownStates are the states of package dispatch, in the page's order.
var knownStates = []dispatch.InboxState{dispatch.InboxPending, dispatch.InboxLeased, dispatch.InboxCompleted, dispatch.InboxDead}

// snapshot reads the inbox. Any store error fails the whole snapshot, so
// the page never mixes fresh and missing data.
func (h *Handler) snapshot(ctx context.Context) ([]Source, string, error) {
	ov, err := h.ib.Overview(ctx)
	if err != nil {
		return nil, "overview", err
	}
	out := make([]Source, 0, len(ov))
	for _, o := range ov {
		s := Source{
			Source:              o.Source,
			Counts:              make(map[dispatch.InboxState]int64, len(knownStates)),
			Retrying:            o.Retrying,
			OldestWaiting:       o.OldestWaiting,
			CompletedLastMinute: o.CompletedLastMinute,
			CompletedLastHour:   o.CompletedLastHour,
			Now:                 o.Now,
		}
		for _, st := range knownStates {
			s.Counts[st] = 0
		}
		for st, n := range o.Counts {
			s.Counts[st] = n
		}
		if !o.OldestWaiting.IsZero() {
			age := seconds(o.Now, o.OldestWaiting)
			s.OldestWaitingAgeSeconds = &age
		}
		dead, err := h.ib.List(ctx, dispatch.RecordQuery{Source: o.Source, State: dispatch.InboxDead, Limit: h.limit})
		if err != nil {
			return nil, "list", err
		}
		retrying, err := h.ib.List(ctx, dispatch.RecordQuery{Source: o.Source, State: dispatch.InboxPending, Retrying: true, Limit: h.limit})
		if err != nil {
			return nil, "list", err
		}
		s.DeadLetters, s.RetryingRecords = records(dead, h.limit), records(retrying, h.limit)
		s.MoreDeadLetters = max(s.Counts[dispatch.InboxDead]-int64(len(s.DeadLetters)), 0)
		s.MoreRetrying = max(s.Retrying-int64(len(s.RetryingRecords)), 0)
		out = append(out, s)
	}
	return out, "", nil
}

// records copies up to limit records without their keys.
func records(in []dispatch.InboxRecord, limit int) []Record {
	out := make([]Record, 0, min(len(in), limit))
	for _, r := range in[:min(len(in), limit)] {
		rec := Record{
			ID: r.ID, EventType: r.EventType, State: r.State, Attempts: r.Attempts, LastCause: r.LastCause,
			ReceivedAt: r.ReceivedAt, FinishedAt: r.FinishedAt,
		}
		if r.State == dispatch.InboxPending {
			rec.NextTryAt = r.AvailableAt
		}
		out = append(out, rec)
	}
	return out
}
