package workpath

// Request types that hold patient data marshal redacted (see redact.go), so each method
// sends an unexported copy without methods: the same fields, the same JSON.

type (
	addressWire     Address
	patientWire     Patient
	noteWire        NoteParams
	fieldWire       CustomField
	personPlain     PersonParams
	intakePlain     IntakeCreateParams
	apptUpdatePlain AppointmentUpdateParams
)

type personWire struct {
	personPlain
	Addresses []addressWire `json:"addresses,omitempty"`
}

type intakeWire struct {
	intakePlain
	Patient       *patientWire `json:"patient,omitempty"`
	Location      *addressWire `json:"location,omitempty"`
	Fields        []fieldWire  `json:"fields,omitempty"`
	PatientFields []fieldWire  `json:"patient_fields,omitempty"`
}

func fieldsWire(fs []CustomField) []fieldWire {
	if fs == nil {
		return nil
	}
	out := make([]fieldWire, len(fs))
	for i, f := range fs {
		out[i] = fieldWire(f)
	}
	return out
}

type apptUpdateWire struct {
	apptUpdatePlain
	Location *addressWire `json:"location,omitempty"`
	Subject  *patientWire `json:"subject,omitempty"`
}

func addressesWire(as []Address) []addressWire {
	if as == nil {
		return nil
	}
	out := make([]addressWire, len(as))
	for i, a := range as {
		out[i] = addressWire(a)
	}
	return out
}

func (p *PersonParams) wire() *personWire {
	return &personWire{personPlain: personPlain(*p), Addresses: addressesWire(p.Addresses)}
}

func (p *IntakeCreateParams) wire() *intakeWire {
	return &intakeWire{intakePlain: intakePlain(*p), Patient: (*patientWire)(p.Patient), Location: (*addressWire)(p.Location),
		Fields: fieldsWire(p.Fields), PatientFields: fieldsWire(p.PatientFields)}
}

func (p *AppointmentUpdateParams) wire() *apptUpdateWire {
	return &apptUpdateWire{apptUpdatePlain: apptUpdatePlain(*p), Location: (*addressWire)(p.Location), Subject: (*patientWire)(p.Subject)}
}

func (p *NoteParams) wire() *noteWire { return (*noteWire)(p) }
