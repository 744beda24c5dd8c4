package whoop

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/labwire/labwire/internal/jsonx"
	"github.com/labwire/labwire/internal/transport"
	"github.com/labwire/labwire/internal/typedevent"
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

// The documented partner webhook event types.
const (
	// EventTypeLabRequisitionCreated: a requisition was created; ResourceID is its id.
	// Fetch it with Requisitions.Get and confirm each service request.
	EventTypeLabRequisitionCreated EventType = "lab_requisition.created"
	// EventTypeClinicalReportReviewRequested: a clinical report is ready for your team to
	// review. WHOOP documents no endpoint or schema for clinical reports.
	EventTypeClinicalReportReviewRequested EventType = "clinical_report_review.requested"
)

// Event is a partner webhook. WHOOP keeps it minimal on purpose: fetch the resource it
// names. WHOOP sends no event id or timestamp.
type Event struct {
	// Type is the event type, e.g. EventTypeLabRequisitionCreated.
	Type EventType `json:"event_type"`
	// ResourceID is the id of the resource the event is about.
	ResourceID string `json:"resource_id" phi:"id"`

	raw jsonx.Raw
}

// bindRaw records the event's body.
func (e *Event) bindRaw(raw jsonx.Raw) { e.raw = raw }

// RawJSON returns the event body exactly as WHOOP sent it, byte for byte (a trailing newline
// included, so a stored event still verifies against its signature). Do not modify it.
func (e *Event) RawJSON() json.RawMessage { return e.raw.Document() }

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
	return webhook.NewBodyHMAC(SignatureHeader, secrets, opts...)
}

// EventHandler processes one verified, parsed, deduplicated WHOOP event. By default it runs
// on a worker after WHOOP was answered. A failure is logged by its dispatch.Category and
// event type, never its text, then retried or dead-lettered as NewWebhookHandler describes:
// return a client's error unchanged (or wrapped with %w), so that a write that may have
// happened (ErrOutcomeUnknown) is not retried, and never call such a write again yourself.
// It may run more than once for one event (a retry, a redelivery): make it idempotent.
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
// A failing handle is retried in process, with jittered exponential backoff
// (dispatch.WithRetries; dispatch.DefaultAttempts tries by default); with
// dispatch.WithInbox the delivery is stored before the 204 and the inbox's workers retry
// it, across crashes. What a retry could repeat or cannot fix is not retried: it goes at
// once to the dead-letter path (the dispatch.WithDeadLetter function, and with an inbox its
// dead letters), logged with its dispatch.Category: an error matching ErrOutcomeUnknown
// ("outcome_unknown"), a panic, dispatch.Permanent (a body that verifies but does not parse
// is one), ErrValidation, ErrBadRequest, ErrUnauthorized, ErrForbidden and
// ErrResponseTooLarge. Everything else is retried: 429, a 5xx on a read, ErrNotFound (an
// event may arrive before its requisition is readable), ErrConflict, a timeout, your
// database's errors. dispatch.WithRetryRule replaces this rule (start from
// dispatch.DefaultRetryRule). dispatch.WithSync runs handle before answering, which WHOOP's
// one second rarely allows: a retryable failure is answered 500 so WHOOP redelivers, the
// others go to WithDeadLetter and are answered 204.
//
// The writes a handler makes, ServiceRequests.SubmitResults, ServiceRequests.UpdateStatus
// and Requisitions.UpdateStatus, fail with ErrOutcomeUnknown when WHOOP may have applied
// them (a 5xx or a dropped connection after the request left). Return that error; do not
// call the write again: WHOOP has no idempotency key, and a second SubmitResults makes a
// second report. Set dispatch.WithDeadLetter to keep the event. Whoever runs it again looks
// first: ServiceRequests.Get shows the task_business_status; WHOOP offers no read of
// submitted results, so check your own record of the submission (or ask WHOOP) before
// submitting again.
//
// opts are applied after those defaults: dispatch.WithDeduper plugs a shared store for a
// fleet of receivers, dispatch.WithWorkers and dispatch.WithQueueSize size the pool,
// dispatch.WithLogger logs refusals and failures (metadata only: the category and the event
// type, one of EventTypeValues or "unknown").
func NewWebhookHandler(v *webhook.Verifier, handle EventHandler, opts ...dispatch.HandlerOption) (*dispatch.Handler, error) {
	return typedevent.Handler[*Event]{
		Vendor: vendor, Parse: ParseEvent, TypeOf: typedevent.TypeOf[EventType]("event_type"),
		DedupTTL: DefaultDedupTTL, DedupKeys: 100_000,
		Options: []dispatch.HandlerOption{dispatch.WithSuccessStatus(http.StatusNoContent)},
	}.New(v, handle, opts)
}
