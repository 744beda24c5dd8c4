package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/labwire/labwire/whoop"
)

type onlineConfig struct {
	baseURL, clientID, clientSecret string
	requisitionID, webhookSecret    string
	allowProd                       bool
	addr                            string
	addTestData                     bool
}

// runOnline processes WHOOP_REQUISITION_ID, or waits on cfg.addr for lab_requisition.created.
func runOnline(ctx context.Context, w io.Writer, cfg onlineConfig) error {
	if cfg.clientID == "" || cfg.clientSecret == "" {
		return &configError{"WHOOP_CLIENT_ID and WHOOP_CLIENT_SECRET are required with WHOOP_BASE_URL"}
	}
	u, err := url.Parse(cfg.baseURL)
	if err != nil || u.Host == "" {
		return &configError{"WHOOP_BASE_URL is not an absolute URL"}
	}
	if strings.EqualFold(u.Hostname(), "api.prod.whoop.com") && !cfg.allowProd {
		return &configError{"this example submits synthetic results; set WHOOP_ALLOW_PRODUCTION=1 to run it against WHOOP production"}
	}
	if cfg.requisitionID == "" && cfg.webhookSecret == "" {
		return &configError{"set WHOOP_REQUISITION_ID, or WHOOP_WEBHOOK_SECRET to wait for lab_requisition.created"}
	}
	client, err := whoop.NewClient(
		whoop.WithBaseURL(cfg.baseURL),
		whoop.WithClientCredentials(cfg.clientID, cfg.clientSecret),
		whoop.WithAppInfo("whoop-lab-order-example", ""),
	)
	if err != nil {
		return err
	}
	step(w, "whoop-lab-order: online, %s", u.Host)
	if cfg.requisitionID != "" {
		return processRequisition(ctx, w, client, cfg.requisitionID)
	}

	created, handler, err := newEventReceiver(cfg.webhookSecret)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      15 * time.Second,
		MaxHeaderBytes:    16 << 10,
	}
	go func() { _ = srv.Serve(ln) }()
	defer func() {
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(sctx)
		_ = handler.Shutdown(sctx)
	}()
	step(w, "waiting for lab_requisition.created on http://%s (WHOOP must reach this URL)", ln.Addr())

	if cfg.addTestData {
		if err := client.Development.AddTestData(ctx); err != nil {
			return fmt.Errorf("add test data: %w", err)
		}
		step(w, "test data asked of WHOOP")
	}
	return awaitAndProcess(ctx, w, client, created)
}
