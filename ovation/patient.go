package ovation

// Patient is the patient of a requisition. It is PHI: it prints, logs and marshals as
// ovation.Patient{PHI redacted}.
type Patient struct {
	// Identifier is the lab's patient identifier (MRN).
	Identifier string `json:"identifier,omitempty"`
	// FirstName and LastName are the patient's names.
	FirstName string `json:"firstName,omitempty"`
	LastName  string `json:"lastName,omitempty"`
	// StreetAddress and StreetAddressLine2 are the two lines of the street address.
	StreetAddress      string `json:"streetAddress,omitempty"`
	StreetAddressLine2 string `json:"streetAddressLine2,omitempty"`
	// City, State and ZipCode complete the address.
	City    string `json:"city,omitempty"`
	State   string `json:"state,omitempty"`
	ZipCode string `json:"zipCode,omitempty"`
	// DateOfBirth is sent as YYYY-MM-DD.
	DateOfBirth Date `json:"dateOfBirth,omitzero"`
	// PhoneNumber and Email are the patient's contacts.
	PhoneNumber string `json:"phoneNumber,omitempty"`
	Email       string `json:"email,omitempty"`
	// Gender and Race take the documented values (GenderValues, RaceValues): create and
	// update refuse others before sending, as Ovation refuses them. Ethnicity takes the
	// documented values or those the template configures (see the requisition schema).
	Gender    Gender    `json:"gender,omitempty"`
	Ethnicity Ethnicity `json:"ethnicity,omitempty"`
	Race      Race      `json:"race,omitempty"`
	// CustomAttributes are the patient's custom attributes.
	CustomAttributes CustomAttributes `json:"customAttributes,omitempty"`
}
