// Command webhook-receiver receives the webhooks of all four lab partners on
// one server and prints one line per accepted event: vendor, event type and
// resource id, never any patient data.
//
//	WHOOP_WEBHOOK_SECRET=... WORKPATH_WEBHOOK_SECRET=... \
//	OVATION_WEBHOOK_USERNAME=... OVATION_WEBHOOK_PASSWORD=... \
//	RUPA_WEBHOOK_SECRET=... go run ./examples/webhook-receiver -addr 127.0.0.1:8787
//
// Routes (each mounted only when its secret is set; an unset secret never
// means "accept unverified", the route is simply absent and answers 404):
//
//	POST /webhooks/whoop     WHOOP-Signed: hex HMAC-SHA256 of the body; 204, processed asynchronously
//	POST /webhooks/workpath  WP-Signature: t=<unix>,v1=<hex HMAC-SHA256 of t.body>; 200
//	POST /webhooks/ovation   HTTP Basic with the configured username and password; 200
//	POST /webhooks/rupa      body HMAC on RUPA_WEBHOOK_HEADER (see rupaRoute); 200
//
// Time budgets decide the mode (dispatch.NewEventHandler): WHOOP counts a
// delivery as failed unless it is answered within 1 s and never redelivers
// after a 2xx, so its route answers at once and processes on a worker (or
// through an inbox, below); Ovation waits 10 s, so processing before the
// answer (dispatch.WithSync, or NewHandler as here) fits, and a 5xx makes it
// redeliver.
//
// With no secret set, or an incomplete one (an Ovation username without its password), it
// prints what to set (the usage) and exits 2.
//
// Refusals get a bare 400/401/413/415 and the reason is logged to stderr.
// The server stops cleanly on SIGINT or SIGTERM, draining queued WHOOP events.
//
// WHOOP never redelivers after a 2xx, so a crash after answering loses what
// is queued in memory. -inbox memory stores each WHOOP delivery in a
// dispatch.MemoryInbox before answering (same code path as a durable inbox,
// without the durability). The Postgres inbox lives in its own module so this
// one needs no database driver; its variant of this program takes
// -inbox postgres://...:
//
//	cd webhook/pginbox && go run ./examples/webhook-receiver -inbox postgres://localhost/labs -migrate
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
	"strings"
	"syscall"
	"time"

	"github.com/labwire/labwire/webhook/dispatch"
	"github.com/labwire/labwire/whoop"
)

// usage is what -h prints, and what a configuration error prints before the program exits 2.
const usage = `usage: go run ./examples/webhook-receiver [flags]

It serves a route for each vendor whose secret is set; at least one must be:
  WHOOP_WEBHOOK_SECRET      POST /webhooks/whoop: your WHOOP partner signing secret
  WORKPATH_WEBHOOK_SECRET   POST /webhooks/workpath: the secret of your Workpath subscription
  OVATION_WEBHOOK_USERNAME  POST /webhooks/ovation: the HTTP Basic username set in Ovation
  OVATION_WEBHOOK_PASSWORD  its password (set both or neither)
  RUPA_WEBHOOK_SECRET       POST /webhooks/rupa: the secret Rupa signs with
  RUPA_WEBHOOK_HEADER       the header of Rupa's signature (default Rupa-Signature)
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	os.Exit(exitStatus(os.Stderr, err))
}

// configError is an incomplete or refused configuration: the program prints the usage and
// exits 2.
type configError struct{ msg string }

func (e *configError) Error() string { return e.msg }

// flagError is a flag that does not parse; the flag package has printed it and the usage.
type flagError struct{ error }

// exitStatus reports err on w and returns the exit status: 0 for none (or -h), 2 for a
// configuration or flag error (after the usage), 1 otherwise.
func exitStatus(w io.Writer, err error) int {
	var ce *configError
	var fe flagError
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &fe):
		return 2
	case errors.As(err, &ce):
		fmt.Fprint(w, "webhook-receiver: ", err, "\n\n", usage, "\nRun with -h for the flags.\n")
		return 2
	default:
		fmt.Fprintln(w, "webhook-receiver:", err)
		return 1
	}
}

// run parses flags, mounts the configured routes and serves until ctx ends.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("webhook-receiver", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:8787", "address to listen on")
	inbox := fs.String("inbox", "", `where WHOOP deliveries wait for a worker: "" (an in-memory queue) or "memory" (a dispatch.MemoryInbox); for Postgres see webhook/pginbox/examples/webhook-receiver`)
	fs.Usage = func() {
		fmt.Fprint(stderr, usage, "\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return flagError{err}
	}
	var whoopOpts []dispatch.HandlerOption
	switch {
	case *inbox == "":
	case *inbox == "memory":
		ib, err := dispatch.NewMemoryInbox(whoop.DefaultDedupTTL)
		if err != nil {
			return err
		}
		whoopOpts = append(whoopOpts, dispatch.WithInbox(ib))
	case strings.HasPrefix(*inbox, "postgres://"), strings.HasPrefix(*inbox, "postgresql://"):
		return &configError{"-inbox postgres://...: run the Postgres variant: cd webhook/pginbox && go run ./examples/webhook-receiver -inbox <url>"}
	default:
		return &configError{`-inbox: want "memory" or a postgres:// URL`}
	}
	logger := slog.New(slog.NewTextHandler(stderr, nil))
	mux, routes, err := newMux(getenv, newEventPrinter(stdout), logger, whoopOpts...)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		for _, r := range routes {
			if r.shutdown != nil {
				_ = r.shutdown(context.Background()) // stop the WHOOP route's workers
			}
		}
		return err
	}
	srv := newServer(mux)
	logger.Info("listening", "addr", ln.Addr().String())
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()

	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	logger.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err = srv.Shutdown(sctx) // stop accepting, finish in-flight requests
	for _, r := range routes {
		if r.shutdown != nil {
			err = errors.Join(err, r.shutdown(sctx)) // then drain queued events
		}
	}
	if err == nil {
		logger.Info("stopped")
	}
	return err
}

// newServer sets the timeouts a receiver facing untrusted senders needs.
func newServer(h http.Handler) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      15 * time.Second,
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    16 << 10,
	}
}
