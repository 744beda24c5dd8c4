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

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

func (a Address) redacted() phi.Summary {
	return phi.Redact("workpath.Address", id("id", a.ID))
}

// String prints only the id.
func (a Address) String() string { return a.redacted().String() }

// Format prints only the id, under every verb (%v, %+v, %#v, %s, %q, %x, %d, ...).
func (a Address) Format(f fmt.State, verb rune) { a.redacted().Format(f, verb) }

// LogValue logs only the id.
func (a Address) LogValue() slog.Value { return a.redacted().LogValue() }

// MarshalJSON writes only the id, so slog's JSON handler, which marshals nested values,
// never writes the data. To store or forward it, keep RawJSON.
func (a Address) MarshalJSON() ([]byte, error) { return a.redacted().MarshalJSON() }

func (p Patient) redacted() phi.Summary {
	return phi.Redact("workpath.Patient", id("id", p.ID))
}

// String prints only the id.
func (p Patient) String() string { return p.redacted().String() }

// Format prints only the id, under every verb (%v, %+v, %#v, %s, %q, %x, %d, ...).
func (p Patient) Format(f fmt.State, verb rune) { p.redacted().Format(f, verb) }

// LogValue logs only the id.
func (p Patient) LogValue() slog.Value { return p.redacted().LogValue() }

// MarshalJSON writes only the id, so slog's JSON handler, which marshals nested values,
// never writes the data. To store or forward it, keep RawJSON.
func (p Patient) MarshalJSON() ([]byte, error) { return p.redacted().MarshalJSON() }

func (p Person) redacted() phi.Summary {
	return phi.Redact("workpath.Person", id("id", p.ID))
}

// String prints only the id.
func (p Person) String() string { return p.redacted().String() }

// Format prints only the id, under every verb (%v, %+v, %#v, %s, %q, %x, %d, ...).
func (p Person) Format(f fmt.State, verb rune) { p.redacted().Format(f, verb) }

// LogValue logs only the id.
func (p Person) LogValue() slog.Value { return p.redacted().LogValue() }

// MarshalJSON writes only the id, so slog's JSON handler, which marshals nested values,
// never writes the data. To store or forward it, keep RawJSON.
func (p Person) MarshalJSON() ([]byte, error) { return p.redacted().MarshalJSON() }

func (p PersonParams) redacted() phi.Summary {
	return phi.Redact("workpath.PersonParams", phi.Count("addresses", len(p.Addresses)))
}

// String prints only the number of addresses.
func (p PersonParams) String() string { return p.redacted().String() }

// Format prints only the number of addresses, under every verb (%v, %+v, %#v, %s, %q, %x, %d, ...).
func (p PersonParams) Format(f fmt.State, verb rune) { p.redacted().Format(f, verb) }

// LogValue logs only the number of addresses.
func (p PersonParams) LogValue() slog.Value { return p.redacted().LogValue() }

// MarshalJSON writes only the number of addresses, so slog's JSON handler, which marshals nested values,
// never writes the data. To store or forward it, keep RawJSON.
func (p PersonParams) MarshalJSON() ([]byte, error) { return p.redacted().MarshalJSON() }

func (in Intake) redacted() phi.Summary {
	var appt int64
	if in.Appointment != nil {
		appt = *in.Appointment
	}
	return phi.Redact("workpath.Intake", id("id", in.ID), id("order_form", in.OrderForm), id("appointment", appt), phi.Count("services", len(in.Services)))
}

// String prints only its ids and the number of services.
func (in Intake) String() string { return in.redacted().String() }

// Format prints only its ids and the number of services, under every verb (%v, %+v, %#v, %s, %q, %x, %d, ...).
func (in Intake) Format(f fmt.State, verb rune) { in.redacted().Format(f, verb) }

// LogValue logs only its ids and the number of services.
func (in Intake) LogValue() slog.Value { return in.redacted().LogValue() }

// MarshalJSON writes only its ids and the number of services, so slog's JSON handler, which marshals nested values,
// never writes the data. To store or forward it, keep RawJSON.
func (in Intake) MarshalJSON() ([]byte, error) { return in.redacted().MarshalJSON() }

func (p IntakeCreateParams) redacted() phi.Summary {
	return phi.Redact("workpath.IntakeCreateParams", id("order_form", p.OrderForm), phi.Count("services", len(p.Services)))
}

// String prints only the order form and the number of services.
func (p IntakeCreateParams) String() string { return p.redacted().String() }

// Format prints only the order form and the number of services, under every verb (%v, %+v, %#v, %s, %q, %x, %d, ...).
func (p IntakeCreateParams) Format(f fmt.State, verb rune) { p.redacted().Format(f, verb) }

// LogValue logs only the order form and the number of services.
func (p IntakeCreateParams) LogValue() slog.Value { return p.redacted().LogValue() }

// MarshalJSON writes only the order form and the number of services, so slog's JSON handler, which marshals nested values,
// never writes the data. To store or forward it, keep RawJSON.
func (p IntakeCreateParams) MarshalJSON() ([]byte, error) { return p.redacted().MarshalJSON() }

func (a Appointment) redacted() phi.Summary {
	return phi.Redact("workpath.Appointment", id("id", a.ID), phi.Token("status", string(a.Status)), phi.Token("type", string(a.Type)))
}

// String prints only the id, status and type.
func (a Appointment) String() string { return a.redacted().String() }

// Format prints only the id, status and type, under every verb (%v, %+v, %#v, %s, %q, %x, %d, ...).
func (a Appointment) Format(f fmt.State, verb rune) { a.redacted().Format(f, verb) }

// LogValue logs only the id, status and type.
func (a Appointment) LogValue() slog.Value { return a.redacted().LogValue() }

// MarshalJSON writes only the id, status and type, so slog's JSON handler, which marshals nested values,
// never writes the data. To store or forward it, keep RawJSON.
func (a Appointment) MarshalJSON() ([]byte, error) { return a.redacted().MarshalJSON() }

func (p AppointmentUpdateParams) redacted() phi.Summary {
	st := ""
	if p.Status != nil {
		st = string(*p.Status)
	}
	return phi.Redact("workpath.AppointmentUpdateParams", phi.Token("status", st))
}

// String prints only the status.
func (p AppointmentUpdateParams) String() string { return p.redacted().String() }

// Format prints only the status, under every verb (%v, %+v, %#v, %s, %q, %x, %d, ...).
func (p AppointmentUpdateParams) Format(f fmt.State, verb rune) { p.redacted().Format(f, verb) }

// LogValue logs only the status.
func (p AppointmentUpdateParams) LogValue() slog.Value { return p.redacted().LogValue() }

// MarshalJSON writes only the status, so slog's JSON handler, which marshals nested values,
// never writes the data. To store or forward it, keep RawJSON.
func (p AppointmentUpdateParams) MarshalJSON() ([]byte, error) { return p.redacted().MarshalJSON() }

func (e Event) redacted() phi.Summary {
	var aid int64
	if e.Appointment != nil {
		aid = e.Appointment.ID
	}
	return phi.Redact("workpath.Event", phi.Token("type", e.Type), phi.Token("action", string(e.Action)), id("appointment", aid))
}

// String prints only the type, action and appointment id.
func (e Event) String() string { return e.redacted().String() }

// Format prints only the type, action and appointment id, under every verb (%v, %+v, %#v, %s, %q, %x, %d, ...).
func (e Event) Format(f fmt.State, verb rune) { e.redacted().Format(f, verb) }

// LogValue logs only the type, action and appointment id.
func (e Event) LogValue() slog.Value { return e.redacted().LogValue() }

// MarshalJSON writes only the type, action and appointment id, so slog's JSON handler, which marshals nested values,
// never writes the data. To store or forward it, keep RawJSON.
func (e Event) MarshalJSON() ([]byte, error) { return e.redacted().MarshalJSON() }

func (n Note) redacted() phi.Summary {
	return phi.Redact("workpath.Note", id("id", n.ID), phi.Token("type", n.Type))
}

// String prints only the id and type.
func (n Note) String() string { return n.redacted().String() }

// Format prints only the id and type, under every verb (%v, %+v, %#v, %s, %q, %x, %d, ...).
func (n Note) Format(f fmt.State, verb rune) { n.redacted().Format(f, verb) }

// LogValue logs only the id and type.
func (n Note) LogValue() slog.Value { return n.redacted().LogValue() }

// MarshalJSON writes only the id and type, so slog's JSON handler, which marshals nested values,
// never writes the data. To store or forward it, keep RawJSON.
func (n Note) MarshalJSON() ([]byte, error) { return n.redacted().MarshalJSON() }

func (p NoteParams) redacted() phi.Summary {
	return phi.Redact("workpath.NoteParams", phi.Token("type", p.Type))
}

// String prints only the type.
func (p NoteParams) String() string { return p.redacted().String() }

// Format prints only the type, under every verb (%v, %+v, %#v, %s, %q, %x, %d, ...).
func (p NoteParams) Format(f fmt.State, verb rune) { p.redacted().Format(f, verb) }

// LogValue logs only the type.
func (p NoteParams) LogValue() slog.Value { return p.redacted().LogValue() }

// MarshalJSON writes only the type, so slog's JSON handler, which marshals nested values,
// never writes the data. To store or forward it, keep RawJSON.
func (p NoteParams) MarshalJSON() ([]byte, error) { return p.redacted().MarshalJSON() }

func (k APIKey) redacted() phi.Summary {
	return phi.Redact("workpath.APIKey", id("id", k.ID), phi.ID("key", k.Key), phi.Token("active", strconv.FormatBool(k.IsActive)))
}

// String prints the id, key and state, never the secret.
func (k APIKey) String() string { return k.redacted().String() }

// GoString prints the id, key and state, never the secret, for %#v.
func (k APIKey) GoString() string { return k.redacted().String() }

// Format prints the id, key and state, never the secret, under every verb (%v, %+v, %#v, %s, %q, %x, %d, ...).
func (k APIKey) Format(f fmt.State, verb rune) { k.redacted().Format(f, verb) }

// LogValue logs the id, key and state, never the secret.
func (k APIKey) LogValue() slog.Value { return k.redacted().LogValue() }

// MarshalJSON writes the id, key and state, never the secret, so slog's JSON handler, which
// marshals nested values, never writes it. To store the secret, read Secret or RawJSON.
func (k APIKey) MarshalJSON() ([]byte, error) { return k.redacted().MarshalJSON() }

func (w Webhook) redacted() phi.Summary {
	return phi.Redact("workpath.Webhook", id("id", w.ID))
}

// String prints only the id, never the URL or secret.
func (w Webhook) String() string { return w.redacted().String() }

// GoString prints only the id, never the URL or secret, for %#v.
func (w Webhook) GoString() string { return w.redacted().String() }

// Format prints only the id, never the URL or secret, under every verb (%v, %+v, %#v, %s, %q, %x, %d, ...).
func (w Webhook) Format(f fmt.State, verb rune) { w.redacted().Format(f, verb) }

// LogValue logs only the id, never the URL or secret.
func (w Webhook) LogValue() slog.Value { return w.redacted().LogValue() }

// MarshalJSON writes only the id, never the URL or secret, so slog's JSON handler, which
// marshals nested values, never writes them. To store them, read the fields or RawJSON.
func (w Webhook) MarshalJSON() ([]byte, error) { return w.redacted().MarshalJSON() }

func (r Receipt) redacted() phi.Summary {
	return phi.Redact("workpath.Receipt", id("request_id", r.RequestID))
}

// String prints only the request id.
func (r Receipt) String() string { return r.redacted().String() }

// Format prints only the request id, under every verb (%v, %+v, %#v, %s, %q, %x, %d, ...).
func (r Receipt) Format(f fmt.State, verb rune) { r.redacted().Format(f, verb) }

// LogValue logs only the request id.
func (r Receipt) LogValue() slog.Value { return r.redacted().LogValue() }

// MarshalJSON writes only the request id, so slog's JSON handler, which marshals nested values,
// never writes the data. To store or forward it, keep RawJSON.
func (r Receipt) MarshalJSON() ([]byte, error) { return r.redacted().MarshalJSON() }

func (c Created[T]) redacted() phi.Summary {
	return phi.Redact("workpath.Created", id("request_id", c.RequestID), phi.Count("object", btoi(c.Object != nil)))
}

// String prints only the request id and whether an object came.
func (c Created[T]) String() string { return c.redacted().String() }

// Format prints only the request id and whether an object came, under every verb (%v, %+v, %#v, %s, %q, %x, %d, ...).
func (c Created[T]) Format(f fmt.State, verb rune) { c.redacted().Format(f, verb) }

// LogValue logs only the request id and whether an object came.
func (c Created[T]) LogValue() slog.Value { return c.redacted().LogValue() }

// MarshalJSON writes only the request id and whether an object came, so slog's JSON handler, which marshals nested values,
// never writes the data. To store or forward it, keep RawJSON.
func (c Created[T]) MarshalJSON() ([]byte, error) { return c.redacted().MarshalJSON() }

func (f CustomField) redacted() phi.Summary {
	return phi.Redact("workpath.CustomField", phi.ID("key", f.Key))
}

// String prints only the key: a patient field's value is patient data.
func (f CustomField) String() string { return f.redacted().String() }

// Format prints only the key, under every verb.
func (f CustomField) Format(fs fmt.State, verb rune) { f.redacted().Format(fs, verb) }

// LogValue logs only the key.
func (f CustomField) LogValue() slog.Value { return f.redacted().LogValue() }

// MarshalJSON writes only the key; the field goes on the wire as a wire copy.
func (f CustomField) MarshalJSON() ([]byte, error) { return f.redacted().MarshalJSON() }
