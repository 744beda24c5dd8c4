package whoop

import (
	"encoding/json"
	"log/slog"

	"github.com/labwire/labwire/internal/civil"
)

// Date is a calendar date without a time zone (dates of birth). Its JSON form is "YYYY-MM-DD".
type Date = civil.Date

// Patient is the member a requisition is for. WHOOP's patient shape is partner-specific:
// every partner gets "id", and some get demographics. The fields below decode the one
// published variant (UnilabsPatient); every field WHOOP sends, modelled or not, is kept in
// RawJSON. Patient is PHI: its String, GoString and LogValue print only the id.
type Patient struct {
	// ID is WHOOP's patient id.
	ID string `json:"id"`
	// FirstName, LastName, BirthDate, Gender, Email, Phone, Nationality, EmiratesID and
	// PassportNo are set only for partners whose variant carries them.
	FirstName   string `json:"first_name,omitempty"`
	LastName    string `json:"last_name,omitempty"`
	BirthDate   Date   `json:"birth_date,omitzero"`
	Gender      string `json:"gender,omitempty"`
	Email       string `json:"email,omitempty"`
	Phone       string `json:"phone,omitempty"`
	Nationality string `json:"nationality,omitempty"`
	EmiratesID  string `json:"emirates_id,omitempty"`
	PassportNo  string `json:"passport_no,omitempty"`

	raw json.RawMessage
}

// UnmarshalJSON decodes the modelled fields and keeps the whole object for RawJSON.
func (p *Patient) UnmarshalJSON(b []byte) error {
	type plain Patient
	var v plain
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*p = Patient(v)
	p.raw = append(json.RawMessage(nil), b...)
	return nil
}

// RawJSON returns the patient object exactly as WHOOP sent it, partner-specific fields
// included. It is PHI.
func (p Patient) RawJSON() json.RawMessage { return p.raw }

// String prints only the id.
func (p Patient) String() string { return "whoop.Patient{ID:" + p.ID + ", demographics redacted}" }

// GoString prints only the id, for %#v.
func (p Patient) GoString() string { return p.String() }

// LogValue logs only the id.
func (p Patient) LogValue() slog.Value { return slog.GroupValue(slog.String("id", p.ID)) }

// CollectionAddress is where a home collection happens (UnilabsCollectionAddress). It is
// PHI: String, GoString and LogValue redact it.
type CollectionAddress struct {
	Building string `json:"building"`
	Area     string `json:"area"`
	Emirate  string `json:"emirate"`
	Landmark string `json:"landmark,omitempty"`
	FlatNo   string `json:"flat_no,omitempty"`
}

// String redacts the address.
func (a CollectionAddress) String() string { return "whoop.CollectionAddress{redacted}" }

// GoString redacts the address, for %#v.
func (a CollectionAddress) GoString() string { return a.String() }

// LogValue redacts the address.
func (a CollectionAddress) LogValue() slog.Value { return slog.StringValue("redacted") }
