package whoop

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/labwire/labwire/internal/jsonx"
	"github.com/labwire/labwire/internal/transport"
	"github.com/labwire/labwire/webhook"
	"github.com/labwire/labwire/webhook/dispatch"
)

// SignatureHeader is the header of WHOOP partner webhooks: the lowercase hex HMAC-SHA256 of
// the raw body, keyed with your partner signing secret (not the client secret). It is
// written as WHOOP documents it, not in Go's canonical form ("Whoop-Signed"): read it with
// Header.Get, which canonicalises, never by indexing the header map.
const SignatureHeader = "WHOOP-Signed"

// EventType is the kind of a partner webhook. Unknown types decode and round-trip
// unchanged; a switch on it needs a default case.
type EventType string

// The documented partner webhook events.
const (
	// EventTypeLabRequisitionCreated: a requisition was created; ResourceID is its id.
	// Fetch it with Requisitions.Get and confirm each service request.
	EventTypeLabRequisitionCreated EventType = "lab_requisition.created"
	// EventTypeClinicalReportReviewRequested: a clinical report is ready for your team to
	// review. WHOOP documents no endpoint or schema for clinical reports.
	EventTypeClinicalReportReviewRequested EventType = "clinical_report_review.requested"
)

// EventTypeValues returns the documented event types.
func EventTypeValues() []EventType {
	return []EventType{EventTypeLabRequisitionCreated, EventTypeClinicalReportReviewRequested}
}

// IsKnown reports whether t is a documented event type.
func (t EventType) IsKnown() bool { return slices.Contains(EventTypeValues(), t) }

// Event is a partner webhook. WHOOP keeps it minimal on purpose: fetch the resource it
// names. WHOOP sends no event id or timestamp.
type Event struct {
	// Type is the event type, e.g. EventTypeLabRequisitionCreated.
	Type EventType `json:"event_type"`
	// ResourceID is the id of the resource the event is about.
	ResourceID string `json:"resource_id"`

	raw jsonx.Raw
}

// bindRaw records the event's body.
func (e *Event) bindRaw(raw jsonx.Raw) { e.raw = raw }

// RawJSON returns the event body as WHOOP sent it. Do not modify it.
func (e *Event) RawJSON() json.RawMessage { return e.raw.JSON() }

// ErrInvalidEvent matches a webhook body that verified but is not a well-formed event:
// invalid JSON or UTF-8, duplicate or case-variant keys, trailing data, or a missing
// event_type or resource_id.
var ErrInvalidEvent = errors.New("whoop: invalid webhook event")

// invalidEvent is a one-line error matching ErrInvalidEvent: "whoop: invalid webhook event:
// <reason>", where reason names the shape of the problem, never the body's content.
func invalidEvent(reason string) error { return fmt.Errorf("%w: %s", ErrInvalidEvent, reason) }

// ParseEvent decodes a webhook body strictly. It does not verify the signature: call it only
// on bytes a Verifier accepted (NewWebhookHandler does both).
func ParseEvent(body []byte) (*Event, error) {
	var e Event
	// A copy: the caller may reuse body, and RawJSON points into what was decoded.
	if err := jsonx.Decode(append([]byte(nil), body...), &e, (*Event).bindRaw); err != nil {
		return nil, invalidEvent(strings.TrimPrefix(err.Error(), "json: "))
	}
	switch {
	case e.Type == "":
		return nil, invalidEvent("event_type is missing")
	case e.ResourceID == "":
		return nil, invalidEvent("resource_id is missing")
	}
	return &e, nil
}

// NewWebhookVerifier returns a verifier of the WHOOP-Signed header for the given signing
// secrets; give two during a rotation. An empty secret is an error. opts tune the body cap
// (default 1 MiB).
//
// WHOOP signs no timestamp: a captured delivery verifies for ever, so deduplicate (as
// NewWebhookHandler does) and keep the endpoint's URL private.
func NewWebhookVerifier(secrets []string, opts ...webhook.Option) (*webhook.Verifier, error) {
	if err := transport.CheckSecrets(vendor, "NewWebhookVerifier", secrets); err != nil {
		return nil, err
	}
	keys := make([][]byte, len(secrets))
	for i, s := range secrets {
		keys[i] = []byte(s)
	}
	return webhook.NewBodyHMAC(SignatureHeader, keys, opts...)
}

// EventHandler processes one verified, parsed, deduplicated WHOOP event. It runs on a
// worker after WHOOP was answered; an error is logged (without PHI) and releases the
// deduplication key so a redelivery is processed again.
type EventHandler func(ctx context.Context, e *Event) error

// DefaultDedupTTL is how long NewWebhookHandler remembers a delivery's signature. WHOOP does
// not publish its retry horizon; a day covers exponential backoff with room to spare.
const DefaultDedupTTL = 24 * time.Hour

// NewWebhookHandler returns the http.Handler for your WHOOP webhook URL. It verifies each
// delivery with v, refuses replays of a signature seen in the last DefaultDedupTTL (in
// memory, up to 100,000 deliveries), answers 204 at once, as WHOOP requires within one
// second, and hands the parsed event to handle on a worker pool. A full queue is answered
// 503 so WHOOP retries. Call Shutdown on the handler to drain the queue.
//
// opts are applied after those defaults: dispatch.WithDeduper plugs a shared store for a
// fleet of receivers, dispatch.WithWorkers and dispatch.WithQueueSize size the pool,
// dispatch.WithLogger logs refusals and failures (metadata only).
func NewWebhookHandler(v *webhook.Verifier, handle EventHandler, opts ...dispatch.HandlerOption) (*dispatch.Handler, error) {
	if v == nil {
		return nil, &ValidationError{Vendor: vendor, Field: "verifier", Reason: "must not be nil"}
	}
	if handle == nil {
		return nil, &ValidationError{Vendor: vendor, Field: "handle", Reason: "must not be nil"}
	}
	dedup, err := dispatch.NewMemoryDeduper(DefaultDedupTTL, 100_000)
	if err != nil {
		return nil, err
	}
	all := append([]dispatch.HandlerOption{
		dispatch.WithSuccessStatus(http.StatusNoContent),
		dispatch.WithDeduper(dedup),
	}, opts...)
	return dispatch.NewEventHandler(v, func(ctx context.Context, d dispatch.Event) error {
		e, err := ParseEvent(d.Body)
		if err != nil {
			return err
		}
		return handle(ctx, e)
	}, all...)
}
