package ovation

// requisitionWrite is the create and update payload. The transport sends the Requisition's
// fields (through phi.Plain), though a Requisition prints and marshals redacted.
type requisitionWrite struct {
	Requisition  *Requisition `json:"requisition"`
	MarkAsSigned *bool        `json:"markAsSigned,omitempty"`
}

// writeBody returns the payload for r. Reports, which Ovation ignores on write, are left out.
func writeBody(r *Requisition, markAsSigned *bool) requisitionWrite {
	w := *r
	w.Reports = nil
	return requisitionWrite{Requisition: &w, MarkAsSigned: markAsSigned}
}
