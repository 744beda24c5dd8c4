package pginbox

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/labwire/labwire/webhook/dispatch"
)

// ErrPoolTooSmall reports a pool whose MaxConns cannot serve the workers
// that use the inbox plus the notification listener. The error also matches
// dispatch.ErrInvalidConfig.
var ErrPoolTooSmall = errors.New("pginbox: pool too small")

// ErrNotMigrated reports an inbox table that is missing or older than
// SchemaVersion: run Migrate, or apply migrations/plain with your migration
// tool.
var ErrNotMigrated = errors.New("pginbox: inbox table not migrated")

// minConns is the smallest pool an Inbox accepts: the notification
// listener holds one connection for as long as it runs, and Accept, Claim
// and the finishing updates need at least one more.
const minConns = 2

// connsNeeded is the smallest MaxConns for workers reserved workers: in
// transactional mode each worker holds a connection (its claim's
// transaction) for as long as it processes, besides the listener's and one
// for Accept, Claim and Renew.
func (ib *Inbox) connsNeeded(workers int) int {
	if ib.transactional {
		return workers + minConns
	}
	return minConns
}

// checkPool refuses a pool too small for the workers already reserved.
func (ib *Inbox) checkPool() error {
	ib.holdMu.Lock()
	defer ib.holdMu.Unlock()
	return ib.poolError(ib.reserved)
}

// poolError refuses a pool too small for workers transactional workers.
func (ib *Inbox) poolError(workers int) error {
	have, need := int(ib.pool.Config().MaxConns), ib.connsNeeded(workers)
	if have >= need {
		return nil
	}
	what := "the notification listener and one connection for Accept and Claim"
	if ib.transactional && workers > 0 {
		what = fmt.Sprintf("%d transactional workers (each holds a connection while it processes), %s", workers, what)
	}
	return fmt.Errorf("%w (%w): table %s: pool MaxConns is %d; %s need at least %d (pool_max_conns in the DSN, or pgxpool.Config.MaxConns), plus the concurrent Accepts you expect",
		ErrPoolTooSmall, dispatch.ErrInvalidConfig, ib.t.raw, have, what, need)
}

// ReserveWorkers implements dispatch.WorkerReserver: NewEventHandler calls
// it with its worker count before starting them, and fails with its error.
// It refuses (ErrPoolTooSmall, changing nothing) when the pool's MaxConns
// is smaller than the workers of every handler on this inbox, in
// transactional mode, plus the notification listener plus one. A handler
// that shuts down keeps its reservation.
func (ib *Inbox) ReserveWorkers(n int) error {
	if n <= 0 {
		return fmt.Errorf("%w: pginbox: ReserveWorkers: n must be positive", dispatch.ErrInvalidConfig)
	}
	ib.holdMu.Lock()
	defer ib.holdMu.Unlock()
	if err := ib.poolError(ib.reserved + n); err != nil {
		return err
	}
	ib.reserved += n
	return nil
}

// columns are every column the inbox reads or writes, for Check's probe.
const columns = `id, source, dedup_key, state, attempts, available_at, lease_token, received_at,
	finished_at, last_cause, delivery_id, signed_at, secret_index, body, header, event_type`

// Check reports whether the inbox can work, for a readiness probe or at
// startup: the pool is large enough for the workers reserved so far (see
// ReserveWorkers), the database answers, the server is Postgres 13 or later,
// the table is migrated to SchemaVersion (ErrNotMigrated otherwise) and
// this role can read it. Its errors name the table and, when the server
// refused, the SQLSTATE.
func (ib *Inbox) Check(ctx context.Context) error {
	if err := ib.checkPool(); err != nil {
		return err
	}
	var server int
	if err := ib.pool.QueryRow(ctx, `SELECT current_setting('server_version_num')::int`).Scan(&server); err != nil {
		return ib.dbError("check", err)
	}
	if server < 130000 {
		return fmt.Errorf("pginbox: check (table %s): Postgres %d.%d is older than 13", ib.t.raw, server/10000, server%10000/100)
	}
	var version int
	if err := ib.pool.QueryRow(ctx, `SELECT coalesce(max(version), 0) FROM `+ib.t.versions).Scan(&version); err != nil {
		return ib.notMigrated(err)
	}
	switch {
	case version < SchemaVersion:
		return fmt.Errorf("%w: table %s is at schema version %d, this package needs %d", ErrNotMigrated, ib.t.raw, version, SchemaVersion)
	case version > SchemaVersion:
		return fmt.Errorf("pginbox: check (table %s): schema version %d is newer than this package's %d", ib.t.raw, version, SchemaVersion)
	}
	rows, err := ib.pool.Query(ctx, `SELECT `+columns+` FROM `+ib.t.table+` LIMIT 0`)
	if err == nil {
		rows.Close()
		err = rows.Err()
	}
	if err != nil {
		return ib.notMigrated(err)
	}
	return nil
}

// notMigrated wraps a missing table or column in ErrNotMigrated.
func (ib *Inbox) notMigrated(err error) error {
	var pe *pgconn.PgError
	if errors.As(err, &pe) && (pe.Code == "42P01" || pe.Code == "42703") {
		return fmt.Errorf("%w: %w", ErrNotMigrated, ib.dbError("check", err))
	}
	return ib.dbError("check", err)
}
