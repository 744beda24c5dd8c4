package rupa

// Practitioner is a Rupa practitioner (type "practitioner"), who belongs to a clinic. An
// order's patients_practitioner and signing_practitioner link to practitioners, and events
// include them.
type Practitioner struct {
	*Resource `phi:"id:id=ID;token:type=Type"`
	// Attributes are the practitioner's attributes, typed.
	Attributes PractitionerAttributes
}

// PractitionerAttributes are the attributes of a practitioner in Rupa's example. They are
// personal data: PractitionerAttributes prints and logs redacted.
type PractitionerAttributes struct {
	// FirstName and LastName are the practitioner's names.
	FirstName string `json:"first_name"`
	LastName  string `json:"last_name"`
	// TitledFullName is the name with title, e.g. "Dr. Sabrina Davis".
	TitledFullName string `json:"titled_full_name"`
	// Phone is in E.164 form in Rupa's example.
	Phone string `json:"phone"`
	// Address is the practitioner's address; nil when null.
	Address *Address `json:"address"`
	// OrderingAuthorizationStatus says whether a physician authorised the practitioner to
	// order; nil when null.
	OrderingAuthorizationStatus *OrderingAuthorizationStatus `json:"ordering_authorization_status"`
	// PrimaryPractitionerType is the practitioner's type; nil when null. Rupa's example
	// puts a UUID in its name.
	PrimaryPractitionerType *PractitionerType `json:"primary_practitioner_type"`
	// VerificationStatus says what Rupa has verified; nil when null.
	VerificationStatus *VerificationStatus `json:"verification_status"`
}

// Address is a postal address in Rupa's form.
type Address struct {
	Street1 string  `json:"street_1"`
	Street2 *string `json:"street_2"`
	City    string  `json:"city"`
	State   string  `json:"state"`
	Zip     string  `json:"zip"`
}

// OrderingAuthorizationStatus is a practitioner's ordering authorization.
type OrderingAuthorizationStatus struct {
	// PhysicianAuthorizationApproved is whether a physician approved ordering; nil when
	// absent.
	PhysicianAuthorizationApproved *bool `json:"physician_authorization_approved"`
}

// PractitionerType is a practitioner's type.
type PractitionerType struct {
	Name string `json:"name" phi:"none"`
}

// VerificationStatus is what Rupa has verified of a practitioner.
type VerificationStatus struct {
	// Email is whether the email address is verified; nil when absent.
	Email *bool `json:"email"`
}

// AsPractitioner decodes r as a Practitioner; see AsOrder for the errors.
func (r *Resource) AsPractitioner() (*Practitioner, error) {
	a, err := decodeAs[PractitionerAttributes](r, ResourceTypePractitioner)
	if err != nil {
		return nil, err
	}
	return &Practitioner{Resource: r, Attributes: a}, nil
}

// UnmarshalJSON decodes a practitioner resource.
func (p *Practitioner) UnmarshalJSON(b []byte) error {
	return unmarshalAs(b, p, (*Resource).AsPractitioner)
}

// Clinic returns the clinic the practitioner belongs to. Rupa's events link it but do not
// include it; its id is what a platform matches practitioners by. The link is read to-one
// or as a one-element to-many array.
func (p *Practitioner) Clinic() (Identifier, error) { return linkSingle(p.Resource, RelClinic) }
