package whoop

import (
	"encoding/json"
	"fmt"
	"log/slog"

	"github.com/labwire/labwire/internal/civil"
	"github.com/labwire/labwire/internal/jsonx"
	"github.com/labwire/labwire/internal/phi"
)

// Date is a calendar date without a time zone (dates of birth): Date{Year, Month, Day}. Its
// JSON form is "YYYY-MM-DD". String returns that form; IsZero reports the zero Date (no
// date); it decodes only a valid "YYYY-MM-DD".
type Date = civil.Date

// ParseDate parses "YYYY-MM-DD" and refuses impossible dates such as 2023-02-30.
func ParseDate(s string) (Date, error) { return civil.ParseDate(s) }

// Patient is the member a requisition is for. WHOOP's patient shape is partner-specific:
// every partner gets "id", and some get demographics. The fields below decode the one
// published variant (UnilabsPatient); every field WHOOP sends, modelled or not, is kept in
// RawJSON. Patient is PHI: it prints, logs and marshals its id only.
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

	raw jsonx.Raw
}

// RawJSON returns the patient object exactly as WHOOP sent it, partner-specific fields
// included. It is PHI. It is set on patients this package decoded from WHOOP.
func (p Patient) RawJSON() json.RawMessage { return p.raw.JSON() }

func (p Patient) redacted() phi.Summary { return phi.Redact("whoop.Patient", phi.ID("id", p.ID)) }

// String prints only the id.
func (p Patient) String() string { return p.redacted().String() }

// Format prints only the id, under every verb (%v, %+v, %#v, %s, %q, %x, ...).
func (p Patient) Format(f fmt.State, verb rune) { p.redacted().Format(f, verb) }

// LogValue logs only the id.
func (p Patient) LogValue() slog.Value { return p.redacted().LogValue() }

// MarshalJSON writes only the id, {"id":…,"redacted":true}, so that slog's JSON handler,
// which marshals nested values, never logs demographics. To store or forward the patient,
// keep its RawJSON.
func (p Patient) MarshalJSON() ([]byte, error) { return p.redacted().MarshalJSON() }

// CollectionAddress is where a home collection happens (UnilabsCollectionAddress). It is
// PHI: it prints, logs and marshals as whoop.CollectionAddress{PHI redacted}.
type CollectionAddress struct {
	Building string `json:"building"`
	Area     string `json:"area"`
	Emirate  string `json:"emirate"`
	Landmark string `json:"landmark,omitempty"`
	FlatNo   string `json:"flat_no,omitempty"`
}

func (a CollectionAddress) redacted() phi.Summary { return phi.Redact("whoop.CollectionAddress") }

// String redacts the address.
func (a CollectionAddress) String() string { return a.redacted().String() }

// Format redacts the address under every verb.
func (a CollectionAddress) Format(f fmt.State, verb rune) { a.redacted().Format(f, verb) }

// LogValue redacts the address.
func (a CollectionAddress) LogValue() slog.Value { return a.redacted().LogValue() }

// MarshalJSON writes {"redacted":true}; the address as sent is in the requisition's RawJSON.
func (a CollectionAddress) MarshalJSON() ([]byte, error) { return a.redacted().MarshalJSON() }
