package rupatest

import (
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// MediaTypeJSONAPI is the media type of Rupa's JSON:API routes.
const MediaTypeJSONAPI = "application/vnd.api+json"

// Patient is a patient of a clinic. Names are synthetic.
type Patient struct {
	// ID is the patient's id; AddPatient fills it when empty.
	ID        string
	FirstName string
	LastName  string
	Email     string
	// Birthday is YYYY-MM-DD, or "" for null.
	Birthday string
}

// AddPatient adds a patient to a clinic and returns it with its id.
func (s *Server) AddPatient(clinicID string, p Patient) (Patient, error) {
	if clinicID == "" {
		return Patient{}, fmt.Errorf("rupatest: AddPatient: empty clinic id")
	}
	if p.ID == "" {
		p.ID = s.newID("pat")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.patients[clinicID] = append(s.patients[clinicID], p)
	return p, nil
}

// patientOf finds a patient of the practitioner's clinic.
func (s *Server) patientOf(practitionerID, patientID string) (Patient, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, p := range s.patients[s.practitioners[practitionerID].ClinicID] {
		if p.ID == patientID {
			return p, true
		}
	}
	return Patient{}, false
}

type jsonapiResource struct {
	ID         string            `json:"id"`
	Type       string            `json:"type"`
	Attributes patientAttributes `json:"attributes"`
}

type patientAttributes struct {
	FirstName string  `json:"first_name"`
	LastName  string  `json:"last_name"`
	Email     string  `json:"email"`
	Birthday  *string `json:"birthday"`
}

type patientsDocument struct {
	Data  []jsonapiResource `json:"data"`
	Links map[string]any    `json:"links"`
	Meta  map[string]int    `json:"meta"`
}

// handleListPatients answers the practitioner's clinic's patients as a
// JSON:API document, DefaultPageSize (or WithPageSize) per page, with
// links.next carrying page[number] while more remain and meta.count the
// total.
func (s *Server) handleListPatients(w http.ResponseWriter, r *http.Request) {
	if !acceptsJSONAPI(r.Header.Get("Accept")) {
		rupaError(w, http.StatusNotAcceptable, "RupaClientError", "Accept must be "+MediaTypeJSONAPI+".", nil)
		return
	}
	page := 1
	if v := r.URL.Query().Get("page[number]"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			rupaError(w, http.StatusBadRequest, codeValidation, "Invalid page.", map[string][]string{"page[number]": {"Must be a positive integer."}})
			return
		}
		page = n
	}
	for k := range r.URL.Query() {
		if k != "page[number]" {
			rupaError(w, http.StatusBadRequest, codeValidation, "Unknown query parameter.", nil)
			return
		}
	}
	s.mu.Lock()
	all := append([]Patient(nil), s.patients[s.practitioners[practitionerFrom(r)].ClinicID]...)
	s.mu.Unlock()
	size := s.cfg.pageSize
	start := min((page-1)*size, len(all))
	end := min(start+size, len(all))
	doc := patientsDocument{Data: []jsonapiResource{}, Links: map[string]any{"next": nil}, Meta: map[string]int{"count": len(all)}}
	for _, p := range all[start:end] {
		a := patientAttributes{FirstName: p.FirstName, LastName: p.LastName, Email: p.Email}
		if p.Birthday != "" {
			b := p.Birthday
			a.Birthday = &b
		}
		doc.Data = append(doc.Data, jsonapiResource{ID: p.ID, Type: "patient", Attributes: a})
	}
	if end < len(all) {
		doc.Links["next"] = s.URL + "/patients?" + url.Values{"page[number]": {strconv.Itoa(page + 1)}}.Encode()
	}
	writeJSONAPI(w, http.StatusOK, doc)
}

func acceptsJSONAPI(accept string) bool {
	for _, part := range strings.Split(accept, ",") {
		if mt, _, err := mime.ParseMediaType(strings.TrimSpace(part)); err == nil && mt == MediaTypeJSONAPI {
			return true
		}
	}
	return false
}
