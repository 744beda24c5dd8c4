package rupa

import (
	"context"
	"encoding/json"
	"time"

	"github.com/labwire/labwire/internal/jsonx"
	"github.com/labwire/labwire/webhook"
	"github.com/labwire/labwire/webhook/dispatch"
)

// DefaultDedupTTL is how long NewWebhookHandler remembers an event id. Rupa retries a
// delivery for up to three days; four days covers the last retry with room for clock skew.
const DefaultDedupTTL = 4 * 24 * time.Hour

// DefaultDedupKeys bounds the in-memory deduplication store of NewWebhookHandler.
const DefaultDedupKeys = 200_000

// EventHandlers are your functions for Rupa's events, chosen by event type. Each is handed
// an event once per event id (deduplicated), after the delivery verified and parsed, and
// runs again only when it failed and the failure is retried (see NewWebhookHandler), or when
// Rupa redelivers after one: make it idempotent. A failure is logged by its
// dispatch.Category and event type, never its text. Return a client's error unchanged (or
// wrapped with %w), so that a write that may have happened (ErrOutcomeUnknown) is not
// retried, and never call such a write again yourself; wrap an error with
// dispatch.Permanent when retrying cannot help.
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
// The mode is package dispatch's, chosen by opts:
//
//   - default: the delivery is queued and answered 200 at once (fast, as Rupa expects); a
//     failing handler is retried in process with jittered exponential backoff
//     (dispatch.WithRetries; dispatch.DefaultAttempts tries by default) and then handed to
//     dispatch.WithDeadLetter. A crash loses what is queued.
//   - dispatch.WithSync(): the handler runs before the answer; a retryable failure is
//     answered 500, so Rupa redelivers (for up to three days), the others go to
//     dispatch.WithDeadLetter and are answered 200. Rupa publishes no time budget: keep the
//     handler short.
//   - dispatch.WithInbox(ib): each delivery is stored in ib (dispatch.NewMemoryInbox, or the
//     Postgres inbox of webhook/pginbox for a fleet) under its event id, source "rupa",
//     before Rupa is answered, and workers claim it and retry it with backoff; a crash after
//     the answer loses nothing. Keep the inbox's retention above Rupa's three days of
//     retries.
//
// What a retry could repeat or cannot fix is not retried: it goes at once to the
// dead-letter path (the dispatch.WithDeadLetter function, and with an inbox its dead
// letters), logged with its dispatch.Category: an error matching ErrOutcomeUnknown
// ("outcome_unknown"), a panic, dispatch.Permanent (a body that does not parse is one, and
// an order.new_result that OrderNewResult cannot type), ErrValidation, ErrBadRequest,
// ErrUnauthorized, ErrForbidden and ErrResponseTooLarge. Everything else is retried: 429, a
// 5xx on a read, ErrNotFound, ErrConflict, a timeout, your database's errors.
// dispatch.WithRetryRule replaces this rule (start from dispatch.DefaultRetryRule).
//
// The client's one write, OrderIntents.Create, fails with ErrOutcomeUnknown when Rupa may
// have created the order intent (a 5xx or a dropped connection after the request left).
// Return that error; do not call Create again from the handler. Set dispatch.WithDeadLetter
// to keep the event. Rupa offers no read of an order intent, and an unused one does no
// harm, so whoever runs the event again may create another; your own writes (a result
// stored by ordered test) should be looked up before they are made again.
//
// opts are applied after the defaults; dispatch.WithLogger logs refusals and failures
// (metadata only: the category and the event type, one of EventTypeValues or "unknown").
// Call Shutdown on the handler, after http.Server.Shutdown, to drain it.
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
		dispatch.WithDedupKey(func(_ webhook.Delivery, body []byte) string { return peekEventID(body) }),
		dispatch.WithEventType(eventTypeOf),
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

// peekEventID reads the id of a verified body for deduplication; the full parse happens in
// the ProcessFunc. A body that does not decode yields "" (no deduplication) and fails there.
func peekEventID(body []byte) string {
	var e struct {
		ID string `json:"id"`
	}
	_ = json.Unmarshal(body, &e)
	return e.ID
}

// eventTypeOf names the event type of a verified body for the handler's logs: its type when
// that is one of EventTypeValues, else "unknown" (an undocumented or missing type, a body
// that is not JSON). It reads type alone, and never returns another value from the payload.
func eventTypeOf(body []byte) string {
	if t, ok := jsonx.StringMember(body, "type"); ok && EventType(t).IsKnown() {
		return t
	}
	return "unknown"
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
