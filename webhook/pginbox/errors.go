package pginbox

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"syscall"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/puddle/v2"
)

// dbError is every error the inbox returns from the database: the
// operation, the table and the Postgres error code, never a value. The
// server's message, detail and hint can quote row values, so Error() never
// shows them; the *pgconn.PgError stays reachable with errors.As (its
// SQLState method is what dispatch logs as sqlstate), and StoreName names
// the table (configuration, never patient data). Context errors match
// errors.Is; connection errors are shown (they name the server, never a
// row); any other driver error shows only its type.
type dbError struct {
	op    string
	table string
	code  string // SQLSTATE; "" when the error did not come from the server
	err   error
}

func (e *dbError) Error() string {
	var b strings.Builder
	b.WriteString("pginbox: ")
	b.WriteString(e.op)
	b.WriteString(" (table ")
	b.WriteString(e.table)
	b.WriteString("): ")
	switch {
	case e.code != "":
		b.WriteString("postgres error SQLSTATE ")
		b.WriteString(e.code)
		if hint := sqlstateHints[e.code]; hint != "" {
			b.WriteString(" (")
			b.WriteString(hint)
			b.WriteString(")")
		}
	case errors.Is(e.err, context.Canceled):
		b.WriteString(context.Canceled.Error())
	case errors.Is(e.err, context.DeadlineExceeded):
		b.WriteString(context.DeadlineExceeded.Error())
	case connectionError(e.err):
		b.WriteString(e.err.Error())
	default:
		// pgx can quote an argument in an encoding error: show the type only.
		fmt.Fprintf(&b, "driver error (%T)", e.err)
	}
	return b.String()
}

// connectionError reports an error about the connection itself, whose text
// names the server and never a value.
func connectionError(err error) bool {
	var ne net.Error
	var ce *pgconn.ConnectError
	return errors.As(err, &ne) || errors.As(err, &ce) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, net.ErrClosed) || errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) ||
		strings.Contains(err.Error(), "conn closed")
}

// Unwrap returns the cause: a *pgconn.PgError, a connection error, or a
// context error.
func (e *dbError) Unwrap() error { return e.err }

// StoreName names the inbox's table, for logs (dispatch logs it as store).
func (e *dbError) StoreName() string { return e.table }

// sqlstateHints name the codes an operator meets first.
var sqlstateHints = map[string]string{
	"42P01": "undefined_table: run Migrate or apply migrations/plain",
	"42703": "undefined_column: run Migrate or apply migrations/plain",
	"42501": "insufficient_privilege",
	"53300": "too_many_connections",
	"57P01": "admin_shutdown",
	"57P02": "crash_shutdown",
	"57P03": "cannot_connect_now",
	"3D000": "invalid_catalog_name: no such database",
	"28P01": "invalid_password",
	"28000": "invalid_authorization_specification",
}

func (ib *Inbox) dbError(op string, err error) error {
	if err == nil {
		return nil
	}
	var already *dbError
	if errors.As(err, &already) {
		return err
	}
	e := &dbError{op: op, table: ib.t.raw, err: err}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		e.code = pe.Code
	}
	return e
}

// transient reports whether err is one that a new attempt on another (or a
// reconnected) connection can get past: a connection that broke or could
// not be made, a server shutting down or starting up, a serialization
// failure or deadlock, too many connections. A context error is not (it
// is the caller's), nor a closed pool.
func transient(err error) bool {
	if err == nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) ||
		errors.Is(err, puddle.ErrClosedPool) {
		return false
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch {
		case strings.HasPrefix(pe.Code, "08"), // connection_exception
			pe.Code == "57P01", pe.Code == "57P02", pe.Code == "57P03", // shutdown, crash, starting up
			pe.Code == "40001", pe.Code == "40P01", // serialization failure, deadlock
			pe.Code == "53300": // too many connections
			return true
		}
		return false
	}
	// Everything else pgx returns without a server code is about the
	// connection: refused, reset, closed, EOF, a broken conn.
	return true
}
