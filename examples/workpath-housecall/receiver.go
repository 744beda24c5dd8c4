package main

import (
	"context"
	"net/http"

	"github.com/labwire/labwire/webhook/dispatch"
	"github.com/labwire/labwire/workpath"
)

// receiver verifies Workpath's deliveries and passes the events on.
type receiver struct {
	events  chan *workpath.Event
	handler *dispatch.Handler
}

// newReceiver subscribes url with Workpath and returns the receiver of its events, which
// must be served at url, and a function that removes the subscription.
func newReceiver(ctx context.Context, c *workpath.Client, url string) (*receiver, func(context.Context) error, error) {
	sub, err := c.WebhookEndpoints.Create(ctx, &workpath.WebhookEndpointParams{URL: url, Create: true, Modify: true, Destroy: true})
	if err != nil {
		return nil, nil, err
	}
	remove := func(ctx context.Context) error { _, err := c.WebhookEndpoints.Delete(ctx, sub.ID); return err }
	v, err := workpath.NewWebhookVerifier([]string{sub.Secret})
	if err != nil {
		_ = remove(ctx)
		return nil, nil, err
	}
	r := &receiver{events: make(chan *workpath.Event, 16)}
	r.handler, err = workpath.NewWebhookHandler(v, func(ctx context.Context, e *workpath.Event) error {
		select {
		case r.events <- e:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}, dispatch.WithSync()) // acknowledged only once handed on, so Workpath may redeliver otherwise
	if err != nil {
		_ = remove(ctx)
		return nil, nil, err
	}
	return r, remove, nil
}

// ServeHTTP verifies and hands on one delivery.
func (r *receiver) ServeHTTP(w http.ResponseWriter, req *http.Request) { r.handler.ServeHTTP(w, req) }
