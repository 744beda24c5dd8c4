package whoop

import (
	"encoding/json"

	"github.com/labwire/labwire/internal/jsonx"
)

// Patient is the member a requisition is for. WHOOP's patient shape is partner-specific:
// every partner gets "id", and some get demographics. The fields below decode the one
// published variant (UnilabsPatient); every field WHOOP sends, modelled or not, is kept in
// RawJSON. Patient is PHI: it prints, logs and marshals its id only.
type Patient struct {
	// ID is WHOOP's patient id.
	ID string `json:"id" phi:"id"`
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

// CollectionAddress is where a home collection happens (UnilabsCollectionAddress). It is
// PHI: it prints, logs and marshals as whoop.CollectionAddress{PHI redacted}.
type CollectionAddress struct {
	Building string `json:"building"`
	Area     string `json:"area"`
	Emirate  string `json:"emirate"`
	Landmark string `json:"landmark,omitempty"`
	FlatNo   string `json:"flat_no,omitempty"`
}
