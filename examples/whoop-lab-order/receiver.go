package main

import (
	"context"

	"github.com/labwire/labwire/webhook/dispatch"
	"github.com/labwire/labwire/whoop"
)

// newEventReceiver returns a WHOOP webhook handler (verified, deduplicated, answered 204 at
// once) that passes the resource id of each lab_requisition.created on the channel.
func newEventReceiver(secret string) (<-chan string, *dispatch.Handler, error) {
	v, err := whoop.NewWebhookVerifier([]string{secret})
	if err != nil {
		return nil, nil, err
	}
	created := make(chan string, 8)
	h, err := whoop.NewWebhookHandler(v, func(ctx context.Context, e *whoop.Event) error {
		if e.Type != whoop.EventTypeLabRequisitionCreated {
			return nil
		}
		select {
		case created <- e.ResourceID:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	})
	if err != nil {
		return nil, nil, err
	}
	return created, h, nil
}
