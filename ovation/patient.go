package ovation

import (
	"fmt"
	"log/slog"

	"github.com/labwire/labwire/internal/civil"
	"github.com/labwire/labwire/internal/phi"
)

// Date is a calendar date without a time zone (dates of birth, preauthorization periods).
// Its JSON form is "YYYY-MM-DD".
type Date = civil.Date

// ParseDate parses "YYYY-MM-DD".
func ParseDate(s string) (Date, error) { return civil.ParseDate(s) }

// Patient is the patient of a requisition. It is PHI: String, GoString, Format and LogValue
// print only that it is redacted.
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

func (Patient) redacted() phi.Summary { return phi.Redact("ovation.Patient") }

// String redacts the patient.
func (p Patient) String() string { return p.redacted().String() }

// GoString redacts the patient, for %#v.
func (p Patient) GoString() string { return p.redacted().String() }

// Format redacts the patient under every fmt verb.
func (p Patient) Format(f fmt.State, verb rune) { p.redacted().Format(f, verb) }

// LogValue redacts the patient.
func (p Patient) LogValue() slog.Value { return p.redacted().LogValue() }

// MarshalJSON encodes the redacted summary; Create and Update send the real fields.
func (p Patient) MarshalJSON() ([]byte, error) { return p.redacted().MarshalJSON() }
