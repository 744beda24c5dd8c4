package rupa

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/labwire/labwire/internal/jsonx"
	"github.com/labwire/labwire/internal/typedevent"
	"github.com/labwire/labwire/webhook"
	"github.com/labwire/labwire/webhook/dispatch"
)

// EventType is the kind of a Rupa event, e.g. EventTypeOrderNewResult. Rupa's list of event
// types is not public, so this package names only the one its documentation shows; every
// other type is delivered as a generic *Event with its type unchanged. A switch on an
// EventType needs a default case: Rupa sends types this package does not name.
type EventType string

// The event types Rupa documents.
const (
	// EventTypeOrderNewResult: new results are in for an order. Rupa sends one per test
	// result of an order, and another whenever a result changes.
	EventTypeOrderNewResult EventType = "order.new_result"
)

// Event is a Rupa webhook event: the state of a resource (Data.Object, an order for
// order.new_result) at the time of a change, with related resources in Data.Included. Rupa
// retries a delivery for up to three days, so the same ID can arrive more than once;
// NewWebhookHandler deduplicates on it.
//
// An event holds patient data: it prints and logs only its id, type and object's type.
type Event struct {
	// ID is the event id, e.g. "evt_9b2m8O7". Required.
	ID string `json:"id" phi:"id"`
	// Type is the event type. Required.
	Type EventType `json:"type" phi:"token"`
	// CreatedAt is when Rupa created the event; zero when absent.
	CreatedAt time.Time `json:"created_at"`
	// Data is the event's payload.
	Data EventData `json:"data" phi:"token:object=Object.Type;count:included=Included"`

	raw   jsonx.Raw
	index *Index
}

// EventData is an event's payload: a JSON:API primary resource and the resources it links to
// that Rupa included.
type EventData struct {
	// Object is the resource the event is about. Required.
	Object Resource `json:"object" phi:"token:object=Type"`
	// Included are related resources (for an order: its ordered tests and practitioner).
	Included []Resource `json:"included" phi:"count"`

	raw jsonx.Raw
}

// bindRaw records where the event and its resources are in the body.
func (e *Event) bindRaw(raw jsonx.Raw) {
	e.raw = raw
	e.Data.raw = e.raw.Field("data")
	e.Data.Object.raw = e.Data.raw.Field("object")
	for i := range e.Data.Included {
		e.Data.Included[i].raw = e.Data.raw.Elem("included", i)
	}
}

// ErrInvalidEvent matches a webhook body that verified but is not a well-formed Rupa event:
// invalid JSON or UTF-8, duplicate or case-variant keys, trailing data, a missing id, type
// or data.object, a resource without id or type, a relationship whose data is neither object,
// array nor null, or one resource included twice.
var ErrInvalidEvent = errors.New("rupa: invalid webhook event")

// ParseEvent decodes a webhook body strictly and indexes its resources. It does not verify
// the delivery: call it only on bytes a Verifier accepted (NewWebhookHandler does both).
// The error never quotes the body.
func ParseEvent(body []byte) (*Event, error) {
	e := new(Event)
	if err := jsonx.Decode(bytes.Clone(body), e, (*Event).bindRaw); err != nil {
		return nil, invalidEvent(err)
	}
	switch {
	case e.ID == "":
		return nil, invalidEvent(errors.New("id is missing"))
	case e.Type == "":
		return nil, invalidEvent(errors.New("type is missing"))
	case e.Data.Object.ID == "":
		return nil, invalidEvent(errors.New("data.object is missing"))
	}
	all := make([]*Resource, 0, 1+len(e.Data.Included))
	all = append(all, &e.Data.Object)
	for i := range e.Data.Included {
		all = append(all, &e.Data.Included[i])
	}
	for _, r := range all {
		if err := r.check(); err != nil {
			return nil, invalidEvent(err)
		}
	}
	ix, err := NewIndex(all...)
	if err != nil {
		return nil, invalidEvent(err)
	}
	e.index = ix
	return e, nil
}

// invalidEvent wraps the cause in ErrInvalidEvent as one line. Causes never quote values.
func invalidEvent(cause error) error {
	msg := strings.ReplaceAll(cause.Error(), "\n", "; ")
	return fmt.Errorf("%w: %s", ErrInvalidEvent, msg)
}

// RawJSON returns the event body exactly as Rupa sent it, byte for byte (a trailing newline
// included, so a stored event still verifies against its signature); nil for an Event
// ParseEvent did not make. It is patient data.
func (e *Event) RawJSON() json.RawMessage { return e.raw.Document() }

// Index returns the index over the event's object and included resources, built by
// ParseEvent and safe for concurrent use. On an Event not made by ParseEvent it is built on
// first use (call it once before sharing the event), and an event that includes a resource
// twice gives an empty index.
func (e *Event) Index() *Index {
	if e.index == nil {
		all := []*Resource{&e.Data.Object}
		for i := range e.Data.Included {
			all = append(all, &e.Data.Included[i])
		}
		ix, err := NewIndex(all...)
		if err != nil {
			ix = &Index{}
		}
		e.index = ix
	}
	return e.index
}

// Order returns the event's object as an Order; it fails with ErrUnexpectedType when the
// object is of another type.
func (e *Event) Order() (*Order, error) { return e.Data.Object.AsOrder() }

// ClinicID returns the id of the clinic of the practitioner the event's order belongs to:
// the seed's matching rule, data.object.relationships.patients_practitioner → that
// practitioner in data.included → its relationships.clinic. Both links are read to-one or as
// a one-element to-many array, the forms Rupa sends. The clinic itself need not be
// included (Rupa does not include it). It fails with a *ResolveError (ErrRelationshipMissing,
// ErrNotIncluded, ErrRelationshipCardinality for more than one, ...) or ErrUnexpectedType,
// never a panic.
func (e *Event) ClinicID() (string, error) {
	o := &e.Data.Object
	if o.Type != ResourceTypeOrder {
		return "", fmt.Errorf("%w: the event's object is not an order", ErrUnexpectedType)
	}
	pr, err := e.Index().relatedSingle(o, RelPatientsPractitioner)
	if err != nil {
		return "", err
	}
	if pr.Type != ResourceTypePractitioner {
		return "", fmt.Errorf("%w: patients_practitioner links to another type", ErrUnexpectedType)
	}
	clinic, err := linkSingle(pr, RelClinic)
	if err != nil {
		return "", err
	}
	return clinic.ID, nil
}

// OrderNewResult is an order.new_result event, typed: the order with its ordered tests and
// the practitioner of its patient, as far as Rupa included them.
type OrderNewResult struct {
	// Event is the envelope, with the raw body and the index.
	Event *Event `phi:"id:event=ID"`
	// Order is the order the results are for.
	Order *Order `phi:"id:order=Resource.ID"`
	// OrderedTests are the order's ordered tests that the event includes, in the order of
	// the relationship; ordered tests not included are skipped.
	OrderedTests []*OrderedTest `phi:"count"`
}

// OrderNewResult returns the event as an OrderNewResult. It fails with ErrUnexpectedType when
// the event is of another type or its object is not an order, and when an included ordered
// test cannot be decoded.
func (e *Event) OrderNewResult() (*OrderNewResult, error) {
	if e.Type != EventTypeOrderNewResult {
		return nil, fmt.Errorf("%w: the event is not %s", ErrUnexpectedType, EventTypeOrderNewResult)
	}
	o, err := e.Order()
	if err != nil {
		return nil, err
	}
	out := &OrderNewResult{Event: e, Order: o}
	ids, err := o.OrderedTests()
	if err != nil && !errors.Is(err, ErrRelationshipMissing) {
		return nil, err
	}
	for _, id := range ids {
		r, ok := e.Index().Get(id)
		if !ok {
			continue
		}
		t, err := r.AsOrderedTest()
		if err != nil {
			return nil, err
		}
		out.OrderedTests = append(out.OrderedTests, t)
	}
	return out, nil
}

// ClinicID is Event.ClinicID: the clinic to match practitioners by.
func (n *OrderNewResult) ClinicID() (string, error) { return n.Event.ClinicID() }

// PatientsPractitioner returns the included practitioner of the order's patient.
func (n *OrderNewResult) PatientsPractitioner() (*Practitioner, error) {
	r, err := n.Event.Index().relatedSingle(n.Order.Resource, RelPatientsPractitioner)
	if err != nil {
		return nil, err
	}
	return r.AsPractitioner()
}

// DefaultDedupTTL is how long NewWebhookHandler remembers an event id. Rupa retries a
// delivery for up to three days; four days covers the last retry with room for clock skew.
const DefaultDedupTTL = 4 * 24 * time.Hour

// DefaultDedupKeys bounds the in-memory deduplication store of NewWebhookHandler.
const DefaultDedupKeys = 200_000

// EventHandler handles one verified, parsed event; NewWebhookHandler calls it. Pass a func
// of your own, or EventRouter's Dispatch to choose a function by event type. It is handed
// an event once per event id (deduplicated), after the delivery verified and parsed, and
// runs again only when it failed and the failure is retried (see NewWebhookHandler), or when
// Rupa redelivers after one: make it idempotent. A failure is logged by its
// dispatch.Category and event type, never its text. Return a client's error unchanged (or
// wrapped with %w), so that a write that may have happened (ErrOutcomeUnknown) is not
// retried, and never call such a write again yourself; wrap an error with
// dispatch.Permanent when retrying cannot help.
type EventHandler func(ctx context.Context, e *Event) error

// EventRouter chooses one of your functions by event type: pass its Dispatch method to
// NewWebhookHandler (rupa.EventRouter{OrderNewResult: f}.Dispatch).
type EventRouter struct {
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

// Dispatch hands e to the function for its type; see EventRouter.
func (h EventRouter) Dispatch(ctx context.Context, e *Event) error {
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

// NewWebhookHandler returns the http.Handler for your Rupa webhook URL. Rupa says to verify
// each event's signature but does not publish the scheme, so you supply the verifier: one of
// package webhook's schemes (webhook.NewBodyHMAC, webhook.NewTimestampedHMAC,
// webhook.NewBasicAuth) configured as Rupa tells you, or your own webhook.Scheme through
// webhook.NewVerifier. It is required; there is no default and no way to skip it.
//
// Each delivery is verified, deduplicated by event id (in memory for DefaultDedupTTL, up to
// DefaultDedupKeys ids; pass dispatch.WithDeduper for a store shared by several receivers),
// parsed with ParseEvent, and handed to handle (an EventRouter dispatches by type). A body that verifies but does not
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
func NewWebhookHandler(v *webhook.Verifier, handle EventHandler, opts ...dispatch.HandlerOption) (*dispatch.Handler, error) {
	if err := checkWebhookArgs(v, handle); err != nil {
		return nil, err
	}
	return typedevent.Handler[*Event]{
		Vendor: vendor, Parse: ParseEvent, TypeOf: typedevent.TypeOf[EventType]("type"),
		DedupTTL: DefaultDedupTTL, DedupKeys: DefaultDedupKeys,
		Options: []dispatch.HandlerOption{dispatch.WithDedupKey(peekEventID)},
	}.New(v, handle, opts)
}

// checkWebhookArgs refuses a nil verifier or handle, saying why Rupa needs a verifier of
// your own.
func checkWebhookArgs(v *webhook.Verifier, h EventHandler) error {
	if v == nil {
		return &ValidationError{Vendor: vendor, Field: "verifier",
			Reason: "is required: Rupa does not publish its signature scheme; build one with package webhook"}
	}
	if h == nil {
		return &ValidationError{Vendor: vendor, Field: "handle", Reason: "is required"}
	}
	return nil
}

// peekEventID reads the id of a verified body for deduplication; the full parse happens in
// the ProcessFunc. A body that does not decode yields "" (no deduplication) and fails there.
func peekEventID(_ webhook.Delivery, body []byte) string {
	var e struct {
		ID string `json:"id"`
	}
	_ = jsonx.UnmarshalStd(body, &e)
	return e.ID
}
