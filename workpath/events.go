package workpath

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"time"

	"github.com/labwire/labwire/internal/jsonx"
	"github.com/labwire/labwire/internal/transport"
	"github.com/labwire/labwire/internal/typedevent"
	"github.com/labwire/labwire/webhook"
	"github.com/labwire/labwire/webhook/dispatch"
)

// SignatureHeader carries the signature of a Workpath webhook: "t=<unix seconds>,v1=<hex>",
// where v1 is the lowercase hex HMAC-SHA256, keyed with the subscription's secret, of t, a
// ".", and the raw body. Read it with Header.Get (its canonical form is "Wp-Signature").
const SignatureHeader = "WP-Signature"

// Event is a webhook delivery: {"type", "action", "eventTs", "data"}. Workpath sends events
// for the appointments created through your integration (after an intake became one).
type Event struct {
	// Type is the kind of object, "Appointment" in every example.
	Type string `phi:"token"`
	// Action is what happened: create, modify or destroy. Unknown actions decode unchanged.
	Action EventAction `phi:"token"`
	// Timestamp is eventTs, the Unix second Workpath also signs as t.
	Timestamp time.Time
	// Appointment is data decoded as an appointment. For a destroy it may hold little more
	// than the id.
	Appointment *Appointment `phi:"id:appointment=ID"`

	raw jsonx.Raw
}

// RawJSON returns the event body exactly as Workpath sent it, byte for byte (a trailing
// newline included, so a stored event still verifies against its signature). It is patient data.
func (e *Event) RawJSON() json.RawMessage { return e.raw.Document() }

// eventWire is the wire form of an Event.
type eventWire struct {
	Type    string       `json:"type"`
	Action  EventAction  `json:"action"`
	EventTs *int64       `json:"eventTs"`
	Data    *Appointment `json:"data"`
}

// ErrInvalidEvent matches a webhook body that verified but is not a well-formed event:
// invalid JSON or UTF-8, duplicate or case-variant keys, trailing data, a missing type,
// action, eventTs or data, or data that is not an appointment object with an id.
var ErrInvalidEvent = errors.New("workpath: invalid webhook event")

func invalidEvent(reason string) error {
	return &eventError{reason: reason}
}

type eventError struct{ reason string }

// Error names what is wrong, never a value.
func (e *eventError) Error() string { return ErrInvalidEvent.Error() + ": " + e.reason }

// Is matches ErrInvalidEvent.
func (e *eventError) Is(target error) bool {
	return target == ErrInvalidEvent
}

// ParseEvent decodes a webhook body strictly. It does not verify the signature: call it only
// on bytes a verifier accepted (NewWebhookHandler does both). The error names what is wrong,
// never a value.
func ParseEvent(body []byte) (*Event, error) {
	var w eventWire
	var raw jsonx.Raw
	err := jsonx.Decode(bytes.Clone(body), &w, func(w *eventWire, r jsonx.Raw) {
		raw = r
		if w.Data != nil {
			w.Data.bindRaw(raw.Field("data"))
		}
	})
	if err != nil {
		return nil, invalidEvent(safeJSONReason(err))
	}
	switch {
	case w.Type == "":
		return nil, invalidEvent("type is missing")
	case w.Action == "":
		return nil, invalidEvent("action is missing")
	case w.EventTs == nil:
		return nil, invalidEvent("eventTs is missing")
	case *w.EventTs < 0 || *w.EventTs > 1<<40:
		return nil, invalidEvent("eventTs is out of range")
	case w.Data == nil:
		return nil, invalidEvent("data is not an object")
	case w.Data.ID <= 0:
		return nil, invalidEvent("data has no id")
	}
	return &Event{Type: w.Type, Action: w.Action, Timestamp: time.Unix(*w.EventTs, 0).UTC(), Appointment: w.Data, raw: raw}, nil
}

// safeJSONReason describes a jsonx failure without echoing the body; jsonx errors describe
// shape only.
func safeJSONReason(err error) string {
	for _, s := range []error{jsonx.ErrInvalidUTF8, jsonx.ErrDuplicateKey, jsonx.ErrTooDeep, jsonx.ErrTrailingData} {
		if errors.Is(err, s) {
			return s.Error()
		}
	}
	var fe *jsonx.FieldError
	if errors.As(err, &fe) {
		return "a field has the wrong type" // which field may be named by the sender: not shown
	}
	return "body is not a JSON event"
}

// NewWebhookVerifier returns the verifier of the WP-Signature header for the given
// subscription secrets (give two during a rotation). The timestamp must lie within five
// minutes of the clock, Workpath's recommendation, in both directions; opts tune the
// tolerance, clock and body cap (default 1 MiB). An empty secret is a *ValidationError.
func NewWebhookVerifier(secrets []string, opts ...webhook.Option) (*webhook.Verifier, error) {
	if err := transport.CheckSecrets(vendor, "NewWebhookVerifier", secrets); err != nil {
		return nil, err
	}
	return webhook.NewTimestampedHMAC(SignatureHeader, secrets, opts...)
}

// EventHandler processes one verified, parsed, deduplicated Workpath event. A failure is
// logged by its dispatch.Category and event type, never its text, then retried or
// dead-lettered as NewWebhookHandler describes: return a client's error unchanged (or
// wrapped with %w), so that a write that may have happened (ErrOutcomeUnknown) is not
// retried, and never call such a write again yourself. It may run more than once for one
// event (a retry, a redelivery): make it idempotent.
type EventHandler func(ctx context.Context, e *Event) error

// DefaultDedupTTL is how long NewWebhookHandler remembers a delivery. Workpath publishes no
// retry policy; a day covers any plausible one.
const DefaultDedupTTL = 24 * time.Hour

// DedupKey is the deduplication key NewWebhookHandler uses: "workpath:" and the hex SHA-256
// of the raw body. Workpath sends no event id; the body holds eventTs (the event's second),
// the action and the appointment, so a redelivery of the same event, signed again with a new
// t, has the same key, while two changes of one appointment differ in their data or eventTs.
func DedupKey(_ webhook.Delivery, body []byte) string {
	sum := sha256.Sum256(body)
	return "workpath:" + hex.EncodeToString(sum[:])
}

// eventTypeOf names the event type of a verified body for the handler's logs:
// "Appointment.<action>" for the known type and actions (create, modify, destroy), else
// "unknown" (another type or action, a missing one, a body that is not JSON). It reads type
// and action alone, and never returns another value from the payload.
func eventTypeOf(body []byte) string {
	typ, _ := jsonx.StringMember(body, "type")
	action, _ := jsonx.StringMember(body, "action")
	if typ != "Appointment" || !EventAction(action).IsKnown() {
		return typedevent.Unknown
	}
	return "Appointment." + action
}

// NewWebhookHandler returns the http.Handler for your webhook URL. It verifies each
// delivery with v, refuses a replay of a body seen in the last DefaultDedupTTL (in memory, up
// to 100,000 deliveries; see DedupKey), parses it with ParseEvent and hands it to handle.
//
// The mode is package dispatch's: by default the event is queued and answered 200 at once,
// and a failing handle is retried in process with jittered exponential backoff
// (dispatch.WithRetries; dispatch.DefaultAttempts tries by default); dispatch.WithInbox
// stores the delivery durably first and the inbox's workers retry it, across crashes;
// dispatch.WithSync runs handle before answering (Workpath documents no time budget or
// retry policy, so it suits a quick handle): a retryable failure is answered 500 so Workpath
// may redeliver, the others go to dispatch.WithDeadLetter and are answered 200. Call
// Shutdown on the handler to drain it.
//
// What a retry could repeat or cannot fix is not retried: it goes at once to the
// dead-letter path (the dispatch.WithDeadLetter function, and with an inbox its dead
// letters), logged with its dispatch.Category: an error matching ErrOutcomeUnknown
// ("outcome_unknown"), a panic, dispatch.Permanent (a body that verifies but does not parse
// is one), ErrValidation, ErrBadRequest, ErrUnauthorized, ErrForbidden and
// ErrResponseTooLarge. Everything else is retried: 429, a 5xx on a read, ErrNotFound,
// ErrConflict, a timeout, your database's errors. dispatch.WithRetryRule replaces this rule
// (start from dispatch.DefaultRetryRule).
//
// The POSTs a handler makes, Intakes.Create, Appointments.AddNote, Appointments.AddData,
// People.Create and the uploads, fail with ErrOutcomeUnknown when Workpath may have applied
// them (a 5xx or a dropped connection after the request left; PUTs, DELETEs, Cancel and
// AddTag are retried by the client, as repeating them is harmless). Return that
// error; do not call the write again: Workpath has no idempotency key, and a second
// Intakes.Create books a second visit. Set dispatch.WithDeadLetter to keep the event.
// Whoever runs it again looks first, by a reference of your own: the intake id you stored
// (Intakes.Get), or Appointments.List by subject and start date, then writes only what is
// missing.
//
// opts are applied after the defaults: dispatch.WithDeduper plugs a shared store for a fleet
// of receivers, dispatch.WithLogger logs refusals and failures (metadata only: the category
// and the event type, "Appointment.create", "Appointment.modify", "Appointment.destroy" or
// "unknown").
func NewWebhookHandler(v *webhook.Verifier, handle EventHandler, opts ...dispatch.HandlerOption) (*dispatch.Handler, error) {
	return typedevent.Handler[*Event]{
		Vendor: vendor, Parse: ParseEvent, TypeOf: eventTypeOf,
		DedupTTL: DefaultDedupTTL, DedupKeys: 100_000,
		Options: []dispatch.HandlerOption{dispatch.WithDedupKey(DedupKey), dispatch.WithContentTypes("application/json")},
	}.New(v, handle, opts)
}
