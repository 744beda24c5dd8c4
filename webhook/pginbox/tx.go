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
// begins the claim's transaction and, first thing in it, marks the row
// completed, which also locks it: Complete then only commits (the
// completion with the ProcessFunc's writes), and Fail and DeadLetter roll
// it back (with them). While the transaction lives no other claimer can
// take the row, even after its lease runs out (Renew then checks that the
// transaction is still in progress). If this process dies, or its
// connection does, the server aborts the transaction and the row is
// claimed again once its lease has run out. Without WithTransactional it
// returns ctx unchanged.
func (ib *Inbox) LeaseContext(ctx context.Context, l dispatch.Lease) (context.Context, error) {
	if !ib.transactional {
		return ctx, nil
	}
	tx, err := ib.pool.Begin(ctx)
	if err != nil {
		return nil, ib.dbError("begin", err)
	}
	var xid string
	if err := tx.QueryRow(ctx, ib.q.completeTx, ib.nowArg(), l.ID, l.Token).Scan(&xid); err != nil {
		_ = tx.Rollback(context.WithoutCancel(ctx))
		if errors.Is(err, pgx.ErrNoRows) {
			return nil, dispatch.ErrLeaseLost
		}
		return nil, ib.dbError("lock", err)
	}
	ib.holdMu.Lock()
	h := ib.holds[l.Token]
	if h == nil {
		h = &hold{until: l.Until}
		ib.holds[l.Token] = h
	}
	h.tx, h.xid = tx, xid
	ib.holdMu.Unlock()
	return context.WithValue(ctx, txKey{}, tx), nil
}
