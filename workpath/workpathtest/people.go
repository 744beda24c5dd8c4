package workpathtest

import (
	"net/http"
	"strings"

	"github.com/labwire/labwire/internal/fake"
)

type storedPerson struct {
	Person
	client string
}

// personProblem applies the people rules: every field of the table is required on create
// and update (addresses on create only), then the validation messages.
func personProblem(p *personRequest, create bool) problem {
	dob := p.DOB
	if dob == nil {
		dob = p.DateOfBirth
	}
	missing := func(name string, v *string) problem {
		if v == nil || strings.TrimSpace(*v) == "" {
			return problem(MessageMissing(name))
		}
		return ""
	}
	pr := first(
		checkNames(deref(p.FirstName), deref(p.LastName)),
		missing("first_name", p.FirstName), missing("last_name", p.LastName),
		missing("gender", p.Gender), missing("biological_sex", p.BiologicalSex),
		missing("date_of_birth", dob), missing("phone", p.Phone), missing("email", p.Email),
	)
	if pr != "" {
		return pr
	}
	if pr := first(checkDOB(*dob), checkPhone(*p.Phone), checkSex(*p.BiologicalSex)); pr != "" {
		return pr
	}
	if create && len(p.Addresses) == 0 {
		return problem(MessageMissing("addresses"))
	}
	for _, a := range p.Addresses {
		for _, f := range []struct{ n, v string }{{"street", a.Street}, {"city", a.City}, {"state", a.State}, {"zip", a.Zip}, {"country", a.Country}, {"timezone", a.Timezone}} {
			if f.v == "" {
				return problem(MessageMissing(f.n))
			}
		}
		if a.Latitude == nil || a.Longitude == nil {
			return problem(MessageMissing("latitude"))
		}
	}
	return ""
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func (s *Server) readPerson(w http.ResponseWriter, r *http.Request, create bool) (*personRequest, bool) {
	var p personRequest
	if !readJSON(w, r, &p) {
		return nil, false
	}
	if pr := personProblem(&p, create); pr != "" {
		badRequest(w, pr)
		return nil, false
	}
	return &p, true
}

func (s *Server) handleCreatePerson(w http.ResponseWriter, r *http.Request) {
	p, ok := s.readPerson(w, r, true)
	if !ok {
		return
	}
	s.mu.Lock()
	sp := &storedPerson{client: clientOf(r.Context())}
	sp.ID = s.id()
	sp.apply(p)
	for i := range sp.Addresses {
		sp.Addresses[i].ID = s.id()
	}
	s.people[sp.ID] = sp
	out := sp.Person
	s.mu.Unlock()
	fake.WriteJSON(w, http.StatusOK, out)
}

func (sp *storedPerson) apply(p *personRequest) {
	dob := p.DOB
	if dob == nil {
		dob = p.DateOfBirth
	}
	sp.Name = *p.FirstName + " " + *p.LastName
	sp.DOB, sp.Gender, sp.BiologicalSex, sp.Phone, sp.Email = *dob, *p.Gender, *p.BiologicalSex, *p.Phone, *p.Email
	sp.PhotoURL, sp.MessagingEnabled = deref(p.PhotoURL), p.MessagingEnabled
	if p.Addresses != nil {
		sp.Addresses = p.Addresses
	}
	if sp.Addresses == nil {
		sp.Addresses = []Address{}
	}
	sp.Tags, sp.Documents = []Tag{}, []Document{}
}

func (s *Server) person(w http.ResponseWriter, r *http.Request) (*storedPerson, bool) {
	id, ok := pathID(w, r, "id")
	if !ok {
		return nil, false
	}
	sp := s.people[id]
	if sp == nil || sp.client != clientOf(r.Context()) {
		notFound(w)
		return nil, false
	}
	return sp, true
}

func (s *Server) handleGetPerson(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	sp, ok := s.person(w, r)
	var out Person
	if ok {
		out = sp.Person
	}
	s.mu.Unlock()
	if ok {
		fake.WriteJSON(w, http.StatusOK, out)
	}
}

func (s *Server) handleUpdatePerson(w http.ResponseWriter, r *http.Request) {
	p, ok := s.readPerson(w, r, false)
	if !ok {
		return
	}
	if p.Addresses != nil {
		fake.WriteError(w, http.StatusBadRequest, "unknown field \"addresses\"")
		return
	}
	s.mu.Lock()
	sp, ok := s.person(w, r)
	var out Person
	if ok {
		sp.apply(p)
		out = sp.Person
	}
	s.mu.Unlock()
	if ok {
		fake.WriteJSON(w, http.StatusOK, out)
	}
}

func (s *Server) handleDeletePerson(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	sp, ok := s.person(w, r)
	if ok {
		delete(s.people, sp.ID)
	}
	rid := s.id()
	s.mu.Unlock()
	if ok {
		fake.WriteJSON(w, http.StatusOK, map[string]int64{"request_id": rid})
	}
}
