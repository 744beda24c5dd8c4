package dispatch

import (
	"context"
	"errors"
	"net/http"
	"time"
)

// Inbox stores verified deliveries durably and hands them to workers, so
// that acknowledging a delivery and processing it are separate: with
// WithInbox the handler answers 2xx only after Accept returned, and workers
// (on this process or any other sharing the store) claim deliveries after
// it. A crash after the answer loses nothing.
//
// The contract, which MemoryInbox and the Postgres inbox
// (github.com/labwire/labwire/webhook/pginbox) both keep:
//
//   - Accept stores m unless a message with the same (Source, Key) is
//     already stored (pending, leased, completed within the retention
//     window, or dead), and reports whether it stored it. It must be durable
//     when it returns true, and atomic: of two concurrent Accepts of one
//     key, on any replica, only one reports true.
//   - Claim leases up to max messages of source that are ready: pending
//     with their retry time reached, or leased with the lease run out (the
//     worker died). Each claim increments the message's attempt count and
//     gives it a fresh lease token; one message is never leased to two
//     claimers at once.
//   - Renew extends a lease still held so that it runs out lease from now,
//     by the inbox's clock, and returns the new end. Workers renew every
//     third of the lease while they process, so leases can be short: a
//     dead worker's claim is taken over within one lease.
//   - Complete, Fail and DeadLetter finish a lease: Complete marks the
//     message done (kept for the dedup window, then purged); Fail makes it
//     ready again retryAfter from now, by the inbox's clock (a database's
//     clock, not each replica's); DeadLetter keeps it, out of the way of
//     claims, until someone re-queues it. These three and Renew return an error
//     matching ErrLeaseLost when the lease's token is no longer current
//     (it ran out and the message was claimed again), and then change
//     nothing.
//   - cause, for Fail and DeadLetter, is a Category word; an inbox stores
//     it for operators. It never holds error text.
//
// Messages hold the verified body, which may be patient data: an
// implementation must never log a body or header, and should say what it
// stores. The handler calls an Inbox concurrently.
//
// An Inbox may also implement Notifier (workers wake on new messages
// instead of waiting for the next poll) and LeaseContexter (the ProcessFunc
// runs with something from the lease in its context, such as the
// transaction that completes the message).
type Inbox interface {
	Accept(ctx context.Context, m InboxMessage) (accepted bool, err error)
	Claim(ctx context.Context, source string, max int, lease time.Duration) ([]Lease, error)
	Complete(ctx context.Context, l Lease) error
	Fail(ctx context.Context, l Lease, retryAfter time.Duration, cause string) error
	DeadLetter(ctx context.Context, l Lease, cause string) error
	Renew(ctx context.Context, l Lease, lease time.Duration) (until time.Time, err error)
}

// WorkerReserver is implemented by an Inbox that sizes its resources for the
// workers that use it (a connection pool, say). NewEventHandler calls
// ReserveWorkers with its worker count in inbox mode, before starting them,
// and fails with its error.
type WorkerReserver interface {
	ReserveWorkers(n int) error
}

// Notifier is implemented by an Inbox that can tell workers new messages
// may be ready (for example with Postgres LISTEN/NOTIFY, so a delivery
// accepted on one replica wakes a worker on another). Each value received
// wakes one worker; workers poll anyway (WithPollInterval), so a lost
// notification delays work but never loses it.
type Notifier interface {
	Notify() <-chan struct{}
}

// LeaseContexter is implemented by an Inbox whose leases carry state for
// the ProcessFunc. The handler calls LeaseContext before each ProcessFunc
// call and passes the returned context to it; an error fails the attempt
// (category "error") without calling the ProcessFunc. Complete, Fail and
// DeadLetter are then called for the lease as usual, and release what
// LeaseContext acquired.
type LeaseContexter interface {
	LeaseContext(ctx context.Context, l Lease) (context.Context, error)
}

// InboxMessage is one verified delivery as an Inbox stores it.
type InboxMessage struct {
	// Source is the stream the message belongs to (WithSource).
	Source string
	// Key is the deduplication key, unique within Source: webhook.Delivery.Key, what
	// WithDedupKey returned, or a random key when that was "".
	Key string
	// Event is the verified delivery. Its Header is a copy of the request's
	// without Authorization, Proxy-Authorization, Cookie and the scheme's
	// signature header, so no credential is stored.
	Event Event
	// ReceivedAt is when the inbox accepted the delivery, by its clock;
	// Accept sets it.
	ReceivedAt time.Time
	// EventType is what WithEventType named for the delivery ("" without
	// it): a fixed word, kept for operators (InboxRecord.EventType).
	EventType string
}

// Lease is one claimed message.
type Lease struct {
	// ID identifies the message in its inbox.
	ID string
	// Token identifies this claim; it changes on every claim, so a worker
	// whose lease ran out cannot finish the message another worker holds.
	Token string
	// Attempt counts the claims of the message, this one included (1 on the
	// first).
	Attempt int
	// Until is when the lease runs out.
	Until time.Time
	// Message is the stored delivery.
	Message InboxMessage
}

// InboxState is where a message is in its life.
type InboxState string

// The states of an inbox message.
const (
	InboxPending   InboxState = "pending"   // waiting for a worker (or for its retry time)
	InboxLeased    InboxState = "leased"    // held by a worker until its lease runs out
	InboxCompleted InboxState = "completed" // processed; kept for the dedup window
	InboxDead      InboxState = "dead"      // failed its last attempt; kept until re-queued or purged
)

// InboxRecord describes a stored message without its body or headers, for
// listing dead letters and for operators.
type InboxRecord struct {
	ID          string     // the message's id in its inbox (Lease.ID; pass it to Requeue)
	Source      string     // the stream it belongs to (WithSource)
	Key         string     // its deduplication key, unique within Source: opaque, may derive from the body
	EventType   string     // what WithEventType named, "" without it
	State       InboxState // where it is in its life
	Attempts    int        // claims so far (reset to 0 by a re-queue)
	LastCause   string     // the Category of the last failure, if any
	ReceivedAt  time.Time  // when the inbox accepted it
	AvailableAt time.Time  // when a pending message becomes ready (a leased one: when its lease runs out)
	FinishedAt  time.Time  // when it was completed or dead-lettered; zero otherwise
}

// ErrLeaseLost reports that a lease was no longer current when its worker
// tried to finish it: it ran out and the message was claimed again, so the
// other claimer finishes it.
var ErrLeaseLost = errors.New("dispatch: inbox lease lost")

// ErrNotDeadLetter reports a re-queue of a message that is not dead-lettered
// (or does not exist).
var ErrNotDeadLetter = errors.New("dispatch: inbox message is not a dead letter")

// strippedHeaders are never stored in an inbox.
var strippedHeaders = []string{"Authorization", "Proxy-Authorization", "Cookie"}

// storedHeader copies h without credentials or the signature header.
func storedHeader(h http.Header, sigHeader string) http.Header {
	out := h.Clone()
	for _, k := range strippedHeaders {
		delete(out, k)
	}
	if sigHeader != "" {
		delete(out, sigHeader)
	}
	return out
}
