package main

import (
	"context"
	"io"
	"net"

	"github.com/labwire/labwire/ovation"
)

// runOnline runs against the server in cfg; it waits for webhooks only when cfg names the
// public URL of the receiver it serves.
func runOnline(ctx context.Context, w io.Writer, cfg onlineConfig) error {
	if err := cfg.check(); err != nil {
		return err
	}
	c, err := ovation.NewClient(ovation.WithBaseURL(cfg.baseURL), ovation.WithAPIKey(cfg.apiKey),
		ovation.WithAppInfo("ovation-requisitions", "0.1.0"))
	if err != nil {
		return err
	}
	step(w, "ovation-requisitions: online, %s", cfg.baseURL)
	template := ovation.ID(cfg.templateID)
	var rc *receiver
	if cfg.webhookURL != "" {
		l, err := net.Listen("tcp", cfg.addr)
		if err != nil {
			return err
		}
		if rc, err = startReceiver(l, cfg.username, cfg.password); err != nil {
			return err
		}
		defer rc.close()
		if err := register(ctx, c, template, cfg.webhookURL, cfg.username, cfg.password); err != nil {
			return err
		}
		step(w, "receiving webhooks on %s (registered for report_ready_for_generation and report_signed)", cfg.addr)
	}
	first, err := createAndList(ctx, w, c, template, 1, 100)
	if err != nil {
		return err
	}
	if rc == nil {
		step(w, "not waiting for report_signed (set OVATION_WEBHOOK_URL to a URL that reaches -addr)")
		step(w, "done")
		return nil
	}
	step(w, "waiting for Ovation to generate and sign the report of %s", first.Identifier)
	if err := reportFlow(ctx, w, c, rc.events, first.Identifier); err != nil {
		return err
	}
	step(w, "done")
	return nil
}
