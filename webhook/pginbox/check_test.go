package pginbox

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/labwire/labwire/webhook/dispatch"
)

// Issue 17: Check refuses an unmigrated, outdated or unreachable table
// with an error that names the table and, from the server, the SQLSTATE;
// the *pgconn.PgError stays reachable (dispatch logs its SQLState) and the
// error names its store.
func TestCheckRefusesAnUnmigratedOrUnreachableTable(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	table := testTable(t)
	ib, err := New(newPool(t, 4), WithTable(table))
	require.NoError(t, err)

	err = ib.Check(ctx)
	require.ErrorIs(t, err, ErrNotMigrated)
	assert.Contains(t, err.Error(), table)
	assert.Contains(t, err.Error(), "SQLSTATE 42P01")
	var pe *pgconn.PgError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "42P01", pe.SQLState())
	var sqlstate interface{ SQLState() string }
	require.ErrorAs(t, err, &sqlstate)
	assert.Equal(t, "42P01", sqlstate.SQLState())
	var store interface{ StoreName() string }
	require.ErrorAs(t, err, &store)
	assert.Equal(t, table, store.StoreName())

	_, err = ib.Accept(ctx, msg("s", "k", `{}`))
	require.ErrorAs(t, err, &store, "every database error names its store")
	assert.Equal(t, table, store.StoreName())
	require.ErrorAs(t, err, &sqlstate)
	assert.Equal(t, "42P01", sqlstate.SQLState())
	assert.Contains(t, err.Error(), table)

	_, err = ib.Migrate(ctx)
	require.NoError(t, err)
	require.NoError(t, ib.Check(ctx))

	_, err = ib.pool.Exec(ctx, `DELETE FROM `+table+`_migrations WHERE version >= 2`)
	require.NoError(t, err)
	err = ib.Check(ctx)
	require.ErrorIs(t, err, ErrNotMigrated)
	assert.Contains(t, err.Error(), table)
	assert.Contains(t, err.Error(), "version 1")
	_, err = ib.Migrate(ctx)
	require.NoError(t, err)
	require.NoError(t, ib.Check(ctx))

	_, err = ib.pool.Exec(ctx, `ALTER TABLE `+table+` DROP COLUMN header`)
	require.NoError(t, err)
	err = ib.Check(ctx)
	require.ErrorIs(t, err, ErrNotMigrated)
	assert.Contains(t, err.Error(), "SQLSTATE 42703")

	cfg, err := pgxpool.ParseConfig("host=/nonexistent-pginbox-dir user=nobody dbname=none sslmode=disable connect_timeout=5")
	require.NoError(t, err)
	gone, err := pgxpool.NewWithConfig(ctx, cfg)
	require.NoError(t, err)
	defer gone.Close()
	unreachable, err := New(gone, WithTable(table))
	require.NoError(t, err, "New does not touch the database")
	err = unreachable.Check(ctx)
	require.Error(t, err)
	assert.False(t, errors.Is(err, ErrNotMigrated))
	assert.Contains(t, err.Error(), "check (table "+table+")")
	require.ErrorAs(t, err, &store)
}

// Issue 17: a pool too small for the workers that hold a connection each
// (transactional mode) plus the notification listener plus one for
// Accept and Claim is refused, by ReserveWorkers (which NewEventHandler
// calls) and by Check; New refuses a pool smaller than the listener plus
// one. pgxpool.New's default pool (4 connections on small machines)
// cannot serve the default 4 transactional workers.
func TestPoolTooSmallIsRefused(t *testing.T) {
	t.Parallel()
	_, err := New(newPool(t, 1))
	require.ErrorIs(t, err, ErrPoolTooSmall)
	require.ErrorIs(t, err, dispatch.ErrInvalidConfig)

	tx, err := New(newPool(t, 4), WithTable("t_pool_small"), WithTransactional())
	require.NoError(t, err)
	err = tx.ReserveWorkers(dispatch.DefaultWorkers)
	require.ErrorIs(t, err, ErrPoolTooSmall)
	require.ErrorIs(t, err, dispatch.ErrInvalidConfig)
	for _, want := range []string{"t_pool_small", "MaxConns is 4", "at least 6", "4 transactional workers"} {
		assert.Contains(t, err.Error(), want)
	}
	require.NoError(t, tx.ReserveWorkers(2), "the refused reservation changed nothing")
	err = tx.ReserveWorkers(1)
	require.ErrorIs(t, err, ErrPoolTooSmall, "reservations add up over handlers")
	assert.Contains(t, err.Error(), "3 transactional workers")
	assert.Error(t, tx.ReserveWorkers(0))

	plain, err := New(newPool(t, 2), WithTable("t_pool_plain"))
	require.NoError(t, err)
	require.NoError(t, plain.ReserveWorkers(16), "without WithTransactional a worker holds no connection while it processes")
	err = plain.Check(context.Background())
	require.Error(t, err)
	assert.False(t, errors.Is(err, ErrPoolTooSmall), "the pool is large enough; the table is missing")
	assert.True(t, strings.Contains(err.Error(), "t_pool_plain"))
}

// Issue 17: NewEventHandler reserves its workers: with the pool
// pgxpool.New gives by default on a small machine (4 connections), four
// transactional workers are refused before they start, instead of starving
// each other and the listener.
func TestNewEventHandlerRefusesAPoolTooSmallForItsWorkers(t *testing.T) {
	t.Parallel()
	ib, err := New(newPool(t, 4), WithTable("t_handler_pool"), WithTransactional())
	require.NoError(t, err)
	_, err = dispatch.NewEventHandler(newVerifier(t), func(context.Context, dispatch.Event) error { return nil },
		dispatch.WithInbox(ib), dispatch.WithWorkers(4))
	require.ErrorIs(t, err, ErrPoolTooSmall)
	require.ErrorIs(t, err, dispatch.ErrInvalidConfig)
	h, err := dispatch.NewEventHandler(newVerifier(t), func(context.Context, dispatch.Event) error { return nil },
		dispatch.WithInbox(ib), dispatch.WithWorkers(2), dispatch.WithPollInterval(time.Hour))
	require.NoError(t, err)
	require.NoError(t, h.Shutdown(context.Background()))
}

// An inbox error shows the operation, the table and the SQLSTATE, a
// connection error's text, or only the type of any other driver error
// (pgx can quote an argument's value in one).
func TestDBErrorShowsNoValue(t *testing.T) {
	t.Parallel()
	ib, err := New(newPool(t, 2), WithTable("ops.inbox"))
	require.NoError(t, err)
	for _, c := range []struct {
		err  error
		want string
	}{
		{&pgconn.PgError{Code: "23505", Message: "duplicate key " + phiCanary, Detail: phiCanary}, "pginbox: accept (table ops.inbox): postgres error SQLSTATE 23505"},
		{&pgconn.PgError{Code: "42P01", Message: phiCanary}, "pginbox: accept (table ops.inbox): postgres error SQLSTATE 42P01 (undefined_table: run Migrate or apply migrations/plain)"},
		{fmt.Errorf("failed to encode args[7]: %w", errors.New("cannot encode "+phiCanary)), "pginbox: accept (table ops.inbox): driver error (*fmt.wrapError)"},
		{fmt.Errorf("query: %w", context.Canceled), "pginbox: accept (table ops.inbox): context canceled"},
		{&net.OpError{Op: "read", Net: "unix", Err: errors.New("connection reset by peer")}, "pginbox: accept (table ops.inbox): read unix: connection reset by peer"},
	} {
		err := ib.dbError("accept", c.err)
		assert.Equal(t, c.want, err.Error())
		assert.NotContains(t, fmt.Sprintf("%v %+v", err, err), "CANARY")
		assert.ErrorIs(t, err, c.err, "the cause stays reachable")
	}
}
