package rupa

import (
	"context"
	"encoding/json"
	"time"

	"github.com/labwire/labwire/webhook"
	"github.com/labwire/labwire/webhook/dispatch"
)

// DefaultDedupTTL is how long NewWebhookHandler remembers an event id. Rupa retries a
// delivery for up to three days; four days covers the last retry with room for clock skew.
const DefaultDedupTTL = 4 * 24 * time.Hour

// DefaultDedupKeys bounds the in-memory deduplication store of NewWebhookHandler.
const DefaultDedupKeys = 200_000

// EventHandlers are your functions for Rupa's events, chosen by event type. Each runs once
// per event id (deduplicated), after the delivery verified and parsed. An error makes the
// delivery fail (see NewWebhookHandler for what follows); wrap it with dispatch.Permanent
// when retrying cannot help.
type EventHandlers struct {
	// OrderNewResult receives order.new_result, typed: one per test result of an order, and
	// another whenever a result changes, so make it idempotent (key your writes on the
	// ordered test, not the event).
	OrderNewResult func(ctx context.Context, e *OrderNewResult) error
	// Types receives the events of the types it names, generic. Rupa's list of event types
	// is not public; add the ones your Rupa account sends. An entry for
	// EventTypeOrderNewResult is used only when OrderNewResult is nil.
	Types map[EventType]func(ctx context.Context, e *Event) error
	// Default receives every other event. When nil, other events are acknowledged and
	// dropped.
	Default func(ctx context.Context, e *Event) error
}

// Dispatch hands e to the function for its type; see EventHandlers.
func (h *EventHandlers) Dispatch(ctx context.Context, e *Event) error {
	if e.Type == EventTypeOrderNewResult && h.OrderNewResult != nil {
		n, err := e.OrderNewResult()
		if err != nil {
			return dispatch.Permanent(err)
		}
		return h.OrderNewResult(ctx, n)
	}
	if f := h.Types[e.Type]; f != nil {
		return f(ctx, e)
	}
	if h.Default != nil {
		return h.Default(ctx, e)
	}
	return nil
}

func (h *EventHandlers) empty() bool {
	return h == nil || h.OrderNewResult == nil && len(h.Types) == 0 && h.Default == nil
}

// NewWebhookHandler returns the http.Handler for your Rupa webhook URL. Rupa says to verify
// each event's signature but does not publish the scheme, so you supply the verifier: one of
// package webhook's schemes (webhook.NewBodyHMAC, webhook.NewTimestampedHMAC,
// webhook.NewBasicAuth) configured as Rupa tells you, or your own webhook.Scheme through
// webhook.NewVerifier. It is required; there is no default and no way to skip it.
//
// Each delivery is verified, deduplicated by event id (in memory for DefaultDedupTTL, up to
// DefaultDedupKeys ids; pass dispatch.WithDeduper for a store shared by several receivers),
// parsed with ParseEvent, and handed to handlers by type. A body that verifies but does not
// parse is a permanent failure (it goes to the dead letter, not back to Rupa).
//
// The mode is package webhook's, chosen by opts:
//
//   - default: the delivery is queued and answered 200 at once (fast, as Rupa expects); a
//     failing handler is retried in-process (dispatch.WithRetries) and then handed to
//     dispatch.WithDeadLetter. A crash loses what is queued.
//   - dispatch.WithSync(): the handler runs before the answer and a failure is answered 500,
//     so Rupa redelivers (for up to three days). Rupa publishes no time budget: keep the
//     handler short.
//   - dispatch.WithInbox(ib): each delivery is stored in ib (dispatch.NewMemoryInbox, or the
//     Postgres inbox of webhook/pginbox for a fleet) under its event id, source "rupa",
//     before Rupa is answered, and workers claim it; a crash after the answer loses nothing.
//     Keep the inbox's retention above Rupa's three days of retries.
//
// opts are applied after the defaults; call Shutdown on the handler, after
// http.Server.Shutdown, to drain it.
func NewWebhookHandler(v *webhook.Verifier, handlers EventHandlers, opts ...dispatch.HandlerOption) (*dispatch.Handler, error) {
	if err := checkWebhookArgs(v, &handlers); err != nil {
		return nil, err
	}
	dedup, err := dispatch.NewMemoryDeduper(DefaultDedupTTL, DefaultDedupKeys)
	if err != nil {
		return nil, err
	}
	all := []dispatch.HandlerOption{
		dispatch.WithDeduper(dedup), // not consulted with WithInbox, which deduplicates durably
		dispatch.WithSource(vendor),
		dispatch.WithDedupKey(func(_ webhook.Delivery, body []byte) string { return peekEvent(body).ID }),
		dispatch.WithEventType(func(body []byte) string {
			if t := peekEvent(body).Type; t.IsKnown() {
				return string(t)
			}
			return "other" // an unknown type is logged as a fixed word, never as sent
		}),
	}
	return dispatch.NewEventHandler(v, processFunc(handlers), append(all, opts...)...)
}

func checkWebhookArgs(v *webhook.Verifier, h *EventHandlers) error {
	if v == nil {
		return &ValidationError{Vendor: vendor, Field: "verifier",
			Reason: "is required: Rupa does not publish its signature scheme; build one with package webhook"}
	}
	if h.empty() {
		return &ValidationError{Vendor: vendor, Field: "handlers", Reason: "set at least one of OrderNewResult, Types and Default"}
	}
	return nil
}

// peekEvent reads the id and type of a verified body for deduplication and logs; the full
// parse happens in the ProcessFunc. A body that does not decode yields zero values (no
// deduplication) and fails there.
func peekEvent(body []byte) (e struct {
	ID   string    `json:"id"`
	Type EventType `json:"type"`
}) {
	_ = json.Unmarshal(body, &e)
	return e
}

func processFunc(h EventHandlers) dispatch.ProcessFunc {
	return func(ctx context.Context, d dispatch.Event) error {
		e, err := ParseEvent(d.Body)
		if err != nil {
			return dispatch.Permanent(err)
		}
		return h.Dispatch(ctx, e)
	}
}
