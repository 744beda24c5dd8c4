package workpath

import (
	"fmt"
	"log/slog"
	"strconv"

	"github.com/labwire/labwire/internal/phi"
)

// The types below hold patient data, secrets or raw answers. Each prints, logs and marshals
// as a summary of ids, counts and statuses only (internal/phi), under every fmt verb and
// slog handler, nested or not. Store or forward the data with RawJSON; request types go on
// the wire as unexported wire copies (see wire.go).

func id(key string, v int64) phi.Attr { return phi.ID(key, strconv.FormatInt(v, 10)) }

func (a Address) redacted() phi.Summary { return phi.Redact("workpath.Address", id("id", a.ID)) }

// String, Format, LogValue and MarshalJSON show the id only.
func (a Address) String() string                { return a.redacted().String() }
func (a Address) Format(f fmt.State, verb rune) { a.redacted().Format(f, verb) }
func (a Address) LogValue() slog.Value          { return a.redacted().LogValue() }
func (a Address) MarshalJSON() ([]byte, error)  { return a.redacted().MarshalJSON() }
func (p Patient) redacted() phi.Summary         { return phi.Redact("workpath.Patient", id("id", p.ID)) }
func (p Patient) String() string                { return p.redacted().String() }
func (p Patient) Format(f fmt.State, verb rune) { p.redacted().Format(f, verb) }
func (p Patient) LogValue() slog.Value          { return p.redacted().LogValue() }
func (p Patient) MarshalJSON() ([]byte, error)  { return p.redacted().MarshalJSON() }
func (p Person) redacted() phi.Summary          { return phi.Redact("workpath.Person", id("id", p.ID)) }
func (p Person) String() string                 { return p.redacted().String() }
func (p Person) Format(f fmt.State, verb rune)  { p.redacted().Format(f, verb) }
func (p Person) LogValue() slog.Value           { return p.redacted().LogValue() }
func (p Person) MarshalJSON() ([]byte, error)   { return p.redacted().MarshalJSON() }
func (p PersonParams) redacted() phi.Summary {
	return phi.Redact("workpath.PersonParams", phi.Count("addresses", len(p.Addresses)))
}
func (p PersonParams) String() string               { return p.redacted().String() }
func (p PersonParams) Format(f fmt.State, v rune)   { p.redacted().Format(f, v) }
func (p PersonParams) LogValue() slog.Value         { return p.redacted().LogValue() }
func (p PersonParams) MarshalJSON() ([]byte, error) { return p.redacted().MarshalJSON() }
func (in Intake) redacted() phi.Summary {
	var appt int64
	if in.Appointment != nil {
		appt = *in.Appointment
	}
	return phi.Redact("workpath.Intake", id("id", in.ID), id("order_form", in.OrderForm), id("appointment", appt), phi.Count("services", len(in.Services)))
}
func (in Intake) String() string                { return in.redacted().String() }
func (in Intake) Format(f fmt.State, verb rune) { in.redacted().Format(f, verb) }
func (in Intake) LogValue() slog.Value          { return in.redacted().LogValue() }
func (in Intake) MarshalJSON() ([]byte, error)  { return in.redacted().MarshalJSON() }
func (p IntakeCreateParams) redacted() phi.Summary {
	return phi.Redact("workpath.IntakeCreateParams", id("order_form", p.OrderForm), phi.Count("services", len(p.Services)))
}
func (p IntakeCreateParams) String() string                { return p.redacted().String() }
func (p IntakeCreateParams) Format(f fmt.State, verb rune) { p.redacted().Format(f, verb) }
func (p IntakeCreateParams) LogValue() slog.Value          { return p.redacted().LogValue() }
func (p IntakeCreateParams) MarshalJSON() ([]byte, error)  { return p.redacted().MarshalJSON() }
func (a Appointment) redacted() phi.Summary {
	return phi.Redact("workpath.Appointment", id("id", a.ID), phi.Token("status", string(a.Status)), phi.Token("type", string(a.Type)))
}
func (a Appointment) String() string                { return a.redacted().String() }
func (a Appointment) Format(f fmt.State, verb rune) { a.redacted().Format(f, verb) }
func (a Appointment) LogValue() slog.Value          { return a.redacted().LogValue() }
func (a Appointment) MarshalJSON() ([]byte, error)  { return a.redacted().MarshalJSON() }
func (p AppointmentUpdateParams) redacted() phi.Summary {
	st := ""
	if p.Status != nil {
		st = string(*p.Status)
	}
	return phi.Redact("workpath.AppointmentUpdateParams", phi.Token("status", st))
}
func (p AppointmentUpdateParams) String() string                { return p.redacted().String() }
func (p AppointmentUpdateParams) Format(f fmt.State, verb rune) { p.redacted().Format(f, verb) }
func (p AppointmentUpdateParams) LogValue() slog.Value          { return p.redacted().LogValue() }
func (p AppointmentUpdateParams) MarshalJSON() ([]byte, error)  { return p.redacted().MarshalJSON() }
func (e Event) redacted() phi.Summary {
	var aid int64
	if e.Appointment != nil {
		aid = e.Appointment.ID
	}
	return phi.Redact("workpath.Event", phi.Token("type", e.Type), phi.Token("action", string(e.Action)), id("appointment", aid))
}
func (e Event) String() string                { return e.redacted().String() }
func (e Event) Format(f fmt.State, verb rune) { e.redacted().Format(f, verb) }
func (e Event) LogValue() slog.Value          { return e.redacted().LogValue() }
func (e Event) MarshalJSON() ([]byte, error)  { return e.redacted().MarshalJSON() }
func (n Note) redacted() phi.Summary {
	return phi.Redact("workpath.Note", id("id", n.ID), phi.Token("type", n.Type))
}
func (n Note) String() string                { return n.redacted().String() }
func (n Note) Format(f fmt.State, verb rune) { n.redacted().Format(f, verb) }
func (n Note) LogValue() slog.Value          { return n.redacted().LogValue() }
func (n Note) MarshalJSON() ([]byte, error)  { return n.redacted().MarshalJSON() }
func (p NoteParams) redacted() phi.Summary {
	return phi.Redact("workpath.NoteParams", phi.Token("type", p.Type))
}
func (p NoteParams) String() string               { return p.redacted().String() }
func (p NoteParams) Format(f fmt.State, v rune)   { p.redacted().Format(f, v) }
func (p NoteParams) LogValue() slog.Value         { return p.redacted().LogValue() }
func (p NoteParams) MarshalJSON() ([]byte, error) { return p.redacted().MarshalJSON() }

// Secrets: an API key's password and a webhook's signing secret.
func (k APIKey) redacted() phi.Summary {
	return phi.Redact("workpath.APIKey", id("id", k.ID), phi.ID("key", k.Key), phi.Token("active", strconv.FormatBool(k.IsActive)))
}

// String, GoString, Format and LogValue show the id, key and state, never the secret.
func (k APIKey) String() string                { return k.redacted().String() }
func (k APIKey) GoString() string              { return k.redacted().String() }
func (k APIKey) Format(f fmt.State, verb rune) { k.redacted().Format(f, verb) }
func (k APIKey) LogValue() slog.Value          { return k.redacted().LogValue() }
func (w Webhook) redacted() phi.Summary        { return phi.Redact("workpath.Webhook", id("id", w.ID)) }

// String, GoString, Format and LogValue show the id, never the secret or URL.
func (w Webhook) String() string                { return w.redacted().String() }
func (w Webhook) GoString() string              { return w.redacted().String() }
func (w Webhook) Format(f fmt.State, verb rune) { w.redacted().Format(f, verb) }
func (w Webhook) LogValue() slog.Value          { return w.redacted().LogValue() }

// Raw answers that may hold anything.
func (r Receipt) redacted() phi.Summary {
	return phi.Redact("workpath.Receipt", id("request_id", r.RequestID))
}
func (r Receipt) String() string                { return r.redacted().String() }
func (r Receipt) Format(f fmt.State, verb rune) { r.redacted().Format(f, verb) }
func (r Receipt) LogValue() slog.Value          { return r.redacted().LogValue() }
func (r Receipt) MarshalJSON() ([]byte, error)  { return r.redacted().MarshalJSON() }
func (c Created[T]) redacted() phi.Summary {
	return phi.Redact("workpath.Created", id("request_id", c.RequestID), phi.Count("object", btoi(c.Object != nil)))
}
func (c Created[T]) String() string                { return c.redacted().String() }
func (c Created[T]) Format(f fmt.State, verb rune) { c.redacted().Format(f, verb) }
func (c Created[T]) LogValue() slog.Value          { return c.redacted().LogValue() }
func (c Created[T]) MarshalJSON() ([]byte, error)  { return c.redacted().MarshalJSON() }

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
