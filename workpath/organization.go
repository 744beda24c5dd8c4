package workpath

import "time"

// Organization is a Workpath organization: an appointment's originator or distributor, a
// user's organization, a vendor's organization.
type Organization struct {
	ID                     int64   `json:"id" phi:"id"`
	Name                   string  `json:"name,omitempty"`
	GlobalID               string  `json:"global_id,omitempty"`
	Description            string  `json:"description,omitempty"`
	Phone                  string  `json:"phone,omitempty"`
	Website                string  `json:"website,omitempty"`
	LogoURL                string  `json:"logo_url,omitempty"`
	DisableClaimedStatus   bool    `json:"disable_claimed_status,omitempty"`
	DisableAvailableStatus bool    `json:"disable_available_status,omitempty"`
	CustomerContactPhone   string  `json:"customer_contact_phone,omitempty"`
	CustomerContactEmail   string  `json:"customer_contact_email,omitempty"`
	MerchantID             *string `json:"merchant_id,omitempty"`
	CustomerID             *string `json:"customer_id,omitempty"`
	PaymentID              *string `json:"payment_id,omitempty"`
	BraintreeID            *string `json:"braintree_id,omitempty"`
	// PrepaymentAmount, AddlUserCharge and ManagementFee are amounts, kept as sent.
	PrepaymentAmount   Decimal `json:"prepayment_amount,omitzero"`
	TieredTransactions bool    `json:"tiered_transactions,omitempty"`
	UsersIncluded      int     `json:"users_included,omitempty"`
	AddlUserCharge     Decimal `json:"addl_user_charge,omitzero"`
	ManagementFee      Decimal `json:"management_fee,omitzero"`
	// Organizable is the kind of organization, e.g. "vendor", and OrganizableID its id.
	Organizable   string       `json:"organizable,omitempty"`
	OrganizableID int64        `json:"organizable_id,omitempty"`
	Addresses     []Address    `json:"addresses,omitempty"`
	Tags          []Tag        `json:"tags,omitempty"`
	Preferences   []Preference `json:"preferences,omitempty"`
	// Vendor is set on a user's organization that is a vendor.
	Vendor *Vendor `json:"vendor,omitempty"`
	// Roles are the user's roles in this organization, on a user's organizations.
	Roles *Roles `json:"roles,omitempty"`
}

// Vendor is the vendor side of an organization, with the services it offers.
type Vendor struct {
	ID                          int64         `json:"id" phi:"id"`
	DefaultServiceFee           Decimal       `json:"default_service_fee,omitzero"`
	DefaultSpecialistPercentage Decimal       `json:"default_specialist_percentage,omitzero"`
	Organization                *Organization `json:"organization,omitempty"`
	Services                    []Service     `json:"services,omitempty"`
}

// Roles are a user's roles in an organization.
type Roles struct {
	OfficeUser bool `json:"office_user"`
	MobileUser bool `json:"mobile_user"`
	Orderer    bool `json:"orderer"`
}

// User is a Workpath user: an appointment's creator, a note's author. Workpath's docs leave
// the note author's description as a placeholder ("PUT STUFF HERE"); its example is this.
type User struct {
	ID              int64     `json:"id" phi:"id"`
	IsAdmin         bool      `json:"is_admin,omitempty"`
	Email           string    `json:"email,omitempty"`
	EmailVerifiedAt time.Time `json:"email_verified_at,omitzero"`
	LastLoginAt     time.Time `json:"last_login_at,omitzero"`
	TosAcceptedAt   time.Time `json:"tos_accepted_at,omitzero"`
	// Type lists the user's kinds, e.g. ["Organization, Specialist"] (one string in the example).
	Type           []string       `json:"type,omitempty"`
	Latitude       *float64       `json:"latitude,omitempty"`
	Longitude      *float64       `json:"longitude,omitempty"`
	GPSUpdatedAt   time.Time      `json:"gps_updated_at,omitzero"`
	HomeRadius     Decimal        `json:"home_radius,omitzero"`
	LocationRadius Decimal        `json:"location_radius,omitzero"`
	Devices        []Device       `json:"devices,omitempty"`
	Person         *Person        `json:"person,omitempty"`
	Organizations  []Organization `json:"organizations,omitempty"`
}

// Device is a user's mobile device.
type Device struct {
	ID        string    `json:"id"`
	Type      string    `json:"type,omitempty"`
	CreatedAt time.Time `json:"created_at,omitzero"`
	UpdatedAt time.Time `json:"updated_at,omitzero"`
	UserID    int64     `json:"user_id,omitempty"`
}

// Specialist is the mobile user assigned to an appointment. Workpath's example also carries
// the keys "merchant_id `abc123`", "payment_id `paymentabc123`" and "braintree_id
// `braintreeabc123`" (documentation markup leaked into JSON); they are not modelled but stay
// in the appointment's RawJSON.
type Specialist struct {
	ID               int64   `json:"id" phi:"id"`
	Person           *Person `json:"person,omitempty"`
	Status           string  `json:"status,omitempty"`
	ApplicationScore Decimal `json:"application_score,omitzero"`
	QualityRating    Decimal `json:"quality_rating,omitzero"`
	Tags             []Tag   `json:"tags,omitempty"`
}
