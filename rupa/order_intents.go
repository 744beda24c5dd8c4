package rupa

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/labwire/labwire/internal/jsonx"
	"github.com/labwire/labwire/internal/transport"
)

// OrderIntent is a cart Rupa created for a practitioner: send the practitioner's browser to
// URL to check out; Rupa sends them back to the return URL and reports the order through
// webhook events.
type OrderIntent struct {
	// ID is the order intent's id, e.g. "ordin_FdpEhkM".
	ID string `json:"id" phi:"id"`
	// RedirectURL is where to send the practitioner, as rupa-js names it.
	RedirectURL string `json:"redirect_url,omitempty"`
	// CheckoutURL is the same link as Rupa's checkout guide names it. Rupa's documents use
	// both names; URL returns whichever came.
	CheckoutURL string `json:"checkout_url,omitempty"`

	raw jsonx.Raw
}

func (o *OrderIntent) bindRaw(raw jsonx.Raw) { o.raw = raw }

// RawJSON returns the answer exactly as Rupa sent it.
func (o *OrderIntent) RawJSON() json.RawMessage { return o.raw.JSON() }

// URL returns the checkout link: redirect_url, or checkout_url when only that came.
func (o *OrderIntent) URL() string {
	if o.RedirectURL != "" {
		return o.RedirectURL
	}
	return o.CheckoutURL
}

// OrderIntentCreateParams is a new order intent: who the patient is (PatientData for a new
// patient, or Patient for an existing one: exactly one of them), which lab tests to put in
// the cart, where to send the practitioner afterwards, and metadata Rupa echoes in the
// order's events. It is sent as plain JSON (not JSON:API).
type OrderIntentCreateParams struct {
	// PatientData describes a patient Rupa does not know yet. Give it or Patient.
	PatientData *PatientData `json:"patient_data,omitempty"`
	// Patient is the id of an existing patient (e.g. "pat_NqXmvRr"). Give it or PatientData.
	Patient string `json:"patient,omitempty" phi:"id"`
	// LabTests are lab test ids from Rupa's catalog (e.g. "labts_N0EW1vP"); optional, the
	// practitioner can add tests at checkout. Rupa's catalog endpoint is not public.
	LabTests []string `json:"lab_tests,omitempty" phi:"count"`
	// ReturnURL is where Rupa sends the practitioner after checkout: an absolute http or
	// https URL. Required.
	ReturnURL string `json:"return_url"`
	// Metadata is any JSON object; Rupa sends it in the order's webhook events.
	Metadata map[string]any `json:"metadata,omitempty"`
}

// PatientData is a new patient for an order intent. FirstName, LastName and Email are
// required; the rest the patient can fill in when paying. It is patient data: it prints and
// logs redacted.
type PatientData struct {
	FirstName string `json:"first_name"`
	LastName  string `json:"last_name"`
	// Email is the patient's address, e.g. "jane@example.com" (no display name).
	Email string `json:"email"`
	// PhoneNumber is in E.164 form, e.g. "+12025550124".
	PhoneNumber string `json:"phone_number,omitempty"`
	// Birthday is the date of birth, sent as YYYY-MM-DD.
	Birthday Date `json:"birthday,omitzero"`
	// Gender is free text; Rupa lists no values.
	Gender string `json:"gender,omitempty"`
	// ShippingAddress is where kits are shipped; all four fields are required when it is
	// set.
	ShippingAddress *ShippingAddress `json:"shipping_address,omitempty"`
}

// ShippingAddress is a patient's shipping address for an order intent.
type ShippingAddress struct {
	Street  string `json:"street"`
	City    string `json:"city"`
	State   string `json:"state"`
	Zipcode string `json:"zipcode"`
}

// OrderIntentsService is Client.OrderIntents.
type OrderIntentsService struct{ c *Client }

// orderIntentsRoute keeps rupa-js's trailing slash.
const orderIntentsRoute = "/order-intents/"

// ErrNoOrderIntentID matches the *RequestError of Create when Rupa answered 2xx without an
// id: the order intent may exist, but there is nothing to redirect to. It is
// ErrInvalidResponse, which every vendor's call that returns one resource fails with when
// the answer holds no id.
var ErrNoOrderIntentID = ErrInvalidResponse

// ErrBadCheckoutURL is the cause of a *RequestError from Create when Rupa's answer has no
// checkout link, or a redirect_url or checkout_url that is not an absolute http or https URL:
// the order intent exists, but there is no link to follow.
var ErrBadCheckoutURL = errors.New("answer's checkout link is missing or not an http(s) URL")

// Create creates an order intent for the client's practitioner and returns it with the
// checkout link (OrderIntent.URL). The params are checked before anything is sent. Rupa
// documents no idempotency key, so a create that may have reached Rupa is not retried; an
// error matching ErrOutcomeUnknown means an order intent may exist (an unused one expires
// with nobody sent to it).
//
// POST /order-intents/
func (s *OrderIntentsService) Create(ctx context.Context, p *OrderIntentCreateParams, opts ...RequestOption) (*OrderIntent, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	var out OrderIntent
	var resp Response
	err := s.c.send(ctx, transport.Request{
		Op: "order_intents.create", Method: http.MethodPost, Route: orderIntentsRoute,
		JSON: p, Response: &resp, HasID: func() bool { return out.ID != "" },
	}, opts, jsonx.Into(&out, (*OrderIntent).bindRaw))
	if err != nil {
		return nil, err
	}
	if out.URL() == "" || out.RedirectURL != "" && !isAbsoluteHTTPURL(out.RedirectURL) ||
		out.CheckoutURL != "" && !isAbsoluteHTTPURL(out.CheckoutURL) {
		// never send a practitioner's browser nowhere, to javascript: or a relative path
		return nil, &RequestError{Vendor: vendor, Method: http.MethodPost, Route: orderIntentsRoute,
			Attempts: resp.Attempts, LastStatus: resp.StatusCode, Err: ErrBadCheckoutURL}
	}
	return &out, nil
}

func (p *OrderIntentCreateParams) validate() error {
	bad := func(field, reason string) error {
		return &ValidationError{Vendor: vendor, Field: field, Reason: reason}
	}
	switch {
	case p == nil:
		return bad("params", "must not be nil")
	case p.PatientData == nil && strings.TrimSpace(p.Patient) == "":
		return bad("PatientData", "one of PatientData and Patient is required")
	case p.PatientData != nil && p.Patient != "":
		return bad("PatientData", "give PatientData or Patient, not both")
	case strings.TrimSpace(p.ReturnURL) == "":
		return bad("ReturnURL", "must not be empty")
	case !isAbsoluteHTTPURL(p.ReturnURL):
		return bad("ReturnURL", "must be an absolute http or https URL")
	}
	for i, id := range p.LabTests {
		if strings.TrimSpace(id) == "" {
			return bad("LabTests["+strconv.Itoa(i)+"]", "must not be empty")
		}
	}
	for k := range p.Metadata {
		if k == "" {
			return bad("Metadata", "keys must not be empty")
		}
	}
	if p.Metadata != nil {
		if _, err := json.Marshal(p.Metadata); err != nil {
			return bad("Metadata", "cannot be encoded as JSON")
		}
	}
	if p.PatientData != nil {
		return p.PatientData.validate("PatientData.")
	}
	return nil
}

func (d *PatientData) validate(at string) error {
	bad := func(field, reason string) error {
		return &ValidationError{Vendor: vendor, Field: at + field, Reason: reason}
	}
	switch {
	case strings.TrimSpace(d.FirstName) == "":
		return bad("FirstName", "must not be empty")
	case strings.TrimSpace(d.LastName) == "":
		return bad("LastName", "must not be empty")
	case strings.TrimSpace(d.Email) == "":
		return bad("Email", "must not be empty")
	case !isEmail(d.Email):
		return bad("Email", "must be an email address such as name@example.com")
	case d.PhoneNumber != "" && !isE164(d.PhoneNumber):
		return bad("PhoneNumber", "must be in E.164 form: + then 2 to 15 digits, no spaces")
	case !d.Birthday.IsZero() && !isCalendarDate(d.Birthday):
		return bad("Birthday", "must be a calendar date")
	}
	if a := d.ShippingAddress; a != nil {
		for _, f := range []struct{ name, v string }{
			{"Street", a.Street}, {"City", a.City}, {"State", a.State}, {"Zipcode", a.Zipcode},
		} {
			if strings.TrimSpace(f.v) == "" {
				return bad("ShippingAddress."+f.name, "must not be empty")
			}
		}
	}
	return nil
}
