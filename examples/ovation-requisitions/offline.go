package main

import (
	"context"
	"fmt"
	"io"
	"net"

	"github.com/labwire/labwire/ovation"
	"github.com/labwire/labwire/ovation/ovationtest"
)

// runOffline runs the whole flow against the in-memory fake, which plays Ovation's part:
// it announces the report and signs it once its content is put.
func runOffline(ctx context.Context, w io.Writer) error {
	srv, err := ovationtest.NewServer()
	if err != nil {
		return err
	}
	defer srv.Close()
	step(w, "ovation-requisitions: offline, Ovation fake at %s (set OVATION_BASE_URL for a real server)", srv.URL)
	c, err := ovation.NewClient(ovation.WithBaseURL(srv.URL), ovation.WithAPIKey(ovationtest.DefaultAPIKey))
	if err != nil {
		return err
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	const user, pass = "ovation", "offline-webhook-password"
	rc, err := startReceiver(l, user, pass)
	if err != nil {
		return err
	}
	defer rc.close()
	template := ovation.ID(fmt.Sprint(ovationtest.DefaultTemplateID))
	if err := register(ctx, c, template, "http://"+l.Addr().String()+"/ovation", user, pass); err != nil {
		return err
	}
	first, err := createAndList(ctx, w, c, template, 5, 2)
	if err != nil {
		return err
	}
	if _, err := srv.ReadyReport(ovationtest.DefaultTemplateID, first.Identifier); err != nil {
		return err
	}
	if err := reportFlow(ctx, w, c, rc.events, first.Identifier); err != nil {
		return err
	}
	step(w, "done")
	return nil
}

// register points report_ready_for_generation and report_signed at url.
func register(ctx context.Context, c *ovation.Client, template ovation.ID, url, user, pass string) error {
	for _, ev := range []ovation.EventType{ovation.EventTypeReportReadyForGeneration, ovation.EventTypeReportSigned} {
		if _, err := c.WebhookEndpoints.Create(ctx, template, &ovation.WebhookEndpointParams{
			TargetURL: url, Username: user, Password: pass, Event: ev,
		}); err != nil {
			return fmt.Errorf("registering the %s webhook: %w", ev, err)
		}
	}
	return nil
}
