package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"
)

// runOnline runs the flow against cfg.baseURL, serving the webhook receiver on cfg.addr
// when cfg.webhookURL says where Workpath reaches it.
func runOnline(ctx context.Context, w io.Writer, cfg config) error {
	if err := cfg.check(); err != nil {
		return err
	}
	c, err := newClient(cfg)
	if err != nil {
		return err
	}
	step(w, "workpath-housecall: online, %s", cfg.baseURL)
	if cfg.webhookURL == "" {
		_, err := run(ctx, w, c, cfg, nil)
		if err == nil {
			step(w, "done")
		}
		return err
	}
	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return fmt.Errorf("listening for webhooks: %w", err)
	}
	r, remove, err := newReceiver(ctx, c, cfg.webhookURL)
	if err != nil {
		_ = ln.Close()
		return fmt.Errorf("subscribing the webhook: %w", err)
	}
	srv := &http.Server{Handler: r, ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 15 * time.Second, WriteTimeout: 15 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	step(w, "webhook receiver on %s for %s", ln.Addr(), cfg.webhookURL)
	_, err = run(ctx, w, c, cfg, r.events)
	cleanup := context.WithoutCancel(ctx)
	err = errors.Join(err, remove(cleanup))
	_ = srv.Shutdown(cleanup)
	_ = r.handler.Shutdown(cleanup)
	if err == nil {
		step(w, "done")
	}
	return err
}
