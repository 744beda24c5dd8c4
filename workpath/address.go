package workpath

import "time"

// Address is a place: a person's address, an appointment's location or a step's address. It
// is patient data wherever it belongs to a patient.
type Address struct {
	// ID is Workpath's address id; set it to refer to an address Workpath already has.
	ID int64 `json:"id,omitempty" phi:"id"`
	// Label names the address, e.g. "Home".
	Label string `json:"label,omitempty"`
	// Street and Street2 are the address lines.
	Street  string `json:"street,omitempty"`
	Street2 string `json:"street2,omitempty"`
	// City, State, Zip and Country (a two-letter code such as "US").
	City    string `json:"city,omitempty"`
	State   string `json:"state,omitempty"`
	Zip     string `json:"zip,omitempty"`
	Country string `json:"country,omitempty"`
	// Phone is the address's phone number, with its country code ("+1...").
	Phone string `json:"phone,omitempty"`
	// Latitude and Longitude place the address on the map; nil when not sent.
	Latitude  *float64 `json:"latitude,omitempty"`
	Longitude *float64 `json:"longitude,omitempty"`
	// Timezone is an IANA zone, e.g. "America/New_York".
	Timezone string `json:"timezone,omitempty"`
}

// Ref names another Workpath object by id, as in an appointment's distributor, specialist
// and network.
type Ref struct {
	ID int64 `json:"id"`
}

// Tag is a label on an appointment, person or organization.
type Tag struct {
	ID          int64  `json:"id" phi:"id"`
	Name        string `json:"name,omitempty"`
	Color       string `json:"color,omitempty"`
	Description string `json:"description,omitempty"`
	Locked      bool   `json:"locked,omitempty"`
	Alert       bool   `json:"alert,omitempty"`
	// OrganizationID is the owning organization; nil for a global tag.
	OrganizationID *int64 `json:"organization_id,omitempty"`
	// ExpiresAt is when a tag applied to an appointment expires; zero if never.
	ExpiresAt time.Time `json:"expires_at,omitzero"`
}

// Document is a file attached to an intake, appointment or person. Upload answers carry all
// fields; documents nested in other objects carry id, name and url.
type Document struct {
	ID   int64  `json:"id" phi:"id"`
	Name string `json:"name,omitempty"`
	// URL is where the file can be downloaded (a signed storage URL); treat it as a secret.
	URL string `json:"url,omitempty"`
	// APIURL is the document's API address.
	APIURL string `json:"api_url,omitempty"`
	// Documentable is the kind of object it is attached to, e.g. "intake".
	Documentable string `json:"documentable,omitempty"`
	// DocumentableID is that object's id.
	DocumentableID int64     `json:"documentable_id,omitempty"`
	CreatedAt      time.Time `json:"created_at,omitzero"`
	UpdatedAt      time.Time `json:"updated_at,omitzero"`
}

// Preference is an organization preference.
type Preference struct {
	ID    *int64 `json:"id" phi:"id"`
	Name  string `json:"name"`
	Value any    `json:"value"`
}
