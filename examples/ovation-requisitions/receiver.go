package main

import (
	"context"
	"net"
	"net/http"
	"time"

	"github.com/labwire/labwire/ovation"
	"github.com/labwire/labwire/webhook"
	"github.com/labwire/labwire/webhook/dispatch"
)

// receiver serves Ovation's webhooks on l in sync mode (Ovation waits 10 s), checking
// HTTP Basic credentials, and passes each event to events.
type receiver struct {
	srv    *http.Server
	h      *dispatch.Handler
	events chan *ovation.Event
}

func startReceiver(l net.Listener, username, password string) (*receiver, error) {
	v, err := ovation.NewWebhookVerifier([]webhook.BasicCredentials{{Username: username, Password: password}})
	if err != nil {
		return nil, err
	}
	rc := &receiver{events: make(chan *ovation.Event, 16)}
	rc.h, err = ovation.NewWebhookHandler(v, func(ctx context.Context, e *ovation.Event) error {
		select {
		case rc.events <- e:
			return nil
		case <-ctx.Done():
			return ctx.Err() // answered 500: Ovation retries at 64 s and 729 s
		}
	}, dispatch.WithSync())
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	mux.Handle("POST /ovation", rc.h)
	rc.srv = &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 15 * time.Second,
		WriteTimeout: 15 * time.Second, IdleTimeout: 60 * time.Second, MaxHeaderBytes: 16 << 10}
	go func() { _ = rc.srv.Serve(l) }()
	return rc, nil
}

func (rc *receiver) close() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = rc.srv.Shutdown(ctx)
	_ = rc.h.Shutdown(ctx)
}
