package workpath

import (
	"context"
	"encoding/json"
	"net/http"
	"time"

	"github.com/labwire/labwire/internal/jsonx"
	"github.com/labwire/labwire/internal/transport"
)

// Appointment is Workpath's central object: the time and place where a specialist performs a
// set of services. It holds patient data (Subject, Location).
type Appointment struct {
	ID     int64             `json:"id" phi:"id"`
	Status AppointmentStatus `json:"status,omitempty" phi:"token"`
	Type   AppointmentType   `json:"type,omitempty" phi:"token"`
	// StartTime and EndTime are zero for an unscheduled appointment.
	StartTime           time.Time `json:"start_time,omitzero"`
	EndTime             time.Time `json:"end_time,omitzero"`
	PublishedAt         time.Time `json:"published_at,omitzero"`
	SpecialistsNeeded   int       `json:"specialists_needed,omitempty"`
	SpecialistsAccepted int       `json:"specialists_accepted,omitempty"`
	SpecialistPayment   Decimal   `json:"specialist_payment,omitzero"`
	// AltID is your third-party id, nil when not set.
	AltID *string `json:"alt_id,omitempty"`
	// MedicalRecordNumber is the MRN as sent: a JSON number in Workpath's docs (digits kept),
	// a string accepted too; "" when null.
	MedicalRecordNumber MedicalRecordNumber `json:"medical_record_number,omitempty"`
	// RequisitionID is the requisition id, when set.
	RequisitionID string `json:"requisition_id,omitempty"`
	// ParentID is the parent appointment (a shift), nil when none.
	ParentID            *int64 `json:"parent_id,omitempty"`
	Authorized          bool   `json:"authorized,omitempty"`
	RequirementsMessage string `json:"requirements_message,omitempty"`
	// Location is where the appointment happens.
	Location *Address `json:"location,omitempty"`
	// Originator is the organization that ordered it; Distributor the one responsible for
	// fulfilling it.
	Originator  *Organization `json:"originator,omitempty"`
	Distributor *Organization `json:"distributor,omitempty"`
	// Data is the collected data (shipping ids and the like).
	Data []AppointmentData `json:"data,omitempty"`
	// Network lists the organizations that see it while Available.
	Network []Ref `json:"network,omitempty"`
	// Subject is the patient.
	Subject *Person `json:"subject,omitempty"`
	// Creator is the user who created it.
	Creator *User `json:"creator,omitempty"`
	// Specialist is the assigned mobile user.
	Specialist *Specialist `json:"specialist,omitempty"`
	Services   []Service   `json:"services,omitempty"`
	Tags       []Tag       `json:"tags,omitempty"`
	Documents  []Document  `json:"documents,omitempty"`
	// PaymentStatus is the disposition of the outgoing payment, e.g. "Pending".
	PaymentStatus string  `json:"payment_status,omitempty"`
	PaymentAmount Decimal `json:"payment_amount,omitzero"`

	raw jsonx.Raw
}

// bindRaw records where the appointment and its subject are in the answer.
func (a *Appointment) bindRaw(raw jsonx.Raw) {
	a.raw = raw
	if a.Subject != nil {
		a.Subject.raw = a.raw.Field("subject")
	}
}

// RawJSON returns the appointment as Workpath sent it, or nil when it was not decoded by
// this package. It is patient data.
func (a *Appointment) RawJSON() json.RawMessage { return a.raw.JSON() }

// MedicalRecordNumber is an MRN: Workpath documents a number, which is kept digit for digit;
// a string is kept as sent.
type MedicalRecordNumber string

// UnmarshalJSON decodes a number (digits kept), a string or null.
func (m *MedicalRecordNumber) UnmarshalJSON(data []byte) error {
	var n numberText
	if err := n.UnmarshalJSON(data); err != nil {
		return err
	}
	*m = MedicalRecordNumber(n)
	return nil
}

// AppointmentData is one item of collected data.
type AppointmentData struct {
	ID    int64  `json:"id,omitempty" phi:"id"`
	Value string `json:"value"`
	// Label is e.g. "Shipping ID"; Type e.g. "shipping".
	Label string `json:"label,omitempty"`
	Type  string `json:"type,omitempty"`
}

// AppointmentUpdateParams changes an appointment; nil fields are not sent.
type AppointmentUpdateParams struct {
	Status            *AppointmentStatus `json:"status,omitempty" phi:"token"`
	Type              *AppointmentType   `json:"type,omitempty"`
	PublishedAt       *time.Time         `json:"published_at,omitempty"`
	SpecialistsNeeded *int               `json:"specialists_needed,omitempty"`
	SpecialistPayment *Decimal           `json:"specialist_payment,omitzero"`
	AltID             *string            `json:"alt_id,omitempty"`
	// MedicalRecordNumber is sent as a JSON number, as Workpath documents it.
	MedicalRecordNumber *int64   `json:"medical_record_number,omitempty"`
	RequisitionID       *string  `json:"requisition_id,omitempty"`
	ParentID            *int64   `json:"parent_id,omitempty"`
	Location            *Address `json:"location,omitempty"`
	// Distributor is the organization responsible for fulfilment.
	Distributor *Ref `json:"distributor,omitempty"`
	// Subject is the patient.
	Subject *Patient `json:"subject,omitempty"`
	// Specialist assigns a specialist.
	Specialist    *Ref     `json:"specialist,omitempty"`
	PaymentStatus *string  `json:"payment_status,omitempty"`
	PaymentAmount *Decimal `json:"payment_amount,omitzero"`
	// Network lists the organizations that see the appointment while it is Available.
	Network []Ref `json:"network,omitempty"`
}

func (p *AppointmentUpdateParams) validate() error {
	if p == nil {
		return invalid("params", "must not be nil")
	}
	if p.Status != nil && !p.Status.IsKnown() {
		return invalid("Status", "is not one of the thirteen documented statuses (spelt exactly)")
	}
	if p.Type != nil && !p.Type.IsKnown() {
		return invalid("Type", "must be Single or Shift")
	}
	for _, d := range []struct {
		name string
		v    *Decimal
	}{{"SpecialistPayment", p.SpecialistPayment}, {"PaymentAmount", p.PaymentAmount}} {
		if d.v != nil && d.v.IsZero() {
			return invalid(d.name, "must be a number (the zero Decimal is no value)")
		}
	}
	if p.Location != nil {
		if err := checkPhone("Location.Phone", p.Location.Phone); err != nil {
			return err
		}
	}
	if p.Subject != nil {
		if err := checkPhone("Subject.Phone", p.Subject.Phone); err != nil {
			return err
		}
		if err := checkSex("Subject.BiologicalSex", p.Subject.BiologicalSex); err != nil {
			return err
		}
	}
	return checkCarets("", p)
}

// AppointmentsService is Client.Appointments. The writes need the "Update appointment
// details" permission; without it Workpath answers 403 (ErrForbidden).
type AppointmentsService struct{ c *Client }

// Get returns one appointment.
//
// GET /appointments/{id}
func (s *AppointmentsService) Get(ctx context.Context, id int64, opts ...RequestOption) (*Appointment, error) {
	if err := checkID("id", id); err != nil {
		return nil, err
	}
	var out Appointment
	if err := s.c.sendOne(ctx, transport.Request{Op: "appointments.get", Method: http.MethodGet, Route: "/appointments/{id}", Params: []string{itoa(id)}}, authBearer, opts, jsonx.Into(&out, (*Appointment).bindRaw)); err != nil {
		return nil, err
	}
	return &out, nil
}

// Update changes an appointment and returns it. A PUT is idempotent, so it is retried like a
// read.
//
// PUT /appointments/{id}
func (s *AppointmentsService) Update(ctx context.Context, id int64, p *AppointmentUpdateParams, opts ...RequestOption) (*Appointment, error) {
	if err := checkID("id", id); err != nil {
		return nil, err
	}
	if err := p.validate(); err != nil {
		return nil, err
	}
	var out Appointment
	if err := s.c.sendOne(ctx, transport.Request{Op: "appointments.update", Method: http.MethodPut, Route: "/appointments/{id}", Params: []string{itoa(id)}, JSON: p}, authBearer, opts, jsonx.Into(&out, (*Appointment).bindRaw)); err != nil {
		return nil, err
	}
	return &out, nil
}

// Cancel cancels an appointment. Workpath does not document the answer. Cancelling is
// idempotent by nature (a cancelled appointment stays cancelled), so a cancel whose outcome is
// unknown is retried.
//
// POST /appointments/{id}/cancel
func (s *AppointmentsService) Cancel(ctx context.Context, id int64, opts ...RequestOption) (*Receipt, error) {
	if err := checkID("id", id); err != nil {
		return nil, err
	}
	return s.c.sendReceipt(ctx, transport.Request{Op: "appointments.cancel", Method: http.MethodPost, Route: "/appointments/{id}/cancel", Params: []string{itoa(id)}, Idempotent: true}, authBearer, opts)
}
