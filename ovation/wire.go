package ovation

import "github.com/labwire/labwire/internal/jsonx"

// The PHI types (Requisition, Patient, BillingInformation, InsuranceInformation) marshal
// redacted, so that a log handler or a user's json.Marshal never prints patient data. What
// goes on the wire is these unexported copies, whose types have no methods.

type (
	patientWire   Patient
	insuranceWire InsuranceInformation
	billingPlain  BillingInformation
	billingWire   struct {
		billingPlain
		InsuranceInformations []insuranceWire `json:"insuranceInformations,omitempty"`
	}
	// requisitionOut is a Requisition as sent: its PHI fields shadow the embedded ones.
	requisitionOut struct {
		requisitionPlain
		Patient            *patientWire `json:"patient,omitempty"`
		BillingInformation *billingWire `json:"billingInformation,omitempty"`
	}
	// requisitionWrite is the create and update payload.
	requisitionWrite struct {
		Requisition  *requisitionOut `json:"requisition"`
		MarkAsSigned *bool           `json:"markAsSigned,omitempty"`
	}
)

// wire returns the requisition as it is sent. Reports, which Ovation ignores on write, are
// left out.
func (r *Requisition) wire() *requisitionOut {
	out := &requisitionOut{requisitionPlain: requisitionPlain(*r)}
	out.requisitionPlain.raw, out.requisitionPlain.Reports = jsonx.Raw{}, nil
	out.Patient = (*patientWire)(r.Patient)
	if b := r.BillingInformation; b != nil {
		out.BillingInformation = &billingWire{billingPlain: billingPlain(*b)}
		for _, i := range b.InsuranceInformations {
			out.BillingInformation.InsuranceInformations = append(out.BillingInformation.InsuranceInformations, insuranceWire(i))
		}
	}
	return out
}

func writeBody(r *Requisition, markAsSigned *bool) requisitionWrite {
	return requisitionWrite{Requisition: r.wire(), MarkAsSigned: markAsSigned}
}
