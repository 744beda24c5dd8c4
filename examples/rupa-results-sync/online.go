package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"time"
)

// runOnline serves Rupa's real deliveries on addr until ctx ends.
func runOnline(ctx context.Context, getenv func(string) string, out io.Writer, addr string) error {
	clinics, err := parsePractitioners(getenv("RUPA_PRACTITIONERS"))
	if err != nil {
		return &configError{"RUPA_PRACTITIONERS: " + err.Error()}
	}
	header := getenv("RUPA_WEBHOOK_HEADER")
	if header == "" {
		header = "Rupa-Signature"
	}
	s := &syncer{clinics: clinics, store: newStore(), log: out}
	logger := slog.New(slog.NewTextHandler(os.Stderr, nil))
	h, err := newReceiver(header, getenv("RUPA_WEBHOOK_SECRET"), s, logger)
	if err != nil {
		return &configError{"RUPA_WEBHOOK_HEADER or RUPA_WEBHOOK_SECRET: " + err.Error()}
	}
	mux := http.NewServeMux()
	mux.Handle("POST /webhooks/rupa", h)
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           mux,
		ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 15 * time.Second,
		WriteTimeout: 15 * time.Second, IdleTimeout: 60 * time.Second, MaxHeaderBytes: 16 << 10,
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	fmt.Fprintf(out, "rupa-results-sync: online, listening on http://%s/webhooks/rupa for %s in %s\n",
		ln.Addr(), plural(clinics.count(), "practitioner"), plural(len(clinics), "clinic"))
	select {
	case err := <-errc:
		if !errors.Is(err, http.ErrServerClosed) {
			return err
		}
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_ = srv.Shutdown(sctx)
	_ = h.Shutdown(sctx)
	printSummary(out, clinics, s.store)
	return nil
}
