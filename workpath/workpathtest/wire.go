package workpathtest

import "encoding/json"

// The fake's own wire structs, written from Workpath's documentation (it never imports the
// client it fakes, so it is an independent check of the wire format).

// Address is an address or location.
type Address struct {
	ID        int64    `json:"id,omitempty"`
	Label     string   `json:"label,omitempty"`
	Street    string   `json:"street,omitempty"`
	Street2   string   `json:"street2,omitempty"`
	City      string   `json:"city,omitempty"`
	State     string   `json:"state,omitempty"`
	Zip       string   `json:"zip,omitempty"`
	Country   string   `json:"country,omitempty"`
	Phone     string   `json:"phone,omitempty"`
	Latitude  *float64 `json:"latitude,omitempty"`
	Longitude *float64 `json:"longitude,omitempty"`
	Timezone  string   `json:"timezone,omitempty"`
}

// Person is a person as the fake answers it: the name joined into "name" and the date of
// birth as "dob", as Workpath's examples answer.
type Person struct {
	ID               int64      `json:"id"`
	Name             string     `json:"name"`
	DOB              string     `json:"dob,omitempty"`
	Gender           string     `json:"gender,omitempty"`
	BiologicalSex    string     `json:"biological_sex,omitempty"`
	Phone            string     `json:"phone,omitempty"`
	Email            string     `json:"email,omitempty"`
	PhotoURL         string     `json:"photo_url,omitempty"`
	MessagingEnabled *bool      `json:"messaging_enabled,omitempty"`
	Addresses        []Address  `json:"addresses"`
	Tags             []Tag      `json:"tags"`
	Documents        []Document `json:"documents"`
}

// personRequest is a create or update of a person; dob and date_of_birth are both accepted.
type personRequest struct {
	FirstName        *string   `json:"first_name"`
	LastName         *string   `json:"last_name"`
	Gender           *string   `json:"gender"`
	BiologicalSex    *string   `json:"biological_sex"`
	DOB              *string   `json:"dob"`
	DateOfBirth      *string   `json:"date_of_birth"`
	Phone            *string   `json:"phone"`
	Email            *string   `json:"email"`
	PhotoURL         *string   `json:"photo_url"`
	MessagingEnabled *bool     `json:"messaging_enabled"`
	Addresses        []Address `json:"addresses"`
}

// Patient is an intake's patient.
type Patient struct {
	ID                    int64  `json:"id,omitempty"`
	FirstName             string `json:"first_name,omitempty"`
	MiddleName            string `json:"middle_name,omitempty"`
	LastName              string `json:"last_name,omitempty"`
	Phone                 string `json:"phone,omitempty"`
	Email                 string `json:"email,omitempty"`
	BiologicalSex         string `json:"biological_sex,omitempty"`
	Gender                string `json:"gender,omitempty"`
	DOB                   string `json:"dob,omitempty"`
	MessagingEnabledSMS   *bool  `json:"messaging_enabled_sms,omitempty"`
	MessagingEnabledEmail *bool  `json:"messaging_enabled_email,omitempty"`
}

// Provider is an intake's provider.
type Provider struct {
	ID               int64  `json:"id,omitempty"`
	FirstName        string `json:"first_name,omitempty"`
	LastName         string `json:"last_name,omitempty"`
	Email            string `json:"email,omitempty"`
	Phone            string `json:"phone,omitempty"`
	OrganizationName string `json:"organization_name,omitempty"`
	NPI              string `json:"npi,omitempty"`
	Status           string `json:"status,omitempty"`
}

// IntakeService is a requested service.
type IntakeService struct {
	ID             int64    `json:"id"`
	DiagnosisCodes []string `json:"diagnosis_codes,omitempty"`
}

// CustomField is a custom field.
type CustomField struct {
	Key      string          `json:"key"`
	Show     *bool           `json:"show,omitempty"`
	Required *bool           `json:"required,omitempty"`
	Value    json.RawMessage `json:"value,omitempty"`
	Big      *bool           `json:"big,omitempty"`
}

// Intake is an intake as stored and answered.
type Intake struct {
	ID            int64           `json:"id"`
	OrderForm     int64           `json:"order_form"`
	Provider      *Provider       `json:"provider,omitempty"`
	Patient       *Patient        `json:"patient,omitempty"`
	Services      []IntakeService `json:"services,omitempty"`
	StartTime     string          `json:"start_time,omitempty"`
	Location      *Address        `json:"location,omitempty"`
	Notes         string          `json:"notes,omitempty"`
	Fields        []CustomField   `json:"fields,omitempty"`
	PatientFields []CustomField   `json:"patient_fields,omitempty"`
	Appointment   *int64          `json:"appointment,omitempty"`
	Documents     []Document      `json:"-"`
	client        string
}

// Tag is a tag.
type Tag struct {
	ID             int64  `json:"id"`
	Name           string `json:"name"`
	Color          string `json:"color,omitempty"`
	Description    string `json:"description,omitempty"`
	Locked         bool   `json:"locked"`
	Alert          bool   `json:"alert"`
	OrganizationID *int64 `json:"organization_id"`
	ExpiresAt      string `json:"expires_at,omitempty"`
}

// Document is an uploaded document.
type Document struct {
	ID             int64  `json:"id"`
	Name           string `json:"name"`
	URL            string `json:"url"`
	APIURL         string `json:"api_url,omitempty"`
	Documentable   string `json:"documentable,omitempty"`
	DocumentableID int64  `json:"documentable_id,omitempty"`
	CreatedAt      string `json:"created_at,omitempty"`
	UpdatedAt      string `json:"updated_at,omitempty"`
	// Size is the byte count received (not on Workpath's wire; the fake keeps it for tests).
	Size int64 `json:"-"`
	// ContentType is the part's Content-Type as received.
	ContentType string `json:"-"`
}

// Datum is collected data.
type Datum struct {
	ID    int64  `json:"id"`
	Value string `json:"value"`
	Label string `json:"label,omitempty"`
	Type  string `json:"type,omitempty"`
}

// Note is a note, answered with its author.
type Note struct {
	ID     int64  `json:"id"`
	Author *User  `json:"author"`
	Body   string `json:"body"`
	Type   string `json:"type"`
	Title  string `json:"title"`
}

// User is the user behind a credential: a note's author, an appointment's creator.
type User struct {
	ID      int64    `json:"id"`
	IsAdmin bool     `json:"is_admin"`
	Email   string   `json:"email"`
	Type    []string `json:"type"`
}

// Service is an orderable service.
type Service struct {
	ID                int64   `json:"id"`
	Vendor            *Ref    `json:"vendor,omitempty"`
	Name              string  `json:"name"`
	Description       string  `json:"description,omitempty"`
	VendorFee         float64 `json:"vendor_fee,omitempty"`
	SpecialistPayment float64 `json:"specialist_payment,omitempty"`
	Duration          int     `json:"duration,omitempty"`
	Shippable         bool    `json:"shippable"`
	Archived          bool    `json:"archived"`
	Tags              []Tag   `json:"tags"`
	Steps             []any   `json:"steps"`
}

// Ref is {"id": N}.
type Ref struct {
	ID int64 `json:"id"`
}

// Appointment is an appointment as stored and answered.
type Appointment struct {
	ID                  int64      `json:"id"`
	Status              string     `json:"status"`
	Type                string     `json:"type"`
	StartTime           *string    `json:"start_time"`
	EndTime             *string    `json:"end_time"`
	PublishedAt         *string    `json:"published_at"`
	SpecialistsNeeded   int        `json:"specialists_needed"`
	SpecialistsAccepted int        `json:"specialists_accepted"`
	SpecialistPayment   float64    `json:"specialist_payment"`
	AltID               *string    `json:"alt_id"`
	MedicalRecordNumber *int64     `json:"medical_record_number"`
	RequisitionID       *string    `json:"requisition_id,omitempty"`
	ParentID            *int64     `json:"parent_id"`
	Authorized          bool       `json:"authorized"`
	RequirementsMessage string     `json:"requirements_message"`
	Location            *Address   `json:"location"`
	Data                []Datum    `json:"data"`
	Network             []Ref      `json:"network"`
	Subject             *Person    `json:"subject"`
	Creator             *User      `json:"creator"`
	Specialist          *Ref       `json:"specialist"`
	Services            []Service  `json:"services"`
	Tags                []Tag      `json:"tags"`
	Documents           []Document `json:"documents"`
	PaymentStatus       string     `json:"payment_status"`
	PaymentAmount       float64    `json:"payment_amount"`

	// IntakeID is the intake it was converted from (the fake's bookkeeping, not on the wire).
	IntakeID int64 `json:"-"`
	// Notes are its notes (answered by the note routes only).
	Notes []Note `json:"-"`
	// client owns it (webhook scope).
	client string
}

// Webhook is a webhook subscription.
type Webhook struct {
	ID             int64  `json:"id"`
	URL            string `json:"url"`
	Create         bool   `json:"create"`
	Modify         bool   `json:"modify"`
	Destroy        bool   `json:"destroy"`
	Secret         string `json:"secret"`
	OrganizationID int64  `json:"organization_id"`
	client         string
}

// APIKey is an API credential as answered.
type APIKey struct {
	ID          int64  `json:"id"`
	Key         string `json:"key"`
	ClientID    string `json:"client_id"`
	IsActive    bool   `json:"is_active"`
	LastLoginAt string `json:"last_login_at,omitempty"`
	CreatedAt   string `json:"created_at"`
	UpdatedAt   string `json:"updated_at"`
	Secret      string `json:"secret,omitempty"`
}
