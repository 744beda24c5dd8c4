package ovation

// BillingInformation says who pays for a requisition. BillTo decides which fields Ovation
// uses: with BillToInsurance only InsuranceInformations, with any other value only the
// bill-to fields (MemberID to Zip). The others are ignored, not refused. It is PHI:
// it prints, logs and marshals BillTo and the number of insurances only.
type BillingInformation struct {
	// BillTo is "Bill Insurance", "Patient Pay", "Facility Pay" or "Other".
	BillTo BillTo `json:"billTo,omitempty" phi:"token:bill_to"`
	// MemberID, Name, Email, PhoneNumber, Street, City, State and Zip describe the
	// patient or institution billed; used only when BillTo is not BillToInsurance.
	MemberID    string `json:"memberId,omitempty"`
	Name        string `json:"name,omitempty"`
	Email       string `json:"email,omitempty"`
	PhoneNumber string `json:"phoneNumber,omitempty"`
	Street      string `json:"street,omitempty"`
	City        string `json:"city,omitempty"`
	State       string `json:"state,omitempty"`
	Zip         string `json:"zip,omitempty"`
	// InsuranceInformations are the primary and secondary insurances; used only when
	// BillTo is BillToInsurance.
	InsuranceInformations []InsuranceInformation `json:"insuranceInformations,omitempty" phi:"count:insurances"`
}

// UsesInsurance reports whether Ovation reads InsuranceInformations (BillTo is
// BillToInsurance) rather than the bill-to fields.
func (b BillingInformation) UsesInsurance() bool { return b.BillTo == BillToInsurance }

// InsuranceInformation is one insurance of the patient. It is PHI (see BillingInformation).
type InsuranceInformation struct {
	// InsuranceProviderName must match one of the insurance provider names defined for the
	// organization.
	InsuranceProviderName string `json:"insuranceProviderName,omitempty"`
	// SubscriberNumber, IDNumber and GroupNumber are the insurance's numbers.
	SubscriberNumber string `json:"subscriberNumber,omitempty"`
	IDNumber         string `json:"idNumber,omitempty"`
	GroupNumber      string `json:"groupNumber,omitempty"`
	// NameOfPersonInsured is the insured's name.
	NameOfPersonInsured string `json:"nameOfPersonInsured,omitempty"`
	// RelationshipToInsured is the patient's relationship to the insured.
	RelationshipToInsured RelationshipToInsured `json:"relationshipToInsured,omitempty"`
	// DOBOfInsured is the insured's date of birth, as text: Ovation does not document its
	// format (the patient's is YYYY-MM-DD).
	DOBOfInsured string `json:"dobOfInsured,omitempty"`
	// InsuranceType is "Primary" or "Secondary".
	InsuranceType InsuranceType `json:"insuranceType,omitempty"`
	// PreAuthorization is the insurance's preauthorization, if any.
	PreAuthorization *PreAuthorization `json:"preAuthorization,omitempty"`
}

// PreAuthorization is an insurance preauthorization.
type PreAuthorization struct {
	// AuthorizationNumber is the preauthorization number.
	AuthorizationNumber string `json:"authorizationNumber,omitempty"`
	// NumTests is the number of preauthorized tests.
	NumTests *int `json:"numTests,omitempty"`
	// EffectiveStartDate and EffectiveEndDate bound the preauthorization period.
	EffectiveStartDate Date `json:"effectiveStartDate,omitzero"`
	EffectiveEndDate   Date `json:"effectiveEndDate,omitzero"`
	// ContactName and ContactPhoneNumber are the preauthorization contact.
	ContactName        string `json:"contactName,omitempty"`
	ContactPhoneNumber string `json:"contactPhoneNumber,omitempty"`
}
