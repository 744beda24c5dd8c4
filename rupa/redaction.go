package rupa

import (
	"fmt"
	"log/slog"

	"github.com/labwire/labwire/internal/phi"
)

// Every type that can hold patient or personal data shows only ids, types and counts under
// every fmt verb, slog handler and json.Marshal (package phi). Store or forward the data
// with RawJSON, never with json.Marshal of these types.

func (r Resource) redacted() phi.Summary {
	return phi.Redact("rupa.Resource", phi.Token("type", r.Type), phi.ID("id", r.ID))
}

// String shows the type and id only.
func (r Resource) String() string { return r.redacted().String() }

// Format shows the type and id only, under every verb.
func (r Resource) Format(f fmt.State, verb rune) { r.redacted().Format(f, verb) }

// LogValue logs the type and id only.
func (r Resource) LogValue() slog.Value { return r.redacted().LogValue() }

// MarshalJSON writes the type and id only; use RawJSON for the resource as sent.
func (r Resource) MarshalJSON() ([]byte, error) { return r.redacted().MarshalJSON() }

func (e Event) redacted() phi.Summary {
	return phi.Redact("rupa.Event", phi.ID("id", e.ID), phi.Token("type", string(e.Type)),
		phi.Token("object", e.Data.Object.Type), phi.Count("included", len(e.Data.Included)))
}

// String shows the id, type, object type and included count only.
func (e Event) String() string { return e.redacted().String() }

// Format shows the id, type, object type and included count only, under every verb.
func (e Event) Format(f fmt.State, verb rune) { e.redacted().Format(f, verb) }

// LogValue logs the id, type, object type and included count only.
func (e Event) LogValue() slog.Value { return e.redacted().LogValue() }

// MarshalJSON writes the summary only; use RawJSON for the event as sent.
func (e Event) MarshalJSON() ([]byte, error) { return e.redacted().MarshalJSON() }

func (n OrderNewResult) redacted() phi.Summary {
	var id, order string
	if n.Event != nil {
		id = n.Event.ID
	}
	if n.Order != nil && n.Order.Resource != nil {
		order = n.Order.ID
	}
	return phi.Redact("rupa.OrderNewResult", phi.ID("event", id), phi.ID("order", order),
		phi.Count("ordered_tests", len(n.OrderedTests)))
}

// String shows the event and order ids and the ordered test count only.
func (n OrderNewResult) String() string { return n.redacted().String() }

// Format shows the ids and count only, under every verb.
func (n OrderNewResult) Format(f fmt.State, verb rune) { n.redacted().Format(f, verb) }

// LogValue logs the ids and count only.
func (n OrderNewResult) LogValue() slog.Value { return n.redacted().LogValue() }

// MarshalJSON writes the summary only; use Event.RawJSON for the event as sent.
func (n OrderNewResult) MarshalJSON() ([]byte, error) { return n.redacted().MarshalJSON() }

func (a OrderAttributes) redacted() phi.Summary {
	return phi.Redact("rupa.OrderAttributes", phi.Token("payer", string(a.Payer)))
}

// String hides the attributes (notes to the patient are patient data).
func (a OrderAttributes) String() string { return a.redacted().String() }

// Format hides the attributes under every verb.
func (a OrderAttributes) Format(f fmt.State, verb rune) { a.redacted().Format(f, verb) }

// LogValue hides the attributes.
func (a OrderAttributes) LogValue() slog.Value { return a.redacted().LogValue() }

// MarshalJSON writes the summary only.
func (a OrderAttributes) MarshalJSON() ([]byte, error) { return a.redacted().MarshalJSON() }

func (d Document) redacted() phi.Summary {
	n := 0
	if !d.IsNull() {
		n = 1
	}
	return phi.Redact("rupa.Document", phi.Count("present", n))
}

// String shows whether the document is present, never its content.
func (d Document) String() string { return d.redacted().String() }

// Format shows whether the document is present, under every verb.
func (d Document) Format(f fmt.State, verb rune) { d.redacted().Format(f, verb) }

// LogValue logs whether the document is present.
func (d Document) LogValue() slog.Value { return d.redacted().LogValue() }

// MarshalJSON writes the summary only; use RawJSON for the value as sent.
func (d Document) MarshalJSON() ([]byte, error) { return d.redacted().MarshalJSON() }

func (PractitionerAttributes) redacted() phi.Summary {
	return phi.Redact("rupa.PractitionerAttributes")
}

// String hides the practitioner's personal data.
func (a PractitionerAttributes) String() string { return a.redacted().String() }

// Format hides the practitioner's personal data under every verb.
func (a PractitionerAttributes) Format(f fmt.State, verb rune) { a.redacted().Format(f, verb) }

// LogValue hides the practitioner's personal data.
func (a PractitionerAttributes) LogValue() slog.Value { return a.redacted().LogValue() }

// MarshalJSON writes the summary only.
func (a PractitionerAttributes) MarshalJSON() ([]byte, error) { return a.redacted().MarshalJSON() }

func (Address) redacted() phi.Summary { return phi.Redact("rupa.Address") }

// String hides the address.
func (a Address) String() string { return a.redacted().String() }

// Format hides the address under every verb.
func (a Address) Format(f fmt.State, verb rune) { a.redacted().Format(f, verb) }

// LogValue hides the address.
func (a Address) LogValue() slog.Value { return a.redacted().LogValue() }

// MarshalJSON writes the summary only.
func (a Address) MarshalJSON() ([]byte, error) { return a.redacted().MarshalJSON() }

func (PatientAttributes) redacted() phi.Summary { return phi.Redact("rupa.PatientAttributes") }

// String hides the patient's data.
func (a PatientAttributes) String() string { return a.redacted().String() }

// Format hides the patient's data under every verb.
func (a PatientAttributes) Format(f fmt.State, verb rune) { a.redacted().Format(f, verb) }

// LogValue hides the patient's data.
func (a PatientAttributes) LogValue() slog.Value { return a.redacted().LogValue() }

// MarshalJSON writes the summary only.
func (a PatientAttributes) MarshalJSON() ([]byte, error) { return a.redacted().MarshalJSON() }

func (d PatientData) redacted() phi.Summary { return phi.Redact("rupa.PatientData") }

// String hides the patient's data.
func (d PatientData) String() string { return d.redacted().String() }

// Format hides the patient's data under every verb.
func (d PatientData) Format(f fmt.State, verb rune) { d.redacted().Format(f, verb) }

// LogValue hides the patient's data.
func (d PatientData) LogValue() slog.Value { return d.redacted().LogValue() }

// MarshalJSON writes the summary only: OrderIntents.Create sends the data itself.
func (d PatientData) MarshalJSON() ([]byte, error) { return d.redacted().MarshalJSON() }

func (ShippingAddress) redacted() phi.Summary { return phi.Redact("rupa.ShippingAddress") }

// String hides the address.
func (a ShippingAddress) String() string { return a.redacted().String() }

// Format hides the address under every verb.
func (a ShippingAddress) Format(f fmt.State, verb rune) { a.redacted().Format(f, verb) }

// LogValue hides the address.
func (a ShippingAddress) LogValue() slog.Value { return a.redacted().LogValue() }

// MarshalJSON writes the summary only: OrderIntents.Create sends the address itself.
func (a ShippingAddress) MarshalJSON() ([]byte, error) { return a.redacted().MarshalJSON() }

func (p OrderIntentCreateParams) redacted() phi.Summary {
	return phi.Redact("rupa.OrderIntentCreateParams", phi.ID("patient", p.Patient), phi.Count("lab_tests", len(p.LabTests)))
}

// String shows the patient id and test count only.
func (p OrderIntentCreateParams) String() string { return p.redacted().String() }

// Format shows the patient id and test count only, under every verb.
func (p OrderIntentCreateParams) Format(f fmt.State, verb rune) { p.redacted().Format(f, verb) }

// LogValue logs the patient id and test count only.
func (p OrderIntentCreateParams) LogValue() slog.Value { return p.redacted().LogValue() }

// MarshalJSON writes the summary only: OrderIntents.Create sends the params themselves.
func (p OrderIntentCreateParams) MarshalJSON() ([]byte, error) { return p.redacted().MarshalJSON() }
