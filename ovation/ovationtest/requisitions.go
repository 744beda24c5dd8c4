package ovationtest

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/labwire/labwire/internal/fake"
)

// listFilter is a parsed requisition list query.
type listFilter struct {
	start, end    time.Time
	statuses      map[string][]string
	page, perPage int
}

// parseList reads the list query; it answers 422 itself and returns false on a bad value.
func parseList(w http.ResponseWriter, q url.Values) (listFilter, bool) {
	f := listFilter{page: 1, perPage: 5000, statuses: map[string][]string{}}
	bad := func(field, msg string) (listFilter, bool) {
		writeErrors(w, http.StatusUnprocessableEntity, map[string][]string{field: {msg}})
		return f, false
	}
	for _, k := range []string{"startDate", "endDate"} {
		v := q.Get(k)
		if v == "" {
			continue
		}
		t, err := parseFilterTime(v)
		if err != nil {
			return bad(k, "is not a date or date-time")
		}
		if k == "startDate" {
			f.start = t
		} else {
			f.end = t
		}
	}
	for _, k := range []string{"accessionStatus", "reportingStatus", "processingStatus", "billingStatus", "overallStatus"} {
		if v := q.Get(k); v != "" {
			f.statuses[k] = strings.Split(v, ",")
		}
	}
	for _, k := range []string{"page", "perPage"} {
		v := q.Get(k)
		if v == "" {
			continue
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return bad(k, "must be a positive integer")
		}
		if k == "page" {
			f.page = n
		} else if n > 5000 {
			return bad(k, "must be at most 5000")
		} else {
			f.perPage = n
		}
	}
	return f, true
}

// parseFilterTime reads a date (00:00:00 of that day; the fake's organizations are in UTC)
// or an RFC 3339 date-time.
func parseFilterTime(v string) (time.Time, error) {
	if t, err := time.Parse(time.DateOnly, v); err == nil {
		return t, nil
	}
	return time.Parse(time.RFC3339Nano, v)
}

func (f listFilter) match(r *requisition) bool {
	if r.archived || (!f.start.IsZero() && r.created.Before(f.start)) || (!f.end.IsZero() && r.created.After(f.end)) {
		return false
	}
	for k, want := range f.statuses {
		got := map[string]string{"accessionStatus": r.accession, "reportingStatus": r.reporting,
			"processingStatus": r.processing, "billingStatus": r.billing, "overallStatus": r.status}[k]
		if !slices.Contains(want, got) {
			return false
		}
	}
	return true
}

// answerList pages the matching requisitions, limited details and meta.
func (s *Server) answerList(w http.ResponseWriter, f listFilter, keep func(*requisition) bool) {
	s.mu.Lock()
	var all []any
	for _, r := range s.st.reqs {
		if keep(r) && f.match(r) {
			all = append(all, r)
		}
	}
	from, to := pageBounds(f.page, f.perPage, len(all))
	items := make([]any, 0, to-from)
	for _, r := range all[from:to] {
		items = append(items, s.st.limited(r.(*requisition)))
	}
	s.mu.Unlock()
	fake.WriteJSON(w, http.StatusOK, map[string]any{
		"requisitions": items,
		"meta":         map[string]any{"currentPage": f.page, "perPage": f.perPage, "totalEntries": len(all)},
	})
}

func (s *Server) template(w http.ResponseWriter, r *http.Request) (*Template, bool) {
	id, ok := pathID(w, r, "tid")
	if !ok {
		return nil, false
	}
	s.mu.Lock()
	t := s.st.templates[id]
	s.mu.Unlock()
	if t == nil {
		notFound(w, "Project Template ID not found")
		return nil, false
	}
	return t, true
}

func (s *Server) listRequisitions(w http.ResponseWriter, r *http.Request) {
	t, ok := s.template(w, r)
	if !ok {
		return
	}
	f, ok := parseList(w, r.URL.Query())
	if !ok {
		return
	}
	s.answerList(w, f, func(q *requisition) bool { return q.templateID == t.ID })
}

// withRequisition runs f under the lock on the requisition the path names, or answers 404.
func (s *Server) withRequisition(w http.ResponseWriter, r *http.Request, f func(q *requisition)) {
	t, ok := s.template(w, r)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	q := s.st.find(t.ID, r.PathValue("identifier"))
	if q == nil {
		notFound(w, "Requisition not found")
		return
	}
	f(q)
}

func (s *Server) getRequisition(w http.ResponseWriter, r *http.Request) {
	s.withRequisition(w, r, func(q *requisition) {
		fake.WriteJSON(w, http.StatusOK, map[string]any{"requisition": s.st.full(q)})
	})
}

func (s *Server) createRequisition(w http.ResponseWriter, r *http.Request) {
	t, ok := s.template(w, r)
	if !ok {
		return
	}
	s.create(w, r, t)
}

// create validates and stores a requisition, answers 201, then fires
// requisition_signed_accession when it was signed.
func (s *Server) create(w http.ResponseWriter, r *http.Request, t *Template) {
	body, ok := readBody(w, r)
	if !ok {
		return
	}
	in, _ := body["requisition"].(map[string]any)
	if in == nil {
		writeErrors(w, http.StatusUnprocessableEntity, map[string][]string{"requisition": {"is required"}})
		return
	}
	s.mu.Lock()
	errs := validate(t, in, true)
	identifier, _ := in["identifier"].(string)
	if t.AutogenerateIdentifiers {
		identifier = ""
	} else if identifier == "" {
		errs.add("identifier", "can't be blank")
	} else if s.st.find(t.ID, identifier) != nil {
		errs.add("identifier", "has already been taken")
	}
	if len(errs) > 0 {
		s.mu.Unlock()
		writeErrors(w, http.StatusUnprocessableEntity, errs)
		return
	}
	now := s.now()
	q := &requisition{id: s.st.next(), templateID: t.ID, body: map[string]any{}, created: now, updated: now,
		status: "received", processing: "unprocessed", reporting: "not-started", billing: "not-submitted"}
	if identifier == "" {
		identifier = t.IdentifierPrefix + strconv.FormatInt(q.id, 10)
	}
	q.identifier = identifier
	for k, v := range in {
		if !readOnly[k] {
			q.body[k] = v
		}
	}
	signed := s.setAccession(t, q, body["markAsSigned"] == true)
	s.st.reqs = append(s.st.reqs, q)
	answer := s.st.full(q)
	s.mu.Unlock()
	fake.WriteJSON(w, http.StatusCreated, map[string]any{"requisition": answer})
	if signed {
		s.fireSigned(t.ID, identifier)
	}
}

// readOnly are the fields Ovation sets and ignores on write.
var readOnly = map[string]bool{"id": true, "identifier": true, "status": true, "accessionStatus": true,
	"processingStatus": true, "reportingStatus": true, "billingStatus": true, "workflows": true, "reports": true,
	"templateId": true, "createdAt": true, "updatedAt": true}

// setAccession sets the accession status from the required fields and markAsSigned; it
// reports whether the requisition became signed.
func (s *Server) setAccession(t *Template, q *requisition, mark bool) bool {
	was := q.accession
	switch {
	case len(missingRequired(t, q.body)) > 0:
		q.accession = "incomplete"
	case mark:
		q.accession = "signed"
	case was != "signed":
		q.accession = "complete"
	}
	return q.accession == "signed" && was != "signed"
}

// genders and races are the documented values of patient.gender and patient.race; the fake
// refuses others with 422, as Ovation does.
var (
	genders = []string{"M", "F", "U"}
	races   = []string{"white", "black", "asian", "islander", "native", "undisclosed"}
)

// fieldErrors is a 422 body's field map.
type fieldErrors map[string][]string

func (e fieldErrors) add(field, msg string) { e[field] = append(e[field], msg) }

// validate applies the documented rules of a requisition payload.
func validate(t *Template, in map[string]any, create bool) fieldErrors {
	errs := fieldErrors{}
	tests, _ := in["requestedTests"].([]any)
	if create && len(tests) == 0 {
		errs.add("requestedTests", "must have at least one test panel")
	}
	for i, x := range tests {
		m, _ := x.(map[string]any)
		code, _ := m["panelCode"].(string)
		at := "requestedTests[" + strconv.Itoa(i) + "].panelCode"
		switch {
		case code == "":
			errs.add(at, "can't be blank")
		case len(t.PanelCodes) > 0 && !slices.Contains(t.PanelCodes, code):
			errs.add(at, "is not a test panel of this template")
		}
	}
	seen := map[string]bool{}
	samples, _ := in["samples"].([]any)
	for i, x := range samples {
		m, _ := x.(map[string]any)
		at := "samples[" + strconv.Itoa(i) + "]."
		id, _ := m["identifier"].(string)
		label, _ := m["label"].(string)
		group, _ := m["group"].(string)
		ct, _ := m["containerType"].(string)
		switch {
		case id == "":
			errs.add(at+"identifier", "can't be blank")
		case seen[id]:
			errs.add(at+"identifier", "has already been taken")
		}
		seen[id] = true
		if label == "" {
			errs.add(at+"label", "can't be blank")
		} else if len(t.SampleLabels) > 0 && !slices.Contains(t.SampleLabels, label) {
			errs.add(at+"label", "is not a sample label of this template")
		}
		if group != "" && len(t.SampleGroups) > 0 && !slices.Contains(t.SampleGroups, group) {
			errs.add(at+"group", "is not a sample group of this template")
		}
		if ct != "" && len(t.ContainerTypes) > 0 && !slices.Contains(t.ContainerTypes, ct) {
			errs.add(at+"containerType", "is not a container type of this template")
		}
	}
	if p, ok := in["patient"].(map[string]any); ok {
		for _, f := range []struct {
			name string
			set  []string
		}{{"gender", genders}, {"race", races}} {
			if v, set := p[f.name]; set && v != nil && v != "" {
				if s, ok := v.(string); !ok || !slices.Contains(f.set, s) {
					errs.add("patient."+f.name, "is not included in the list")
				}
			}
		}
	}
	if n, ok := in["hasSecondaryUseNotification"].(float64); ok && n == 2 {
		if _, ok := in["secondaryUseEntitlements"].(string); !ok {
			errs.add("secondaryUseEntitlements", "is required when hasSecondaryUseNotification is 2")
		}
	}
	return errs
}

func (s *Server) updateRequisition(w http.ResponseWriter, r *http.Request) {
	t, ok := s.template(w, r)
	if !ok {
		return
	}
	body, ok := readBody(w, r)
	if !ok {
		return
	}
	in, _ := body["requisition"].(map[string]any)
	if in == nil {
		writeErrors(w, http.StatusUnprocessableEntity, map[string][]string{"requisition": {"is required"}})
		return
	}
	s.mu.Lock()
	q := s.st.find(t.ID, r.PathValue("identifier"))
	if q == nil {
		s.mu.Unlock()
		notFound(w, "Requisition not found")
		return
	}
	merged := map[string]any{}
	for k, v := range q.body {
		merged[k] = v
	}
	for k, v := range in {
		if !readOnly[k] {
			merged[k] = v
		}
	}
	if ns, ok := in["samples"].([]any); ok {
		old, _ := q.body["samples"].([]any)
		if receivedChanged(old, ns) {
			s.mu.Unlock()
			writeErrors(w, http.StatusNotAcceptable, []string{"Update may not change sample date received"})
			return
		}
		merged["samples"] = mergeSamples(old, ns)
	}
	if errs := validate(t, merged, false); len(errs) > 0 {
		s.mu.Unlock()
		writeErrors(w, http.StatusUnprocessableEntity, errs)
		return
	}
	q.body, q.updated = merged, s.now()
	signed := s.setAccession(t, q, body["markAsSigned"] == true)
	answer, identifier := s.st.full(q), q.identifier
	s.mu.Unlock()
	fake.WriteJSON(w, http.StatusOK, map[string]any{"requisition": answer})
	if signed {
		s.fireSigned(t.ID, identifier)
	}
}

func sampleIndex(ss []any) map[string]map[string]any {
	out := map[string]map[string]any{}
	for _, x := range ss {
		if m, ok := x.(map[string]any); ok {
			if id, _ := m["identifier"].(string); id != "" {
				out[id] = m
			}
		}
	}
	return out
}

// receivedChanged reports whether an update changes a sample's set receivedDateTime.
func receivedChanged(old, upd []any) bool {
	prev := sampleIndex(old)
	for id, m := range sampleIndex(upd) {
		was, _ := prev[id]["receivedDateTime"].(string)
		now, ok := m["receivedDateTime"].(string)
		if was != "" && ok && now != was {
			return true
		}
	}
	return false
}

// mergeSamples updates samples by identifier and appends new ones.
func mergeSamples(old, upd []any) []any {
	out := slices.Clone(old)
	idx := map[string]int{}
	for i, x := range out {
		if m, ok := x.(map[string]any); ok {
			id, _ := m["identifier"].(string)
			idx[id] = i
		}
	}
	for _, x := range upd {
		m, _ := x.(map[string]any)
		id, _ := m["identifier"].(string)
		if i, ok := idx[id]; ok {
			merged := map[string]any{}
			for k, v := range out[i].(map[string]any) {
				merged[k] = v
			}
			for k, v := range m {
				merged[k] = v
			}
			out[i] = merged
			continue
		}
		out = append(out, x)
	}
	return out
}

func (s *Server) archiveRequisition(w http.ResponseWriter, r *http.Request) {
	s.withRequisition(w, r, func(q *requisition) {
		q.archived = true
		fake.WriteJSON(w, http.StatusOK, map[string]any{"message": "Requisition successfully archived"})
	})
}

// orgParam reads organizationId; it answers 422 and returns false when missing.
func orgParam(w http.ResponseWriter, r *http.Request, key string) (int64, bool) {
	n, err := strconv.ParseInt(r.URL.Query().Get(key), 10, 64)
	if err != nil || n <= 0 {
		writeErrors(w, http.StatusUnprocessableEntity, map[string][]string{key: {"is required"}})
		return 0, false
	}
	return n, true
}

func (s *Server) listUnscoped(w http.ResponseWriter, r *http.Request) {
	org, ok := orgParam(w, r, "organizationId")
	if !ok {
		return
	}
	f, ok := parseList(w, r.URL.Query())
	if !ok {
		return
	}
	tid, _ := strconv.ParseInt(r.URL.Query().Get("projectTemplateID"), 10, 64)
	s.answerList(w, f, func(q *requisition) bool {
		t := s.st.templates[q.templateID]
		return t.OrganizationID == org && (tid == 0 || q.templateID == tid)
	})
}

func (s *Server) getUnscoped(w http.ResponseWriter, r *http.Request) {
	org, ok := orgParam(w, r, "organizationId")
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	q := s.st.findInOrg(org, r.PathValue("identifier"))
	if q == nil {
		notFound(w, "Requisition not found")
		return
	}
	fake.WriteJSON(w, http.StatusOK, map[string]any{"requisition": s.st.full(q)})
}

// createUnscoped takes the template from projectTemplateID or infers it: the one template
// of the organization allowing every requested panel.
func (s *Server) createUnscoped(w http.ResponseWriter, r *http.Request) {
	org, ok := orgParam(w, r, "organizationId")
	if !ok {
		return
	}
	s.mu.Lock()
	var cands []*Template
	tid, _ := strconv.ParseInt(r.URL.Query().Get("projectTemplateID"), 10, 64)
	for _, id := range s.st.order {
		t := s.st.templates[id]
		if t.OrganizationID == org && (tid == 0 || t.ID == tid) {
			cands = append(cands, t)
		}
	}
	s.mu.Unlock()
	if len(cands) != 1 {
		writeErrors(w, http.StatusUnprocessableEntity, map[string][]string{"projectTemplateID": {"could not be inferred"}})
		return
	}
	s.create(w, r, cands[0])
}

func (s *Server) listTemplates(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	org, _ := strconv.ParseInt(r.URL.Query().Get("organizationId"), 10, 64)
	out := []any{}
	for _, id := range s.st.order {
		t := s.st.templates[id]
		if org == 0 || t.OrganizationID == org {
			out = append(out, map[string]any{"id": t.ID, "name": t.Name, "organizationId": t.OrganizationID})
		}
	}
	fake.WriteJSON(w, http.StatusOK, map[string]any{"project_templates": out})
}

func (s *Server) templateOptions(kind string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		t, ok := s.template(w, r)
		if !ok {
			return
		}
		names := t.SampleLabels
		if kind == "test_panels" {
			names = t.PanelCodes
		}
		out := []any{}
		for i, n := range names {
			item := map[string]any{"id": i + 1, "name": n}
			if kind == "test_panels" {
				item["panelCode"] = n
			}
			out = append(out, item)
		}
		fake.WriteJSON(w, http.StatusOK, map[string]any{kind: out})
	}
}

// fireSigned delivers requisition_signed_accession.
func (s *Server) fireSigned(templateID int64, identifier string) {
	s.fire(templateID, "requisition_signed_accession", identifier, map[string]any{
		"eventType": "requisition_signed_accession", "requisitionIdentifier": identifier, "projectTemplateId": templateID})
}

// pageBounds returns the slice bounds of page (from 1) of perPage entries out of n.
func pageBounds(page, perPage, n int) (from, to int) {
	from = min((page-1)*perPage, n)
	return from, min(from+perPage, n)
}
