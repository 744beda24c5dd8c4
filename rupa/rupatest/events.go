package rupatest

import (
	"encoding/json"
	"fmt"
	"slices"
	"sync"
	"time"
)

// EventTypeOrderNewResult is the one event type Rupa documents. Build other
// types with [EventBuilder.OrderEvent] and the name your test needs; Rupa's
// list is not public.
const EventTypeOrderNewResult = "order.new_result"

// Order describes the order an event carries. Zero fields get realistic
// defaults (see [EventBuilder.OrderNewResult]).
type Order struct {
	// ID is the order id; a new ord_ id when empty.
	ID string
	// Status defaults to "In Progress".
	Status string
	// Payer defaults to "patient".
	Payer string
	// TotalPrice is a JSON number; "0" when empty.
	TotalPrice string
	// DateSubmitted defaults to the builder's clock; the other dates are null
	// while zero.
	DateSubmitted, DatePaid, DateCompleted, DateCanceled time.Time
	// NotesToPatient is null when empty.
	NotesToPatient string
	// PatientID defaults to a new pat_ id. The patient is linked, never
	// included, as in Rupa's example.
	PatientID string
	// OrderIntentID defaults to a new ordin_ id.
	OrderIntentID string
	// Practitioner is the patient's practitioner (patients_practitioner and
	// signing_practitioner), included with their clinic. Its ID and ClinicID
	// default to DefaultPractitionerID and DefaultClinicID.
	Practitioner Practitioner
	// Tests are the ordered tests, included; one test without results when
	// empty.
	Tests []OrderedTest
}

// OrderedTest describes one ordered test of an Order.
type OrderedTest struct {
	// ID defaults to a new ordts_ id; LabTestID to a new labts_ id.
	ID, LabTestID string
	// ResultsPDF and ResultsHL7 are null while empty. Rupa does not document
	// their format; the builder sends what you give as a JSON string.
	ResultsPDF, ResultsHL7 string
	// ResultsReceived is date_results_received_from_lab; null while zero.
	ResultsReceived time.Time
}

// Event is a Rupa webhook event the builder made: send it with a [Sender],
// or take its bytes with JSON.
type Event struct {
	ID        string
	Type      string
	CreatedAt time.Time
	Object    Resource
	Included  []Resource
}

// Resource is a JSON:API resource of an event.
type Resource struct {
	ID            string                  `json:"id"`
	Type          string                  `json:"type"`
	Attributes    map[string]any          `json:"attributes"`
	Relationships map[string]Relationship `json:"relationships,omitempty"`
}

// Relationship is a JSON:API relationship: Data is a Link, a []Link (with
// Meta {"count": n}) or nil.
type Relationship struct {
	Data any            `json:"data"`
	Meta map[string]int `json:"meta,omitempty"`
}

// Link is a resource identifier.
type Link struct {
	ID   string `json:"id"`
	Type string `json:"type"`
}

type eventWire struct {
	CreatedAt string `json:"created_at"`
	Data      struct {
		Object   Resource   `json:"object"`
		Included []Resource `json:"included"`
	} `json:"data"`
	ID   string `json:"id"`
	Type string `json:"type"`
}

// JSON returns the event as Rupa sends it: {"created_at", "data":
// {"object", "included"}, "id", "type"}, timestamps with an offset.
func (e Event) JSON() []byte {
	var w eventWire
	w.CreatedAt = e.CreatedAt.Format(time.RFC3339)
	w.Data.Object = e.Object
	w.Data.Included = e.Included
	if w.Data.Included == nil {
		w.Data.Included = []Resource{}
	}
	w.ID, w.Type = e.ID, e.Type
	b, err := json.Marshal(w)
	if err != nil {
		panic("rupatest: event does not encode: " + err.Error()) // only values the builder made
	}
	return b
}

// Without returns a copy of e whose included resources of the given types
// are dropped, to test what a receiver does when Rupa leaves one out.
func (e Event) Without(types ...string) Event {
	out := e
	out.Included = slices.DeleteFunc(slices.Clone(e.Included), func(r Resource) bool {
		return slices.Contains(types, r.Type)
	})
	return out
}

// EventBuilder makes realistic Rupa events. The zero value is ready to use;
// it is safe for concurrent use.
type EventBuilder struct {
	// Now is the clock of created_at and default dates; nil means time.Now.
	Now func() time.Time
	// SequentialIDs makes new ids deterministic (evt_0000001, ...), for
	// Examples with fixed output.
	SequentialIDs bool

	mu sync.Mutex
	n  int
}

func (b *EventBuilder) now() time.Time {
	if b.Now != nil {
		return b.Now()
	}
	return time.Now()
}

func (b *EventBuilder) id(prefix string) string {
	b.mu.Lock()
	b.n++
	n := b.n
	b.mu.Unlock()
	if b.SequentialIDs {
		return fmt.Sprintf("%s_%07d", prefix, n)
	}
	return randomID(prefix, n)
}

// OrderNewResult returns an order.new_result event for o, with a new event
// id: the order as data.object, and its ordered tests, its practitioner and
// the practitioner's clinic in data.included. Build it again with changed
// test results for the event Rupa sends when a result changes; send the
// same Event twice for a redelivery.
func (b *EventBuilder) OrderNewResult(o Order) Event { return b.OrderEvent(EventTypeOrderNewResult, o) }

// OrderEvent is OrderNewResult with another event type, e.g. one your Rupa
// account sends that this package does not name.
func (b *EventBuilder) OrderEvent(eventType string, o Order) Event {
	now := b.now()
	fill := func(v *string, def string) {
		if *v == "" {
			*v = def
		}
	}
	fill(&o.ID, b.id("ord"))
	fill(&o.Status, "In Progress")
	fill(&o.Payer, "patient")
	fill(&o.TotalPrice, "0")
	fill(&o.PatientID, b.id("pat"))
	fill(&o.OrderIntentID, b.id("ordin"))
	fill(&o.Practitioner.ID, DefaultPractitionerID)
	fill(&o.Practitioner.ClinicID, DefaultClinicID)
	fill(&o.Practitioner.FirstName, "Sabrina")
	fill(&o.Practitioner.LastName, "Davis")
	if o.DateSubmitted.IsZero() {
		o.DateSubmitted = now
	}
	tests := o.Tests
	if len(tests) == 0 {
		tests = []OrderedTest{{}}
	}
	pra := Link{ID: o.Practitioner.ID, Type: "practitioner"}
	e := Event{ID: b.id("evt"), Type: eventType, CreatedAt: now}
	var testLinks []Link
	for _, t := range tests {
		fill(&t.ID, b.id("ordts"))
		fill(&t.LabTestID, b.id("labts"))
		testLinks = append(testLinks, Link{ID: t.ID, Type: "ordered_test"})
		e.Included = append(e.Included, Resource{
			ID: t.ID, Type: "ordered_test",
			Attributes: map[string]any{
				"date_results_received_from_lab": timestamp(t.ResultsReceived),
				"requisition":                    nil,
				"results_hl7":                    nullable(t.ResultsHL7),
				"results_pdf":                    nullable(t.ResultsPDF),
			},
			Relationships: map[string]Relationship{"lab_test": {Data: Link{ID: t.LabTestID, Type: "lab_test"}}},
		})
	}
	price := json.Number(o.TotalPrice)
	e.Object = Resource{
		ID: o.ID, Type: "order",
		Attributes: map[string]any{
			"date_canceled":    timestamp(o.DateCanceled),
			"date_completed":   timestamp(o.DateCompleted),
			"date_paid":        timestamp(o.DatePaid),
			"date_submitted":   timestamp(o.DateSubmitted),
			"notes_to_patient": nullable(o.NotesToPatient),
			"payer":            o.Payer,
			"status":           o.Status,
			"total_price":      price,
		},
		Relationships: map[string]Relationship{
			"line_items":            {Data: []Link{}, Meta: map[string]int{"count": 0}},
			"ordered_tests":         {Data: testLinks, Meta: map[string]int{"count": len(testLinks)}},
			"patient":               {Data: Link{ID: o.PatientID, Type: "patient"}},
			"patients_practitioner": {Data: pra},
			"signing_practitioner":  {Data: pra},
			"order_intent":          {Data: Link{ID: o.OrderIntentID, Type: "order_intent"}},
		},
	}
	p := o.Practitioner
	e.Included = append(e.Included,
		Resource{
			ID: p.ID, Type: "practitioner",
			Attributes: map[string]any{
				"address": map[string]any{
					"city": "Port Nancyshire", "state": "AR", "street_1": "535 Brown Valley Apt. 287",
					"street_2": nil, "zip": "59945",
				},
				"first_name":                    p.FirstName,
				"last_name":                     p.LastName,
				"ordering_authorization_status": map[string]any{"physician_authorization_approved": false},
				"phone":                         "+12025550124",
				"primary_practitioner_type":     map[string]any{"name": "Naturopathic Doctor"},
				"titled_full_name":              p.FirstName + " " + p.LastName,
				"verification_status":           map[string]any{"email": true},
			},
			Relationships: map[string]Relationship{"clinic": {Data: Link{ID: p.ClinicID, Type: "clinic"}}},
		},
		Resource{ID: p.ClinicID, Type: "clinic", Attributes: map[string]any{"name": "Clinic " + p.ClinicID}},
	)
	return e
}

// timestamp formats t as Rupa does (microseconds and an offset), or nil
// (JSON null) for the zero time.
func timestamp(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.Format("2006-01-02T15:04:05.000000-07:00")
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}
