package pginbox

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"
	"github.com/labwire/labwire/webhook/dispatch"
)

type txKey struct{}

// TxFromContext returns the transaction that holds the claimed row, inside
// a ProcessFunc called by a handler on an Inbox made WithTransactional.
// Write through it: those writes commit together with the row's completion,
// and roll back when the attempt fails. Do not commit or roll it back
// yourself. ok is false elsewhere.
func TxFromContext(ctx context.Context) (tx pgx.Tx, ok bool) {
	tx, ok = ctx.Value(txKey{}).(pgx.Tx)
	return tx, ok
}

// ErrNoTx reports a ProcessTx function called without a claim transaction:
// its Inbox was not made WithTransactional.
var ErrNoTx = errors.New("pginbox: no claim transaction in context (use WithTransactional)")

// ProcessTx adapts a function that takes the claim's transaction to a
// dispatch.ProcessFunc, for an Inbox made WithTransactional: exactly-once
// processing for the writes made through tx.
func ProcessTx(f func(ctx context.Context, tx pgx.Tx, e dispatch.Event) error) dispatch.ProcessFunc {
	return func(ctx context.Context, e dispatch.Event) error {
		tx, ok := TxFromContext(ctx)
		if !ok {
			return dispatch.Permanent(ErrNoTx)
		}
		return f(ctx, tx, e)
	}
}

// LeaseContext implements dispatch.LeaseContexter. In transactional mode it
// begins the claim's transaction and locks the leased row in it (FOR
// UPDATE): while the transaction lives no other claimer can take the row,
// even after the lease runs out, and if this process dies the server aborts
// the transaction and the row is claimed again once its lease runs out.
// Without WithTransactional it returns ctx unchanged.
func (ib *Inbox) LeaseContext(ctx context.Context, l dispatch.Lease) (context.Context, error) {
	if !ib.transactional {
		return ctx, nil
	}
	tx, err := ib.pool.Begin(ctx)
	if err != nil {
		return nil, dbError("begin", err)
	}
	var one int
	if err := tx.QueryRow(ctx, ib.q.lock, l.ID, l.Token).Scan(&one); err != nil {
		_ = tx.Rollback(context.WithoutCancel(ctx))
		if errors.Is(err, pgx.ErrNoRows) {
			return nil, dispatch.ErrLeaseLost
		}
		return nil, dbError("lock", err)
	}
	ib.txMu.Lock()
	ib.txs[l.Token] = tx
	ib.txMu.Unlock()
	return context.WithValue(ctx, txKey{}, tx), nil
}

// takeTx removes and returns the claim transaction of a lease, if any.
func (ib *Inbox) takeTx(token string) pgx.Tx {
	ib.txMu.Lock()
	defer ib.txMu.Unlock()
	tx := ib.txs[token]
	delete(ib.txs, token)
	return tx
}

func (ib *Inbox) rollbackTx(ctx context.Context, token string) {
	if tx := ib.takeTx(token); tx != nil {
		_ = tx.Rollback(ctx)
	}
}
