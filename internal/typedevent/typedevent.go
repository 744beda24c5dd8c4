// Package typedevent holds the part of every vendor's NewWebhookHandler that is the same
// in each: the checks of its arguments, its default options, the step from a verified
// delivery of package dispatch to the vendor's typed event, and the name of an event's
// type for the handler's logs.
package typedevent

import (
	"context"
	"time"

	"github.com/labwire/labwire/internal/jsonx"
	"github.com/labwire/labwire/internal/transport"
	"github.com/labwire/labwire/webhook"
	"github.com/labwire/labwire/webhook/dispatch"
)

// Handler is what a vendor's NewWebhookHandler knows of its vendor; New makes the handler.
type Handler[E any] struct {
	// Vendor is the vendor package ("whoop"): the source of its deliveries in an inbox, and
	// the vendor of its ValidationErrors.
	Vendor string
	// Parse decodes a verified body into the vendor's event (its ParseEvent).
	Parse func(body []byte) (E, error)
	// TypeOf names the type of a verified body for the handler's logs (see TypeOf).
	TypeOf func(body []byte) string
	// DedupTTL and DedupKeys size the in-memory store of the deliveries seen.
	DedupTTL  time.Duration
	DedupKeys int
	// Options are the vendor's own defaults (a success status, a deduplication key, ...),
	// applied after the shared ones and before the caller's.
	Options []dispatch.HandlerOption
}

// New returns the vendor's handler of package dispatch: it refuses a nil verifier or
// handle with a *transport.ValidationError naming it, then verifies each delivery with v,
// deduplicates it in memory (dispatch.WithInbox, which deduplicates durably, does not
// consult that store), parses it with Parse and hands the event to handle (see Process).
// opts are the caller's, applied last.
func (h Handler[E]) New(v *webhook.Verifier, handle func(ctx context.Context, e E) error, opts []dispatch.HandlerOption) (*dispatch.Handler, error) {
	if v == nil {
		return nil, &transport.ValidationError{Vendor: h.Vendor, Field: "verifier", Reason: "must not be nil"}
	}
	if handle == nil {
		return nil, &transport.ValidationError{Vendor: h.Vendor, Field: "handle", Reason: "must not be nil"}
	}
	dedup, err := dispatch.NewMemoryDeduper(h.DedupTTL, h.DedupKeys)
	if err != nil {
		return nil, err
	}
	all := append([]dispatch.HandlerOption{
		dispatch.WithSource(h.Vendor),
		dispatch.WithDeduper(dedup),
		dispatch.WithEventType(h.TypeOf),
	}, h.Options...)
	return dispatch.NewEventHandler(v, Process(h.Parse, handle), append(all, opts...)...)
}

// Unknown is what TypeOf names an event whose type is not a known one.
const Unknown = "unknown"

// Process returns the dispatch.ProcessFunc of a vendor's handler: it parses each verified
// body with parse and hands the event to handle. A body that does not parse is a
// dispatch.Permanent failure, which no mode retries: the same bytes never parse.
func Process[E any](parse func(body []byte) (E, error), handle func(ctx context.Context, e E) error) dispatch.ProcessFunc {
	return func(ctx context.Context, d dispatch.Event) error {
		e, err := parse(d.Body)
		if err != nil {
			return dispatch.Permanent(err)
		}
		return handle(ctx, e)
	}
}

// Known is a vendor's event type: a string enum that knows its documented values.
type Known interface {
	~string
	IsKnown() bool
}

// TypeOf returns the function of dispatch.WithEventType that names the type of a verified
// body for the handler's logs: the string member of the body's top-level object when it is
// a known T, else Unknown (an undocumented or missing type, a body that is not JSON). It
// reads that member alone, and never returns another value from the payload.
func TypeOf[T Known](member string) func(body []byte) string {
	return func(body []byte) string {
		if t, ok := jsonx.StringMember(body, member); ok && T(t).IsKnown() {
			return t
		}
		return Unknown
	}
}
