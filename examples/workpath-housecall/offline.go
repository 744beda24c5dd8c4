package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/labwire/labwire/workpath"
	"github.com/labwire/labwire/workpath/workpathtest"
)

// runOffline runs the flow against the in-memory fake, with a local webhook receiver, and
// then plays the specialist accepting the appointment.
func runOffline(ctx context.Context, w io.Writer) error {
	srv, err := workpathtest.NewServer()
	if err != nil {
		return err
	}
	defer srv.Close()
	var rcv http.Handler = http.NotFoundHandler()
	local := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) { rcv.ServeHTTP(rw, r) }))
	defer local.Close()
	step(w, "workpath-housecall: offline, Workpath fake at %s, webhook receiver at %s (set WORKPATH_BASE_URL for a real server)", srv.URL, local.URL)

	cfg := config{baseURL: srv.URL, apiKey: workpathtest.DefaultAPIKey, apiPassword: workpathtest.DefaultAPIPassword,
		orderForm: workpathtest.DefaultOrderForm, serviceID: workpathtest.DefaultService, webhookURL: local.URL, poll: 10 * time.Millisecond}
	c, err := newClient(cfg)
	if err != nil {
		return err
	}
	r, remove, err := newReceiver(ctx, c, cfg.webhookURL)
	if err != nil {
		return fmt.Errorf("subscribing the webhook: %w", err)
	}
	rcv = r
	defer func() { _ = remove(context.WithoutCancel(ctx)) }()
	id, err := run(ctx, w, c, cfg, r.events)
	if err != nil {
		return err
	}
	srv.SetStatus(id, string(workpath.AppointmentStatusAccepted)) // the specialist accepts it
	e, err := waitForEvent(ctx, r.events, id, workpath.EventActionModify)
	if err != nil {
		return err
	}
	step(w, "webhook %s %s: appointment %d is %s", e.Type, e.Action, e.Appointment.ID, e.Appointment.Status)
	step(w, "done")
	return r.handler.Shutdown(ctx)
}

// newClient is the client of both modes: the client-credentials grant for the Bearer routes
// and HTTP Basic with the same API key for /webhooks.
func newClient(cfg config) (*workpath.Client, error) {
	return workpath.NewClient(
		workpath.WithBaseURL(cfg.baseURL),
		workpath.WithClientCredentials(cfg.apiKey, cfg.apiPassword, workpath.TokenAuthBasic),
		workpath.WithAPIKeyAuth(cfg.apiKey, cfg.apiPassword),
		workpath.WithAppInfo("workpath-housecall-example", ""),
	)
}
