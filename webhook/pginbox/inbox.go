package pginbox

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
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

	txMu sync.Mutex
	txs  map[string]pgx.Tx // lease token → the claim's transaction (transactional mode)

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
)

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
	ib := &Inbox{pool: pool, t: t, txs: make(map[string]pgx.Tx), notify: make(chan struct{}, 64), announceReq: make(chan struct{}, 1)}
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
	accept, claim, complete, fail, dead, lock, requeue, purge, deadList, stats string
}

const nowExpr = `coalesce($1::timestamptz, now())`

func buildQueries(t tableName) queries {
	return queries{
		accept: `WITH ins AS (
			INSERT INTO ` + t.table + ` (source, dedup_key, available_at, received_at, delivery_id, signed_at, secret_index, body, header)
			VALUES ($2, $3, ` + nowExpr + `, ` + nowExpr + `, $4, $5, $6, $7, $8)
			ON CONFLICT (source, dedup_key) DO NOTHING
			RETURNING id)
			SELECT id FROM ins`,
		claim: `WITH c AS (
			SELECT id FROM ` + t.table + `
			WHERE source = $2 AND state IN ('pending', 'leased') AND available_at <= ` + nowExpr + `
			ORDER BY available_at
			LIMIT $3
			FOR UPDATE SKIP LOCKED)
			UPDATE ` + t.table + ` AS m
			SET state = 'leased', attempts = m.attempts + 1, lease_token = gen_random_uuid(),
			    available_at = ` + nowExpr + ` + $4::interval
			FROM c WHERE m.id = c.id
			RETURNING m.id, m.lease_token::text, m.attempts, m.available_at, m.dedup_key, m.body, m.header,
			          m.delivery_id, m.signed_at, m.secret_index, m.received_at`,
		complete: `UPDATE ` + t.table + `
			SET state = 'completed', finished_at = ` + nowExpr + `, lease_token = NULL, body = NULL, header = NULL, delivery_id = ''
			WHERE id = $2 AND lease_token = $3::uuid AND state = 'leased'`,
		fail: `UPDATE ` + t.table + `
			SET state = 'pending', available_at = ` + nowExpr + ` + $4::interval, lease_token = NULL, last_cause = $5
			WHERE id = $2 AND lease_token = $3::uuid AND state = 'leased'`,
		dead: `UPDATE ` + t.table + `
			SET state = 'dead', finished_at = ` + nowExpr + `, lease_token = NULL, last_cause = $4
			WHERE id = $2 AND lease_token = $3::uuid AND state = 'leased'`,
		lock: `SELECT 1 FROM ` + t.table + ` WHERE id = $1 AND lease_token = $2::uuid AND state = 'leased' FOR UPDATE`,
		requeue: `WITH r AS (
			UPDATE ` + t.table + `
			SET state = 'pending', attempts = 0, available_at = ` + nowExpr + `, finished_at = NULL
			WHERE id = $2 AND state = 'dead'
			RETURNING source)
			SELECT pg_notify($3, source) IS NULL FROM r`,
		purge: `DELETE FROM ` + t.table + ` WHERE id IN (
			SELECT id FROM ` + t.table + `
			WHERE state = 'completed' AND finished_at < ` + nowExpr + ` - $2::interval
			ORDER BY finished_at LIMIT $3)`,
		deadList: `SELECT id, source, dedup_key, attempts, coalesce(last_cause, ''), received_at, available_at, finished_at
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
		m.Event.Delivery.SecretIndex, body, header).Scan(&id)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return false, nil
	case err != nil:
		return false, dbError("accept", err)
	}
	ib.announce()
	return true, nil
}

// Claim implements dispatch.Inbox with SELECT ... FOR UPDATE SKIP LOCKED:
// concurrent claimers on any replica never wait for each other and never
// get the same row.
func (ib *Inbox) Claim(ctx context.Context, source string, max int, lease time.Duration) ([]dispatch.Lease, error) {
	if max <= 0 || lease <= 0 {
		return nil, errors.New("pginbox: claim: max and lease must be positive")
	}
	rows, err := ib.pool.Query(ctx, ib.q.claim, ib.nowArg(), source, max, interval(lease))
	if err != nil {
		return nil, dbError("claim", err)
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
			return nil, dbError("claim", err)
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
		l.ID = fmt.Sprint(id)
		l.Until = expires
		l.Message = dispatch.InboxMessage{Source: source, Key: key, ReceivedAt: received,
			Event: dispatch.Event{Delivery: d, Body: body, Header: h}}
		out = append(out, l)
	}
	if err := rows.Err(); err != nil {
		return nil, dbError("claim", err)
	}
	return out, nil
}

// Complete implements dispatch.Inbox. It clears the stored body, headers and
// delivery id: a completed row keeps only its key, for deduplication until
// Purge. In transactional mode it completes the row in the claim's
// transaction and commits it.
func (ib *Inbox) Complete(ctx context.Context, l dispatch.Lease) error {
	if tx := ib.takeTx(l.Token); tx != nil {
		tag, err := tx.Exec(ctx, ib.q.complete, ib.nowArg(), l.ID, l.Token)
		if err != nil {
			_ = tx.Rollback(ctx)
			return dbError("complete", err)
		}
		if tag.RowsAffected() == 0 {
			_ = tx.Rollback(ctx)
			return dispatch.ErrLeaseLost
		}
		if err := tx.Commit(ctx); err != nil {
			return dbError("complete: commit", err)
		}
		return nil
	}
	return ib.finish(ctx, "complete", ib.q.complete, ib.nowArg(), l.ID, l.Token)
}

// Fail implements dispatch.Inbox: the row is ready again retryAfter from now
// by the database's clock. In transactional mode the claim's transaction is
// rolled back first, undoing the user's writes.
func (ib *Inbox) Fail(ctx context.Context, l dispatch.Lease, retryAfter time.Duration, cause string) error {
	ib.rollbackTx(ctx, l.Token)
	return ib.finish(ctx, "fail", ib.q.fail, ib.nowArg(), l.ID, l.Token, interval(retryAfter), cause)
}

// DeadLetter implements dispatch.Inbox: the row is kept, with its body, out
// of the way of claims, until Requeue or PurgeDead.
func (ib *Inbox) DeadLetter(ctx context.Context, l dispatch.Lease, cause string) error {
	ib.rollbackTx(ctx, l.Token)
	return ib.finish(ctx, "dead-letter", ib.q.dead, ib.nowArg(), l.ID, l.Token, cause)
}

func (ib *Inbox) finish(ctx context.Context, op, sql string, args ...any) error {
	tag, err := ib.pool.Exec(ctx, sql, args...)
	if err != nil {
		return dbError(op, err)
	}
	if tag.RowsAffected() == 0 {
		return dispatch.ErrLeaseLost
	}
	return nil
}

// dbError keeps the operation and the Postgres error code, never a value:
// the server's message, detail and hint can quote row values, so they are
// dropped. Context errors stay matchable with errors.Is; connection errors
// are kept (they name the server, never a row).
func dbError(op string, err error) error {
	var pe *pgconn.PgError
	switch {
	case errors.As(err, &pe):
		return fmt.Errorf("pginbox: %s: postgres error SQLSTATE %s", op, pe.Code)
	case errors.Is(err, context.Canceled):
		return fmt.Errorf("pginbox: %s: %w", op, context.Canceled)
	case errors.Is(err, context.DeadlineExceeded):
		return fmt.Errorf("pginbox: %s: %w", op, context.DeadlineExceeded)
	}
	return fmt.Errorf("pginbox: %s: %w", op, err)
}
