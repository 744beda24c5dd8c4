// Package typedevent holds the part of every vendor's NewWebhookHandler that is the same
// in each: the step from a verified delivery of package dispatch to the vendor's typed
// event, and the name of an event's type for the handler's logs.
package typedevent

import (
	"context"

	"github.com/labwire/labwire/internal/jsonx"
	"github.com/labwire/labwire/webhook/dispatch"
)

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
