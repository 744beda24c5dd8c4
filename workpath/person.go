package workpath

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"github.com/labwire/labwire/internal/jsonx"
	"github.com/labwire/labwire/internal/transport"
)

// Person is a patient, guarantor or insured person, and the person behind a user or
// specialist. Workpath's answers name a person with "name" where its tables say first_name
// and last_name, and send "dob" where its tables say date_of_birth: both forms decode. It is
// patient data.
type Person struct {
	ID int64 `json:"id" phi:"id"`
	// FirstName and LastName, when Workpath sent them; its examples send only Name.
	FirstName string `json:"first_name,omitempty"`
	LastName  string `json:"last_name,omitempty"`
	// Name is the full name as Workpath sent it, or FirstName and LastName joined by a space
	// when it sent only those. It is never split into first and last.
	Name string `json:"name,omitempty"`
	// DateOfBirth comes from "dob" or, failing that, "date_of_birth".
	DateOfBirth      Date          `json:"dob,omitzero"`
	Gender           string        `json:"gender,omitempty"`
	BiologicalSex    BiologicalSex `json:"biological_sex,omitempty"`
	Phone            string        `json:"phone,omitempty"`
	Email            string        `json:"email,omitempty"`
	PhotoURL         string        `json:"photo_url,omitempty"`
	MessagingEnabled *bool         `json:"messaging_enabled,omitempty"`
	Addresses        []Address     `json:"addresses,omitempty"`
	Tags             []Tag         `json:"tags,omitempty"`
	Documents        []Document    `json:"documents,omitempty"`

	raw jsonx.Raw
}

// UnmarshalJSON decodes both spellings of the date of birth and joins first and last name
// into Name when only they were sent.
func (p *Person) UnmarshalJSON(data []byte) error {
	var w personAnswer
	if err := jsonx.UnmarshalStd(data, &w); err != nil {
		return err
	}
	*p = w.person()
	return nil
}

// personAnswer is a Person with both spellings of the date of birth and no decoding method:
// an answer that is a person decodes into it in one pass of the decoder, where a Person's
// UnmarshalJSON would have the object found and checked again before decoding it.
type personAnswer struct {
	personFields
	DateOfBirthLong Date `json:"date_of_birth"`
}

type personFields Person

// person returns the decoded person.
func (w *personAnswer) person() Person {
	p := Person(w.personFields)
	if p.DateOfBirth.IsZero() {
		p.DateOfBirth = w.DateOfBirthLong
	}
	if p.Name == "" {
		p.Name = strings.TrimSpace(p.FirstName + " " + p.LastName)
	}
	return p
}

// bindRaw records where the person is in the answer.
func (p *Person) bindRaw(raw jsonx.Raw) { p.raw = raw }

// bindRaw records where the person is in the answer.
func (w *personAnswer) bindRaw(raw jsonx.Raw) { w.raw = raw }

// RawJSON returns the person as Workpath sent it: set for a person fetched or created, and
// for an appointment's subject; nil otherwise. It is patient data.
func (p *Person) RawJSON() json.RawMessage { return p.raw.JSON() }

// PersonCreateParams creates a person. The date of birth is sent as "dob" in the form
// YYYY-MM-DD, as every example does (the docs' table says date_of_birth, and a validation
// message says MMDDYYYY; every example contradicts both).
type PersonCreateParams struct {
	// FirstName and LastName are required.
	FirstName string `json:"first_name"`
	LastName  string `json:"last_name"`
	// Gender is required (free text, e.g. "female").
	Gender string `json:"gender"`
	// BiologicalSex is required: one of the six options, in any case.
	BiologicalSex BiologicalSex `json:"biological_sex"`
	// DateOfBirth is required.
	DateOfBirth Date `json:"dob"`
	// Phone is required, with its country code: "+18045551234", not "8045551234".
	Phone string `json:"phone"`
	// Email is required.
	Email string `json:"email"`
	// PhotoURL links a profile picture.
	PhotoURL *string `json:"photo_url,omitempty"`
	// MessagingEnabled turns messaging on or off.
	MessagingEnabled *bool `json:"messaging_enabled,omitempty"`
	// Addresses are required (at least one), each with Street, City, State, Zip, Country,
	// Latitude, Longitude and Timezone.
	Addresses []Address `json:"addresses,omitempty" phi:"count"`
}

// PersonUpdateParams replaces a person's fields, all but the addresses, which an update
// does not take. Its fields are PersonCreateParams' and checked the same way.
type PersonUpdateParams struct {
	// FirstName and LastName are required.
	FirstName string `json:"first_name"`
	LastName  string `json:"last_name"`
	// Gender is required (free text, e.g. "female").
	Gender string `json:"gender"`
	// BiologicalSex is required: one of the six options, in any case.
	BiologicalSex BiologicalSex `json:"biological_sex"`
	// DateOfBirth is required.
	DateOfBirth Date `json:"dob"`
	// Phone is required, with its country code: "+18045551234", not "8045551234".
	Phone string `json:"phone"`
	// Email is required.
	Email string `json:"email"`
	// PhotoURL links a profile picture.
	PhotoURL *string `json:"photo_url,omitempty"`
	// MessagingEnabled turns messaging on or off.
	MessagingEnabled *bool `json:"messaging_enabled,omitempty"`
}

func (p *PersonCreateParams) validate() error {
	if p == nil {
		return invalid("params", "must not be nil")
	}
	if err := checkPerson(p.FirstName, p.LastName, p.Gender, p.BiologicalSex, p.DateOfBirth, p.Phone, p.Email); err != nil {
		return err
	}
	if len(p.Addresses) == 0 {
		return invalid("Addresses", "at least one address is required")
	}
	for i, a := range p.Addresses {
		at := "Addresses[" + strconv.Itoa(i) + "]."
		for _, f := range []struct{ name, v string }{{"Street", a.Street}, {"City", a.City}, {"State", a.State}, {"Zip", a.Zip}, {"Country", a.Country}, {"Timezone", a.Timezone}} {
			if err := required(at+f.name, f.v); err != nil {
				return err
			}
		}
		if a.Latitude == nil || a.Longitude == nil {
			return invalid(at+"Latitude", "latitude and longitude are required")
		}
		if err := checkPhone(at+"Phone", a.Phone); err != nil {
			return err
		}
	}
	return checkCarets("", p)
}

func (p *PersonUpdateParams) validate() error {
	if p == nil {
		return invalid("params", "must not be nil")
	}
	if err := checkPerson(p.FirstName, p.LastName, p.Gender, p.BiologicalSex, p.DateOfBirth, p.Phone, p.Email); err != nil {
		return err
	}
	return checkCarets("", p)
}

// checkPerson checks the fields a create and an update share.
func checkPerson(first, last, gender string, sex BiologicalSex, dob Date, phone, email string) error {
	if err := checkName("", first, last); err != nil {
		return err
	}
	for _, f := range []struct{ name, v string }{{"Gender", gender}, {"BiologicalSex", string(sex)}, {"Phone", phone}, {"Email", email}} {
		if err := required(f.name, f.v); err != nil {
			return err
		}
	}
	if dob.IsZero() {
		return invalid("DateOfBirth", "is required")
	}
	if err := checkSex("BiologicalSex", sex); err != nil {
		return err
	}
	if err := checkPhone("Phone", phone); err != nil {
		return err
	}
	if !strings.Contains(email, "@") {
		return invalid("Email", "must be an email address")
	}
	return nil
}

// PeopleService is Client.People. Workpath removed the people routes from its published docs
// in April 2022; they are wrapped as the seed documents them.
type PeopleService struct{ c *Client }

// Create creates a person. Workpath does not document the answer; it may be the person or
// only {"request_id": N}, and both decode into the Created.
//
// POST /people
func (s *PeopleService) Create(ctx context.Context, p *PersonCreateParams, opts ...RequestOption) (*Created[Person], error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	var out Created[Person]
	if err := s.c.send(ctx, transport.Request{Op: "people.create", Method: http.MethodPost, Route: "/people", JSON: p, HasID: out.identified}, authBearer, opts, createdAnswer[Person]{&out}); err != nil {
		return nil, err
	}
	return &out, nil
}

// Get returns one person.
//
// GET /people/{id}
func (s *PeopleService) Get(ctx context.Context, id int64, opts ...RequestOption) (*Person, error) {
	if err := checkID("id", id); err != nil {
		return nil, err
	}
	var out personAnswer
	if err := s.c.sendOne(ctx, transport.Request{Op: "people.get", Method: http.MethodGet, Route: "/people/{id}", Params: []string{itoa(id)}}, authBearer, opts, jsonx.Into(&out, (*personAnswer).bindRaw)); err != nil {
		return nil, err
	}
	p := out.person()
	return &p, nil
}

// Update replaces a person's fields (all but the addresses) and returns the person.
//
// PUT /people/{id}
func (s *PeopleService) Update(ctx context.Context, id int64, p *PersonUpdateParams, opts ...RequestOption) (*Person, error) {
	if err := checkID("id", id); err != nil {
		return nil, err
	}
	if err := p.validate(); err != nil {
		return nil, err
	}
	var out personAnswer
	if err := s.c.sendOne(ctx, transport.Request{Op: "people.update", Method: http.MethodPut, Route: "/people/{id}", Params: []string{itoa(id)}, JSON: p}, authBearer, opts, jsonx.Into(&out, (*personAnswer).bindRaw)); err != nil {
		return nil, err
	}
	person := out.person()
	return &person, nil
}

// Delete deletes a person.
//
// DELETE /people/{id}
func (s *PeopleService) Delete(ctx context.Context, id int64, opts ...RequestOption) (*Receipt, error) {
	if err := checkID("id", id); err != nil {
		return nil, err
	}
	return s.c.sendReceipt(ctx, transport.Request{Op: "people.delete", Method: http.MethodDelete, Route: "/people/{id}", Params: []string{itoa(id)}}, authBearer, opts)
}

func itoa(id int64) string { return strconv.FormatInt(id, 10) }
