package webhook

import "context"

type verifiedKey struct{}

type verified struct {
	body     []byte
	delivery Delivery
}

func withVerified(ctx context.Context, body []byte, d Delivery) context.Context {
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

// DeliveryFromContext returns the Delivery of the verified request whose
// context is ctx, inside a handler wrapped by NewHandler.
func DeliveryFromContext(ctx context.Context) (d Delivery, ok bool) {
	v, ok := ctx.Value(verifiedKey{}).(*verified)
	if !ok {
		return Delivery{}, false
	}
	return v.delivery, true
}
