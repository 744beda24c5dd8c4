package ovation

import (
	"errors"
	"strconv"
	"strings"

	"github.com/labwire/labwire/internal/jsonx"
)

// MedicalConsent is hasMedicalConsent: whether medical consent was given for the samples of a
// requisition. Ovation's field table gives numbers, its JSON template a boolean; decoding
// accepts both (true is MedicalConsentGiven, false MedicalConsentNotGiven) and encoding
// sends the number. Note that 0 means consent was given: the field is a pointer in
// Requisition so that "not sent" is never mistaken for it. Unknown numbers round-trip.
type MedicalConsent int

// The documented MedicalConsent values.
const (
	// MedicalConsentGiven: medical consent has been given (0).
	MedicalConsentGiven MedicalConsent = 0
	// MedicalConsentNotGiven: medical consent has not been given (1).
	MedicalConsentNotGiven MedicalConsent = 1
	// MedicalConsentUnknown: whether consent was given is unknown (3). There is no 2.
	MedicalConsentUnknown MedicalConsent = 3
)

// MedicalConsentValues returns the documented values.
func MedicalConsentValues() []MedicalConsent {
	return []MedicalConsent{MedicalConsentGiven, MedicalConsentNotGiven, MedicalConsentUnknown}
}

// IsKnown reports whether c is one of MedicalConsentValues.
func (c MedicalConsent) IsKnown() bool {
	return c == MedicalConsentGiven || c == MedicalConsentNotGiven || c == MedicalConsentUnknown
}

// UnmarshalJSON accepts a JSON integer, a numeric string, or a boolean.
func (c *MedicalConsent) UnmarshalJSON(b []byte) error {
	n, err := consentNumber(b, 0, 1)
	if err != nil {
		return err
	}
	*c = MedicalConsent(n)
	return nil
}

// SecondaryUseNotification is hasSecondaryUseNotification: whether the patient was notified of
// secondary use of their specimen and data. Decoding accepts the documented numbers and the
// template's boolean (true is SecondaryUseNotified, false SecondaryUseNotNotified, the same
// mapping the docs give for the deprecated signedConsent, which is decoded into this field
// when it is the only one present). Encoding sends the number.
type SecondaryUseNotification int

// The documented SecondaryUseNotification values.
const (
	// SecondaryUseNotNotified: the patient was not notified (0).
	SecondaryUseNotNotified SecondaryUseNotification = 0
	// SecondaryUseNotified: the patient was notified (1).
	SecondaryUseNotified SecondaryUseNotification = 1
	// SecondaryUseOptedOut: the patient was notified and opted out of one or more
	// entitlements (2). Requisition.SecondaryUseEntitlements must then list the entitlements
	// opted into; Create and Update refuse it unset.
	SecondaryUseOptedOut SecondaryUseNotification = 2
	// SecondaryUseUnknown: whether the patient was notified is unknown (3).
	SecondaryUseUnknown SecondaryUseNotification = 3
)

// SecondaryUseNotificationValues returns the documented values.
func SecondaryUseNotificationValues() []SecondaryUseNotification {
	return []SecondaryUseNotification{SecondaryUseNotNotified, SecondaryUseNotified, SecondaryUseOptedOut, SecondaryUseUnknown}
}

// IsKnown reports whether n is one of SecondaryUseNotificationValues.
func (n SecondaryUseNotification) IsKnown() bool { return n >= 0 && n <= 3 }

// UnmarshalJSON accepts a JSON integer, a numeric string, or a boolean.
func (n *SecondaryUseNotification) UnmarshalJSON(b []byte) error {
	v, err := consentNumber(b, 1, 0)
	if err != nil {
		return err
	}
	*n = SecondaryUseNotification(v)
	return nil
}

var errConsent = errors.New("ovation: a consent flag must be an integer or a boolean")

// consentNumber decodes a consent flag sent as a number, a numeric string or a boolean,
// mapping true and false to the given numbers. null leaves the value unchanged, as
// encoding/json does for other types: the field is a pointer, so it stays nil.
func consentNumber(b []byte, ifTrue, ifFalse int) (int, error) {
	s := string(b)
	switch s {
	case "true":
		return ifTrue, nil
	case "false":
		return ifFalse, nil
	}
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		s = s[1 : len(s)-1]
	}
	v, err := strconv.Atoi(s)
	if err != nil || v < 0 || v > 99 {
		return 0, errConsent
	}
	return v, nil
}

// Entitlements is secondaryUseEntitlements: the secondary-use entitlements the patient opted
// into, sent as one pipe-delimited string ("can-use-specimen|can-recontact-patient"). A nil
// Entitlements is not sent; an empty, non-nil one is sent as "" (opted into none). An
// entitlement containing "|" is refused before sending.
type Entitlements []Entitlement

// MarshalJSON encodes the pipe-delimited string.
func (e Entitlements) MarshalJSON() ([]byte, error) {
	parts := make([]string, len(e))
	for i, v := range e {
		parts[i] = string(v)
	}
	return strconv.AppendQuote(nil, strings.Join(parts, "|")), nil
}

// errEntitlements is entitlements that are neither a string nor an array of strings. It
// never quotes the value.
var errEntitlements = errors.New("ovation: entitlements must be a JSON string or an array of strings")

// UnmarshalJSON decodes the pipe-delimited string (or a JSON array of strings, which is
// accepted too). Empty parts are dropped.
func (e *Entitlements) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	if len(b) > 0 && b[0] == '[' {
		var list []Entitlement
		if err := jsonx.UnmarshalStd(b, &list); err != nil {
			return errEntitlements
		}
		*e = list
		return nil
	}
	var s string
	if err := jsonx.UnmarshalStd(b, &s); err != nil {
		return errEntitlements
	}
	out := Entitlements{}
	for part := range strings.SplitSeq(s, "|") {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, Entitlement(part))
		}
	}
	*e = out
	return nil
}

// Has reports whether e holds v.
func (e Entitlements) Has(v Entitlement) bool {
	for _, x := range e {
		if x == v {
			return true
		}
	}
	return false
}
