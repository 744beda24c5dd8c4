package workpathtest

import (
	"net/http"
	"strconv"
	"time"

	"github.com/labwire/labwire/internal/fake"
)

// intakeRequest is the create body: the intake without id and appointment.
type intakeRequest struct {
	OrderForm     int64           `json:"order_form"`
	Provider      *Provider       `json:"provider"`
	Patient       *Patient        `json:"patient"`
	Services      []IntakeService `json:"services"`
	StartTime     string          `json:"start_time"`
	Location      *Address        `json:"location"`
	Notes         string          `json:"notes"`
	Fields        []CustomField   `json:"fields"`
	PatientFields []CustomField   `json:"patient_fields"`
}

func (s *Server) handleCreateIntake(w http.ResponseWriter, r *http.Request) {
	var in intakeRequest
	if !readJSON(w, r, &in) {
		return
	}
	if in.Patient != nil {
		if pr := first(checkNames(in.Patient.FirstName, in.Patient.LastName), checkPhone(in.Patient.Phone),
			checkSex(in.Patient.BiologicalSex), checkDOB(in.Patient.DOB)); pr != "" {
			badRequest(w, pr)
			return
		}
	}
	if in.StartTime != "" {
		if _, err := time.Parse(time.RFC3339, in.StartTime); err != nil {
			badRequest(w, problem(MessageMissing("start_time")))
			return
		}
	}
	client := clientOf(r.Context())
	s.mu.Lock()
	autoPublish, known := s.orderForms[in.OrderForm]
	if in.OrderForm != 0 && !known {
		s.mu.Unlock()
		badRequest(w, problem(MessageMissing("order_form")))
		return
	}
	for _, sv := range in.Services {
		if s.services[sv.ID] == nil {
			s.mu.Unlock()
			badRequest(w, problem(MessageMissing("services.id")))
			return
		}
	}
	it := &Intake{ID: s.id(), OrderForm: in.OrderForm, Provider: in.Provider, Patient: in.Patient, Services: in.Services,
		StartTime: in.StartTime, Location: in.Location, Notes: in.Notes, Fields: in.Fields, PatientFields: in.PatientFields, client: client}
	if it.Patient != nil {
		it.Patient.ID = s.id()
	}
	s.intakes[it.ID] = it
	var ev *pending
	if autoPublish && patientComplete(it) {
		ev = s.convert(it, client)
	}
	out := *it
	s.mu.Unlock()
	s.deliver(ev)
	fake.WriteJSON(w, http.StatusOK, out)
}

// patientComplete reports whether the intake holds what a patient request would ask for:
// a patient with names and a way to reach them, and every patient field filled.
func patientComplete(it *Intake) bool {
	p := it.Patient
	if p == nil || p.FirstName == "" || p.LastName == "" || (p.Phone == "" && p.Email == "") {
		return false
	}
	for _, f := range it.PatientFields {
		if f.Required != nil && *f.Required && (len(f.Value) == 0 || string(f.Value) == "null" || string(f.Value) == `""`) {
			return false
		}
	}
	return true
}

// convert makes the intake's appointment (status Published) and returns its create event;
// the caller holds s.mu.
func (s *Server) convert(it *Intake, client string) *pending {
	a := &Appointment{ID: s.id(), Status: "Published", Type: "Single", SpecialistsNeeded: 1, IntakeID: it.ID,
		Location: it.Location, Data: []Datum{}, Network: []Ref{}, Tags: []Tag{}, Documents: []Document{},
		PaymentStatus: "Pending", Creator: &User{ID: 1001, Email: "orders@example.test", Type: []string{"Organization"}}, client: client}
	if it.StartTime != "" {
		st := it.StartTime
		a.StartTime = &st
	}
	pub := s.stamp()
	a.PublishedAt = &pub
	if p := it.Patient; p != nil {
		a.Subject = &Person{ID: p.ID, Name: p.FirstName + " " + p.LastName, DOB: p.DOB, Gender: p.Gender, BiologicalSex: p.BiologicalSex,
			Phone: p.Phone, Email: p.Email, Addresses: []Address{}, Tags: []Tag{}, Documents: []Document{}}
		if it.Location != nil {
			a.Subject.Addresses = []Address{*it.Location}
		}
	}
	for _, sv := range it.Services {
		if svc := s.services[sv.ID]; svc != nil {
			a.Services = append(a.Services, *svc)
		}
	}
	a.Documents = append(a.Documents, it.Documents...)
	s.appointments[a.ID] = a
	id := a.ID
	it.Appointment = &id
	return s.event(a, "create")
}

// ConvertIntake converts an intake into an appointment as an office user would (for an order
// form that does not auto-publish) and returns the appointment's id. It sends the create
// webhook. It fails for an unknown or already converted intake.
func (s *Server) ConvertIntake(intakeID int64) (int64, bool) {
	s.mu.Lock()
	it := s.intakes[intakeID]
	if it == nil || it.Appointment != nil {
		s.mu.Unlock()
		return 0, false
	}
	ev := s.convert(it, it.client)
	id := *it.Appointment
	s.mu.Unlock()
	s.deliver(ev)
	return id, true
}

// Intake returns a copy of a stored intake.
func (s *Server) Intake(id int64) (Intake, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	it := s.intakes[id]
	if it == nil {
		return Intake{}, false
	}
	out := *it
	out.Documents = append([]Document(nil), it.Documents...)
	return out, true
}

func (s *Server) handleGetIntake(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	it, ok := s.Intake(id)
	if !ok {
		notFound(w)
		return
	}
	fake.WriteJSON(w, http.StatusOK, it)
}

func (s *Server) handleIntakeDocument(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	up, ok := readUpload(w, r)
	if !ok {
		return
	}
	s.mu.Lock()
	it := s.intakes[id]
	if it == nil {
		s.mu.Unlock()
		notFound(w)
		return
	}
	d := s.document(up, "intake", id)
	it.Documents = append(it.Documents, d)
	s.mu.Unlock()
	fake.WriteJSON(w, http.StatusOK, d)
}

// document stores an upload's metadata; the caller holds s.mu.
func (s *Server) document(up upload, kind string, owner int64) Document {
	did := s.id()
	now := s.stamp()
	name := up.name
	if name == "" {
		name = up.filename
	}
	return Document{ID: did, Name: name, URL: s.URL + "/files/" + strconv.FormatInt(did, 10),
		APIURL: s.URL + "/documents/" + strconv.FormatInt(did, 10), Documentable: kind, DocumentableID: owner,
		CreatedAt: now, UpdatedAt: now, Size: up.size, ContentType: up.contentType}
}
