package main

import (
	"context"
	"fmt"
	"io"
	"net/http/httptest"

	"github.com/labwire/labwire/whoop"
	"github.com/labwire/labwire/whoop/whooptest"
)

// The offline partner's credentials; the fake accepts only these.
const (
	offlineClientID      = "example-lab"
	offlineClientSecret  = "example-lab-client-secret"
	offlineWebhookSecret = "example-lab-webhook-signing-secret"
)

// runOffline starts the WHOOP fake and a local webhook receiver, asks the fake for test data
// (it then sends lab_requisition.created to the receiver), and processes the requisition.
func runOffline(ctx context.Context, w io.Writer) error {
	fake, err := whooptest.NewServer(whooptest.WithPartner(whooptest.Partner{
		ClientID: offlineClientID, ClientSecret: offlineClientSecret, WebhookSecret: offlineWebhookSecret,
	}))
	if err != nil {
		return err
	}
	defer fake.Close()
	step(w, "whoop-lab-order: offline, WHOOP fake at %s (set WHOOP_BASE_URL for a real server)", fake.URL)

	client, err := whoop.NewClient(
		whoop.WithBaseURL(fake.URL),
		whoop.WithClientCredentials(offlineClientID, offlineClientSecret),
		whoop.WithAppInfo("whoop-lab-order-example", ""),
	)
	if err != nil {
		return err
	}

	created, handler, err := newEventReceiver(offlineWebhookSecret)
	if err != nil {
		return err
	}
	receiver := httptest.NewServer(handler)
	defer receiver.Close()
	defer handler.Shutdown(context.WithoutCancel(ctx))
	if err := fake.SetWebhookURL(offlineClientID, receiver.URL); err != nil {
		return err
	}

	if err := client.Development.AddTestData(ctx); err != nil {
		return fmt.Errorf("add test data: %w", err)
	}
	step(w, "test data asked of WHOOP")

	return awaitAndProcess(ctx, w, client, created)
}
