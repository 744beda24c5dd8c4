package pginbox

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

// Notify implements dispatch.Notifier. The first call starts a listener on
// one dedicated pool connection (LISTEN <table>_ready); every Accept and
// Requeue on any replica sends a notification, and each one received
// wakes one worker. When the connection fails the listener reconnects with
// backoff; workers poll meanwhile, so a lost notification delays work but
// never loses it. Close stops the listener.
func (ib *Inbox) Notify() <-chan struct{} {
	ib.listenOnce.Do(func() {
		ctx, cancel := context.WithCancel(context.Background())
		ib.stopListen, ib.listenDone = cancel, make(chan struct{})
		go ib.listen(ctx)
	})
	return ib.notify
}

// Close stops the notification listener and sender, if they run, and the
// give-back of a failed claim, if one is under way. It does not close the
// pool, which is the caller's.
func (ib *Inbox) Close() {
	ib.bgMu.Lock()
	ib.bgClosed = true
	ib.bgMu.Unlock()
	ib.bgStop()
	ib.bg.Wait()
	ib.listenOnce.Do(func() {}) // no listener from now on
	if ib.stopListen != nil {
		ib.stopListen()
		<-ib.listenDone
	}
	ib.announceOnce.Do(func() {})
	if ib.stopAnnounce != nil {
		ib.stopAnnounce()
		<-ib.announceDone
	}
}

// announce asks the background sender to NOTIFY the other replicas. Requests
// made while a NOTIFY is in flight, or within announceEvery after it, are
// coalesced into the next one: however fast Accepts come, the sender sends
// at most one notification per announceEvery (each one costs a
// transaction here and a wake-up on every listening replica), and this
// replica's own workers are woken without it.
func (ib *Inbox) announce() {
	ib.announceOnce.Do(func() {
		ctx, cancel := context.WithCancel(context.Background())
		ib.stopAnnounce, ib.announceDone = cancel, make(chan struct{})
		go ib.announcer(ctx)
	})
	select {
	case ib.announceReq <- struct{}{}:
	default:
	}
}

func (ib *Inbox) announcer(ctx context.Context) {
	defer close(ib.announceDone)
	for {
		select {
		case <-ctx.Done():
			return
		case <-ib.announceReq:
		}
		if _, err := ib.pool.Exec(ctx, `SELECT pg_notify($1, '')`, ib.t.channel); err != nil && ctx.Err() == nil {
			// Workers poll: a lost notification only delays them.
			ib.log.LogAttrs(ctx, slog.LevelWarn, "pginbox: notify failed", ib.errAttrs("notify", err)...)
		}
		t := time.NewTimer(announceEvery)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
	}
}

// announceEvery is the shortest time between two notifications from one
// Inbox: what a worker idle on another replica may wait at most beyond the
// round trip.
const announceEvery = 20 * time.Millisecond

// Listener reconnect backoff: it starts at listenMinWait, doubles after
// every failed connection up to listenMaxWait, and starts again at
// listenMinWait once a connection has listened.
const (
	listenMinWait = 100 * time.Millisecond
	listenMaxWait = 10 * time.Second
)

func (ib *Inbox) listen(ctx context.Context) {
	defer close(ib.listenDone)
	wait := listenMinWait
	for ctx.Err() == nil {
		listened, err := ib.listenOnceConn(ctx)
		if ctx.Err() != nil {
			return
		}
		if listened {
			wait = listenMinWait // the server was back: the next failure is a new outage
		}
		ib.log.LogAttrs(ctx, slog.LevelWarn, "pginbox: notification listener reconnecting",
			append(ib.errAttrs("listen", err), slog.Duration("retry_in", wait))...)
		ib.wake() // a notification may have been missed: let a worker look
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
		wait = min(wait*2, listenMaxWait)
	}
}

// errAttrs are the log attributes of an inbox error: the error (operation,
// table, SQLSTATE, never a value), the table, and the SQLSTATE when the
// server sent one.
func (ib *Inbox) errAttrs(op string, err error) []slog.Attr {
	attrs := []slog.Attr{slog.String("error", ib.dbError(op, err).Error()), slog.String("store", ib.t.raw)}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		attrs = append(attrs, slog.String("sqlstate", pe.Code))
	}
	return attrs
}

// listenOnceConn listens on one pool connection until it fails; listened
// reports whether LISTEN had succeeded on it.
func (ib *Inbox) listenOnceConn(ctx context.Context) (listened bool, err error) {
	conn, err := ib.pool.Acquire(ctx)
	if err != nil {
		return false, err
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, "LISTEN "+ib.t.listen); err != nil {
		return false, err
	}
	defer func() {
		// The connection goes back to the pool: stop listening on it.
		_, _ = conn.Exec(context.WithoutCancel(ctx), "UNLISTEN *")
	}()
	ib.wake()
	for {
		if _, err := conn.Conn().WaitForNotification(ctx); err != nil {
			if ctx.Err() != nil {
				// A cancelled wait leaves the connection unusable.
				conn.Conn().Close(context.WithoutCancel(ctx))
			}
			return true, err
		}
		ib.wake()
	}
}

func (ib *Inbox) wake() {
	select {
	case ib.notify <- struct{}{}:
	default:
	}
}
