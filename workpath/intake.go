package workpath

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"github.com/labwire/labwire/internal/jsonx"
	"github.com/labwire/labwire/internal/transport"
)

// Intake is the start of a patient request. Depending on its order form Workpath asks the
// patient for missing details and, once they are complete, converts the intake into an
// appointment (at once when the form auto-publishes; otherwise after an office user
// verifies it). It is patient data.
type Intake struct {
	ID int64 `json:"id" phi:"id"`
	// OrderForm is the id of the order form that drives the intake.
	OrderForm int64 `json:"order_form,omitempty" phi:"id"`
	// Provider is the physician or prescribing entity.
	Provider *Provider `json:"provider,omitempty"`
	// Patient is the patient.
	Patient *Patient `json:"patient,omitempty"`
	// Services are the requested services with their ICD-10 codes.
	Services []IntakeService `json:"services,omitempty" phi:"count"`
	// StartTime is the requested start of the service; zero when not set.
	StartTime time.Time `json:"start_time,omitzero"`
	// Location is where the service happens.
	Location *Address `json:"location,omitempty"`
	// Notes are for the specialist.
	Notes string `json:"notes,omitempty"`
	// Fields and PatientFields are the order form's custom fields.
	Fields        []CustomField `json:"fields,omitempty"`
	PatientFields []CustomField `json:"patient_fields,omitempty"`
	// Appointment is the id of the appointment the intake was converted into, or nil.
	Appointment *int64 `json:"appointment,omitempty" phi:"id"`

	raw jsonx.Raw
}

// bindRaw records where the intake is in the answer.
func (in *Intake) bindRaw(raw jsonx.Raw) { in.raw = raw }

// RawJSON returns the intake as Workpath sent it, or nil when it was not decoded by this
// package. It is patient data.
func (in *Intake) RawJSON() json.RawMessage { return in.raw.JSON() }

// Provider is the physician or prescribing entity of an intake.
type Provider struct {
	ID               int64  `json:"id,omitempty" phi:"id"`
	FirstName        string `json:"first_name,omitempty"`
	LastName         string `json:"last_name,omitempty"`
	Email            string `json:"email,omitempty"`
	Phone            string `json:"phone,omitempty"`
	OrganizationName string `json:"organization_name,omitempty"`
	// NPI is the National Provider Identifier, a string of ten digits.
	NPI string `json:"npi,omitempty"`
	// Status is the provider's verification status, e.g. "active".
	Status string `json:"status,omitempty"`
}

// Patient is the patient of an intake, and the subject sent in an appointment update. It is
// patient data.
type Patient struct {
	ID         int64  `json:"id,omitempty" phi:"id"`
	FirstName  string `json:"first_name,omitempty"`
	MiddleName string `json:"middle_name,omitempty"`
	LastName   string `json:"last_name,omitempty"`
	// Phone must carry its country code ("+18045551234"); the docs' own example "8048675309"
	// would be refused.
	Phone string `json:"phone,omitempty"`
	Email string `json:"email,omitempty"`
	// BiologicalSex is one of the six options, in any case.
	BiologicalSex BiologicalSex `json:"biological_sex,omitempty"`
	Gender        string        `json:"gender,omitempty"`
	// DateOfBirth is sent as "dob" (Workpath's later docs add it to intakes).
	DateOfBirth Date `json:"dob,omitzero"`
	// MessagingEnabledSMS and MessagingEnabledEmail choose how Workpath contacts the patient.
	MessagingEnabledSMS   *bool `json:"messaging_enabled_sms,omitempty"`
	MessagingEnabledEmail *bool `json:"messaging_enabled_email,omitempty"`
}

func (p *Patient) validate(prefix string) error {
	if p == nil {
		return nil
	}
	if err := checkName(prefix, p.FirstName, p.LastName); err != nil {
		return err
	}
	if err := checkPhone(prefix+"Phone", p.Phone); err != nil {
		return err
	}
	return checkSex(prefix+"BiologicalSex", p.BiologicalSex)
}

// IntakeService is a requested service.
type IntakeService struct {
	// ID is the service id (from Services.List or Workpath's web app).
	ID int64 `json:"id" phi:"id"`
	// DiagnosisCodes are the ICD-10 codes that apply, e.g. "Z00.12".
	DiagnosisCodes []string `json:"diagnosis_codes,omitempty"`
}

// CustomField is an order form's custom field.
type CustomField struct {
	Key      string `json:"key" phi:"id"`
	Show     *bool  `json:"show,omitempty"`
	Required *bool  `json:"required,omitempty"`
	// Value is any JSON value; nil when not set.
	Value json.RawMessage `json:"value,omitempty"`
	// Big presents the field as a text box rather than a text field.
	Big *bool `json:"big,omitempty"`
}

// IntakeCreateParams creates an intake. Workpath's seed docs mark no intake field required;
// the checks are those of its validation messages: a patient needs first and last name, a
// phone with its country code and one of the six biological sexes, and no string may hold ^.
type IntakeCreateParams struct {
	OrderForm     int64           `json:"order_form,omitempty" phi:"id"`
	Provider      *Provider       `json:"provider,omitempty"`
	Patient       *Patient        `json:"patient,omitempty"`
	Services      []IntakeService `json:"services,omitempty" phi:"count"`
	StartTime     time.Time       `json:"start_time,omitzero"`
	Location      *Address        `json:"location,omitempty"`
	Notes         string          `json:"notes,omitempty"`
	Fields        []CustomField   `json:"fields,omitempty"`
	PatientFields []CustomField   `json:"patient_fields,omitempty"`
}

func (p *IntakeCreateParams) validate() error {
	if p == nil {
		return invalid("params", "must not be nil")
	}
	if err := p.Patient.validate("Patient."); err != nil {
		return err
	}
	if p.Provider != nil {
		if err := checkPhone("Provider.Phone", p.Provider.Phone); err != nil {
			return err
		}
	}
	if p.Location != nil {
		if err := checkPhone("Location.Phone", p.Location.Phone); err != nil {
			return err
		}
	}
	for i, sv := range p.Services {
		if err := checkID("Services["+strconv.Itoa(i)+"].ID", sv.ID); err != nil {
			return err
		}
	}
	for i, f := range p.Fields {
		if f.Key == "" {
			return invalid("Fields["+strconv.Itoa(i)+"].Key", "is required")
		}
	}
	for i, f := range p.PatientFields {
		if f.Key == "" {
			return invalid("PatientFields["+strconv.Itoa(i)+"].Key", "is required")
		}
	}
	return checkCarets("", p)
}

// IntakesService is Client.Intakes.
type IntakesService struct{ c *Client }

// Create creates an intake. Workpath does not document the answer: the intake or only
// {"request_id": N}; both decode into the Created.
//
// POST /intakes
func (s *IntakesService) Create(ctx context.Context, p *IntakeCreateParams, opts ...RequestOption) (*Created[Intake], error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	var out Created[Intake]
	if err := s.c.send(ctx, transport.Request{Op: "intakes.create", Method: http.MethodPost, Route: "/intakes", JSON: p, HasID: out.identified}, authBearer, opts, createdAnswer[Intake]{&out}); err != nil {
		return nil, err
	}
	return &out, nil
}

// Get returns one intake; its Appointment is set once it was converted.
//
// GET /intakes/{id}
func (s *IntakesService) Get(ctx context.Context, id int64, opts ...RequestOption) (*Intake, error) {
	if err := checkID("id", id); err != nil {
		return nil, err
	}
	var out Intake
	if err := s.c.sendOne(ctx, transport.Request{Op: "intakes.get", Method: http.MethodGet, Route: "/intakes/{id}", Params: []string{itoa(id)}}, authBearer, opts, jsonx.Into(&out, (*Intake).bindRaw)); err != nil {
		return nil, err
	}
	return &out, nil
}
