package workpathtest

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/labwire/labwire/internal/fake"
)

// Statuses are the thirteen appointment statuses Workpath documents.
var Statuses = []string{"Preview", "Pending", "Available", "Claimed", "Published", "Accepted",
	"Ready for Appointment", "On The Way", "Arrived", "In Progress", "Shipping", "Complete", "Cancelled"}

// appointment returns the caller's appointment of the path's id; the caller holds s.mu.
func (s *Server) appointment(w http.ResponseWriter, r *http.Request) (*Appointment, bool) {
	id, ok := pathID(w, r, "id")
	if !ok {
		return nil, false
	}
	a := s.appointments[id]
	if a == nil || a.client != clientOf(r.Context()) {
		notFound(w)
		return nil, false
	}
	return a, true
}

// Appointment returns a copy of a stored appointment.
func (s *Server) Appointment(id int64) (Appointment, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.appointments[id]
	if a == nil {
		return Appointment{}, false
	}
	return *a, true
}

// SetStatus moves an appointment to status, as the specialist's app does (Accepted, On The
// Way, ...), and sends the modify webhook. It reports false for an unknown id or status.
func (s *Server) SetStatus(id int64, status string) bool {
	if !slices.Contains(Statuses, status) {
		return false
	}
	s.mu.Lock()
	a := s.appointments[id]
	if a == nil {
		s.mu.Unlock()
		return false
	}
	a.Status = status
	ev := s.event(a, "modify")
	s.mu.Unlock()
	s.deliver(ev)
	return true
}

// DestroyAppointment deletes an appointment (there is no API route for it) and sends the
// destroy webhook.
func (s *Server) DestroyAppointment(id int64) bool {
	s.mu.Lock()
	a := s.appointments[id]
	if a == nil {
		s.mu.Unlock()
		return false
	}
	delete(s.appointments, id)
	ev := s.event(a, "destroy")
	s.mu.Unlock()
	s.deliver(ev)
	return true
}

func (s *Server) handleGetAppointment(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	a, ok := s.appointment(w, r)
	var out Appointment
	if ok {
		out = *a
	}
	s.mu.Unlock()
	if ok {
		fake.WriteJSON(w, http.StatusOK, out)
	}
}

// handleListAppointments filters by the documented parameters it can evaluate (status,
// type, subject, parentId, unscheduled, from/until, service) and pages with page/limit
// (default limit 25). The answer is a bare array.
func (s *Server) handleListAppointments(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	num := func(k string, def int64) (int64, bool) {
		v := q.Get(k)
		if v == "" {
			return def, true
		}
		n, err := strconv.ParseInt(v, 10, 64)
		return n, err == nil && n >= 0
	}
	page, ok1 := num("page", 1)
	limit, ok2 := num("limit", 25)
	from, ok3 := num("from", 0)
	until, ok4 := num("until", 0)
	subject, ok5 := num("subject", 0)
	parent, ok6 := num("parentId", 0)
	service, ok7 := num("service", 0)
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6 && ok7) || page < 1 || limit < 1 {
		fake.WriteError(w, http.StatusBadRequest, "page, limit, from, until and the id filters must be numbers")
		return
	}
	statuses := append(q["status[]"], q["status"]...)
	for _, st := range statuses {
		if !slices.Contains(Statuses, st) {
			fake.WriteError(w, http.StatusBadRequest, "unknown status")
			return
		}
	}
	unscheduled := q.Get("unscheduled")
	if unscheduled == "" {
		unscheduled = "exclude"
	}
	if !slices.Contains([]string{"only", "include", "exclude"}, unscheduled) {
		fake.WriteError(w, http.StatusBadRequest, "unscheduled must be only, include or exclude")
		return
	}
	client := clientOf(r.Context())
	s.mu.Lock()
	var match []Appointment
	for _, a := range s.appointments {
		if a.client != client {
			continue
		}
		var start time.Time
		if a.StartTime != nil {
			start, _ = time.Parse(time.RFC3339, *a.StartTime)
		}
		switch {
		case len(statuses) > 0 && !slices.Contains(statuses, a.Status),
			q.Get("type") != "" && a.Type != q.Get("type"),
			subject != 0 && (a.Subject == nil || a.Subject.ID != subject),
			parent != 0 && (a.ParentID == nil || *a.ParentID != parent),
			service != 0 && !slices.ContainsFunc(a.Services, func(sv Service) bool { return sv.ID == service }),
			unscheduled == "only" && a.StartTime != nil,
			unscheduled == "exclude" && a.StartTime == nil,
			from != 0 && (start.IsZero() || start.Unix() < from),
			until != 0 && (start.IsZero() || start.Unix() > until):
			continue
		}
		match = append(match, *a)
	}
	s.mu.Unlock()
	newest := q.Get("newestFirst") == "true"
	slices.SortFunc(match, func(a, b Appointment) int {
		c := strings.Compare(deref(a.StartTime), deref(b.StartTime))
		if c == 0 {
			c = int(a.ID - b.ID)
		}
		if newest {
			return -c
		}
		return c
	})
	lo := min((page-1)*limit, int64(len(match)))
	hi := min(lo+limit, int64(len(match)))
	out := match[lo:hi]
	if out == nil {
		out = []Appointment{}
	}
	fake.WriteJSON(w, http.StatusOK, out)
}

// appointmentUpdate is the update body.
type appointmentUpdate struct {
	Status              *string  `json:"status"`
	Type                *string  `json:"type"`
	PublishedAt         *string  `json:"published_at"`
	SpecialistsNeeded   *int     `json:"specialists_needed"`
	SpecialistPayment   *float64 `json:"specialist_payment"`
	AltID               *string  `json:"alt_id"`
	MedicalRecordNumber *int64   `json:"medical_record_number"`
	RequisitionID       *string  `json:"requisition_id"`
	ParentID            *int64   `json:"parent_id"`
	Location            *Address `json:"location"`
	Distributor         *Ref     `json:"distributor"`
	Subject             *Patient `json:"subject"`
	Specialist          *Ref     `json:"specialist"`
	PaymentStatus       *string  `json:"payment_status"`
	PaymentAmount       *float64 `json:"payment_amount"`
	Network             []Ref    `json:"network"`
}

func (s *Server) handleUpdateAppointment(w http.ResponseWriter, r *http.Request) {
	var u appointmentUpdate
	if !readJSON(w, r, &u) {
		return
	}
	if u.Status != nil && !slices.Contains(Statuses, *u.Status) {
		fake.WriteError(w, http.StatusBadRequest, "status is not a documented status")
		return
	}
	if u.Type != nil && *u.Type != "Single" && *u.Type != "Shift" {
		fake.WriteError(w, http.StatusBadRequest, "type must be Single or Shift")
		return
	}
	if u.Subject != nil {
		if pr := first(checkPhone(u.Subject.Phone), checkSex(u.Subject.BiologicalSex)); pr != "" {
			badRequest(w, pr)
			return
		}
	}
	s.change(w, r, func(a *Appointment) (any, bool, int) {
		if u.Status != nil {
			a.Status = *u.Status
		}
		if u.Type != nil {
			a.Type = *u.Type
		}
		if u.PublishedAt != nil {
			a.PublishedAt = u.PublishedAt
		}
		if u.SpecialistsNeeded != nil {
			a.SpecialistsNeeded = *u.SpecialistsNeeded
		}
		if u.SpecialistPayment != nil {
			a.SpecialistPayment = *u.SpecialistPayment
		}
		if u.AltID != nil {
			a.AltID = u.AltID
		}
		if u.MedicalRecordNumber != nil {
			a.MedicalRecordNumber = u.MedicalRecordNumber
		}
		if u.RequisitionID != nil {
			a.RequisitionID = u.RequisitionID
		}
		if u.ParentID != nil {
			a.ParentID = u.ParentID
		}
		if u.Location != nil {
			a.Location = u.Location
		}
		if u.Specialist != nil {
			a.Specialist = u.Specialist
		}
		if u.PaymentStatus != nil {
			a.PaymentStatus = *u.PaymentStatus
		}
		if u.PaymentAmount != nil {
			a.PaymentAmount = *u.PaymentAmount
		}
		if u.Network != nil {
			a.Network = u.Network
		}
		return *a, true, http.StatusOK
	})
}

func (s *Server) handleCancelAppointment(w http.ResponseWriter, r *http.Request) {
	s.change(w, r, func(a *Appointment) (any, bool, int) {
		if a.Status == "Cancelled" { // cancelling twice changes nothing and sends nothing
			return nil, false, http.StatusOK
		}
		a.Status = "Cancelled"
		return nil, true, http.StatusOK
	})
}

// handleAddTag accepts the tag flat ({"id", "expires_at"}) as the docs' table shows or
// wrapped in {"tag": ...} as their example does. Tags the fake does not know are made up
// as "Tag <id>". Adding a present tag again changes nothing.
func (s *Server) handleAddTag(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Tag *struct {
			ID        int64  `json:"id"`
			ExpiresAt string `json:"expires_at"`
		} `json:"tag"`
		ID        int64  `json:"id"`
		ExpiresAt string `json:"expires_at"`
	}
	if !readJSON(w, r, &body) {
		return
	}
	id, exp := body.ID, body.ExpiresAt
	if body.Tag != nil {
		id, exp = body.Tag.ID, body.Tag.ExpiresAt
	}
	if id <= 0 {
		badRequest(w, problem(MessageMissing("id")))
		return
	}
	s.change(w, r, func(a *Appointment) (any, bool, int) {
		if slices.ContainsFunc(a.Tags, func(t Tag) bool { return t.ID == id }) {
			return nil, false, http.StatusOK
		}
		a.Tags = append(a.Tags, Tag{ID: id, Name: "Tag " + strconv.FormatInt(id, 10), ExpiresAt: exp})
		return nil, true, http.StatusOK
	})
}

func (s *Server) handleDeleteTag(w http.ResponseWriter, r *http.Request) {
	s.removeChild(w, r, "tagId", func(a *Appointment, id int64) bool {
		n := len(a.Tags)
		a.Tags = slices.DeleteFunc(a.Tags, func(t Tag) bool { return t.ID == id })
		return len(a.Tags) != n
	})
}

type noteBody struct {
	Body  string `json:"body"`
	Type  string `json:"type"`
	Title string `json:"title"`
}

func (s *Server) handleAddNote(w http.ResponseWriter, r *http.Request) {
	var nb noteBody
	if !readJSON(w, r, &nb) {
		return
	}
	if nb.Type == "" {
		badRequest(w, problem(MessageMissing("type")))
		return
	}
	s.change(w, r, func(a *Appointment) (any, bool, int) {
		n := Note{ID: s.id(), Author: &User{ID: 1001, Email: "orders@example.test", Type: []string{"Organization"}}, Body: nb.Body, Type: nb.Type, Title: nb.Title}
		a.Notes = append(a.Notes, n)
		return n, false, http.StatusOK
	})
}

func (s *Server) handleUpdateNote(w http.ResponseWriter, r *http.Request) {
	var nb noteBody
	if !readJSON(w, r, &nb) {
		return
	}
	noteID, ok := pathID(w, r, "noteId")
	if !ok {
		return
	}
	s.change(w, r, func(a *Appointment) (any, bool, int) {
		i := slices.IndexFunc(a.Notes, func(n Note) bool { return n.ID == noteID })
		if i < 0 {
			return nil, false, http.StatusNotFound
		}
		a.Notes[i].Body, a.Notes[i].Type, a.Notes[i].Title = nb.Body, nb.Type, nb.Title
		return a.Notes[i], false, http.StatusOK
	})
}

func (s *Server) handleDeleteNote(w http.ResponseWriter, r *http.Request) {
	s.removeChild(w, r, "noteId", func(a *Appointment, id int64) bool {
		n := len(a.Notes)
		a.Notes = slices.DeleteFunc(a.Notes, func(x Note) bool { return x.ID == id })
		return len(a.Notes) != n
	})
}

// Notes returns a copy of an appointment's notes.
func (s *Server) Notes(appointmentID int64) []Note {
	s.mu.Lock()
	defer s.mu.Unlock()
	if a := s.appointments[appointmentID]; a != nil {
		return slices.Clone(a.Notes)
	}
	return nil
}

func (s *Server) handleAddDocument(w http.ResponseWriter, r *http.Request) {
	up, ok := readUpload(w, r)
	if !ok {
		return
	}
	s.change(w, r, func(a *Appointment) (any, bool, int) {
		d := s.document(up, "appointment", a.ID)
		a.Documents = append(a.Documents, d)
		return d, false, http.StatusOK
	})
}

func (s *Server) handleDeleteDocument(w http.ResponseWriter, r *http.Request) {
	s.removeChild(w, r, "documentId", func(a *Appointment, id int64) bool {
		n := len(a.Documents)
		a.Documents = slices.DeleteFunc(a.Documents, func(d Document) bool { return d.ID == id })
		return len(a.Documents) != n
	})
}

func (s *Server) handleAddData(w http.ResponseWriter, r *http.Request) {
	var d Datum
	if !readJSON(w, r, &d) {
		return
	}
	if d.Value == "" {
		badRequest(w, problem(MessageMissing("value")))
		return
	}
	s.change(w, r, func(a *Appointment) (any, bool, int) {
		d.ID = s.id()
		a.Data = append(a.Data, d)
		return nil, true, http.StatusOK
	})
}

// removeChild deletes a tag, note or document; 404 when the appointment or child is unknown.
func (s *Server) removeChild(w http.ResponseWriter, r *http.Request, param string, remove func(*Appointment, int64) bool) {
	child, ok := pathID(w, r, param)
	if !ok {
		return
	}
	s.change(w, r, func(a *Appointment) (any, bool, int) {
		if !remove(a, child) {
			return nil, false, http.StatusNotFound
		}
		return nil, true, http.StatusOK
	})
}

// change runs f on the caller's appointment under the lock. f returns the answer (nil for
// {"request_id": N}), whether the change sends a modify webhook, and http.StatusNotFound to
// refuse. The webhook goes out after the lock is released, before the answer.
func (s *Server) change(w http.ResponseWriter, r *http.Request, f func(a *Appointment) (answer any, modified bool, status int)) {
	s.mu.Lock()
	a, ok := s.appointment(w, r)
	if !ok {
		s.mu.Unlock()
		return
	}
	answer, modified, status := f(a)
	if status == http.StatusNotFound {
		s.mu.Unlock()
		notFound(w)
		return
	}
	var ev *pending
	if modified {
		ev = s.event(a, "modify")
	}
	if answer == nil {
		answer = map[string]int64{"request_id": s.id()}
	}
	s.mu.Unlock()
	s.deliver(ev)
	fake.WriteJSON(w, http.StatusOK, answer)
}

func (s *Server) handleListServices(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	out := make([]Service, 0, len(s.services))
	for _, sv := range s.services {
		out = append(out, *sv)
	}
	s.mu.Unlock()
	slices.SortFunc(out, func(a, b Service) int { return int(a.ID - b.ID) })
	fake.WriteJSON(w, http.StatusOK, out)
}

func (s *Server) handleGetService(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	s.mu.Lock()
	sv := s.services[id]
	var out Service
	if sv != nil {
		out = *sv
	}
	s.mu.Unlock()
	if sv == nil {
		notFound(w)
		return
	}
	fake.WriteJSON(w, http.StatusOK, out)
}
