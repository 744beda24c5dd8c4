package dispatch

import (
	"context"

	"github.com/labwire/labwire/webhook"
)

type verifiedKey struct{}

type verified struct {
	body     []byte
	delivery webhook.Delivery
}

func withVerified(ctx context.Context, body []byte, d webhook.Delivery) context.Context {
	return context.WithValue(ctx, verifiedKey{}, &verified{body: body, delivery: d})
}

// BodyFromContext returns the verified raw body of the request whose context
// is ctx, inside a handler wrapped by NewHandler. The slice is shared: do not
// modify it. ok is false outside such a handler.
func BodyFromContext(ctx context.Context) (body []byte, ok bool) {
	v, ok := ctx.Value(verifiedKey{}).(*verified)
	if !ok {
		return nil, false
	}
	return v.body, true
}

// DeliveryFromContext returns the webhook.Delivery of the verified request whose
// context is ctx, inside a handler wrapped by NewHandler.
func DeliveryFromContext(ctx context.Context) (d webhook.Delivery, ok bool) {
	v, ok := ctx.Value(verifiedKey{}).(*verified)
	if !ok {
		return webhook.Delivery{}, false
	}
	return v.delivery, true
}
