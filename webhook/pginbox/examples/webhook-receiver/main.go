// Command webhook-receiver is the Postgres variant of
// examples/webhook-receiver: it receives WHOOP's partner webhooks and stores
// each verified delivery in a Postgres inbox before answering 204, so a
// crash after the answer loses nothing (WHOOP never redelivers after a 2xx),
// and several replicas can share the inbox. It prints one line per
// processed event: event type and resource id, never patient data.
//
//	WHOOP_WEBHOOK_SECRET=... go run ./examples/webhook-receiver \
//		-inbox postgres://user@localhost/labs -migrate -addr 127.0.0.1:8787
//
// It lives in the webhook/pginbox module, which depends on pgx, so that the
// main labwire module does not. -migrate applies the inbox's schema first
// (idempotent); without it the schema must already be there (Migrate, or
// migrations/plain with your migration tool), and it refuses to start if it
// is not.
//
// With ADMIN_USER and ADMIN_PASSWORD set (a password of at least 16
// bytes), it also serves the inbox's admin page (package inboxadmin) at
// /admin/inbox/, behind HTTP Basic authentication: per source the counts,
// the dead letters and the retrying deliveries, with buttons to requeue
// them. Without them the page is not mounted, and the receiver says so at
// startup. Basic credentials travel in clear over plain HTTP: keep -addr on
// loopback (the default) or serve it behind TLS. Behind a load balancer,
// give every replica the same ADMIN_CSRF_KEY (at least 32 bytes), so that a
// form served by one replica is accepted by another.
//
//	ADMIN_USER=ops ADMIN_PASSWORD=... WHOOP_WEBHOOK_SECRET=... go run ./examples/webhook-receiver -inbox ...
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/labwire/labwire/webhook/dispatch"
	"github.com/labwire/labwire/webhook/pginbox"
	"github.com/labwire/labwire/whoop"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr, nil)
	var ue *usageError
	switch {
	case errors.Is(err, flag.ErrHelp):
		os.Exit(0)
	case errors.As(err, &ue):
		fmt.Fprintln(os.Stderr, "webhook-receiver:", err)
		fmt.Fprint(os.Stderr, usage)
		os.Exit(2)
	case err != nil:
		fmt.Fprintln(os.Stderr, "webhook-receiver:", err)
		os.Exit(1)
	}
}

// usage says what the receiver needs; it is printed, with exit status 2,
// when its configuration is missing or wrong.
const usage = `usage: webhook-receiver -inbox postgres://... [-migrate] [-addr 127.0.0.1:8787] [-table labwire_inbox]

environment:
  WHOOP_WEBHOOK_SECRET  WHOOP's webhook signing secret (required)
  ADMIN_USER            with ADMIN_PASSWORD: serve the inbox admin page at /admin/inbox/ (Basic auth)
  ADMIN_PASSWORD        at least 16 bytes
  ADMIN_CSRF_KEY        at least 32 bytes, the same on every replica (optional)
`

// usageError is a configuration error: main prints the usage and exits 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

// run parses flags, connects, mounts the WHOOP route and serves until ctx
// ends. ready, when not nil, receives the listening address.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer, ready chan<- string) error {
	fs := flag.NewFlagSet("webhook-receiver", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:8787", "address to listen on")
	dsn := fs.String("inbox", "", "Postgres URL or DSN of the inbox database (required)")
	migrate := fs.Bool("migrate", false, "apply the inbox schema before serving")
	table := fs.String("table", pginbox.DefaultTable, "inbox table name")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stderr, usage)
			return err
		}
		return &usageError{msg: err.Error()}
	}
	secret := getenv("WHOOP_WEBHOOK_SECRET")
	switch {
	case *dsn == "":
		return &usageError{msg: "-inbox is required (a postgres:// URL)"}
	case secret == "":
		return &usageError{msg: "WHOOP_WEBHOOK_SECRET is not set; nothing to receive"}
	}
	admin, err := adminConfigFromEnv(getenv)
	if err != nil {
		return &usageError{msg: err.Error()}
	}
	logger := slog.New(slog.NewTextHandler(stderr, nil))
	pool, err := pgxpool.New(ctx, *dsn)
	if err != nil {
		return errors.New("-inbox: not a valid Postgres URL or DSN")
	}
	defer pool.Close()
	inbox, err := pginbox.New(pool, pginbox.WithTable(*table), pginbox.WithLogger(logger))
	if err != nil {
		return err
	}
	defer inbox.Close()
	if *migrate {
		if _, err := inbox.Migrate(ctx); err != nil {
			return err
		}
	}
	if err := inbox.Check(ctx); err != nil { // an unmigrated table or an unreachable database, by name and SQLSTATE
		return err
	}
	h, err := newWhoopHandler(secret, inbox, stdout, logger)
	if err != nil {
		return err
	}
	mux := http.NewServeMux()
	mux.Handle("POST /webhooks/whoop", h)
	if err := mountAdmin(mux, admin, inbox, logger); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           mux,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      15 * time.Second,
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    16 << 10,
	}
	logger.Info("listening", "addr", ln.Addr().String(), "inbox", inbox.String())
	if ready != nil {
		ready <- ln.Addr().String()
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err = srv.Shutdown(sctx)                  // stop accepting, finish in-flight requests
	return errors.Join(err, h.Shutdown(sctx)) // then finish what the workers hold; the rest stays in the inbox
}

// newWhoopHandler is whoop's typed handler on the Postgres inbox.
func newWhoopHandler(secret string, inbox *pginbox.Inbox, stdout io.Writer, logger *slog.Logger) (*dispatch.Handler, error) {
	v, err := whoop.NewWebhookVerifier([]string{secret})
	if err != nil {
		return nil, err
	}
	var mu sync.Mutex
	return whoop.NewWebhookHandler(v, func(_ context.Context, e *whoop.Event) error {
		mu.Lock()
		defer mu.Unlock()
		_, err := fmt.Fprintf(stdout, "processed vendor=whoop type=%s id=%s\n", e.Type, e.ResourceID)
		return err
	}, dispatch.WithInbox(inbox), dispatch.WithSource("whoop"), dispatch.WithLogger(logger))
}
