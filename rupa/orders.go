package rupa

import (
	"fmt"
	"strconv"
	"time"

	"github.com/labwire/labwire/internal/jsonx"
)

// Order is a Rupa order (type "order"): placed by a practitioner on behalf of a patient,
// with one ordered test per lab test. It embeds the generic Resource (id, relationships,
// raw JSON); Attributes holds the typed attributes.
type Order struct {
	*Resource `phi:"id:id=ID;token:type=Type"`
	// Attributes are the order's attributes, typed. Resource.Attributes keeps them raw,
	// members not modelled here included (such as an order intent's metadata, if Rupa
	// sends it there; its place in events is not documented).
	Attributes OrderAttributes
}

// OrderAttributes are an order's attributes, every one that Rupa's order.new_result example
// shows. Dates are nil while null.
type OrderAttributes struct {
	// Status is the order's status, e.g. OrderStatusInProgress.
	Status OrderStatus `json:"status"`
	// Payer is who pays, e.g. PayerPatient.
	Payer Payer `json:"payer" phi:"token"`
	// TotalPrice is the order's total. Rupa documents neither unit nor currency; the example
	// shows 0. Its digits are kept as sent; IsZero reports null or absent.
	TotalPrice Decimal `json:"total_price"`
	// DateSubmitted is when the practitioner submitted the order.
	DateSubmitted *time.Time `json:"date_submitted"`
	// DatePaid is when the order was paid.
	DatePaid *time.Time `json:"date_paid"`
	// DateCompleted is when the order was completed.
	DateCompleted *time.Time `json:"date_completed"`
	// DateCanceled is when the order was canceled.
	DateCanceled *time.Time `json:"date_canceled"`
	// NotesToPatient is the practitioner's note to the patient. It is patient data.
	NotesToPatient *string `json:"notes_to_patient"`
}

// The relationships of an order in Rupa's example.
const (
	RelLineItems            = "line_items"
	RelOrderedTests         = "ordered_tests"
	RelPatient              = "patient"
	RelPatientsPractitioner = "patients_practitioner"
	RelSigningPractitioner  = "signing_practitioner"
	RelOrderIntent          = "order_intent"
	RelLabTest              = "lab_test"
	RelClinic               = "clinic"
)

// OrderStatus is an order's status. Rupa says more statuses exist than its examples show
// and publishes no list, so unknown values decode and round-trip unchanged; a switch on it
// needs a default case.
type OrderStatus string

// The order statuses seen in Rupa's examples.
const (
	// OrderStatusPendingPayment: the order awaits payment from the patient.
	OrderStatusPendingPayment OrderStatus = "Pending Payment"
	// OrderStatusInProgress: the order is being processed.
	OrderStatusInProgress OrderStatus = "In Progress"
)

// Payer is who pays for an order. Only "patient" appears in Rupa's examples; unknown values
// decode and round-trip unchanged.
type Payer string

// The payers seen in Rupa's examples.
const (
	// PayerPatient: the patient pays.
	PayerPatient Payer = "patient"
)

// AsOrder decodes r as an Order. It fails with ErrUnexpectedType when r is of another type,
// and when an attribute has the wrong JSON type; unknown attributes are ignored (kept raw).
func (r *Resource) AsOrder() (*Order, error) {
	a, err := decodeAs[OrderAttributes](r, ResourceTypeOrder)
	if err != nil {
		return nil, err
	}
	return &Order{Resource: r, Attributes: a}, nil
}

// UnmarshalJSON decodes an order resource.
func (o *Order) UnmarshalJSON(b []byte) error { return unmarshalAs(b, o, (*Resource).AsOrder) }

// PatientsPractitioner returns the practitioner the order's patient belongs to: the link
// the seed matches clinics by (its prose says "patient_practitioner"; the field is
// "patients_practitioner"). Rupa sends it to-one or as a one-element to-many array; both are
// read, and an array of more than one is ErrRelationshipCardinality.
func (o *Order) PatientsPractitioner() (Identifier, error) {
	return linkSingle(o.Resource, RelPatientsPractitioner)
}

// SigningPractitioner returns the practitioner who signed the order.
func (o *Order) SigningPractitioner() (Identifier, error) {
	return Link(o.Resource, RelSigningPractitioner)
}

// Patient returns the order's patient.
func (o *Order) Patient() (Identifier, error) { return Link(o.Resource, RelPatient) }

// OrderIntent returns the order intent (cart) the order came from.
func (o *Order) OrderIntent() (Identifier, error) { return Link(o.Resource, RelOrderIntent) }

// OrderedTests returns the order's ordered tests, one per lab test.
func (o *Order) OrderedTests() ([]Identifier, error) { return Links(o.Resource, RelOrderedTests) }

// LineItems returns the order's line items (Rupa documents no line item resource).
func (o *Order) LineItems() ([]Identifier, error) { return Links(o.Resource, RelLineItems) }

// decodeAs checks r's type and decodes its attributes as A.
func decodeAs[A any](r *Resource, typ string) (A, error) {
	var a A
	if err := checkType(r, typ); err != nil {
		return a, err
	}
	return a, r.DecodeAttributes(&a)
}

// checkType fails with ErrUnexpectedType unless r is a resource of type typ.
func checkType(r *Resource, typ string) error {
	switch {
	case r == nil:
		return fmt.Errorf("%w: want %s, got none", ErrUnexpectedType, typ)
	case r.Type != typ:
		return fmt.Errorf("%w: want %s, got %s", ErrUnexpectedType, typ, strconv.Quote(r.Type))
	}
	return nil
}

// unmarshalAs decodes b as a resource and stores its typed view as in dst.
func unmarshalAs[T any](b []byte, dst *T, as func(*Resource) (*T, error)) error {
	r := new(Resource)
	if err := jsonx.UnmarshalStd(b, r); err != nil {
		return err
	}
	if err := r.check(); err != nil {
		return err
	}
	v, err := as(r)
	if err != nil {
		return err
	}
	*dst = *v
	return nil
}
