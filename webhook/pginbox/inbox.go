package pginbox

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	mrand "math/rand/v2"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/labwire/labwire/webhook"
	"github.com/labwire/labwire/webhook/dispatch"
)

// Inbox is a dispatch.Inbox on a Postgres table. It is safe for concurrent
// use, and any number of Inboxes (one per replica) may share one table.
type Inbox struct {
	pool          *pgxpool.Pool
	t             tableName
	now           func() time.Time // nil: the database's clock
	log           *slog.Logger
	transactional bool

	q queries

	holdMu   sync.Mutex
	holds    map[string]*hold // lease token → what this process knows of its lease
	reserved int              // workers reserved by handlers (ReserveWorkers), under holdMu

	// Background give-backs of failed claims (unclaim), which Close ends.
	bgMu     sync.Mutex
	bg       sync.WaitGroup
	bgClosed bool
	bgCtx    context.Context
	bgStop   context.CancelFunc

	listenOnce sync.Once
	notify     chan struct{}

	announceOnce sync.Once
	announceReq  chan struct{}
	stopAnnounce context.CancelFunc
	announceDone chan struct{}
	stopListen   context.CancelFunc
	listenDone   chan struct{}
}

var (
	_ dispatch.Inbox          = (*Inbox)(nil)
	_ dispatch.Notifier       = (*Inbox)(nil)
	_ dispatch.LeaseContexter = (*Inbox)(nil)
	_ dispatch.WorkerReserver = (*Inbox)(nil)
)

// hold is a lease this process claimed and has not finished.
type hold struct {
	until time.Time // by this process's clock: when the lease runs out at the latest
	tx    pgx.Tx    // transactional mode, after LeaseContext: the claim's transaction
	xid   string    // its transaction id (xid8), which Renew asks the server about
}

// Option configures an Inbox.
type Option func(*Inbox) error

// WithTable sets the table name, "table" or "schema.table", each part
// lowercase letters, digits and underscores, starting with a letter or
// underscore, at most 48 bytes. The default is DefaultTable. The migrations
// table is <table>_migrations and the notification channel <table>_ready.
func WithTable(name string) Option {
	return func(ib *Inbox) error {
		t, err := parseTableName(name)
		if err != nil {
			return err
		}
		ib.t = t
		return nil
	}
}

// WithTransactional runs each ProcessFunc call inside the transaction that
// holds the claimed row (see TxFromContext and ProcessTx), and completes the
// row in that same transaction: the user's writes made through it and the
// completion commit together or not at all. That is exactly-once processing
// for effects in this database; without it the inbox is at-least-once. Each
// worker then holds a pool connection while it processes: size the pool for
// workers on every handler plus concurrent Accepts.
func WithTransactional() Option {
	return func(ib *Inbox) error {
		ib.transactional = true
		return nil
	}
}

// WithClock replaces the database's clock for every time the inbox reads or
// writes (ready times, leases, retention), for tests. In production leave
// it unset, so that all replicas share the database's clock.
func WithClock(now func() time.Time) Option {
	return func(ib *Inbox) error {
		if now == nil {
			return errors.New("pginbox: WithClock: clock is nil")
		}
		ib.now = now
		return nil
	}
}

// WithLogger sets where the notification listener logs reconnects. Nothing
// the inbox logs contains a body, a header or a key.
func WithLogger(l *slog.Logger) Option {
	return func(ib *Inbox) error {
		if l == nil {
			return errors.New("pginbox: WithLogger: logger is nil")
		}
		ib.log = l
		return nil
	}
}

// New returns an Inbox on pool's database. It does not touch the database:
// call Migrate once (deploy step or startup) before use.
func New(pool *pgxpool.Pool, opts ...Option) (*Inbox, error) {
	if pool == nil {
		return nil, errors.New("pginbox: pool is nil")
	}
	t, _ := parseTableName(DefaultTable)
	bgCtx, bgStop := context.WithCancel(context.Background())
	ib := &Inbox{pool: pool, t: t, holds: make(map[string]*hold), bgCtx: bgCtx, bgStop: bgStop, notify: make(chan struct{}, 64), announceReq: make(chan struct{}, 1)}
	for i, o := range opts {
		if o == nil {
			return nil, fmt.Errorf("pginbox: option %d is nil", i)
		}
		if err := o(ib); err != nil {
			return nil, err
		}
	}
	if ib.log == nil {
		ib.log = slog.New(slog.DiscardHandler)
	}
	if err := ib.checkPool(); err != nil {
		return nil, err
	}
	ib.q = buildQueries(ib.t)
	return ib, nil
}

// nowArg is the clock parameter of every query: NULL means now().
func (ib *Inbox) nowArg() any {
	if ib.now == nil {
		return nil
	}
	return ib.now()
}

// queries are the SQL texts for one table. $1 is always the clock.
type queries struct {
	accept, claim, unclaim, complete, completeTx, fail, dead, finished, giveBack,
	renew, renewUnlocked, renewTx, leaseOf, requeue, purge, deadList, stats string
}

const nowExpr = `coalesce($1::timestamptz, now())`

func buildQueries(t tableName) queries {
	// finish keeps the lease token on the row, so that a finish retried after
	// its first attempt's answer was lost can tell it was applied.
	finish := func(set string) string {
		return `UPDATE ` + t.table + ` SET ` + set + `
			WHERE id = $2 AND lease_token = $3::uuid AND state = 'leased'`
	}
	return queries{
		accept: `INSERT INTO ` + t.table + ` (source, dedup_key, available_at, received_at, delivery_id, signed_at, secret_index, body, header, event_type)
			VALUES ($2, $3, ` + nowExpr + `, ` + nowExpr + `, $4, $5, $6, $7, $8, $9)
			ON CONFLICT (source, dedup_key) DO NOTHING
			RETURNING id`,
		// Leases that ran out first (their holders died: that work is the
		// oldest), then ready messages, each in the order they became
		// claimable; both are range scans of the _ready index. The update
		// finds the claimed rows by primary key (= ANY): joining the CTE
		// instead lets the planner, which cannot estimate the LIMIT, hash
		// the whole table on every claim.
		//
		// A claim commits without waiting for its WAL to reach disk
		// (synchronous_commit off for its own transaction): it is on every
		// worker's path, and nothing is lost if a server crash forgets it.
		// The row is then claimable again, as if the claim had not
		// happened, and any later commit that was acknowledged (the
		// completion, in transactional mode with the ProcessFunc's writes)
		// had flushed it first, WAL being written in order.
		claim: `WITH expired AS (
			SELECT id FROM ` + t.table + `
			WHERE source = $2 AND state = 'leased' AND available_at <= ` + nowExpr + `
			ORDER BY available_at
			LIMIT $3
			FOR UPDATE SKIP LOCKED),
			ready AS (
			SELECT id FROM ` + t.table + `
			WHERE source = $2 AND state = 'pending' AND available_at <= ` + nowExpr + `
			ORDER BY available_at
			LIMIT $3 - (SELECT count(*) FROM expired)
			FOR UPDATE SKIP LOCKED),
			c AS (SELECT id FROM expired UNION ALL SELECT id FROM ready),
			async AS MATERIALIZED (SELECT set_config('synchronous_commit', 'off', true) AS s)
			UPDATE ` + t.table + ` AS m
			SET state = 'leased', attempts = m.attempts + 1, lease_token = md5($5 || m.id::text)::uuid,
			    available_at = ` + nowExpr + ` + $4::interval
			WHERE m.id = ANY (ARRAY(SELECT id FROM c)) AND (SELECT s FROM async) IS NOT NULL
			RETURNING m.id, m.lease_token::text, m.attempts, m.available_at, m.dedup_key, m.body, m.header,
			          m.delivery_id, m.signed_at, m.secret_index, m.received_at`,
		// unclaim gives back the rows of a claim whose answer was lost:
		// their tokens derive from the claim's nonce ($3), and no worker
		// got them, so the attempt is not counted.
		unclaim: `UPDATE ` + t.table + ` SET state = 'pending', available_at = ` + nowExpr + `, attempts = attempts - 1
			WHERE source = $2 AND state = 'leased' AND lease_token = md5($3 || id::text)::uuid`,
		complete: finish(`state = 'completed', finished_at = ` + nowExpr + `, body = NULL, header = NULL, delivery_id = ''`),
		fail:     finish(`state = 'pending', available_at = ` + nowExpr + ` + $4::interval, last_cause = $5`),
		dead:     finish(`state = 'dead', finished_at = ` + nowExpr + `, last_cause = $4`),
		giveBack: finish(`state = 'pending', available_at = ` + nowExpr),
		finished: `SELECT state FROM ` + t.table + ` WHERE id = $1 AND lease_token = $2::uuid`,
		// completeTx completes the row inside the claim's transaction, at its
		// start: the update locks the row until the transaction ends, and
		// commits with the ProcessFunc's writes or rolls back with them.
		completeTx: finish(`state = 'completed', finished_at = `+nowExpr+`, body = NULL, header = NULL, delivery_id = ''`) +
			` RETURNING pg_current_xact_id()::text`,
		renew: finish(`available_at = `+nowExpr+` + $4::interval`) + ` RETURNING available_at`,
		// renewUnlocked skips a row locked by a claim transaction instead of
		// waiting for it (transactional mode, before LeaseContext registered
		// the transaction).
		renewUnlocked: `UPDATE ` + t.table + ` SET available_at = ` + nowExpr + ` + $4::interval
			WHERE id = (SELECT id FROM ` + t.table + ` WHERE id = $2 AND lease_token = $3::uuid AND state = 'leased'
			            FOR NO KEY UPDATE SKIP LOCKED)
			RETURNING available_at`,
		// renewTx: the claim transaction holds the row locked, so no other
		// claimer can take it while that transaction is in progress.
		renewTx: `SELECT pg_xact_status($4::xid8) IS NOT DISTINCT FROM 'in progress',
			lease_token = $3::uuid AND state = 'leased', ` + nowExpr + ` + $5::interval
			FROM ` + t.table + ` WHERE id = $2`,
		leaseOf: `SELECT lease_token = $2::uuid AND state = 'leased', available_at FROM ` + t.table + ` WHERE id = $1`,
		requeue: `WITH r AS (
			UPDATE ` + t.table + `
			SET state = 'pending', attempts = 0, available_at = ` + nowExpr + `, finished_at = NULL
			WHERE id = $2 AND state = 'dead'
			RETURNING source)
			SELECT pg_notify($3, source) IS NULL FROM r`,
		purge: `DELETE FROM ` + t.table + ` WHERE id = ANY (ARRAY(
			SELECT id FROM ` + t.table + `
			WHERE state = 'completed' AND finished_at < ` + nowExpr + ` - $2::interval
			ORDER BY finished_at LIMIT $3))`,
		deadList: `SELECT ` + recordColumns + `
			FROM ` + t.table + ` WHERE state = 'dead' AND source = $1 ORDER BY finished_at, id LIMIT $2`,
		stats: `SELECT state, count(*) FROM ` + t.table + ` WHERE source = $1 GROUP BY state`,
	}
}

// interval renders d for a $n::interval parameter.
func interval(d time.Duration) string {
	return fmt.Sprintf("%d microseconds", max(d, 0).Microseconds())
}

// Accept implements dispatch.Inbox: one INSERT ... ON CONFLICT DO NOTHING on
// (source, key) that commits before it returns. The notification to other
// replicas' workers is sent after it, coalesced, by a background sender:
// NOTIFY in the inserting transaction would serialise every commit behind
// Postgres's notification lock and defeat group commit.
func (ib *Inbox) Accept(ctx context.Context, m dispatch.InboxMessage) (bool, error) {
	header, err := json.Marshal(m.Event.Header)
	if err != nil {
		return false, errors.New("pginbox: accept: header does not encode")
	}
	var signed any
	if !m.Event.Delivery.Timestamp.IsZero() {
		signed = m.Event.Delivery.Timestamp
	}
	body := m.Event.Body
	if body == nil {
		body = []byte{}
	}
	var id int64
	err = ib.pool.QueryRow(ctx, ib.q.accept, ib.nowArg(), m.Source, m.Key, m.Event.Delivery.ID, signed,
		m.Event.Delivery.SecretIndex, body, header, storedEventType(m.EventType)).Scan(&id)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return false, nil
	case err != nil:
		return false, ib.dbError("accept", err)
	}
	ib.announce()
	return true, nil
}

// Claim implements dispatch.Inbox with SELECT ... FOR UPDATE SKIP LOCKED:
// concurrent claimers on any replica never wait for each other and never
// get the same row. Leases that ran out (their workers died) are taken
// before messages that became ready later, so a crashed replica's work does
// not queue behind everything received since.
func (ib *Inbox) Claim(ctx context.Context, source string, max int, lease time.Duration) ([]dispatch.Lease, error) {
	if max <= 0 || lease <= 0 {
		return nil, errors.New("pginbox: claim: max and lease must be positive")
	}
	start := time.Now()
	// Each row's token is md5(nonce || id): unique per lease, and
	// recoverable without the answer, so that a claim whose answer is lost
	// (the connection dropped) can be given back at once instead of
	// waiting out its lease.
	nonce := rand.Text()
	out, err := ib.claim(ctx, source, max, lease, nonce)
	if err != nil {
		ib.unclaim(source, nonce, start.Add(lease))
		return nil, err
	}
	if len(out) > 0 {
		ib.holdMu.Lock()
		if len(ib.holds) >= pruneHoldsAt {
			ib.pruneHolds(start)
		}
		for _, l := range out {
			ib.holds[l.Token] = &hold{until: start.Add(lease)}
		}
		ib.holdMu.Unlock()
	}
	return out, nil
}

func (ib *Inbox) claim(ctx context.Context, source string, max int, lease time.Duration, nonce string) ([]dispatch.Lease, error) {
	rows, err := ib.pool.Query(ctx, ib.q.claim, ib.nowArg(), source, max, interval(lease), nonce)
	if err != nil {
		return nil, ib.dbError("claim", err)
	}
	defer rows.Close()
	var out []dispatch.Lease
	for rows.Next() {
		var (
			id                int64
			l                 dispatch.Lease
			header            []byte
			signed            *time.Time
			body              []byte
			deliveryID        string
			secretIndex       int
			key               string
			received, expires time.Time
		)
		if err := rows.Scan(&id, &l.Token, &l.Attempt, &expires, &key, &body, &header, &deliveryID, &signed, &secretIndex, &received); err != nil {
			return nil, ib.dbError("claim", err)
		}
		var h http.Header
		if len(header) > 0 {
			if err := json.Unmarshal(header, &h); err != nil {
				return nil, errors.New("pginbox: claim: stored header does not decode")
			}
		}
		d := webhook.Delivery{ID: deliveryID, SecretIndex: secretIndex}
		if signed != nil {
			d.Timestamp = *signed
		}
		l.ID = strconv.FormatInt(id, 10)
		l.Until = expires
		l.Message = dispatch.InboxMessage{Source: source, Key: key, ReceivedAt: received,
			Event: dispatch.Event{Delivery: d, Body: body, Header: h}}
		out = append(out, l)
	}
	if err := rows.Err(); err != nil {
		return nil, ib.dbError("claim", err)
	}
	return out, nil
}

// unclaim gives back, in the background, whatever a failed claim may have
// leased on the server (nothing, usually), retrying through a dropped
// connection until the lease would run out. Close waits for it.
func (ib *Inbox) unclaim(source, nonce string, until time.Time) {
	ib.bgMu.Lock()
	defer ib.bgMu.Unlock()
	if ib.bgClosed {
		return
	}
	ib.bg.Go(func() {
		ctx, cancel := context.WithDeadline(context.Background(), until)
		defer cancel()
		stop := context.AfterFunc(ib.bgCtx, cancel)
		defer stop()
		wait := 25 * time.Millisecond
		for {
			tag, err := ib.pool.Exec(ctx, ib.q.unclaim, ib.nowArg(), source, nonce)
			if err == nil {
				if tag.RowsAffected() > 0 {
					ib.announce()
				}
				return
			}
			if !transient(err) || time.Now().Add(wait).After(until) {
				ib.log.LogAttrs(ctx, slog.LevelWarn, "pginbox: giving back a failed claim failed; its rows wait out their lease",
					ib.errAttrs("unclaim", err)...)
				return
			}
			t := time.NewTimer(jitter(wait))
			select {
			case <-ctx.Done():
				t.Stop()
				return
			case <-t.C:
			}
			wait = min(2*wait, time.Second)
		}
	})
}

// Renew implements dispatch.Inbox: the lease runs out lease from now, by
// the database's clock. It returns an error matching dispatch.ErrLeaseLost,
// and changes nothing, when the token is no longer current.
//
// In transactional mode, once LeaseContext has begun the claim's
// transaction, that transaction holds the row locked and no claimer can
// take it while the transaction lives, whatever the row's lease says; an
// UPDATE from another connection would wait for the lock until the
// transaction ends. Renew then asks the server whether the claim's
// transaction is still in progress (pg_xact_status) and the token still
// current, and writes nothing: if the transaction was aborted (the
// connection dropped, the server restarted) the lease is lost, and the row
// is claimed again as soon as its stored lease has run out, which is at
// once for a handler that ran longer than a lease.
func (ib *Inbox) Renew(ctx context.Context, l dispatch.Lease, lease time.Duration) (time.Time, error) {
	if lease <= 0 {
		return time.Time{}, errors.New("pginbox: renew: lease must be positive")
	}
	start := time.Now()
	for range 2 {
		if xid, ok := ib.claimXID(l.Token); ok {
			return ib.renewTx(ctx, l, lease, xid, start)
		}
		q := ib.q.renew
		if ib.transactional {
			q = ib.q.renewUnlocked
		}
		var until time.Time
		err := ib.pool.QueryRow(ctx, q, ib.nowArg(), l.ID, l.Token, interval(lease)).Scan(&until)
		if err == nil {
			ib.extend(l.Token, start.Add(lease))
			return until, nil
		}
		if !errors.Is(err, pgx.ErrNoRows) {
			return time.Time{}, ib.dbError("renew", err)
		}
		if !ib.transactional {
			ib.forget(l.Token)
			return time.Time{}, dispatch.ErrLeaseLost
		}
		// The row was locked: by this lease's own claim transaction, just
		// begun (look again), or by a claimer taking a lease that ran out.
	}
	var current bool
	var until time.Time
	err := ib.pool.QueryRow(ctx, ib.q.leaseOf, l.ID, l.Token).Scan(&current, &until)
	switch {
	case errors.Is(err, pgx.ErrNoRows) || err == nil && !current:
		ib.forget(l.Token)
		return time.Time{}, dispatch.ErrLeaseLost
	case err != nil:
		return time.Time{}, ib.dbError("renew", err)
	}
	// Still ours, locked for a moment by someone else: not extended this
	// time; the next heartbeat tries again.
	return until, nil
}

func (ib *Inbox) renewTx(ctx context.Context, l dispatch.Lease, lease time.Duration, xid string, start time.Time) (time.Time, error) {
	var alive, current bool
	var until time.Time
	err := ib.pool.QueryRow(ctx, ib.q.renewTx, ib.nowArg(), l.ID, l.Token, xid, interval(lease)).Scan(&alive, &current, &until)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return time.Time{}, dispatch.ErrLeaseLost
	case err != nil:
		return time.Time{}, ib.dbError("renew", err)
	case !alive || !current:
		return time.Time{}, dispatch.ErrLeaseLost
	}
	ib.extend(l.Token, start.Add(lease))
	return until, nil
}

// claimXID returns the transaction id of the lease's claim transaction, if
// LeaseContext began one.
func (ib *Inbox) claimXID(token string) (string, bool) {
	ib.holdMu.Lock()
	defer ib.holdMu.Unlock()
	if h := ib.holds[token]; h != nil && h.tx != nil {
		return h.xid, true
	}
	return "", false
}

// pruneHoldsAt is how many holds make Claim drop those of leases that ran
// out long ago without being finished (a caller that gave a lost lease up
// without finishing it).
const pruneHoldsAt = 1024

func (ib *Inbox) pruneHolds(now time.Time) {
	for token, h := range ib.holds {
		if h.tx == nil && now.Sub(h.until) > time.Minute {
			delete(ib.holds, token)
		}
	}
}

// forget drops the hold of a lease found lost, unless a claim transaction
// waits for Complete, Fail or DeadLetter to end it.
func (ib *Inbox) forget(token string) {
	ib.holdMu.Lock()
	if h := ib.holds[token]; h != nil && h.tx == nil {
		delete(ib.holds, token)
	}
	ib.holdMu.Unlock()
}

func (ib *Inbox) extend(token string, until time.Time) {
	ib.holdMu.Lock()
	if h := ib.holds[token]; h != nil && until.After(h.until) {
		h.until = until
	}
	ib.holdMu.Unlock()
}

// takeHold removes and returns what this process knows of a lease. For a
// lease it did not claim, the lease runs out at l.Until read by this
// process's clock.
func (ib *Inbox) takeHold(l dispatch.Lease) *hold {
	ib.holdMu.Lock()
	h := ib.holds[l.Token]
	delete(ib.holds, l.Token)
	ib.holdMu.Unlock()
	if h == nil {
		h = &hold{until: l.Until}
	}
	return h
}

// Complete implements dispatch.Inbox. It clears the stored body, headers and
// delivery id: a completed row keeps only its key, for deduplication until
// Purge. In transactional mode the row was completed in the claim's
// transaction when it began (LeaseContext), and Complete commits that
// transaction.
//
// A dropped connection does not lose the completion: the update is retried
// with backoff until the lease would run out. In transactional mode a
// COMMIT that fails has an unknown outcome; Complete then looks, and gives
// the row back (ready at once, so it is claimed again without waiting out
// its lease) only if it is still leased under the same token: the
// transaction's writes were rolled back with it, so nothing is lost or
// applied twice. It returns nil if the commit had in fact happened.
func (ib *Inbox) Complete(ctx context.Context, l dispatch.Lease) error {
	h := ib.takeHold(l)
	if h.tx == nil {
		return ib.finish(ctx, "complete", dispatch.InboxCompleted, l, h.until, false, ib.q.complete, ib.nowArg(), l.ID, l.Token)
	}
	err := h.tx.Commit(ctx)
	if err == nil {
		return nil
	}
	return ib.settle(ctx, "complete: commit", err, l, h.until)
}

// settle follows a transactional completion that failed: the transaction
// is gone (or going) and its outcome may be unknown. It gives the row back
// if it is still leased under l's token (waiting, through the row lock, for
// a transaction still in progress on the server to end), and reports nil if
// the row turns out completed under l's token.
func (ib *Inbox) settle(ctx context.Context, op string, cause error, l dispatch.Lease, until time.Time) error {
	err := ib.finish(ctx, "give back", dispatch.InboxPending, l, until, true, ib.q.giveBack, ib.nowArg(), l.ID, l.Token)
	switch {
	case err == nil:
		ib.announce()
		return ib.dbError(op, cause) // not completed; it will be processed again
	case errors.Is(err, errCompleted):
		return nil
	case errors.Is(err, dispatch.ErrLeaseLost):
		return err
	}
	return ib.dbError(op, cause)
}

// errCompleted is finish's answer when the row it was to give back had
// been completed under the same token: a commit thought failed succeeded.
var errCompleted = errors.New("pginbox: completed")

// Fail implements dispatch.Inbox: the row is ready again retryAfter from now
// by the database's clock. In transactional mode the claim's transaction is
// rolled back first, undoing the user's writes. Like Complete it is
// retried through a dropped connection until the lease would run out.
func (ib *Inbox) Fail(ctx context.Context, l dispatch.Lease, retryAfter time.Duration, cause string) error {
	h := ib.takeHold(l)
	if h.tx != nil {
		_ = h.tx.Rollback(ctx)
	}
	return ib.finish(ctx, "fail", dispatch.InboxPending, l, h.until, false, ib.q.fail, ib.nowArg(), l.ID, l.Token, interval(retryAfter), cause)
}

// DeadLetter implements dispatch.Inbox: the row is kept, with its body, out
// of the way of claims, until Requeue or PurgeDead. Like Complete it is
// retried through a dropped connection until the lease would run out.
func (ib *Inbox) DeadLetter(ctx context.Context, l dispatch.Lease, cause string) error {
	h := ib.takeHold(l)
	if h.tx != nil {
		_ = h.tx.Rollback(ctx)
	}
	return ib.finish(ctx, "dead-letter", dispatch.InboxDead, l, h.until, false, ib.q.dead, ib.nowArg(), l.ID, l.Token, cause)
}

// finishAttemptWindow bounds a finishing attempt made after the lease ran
// out (by this process's clock): one attempt is always made.
const finishAttemptWindow = 5 * time.Second

// finish runs one of the finishing updates, retrying transient errors with
// backoff until the lease runs out (until, by this process's clock). A
// retried update (or one whose outcome is unknown from the start: a
// give-back after a failed commit) that finds nothing to update looks
// whether an earlier attempt applied it (the row is in state target under l's token: the
// token stays on a finished row for this); if so the finish succeeded. For
// a give-back (target pending) a row found completed is errCompleted.
func (ib *Inbox) finish(ctx context.Context, op string, target dispatch.InboxState, l dispatch.Lease, until time.Time, unknown bool, sql string, args ...any) error {
	ctx, cancel := context.WithDeadline(ctx, later(until, time.Now().Add(finishAttemptWindow)))
	defer cancel()
	wait := 25 * time.Millisecond
	for {
		tag, err := ib.pool.Exec(ctx, sql, args...)
		if err == nil && tag.RowsAffected() > 0 {
			return nil
		}
		if err == nil && !unknown {
			return dispatch.ErrLeaseLost
		}
		if err == nil {
			var state string
			err = ib.pool.QueryRow(ctx, ib.q.finished, l.ID, l.Token).Scan(&state)
			switch {
			case errors.Is(err, pgx.ErrNoRows):
				return dispatch.ErrLeaseLost
			case err == nil && dispatch.InboxState(state) == target:
				return nil
			case err == nil && op == "give back" && dispatch.InboxState(state) == dispatch.InboxCompleted:
				return errCompleted
			case err == nil:
				return dispatch.ErrLeaseLost
			}
		}
		if !transient(err) || time.Now().Add(wait).After(until) {
			return ib.dbError(op, err)
		}
		unknown = true
		t := time.NewTimer(jitter(wait))
		select {
		case <-ctx.Done():
			t.Stop()
			return ib.dbError(op, err)
		case <-t.C:
		}
		wait = min(2*wait, time.Second)
	}
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// jitter returns a duration in [d/2, d).
func jitter(d time.Duration) time.Duration {
	return d/2 + mrand.N(d/2+1)
}
