package ovationtest

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// store is the fake's state; Server.mu guards it.
type store struct {
	templates map[int64]*Template
	order     []int64
	seq       int64 // every id the fake mints
	reqs      []*requisition
	reports   map[int64]*report
	workflows map[int64]*workflow
	results   map[int64]*sampleResult
	endpoints map[int64]*endpoint
	events    []*event
	resources []map[string]any
	accounts  []*record
	records   map[string][]*record // generic collections by route collection
}

func newStore(ts []Template) *store {
	st := &store{
		templates: map[int64]*Template{}, reports: map[int64]*report{}, workflows: map[int64]*workflow{},
		results: map[int64]*sampleResult{}, endpoints: map[int64]*endpoint{}, records: map[string][]*record{},
		seq: 26354,
	}
	for i := range ts {
		t := ts[i]
		if t.IdentifierPrefix == "" {
			t.IdentifierPrefix = "REQ-"
		}
		if t.Name == "" {
			t.Name = fmt.Sprintf("Template %d", t.ID)
		}
		st.templates[t.ID] = &t
		st.order = append(st.order, t.ID)
	}
	return st
}

func (st *store) next() int64 { st.seq++; return st.seq }

type requisition struct {
	id, templateID                                    int64
	identifier                                        string
	body                                              map[string]any // the requisition object as written, samples with labels
	status, accession, processing, reporting, billing string
	created, updated                                  time.Time
	archived                                          bool
	reports                                           []int64
	workflows                                         []int64
}

type report struct {
	id, templateID int64
	identifier     string
	status         string
	content        []byte
	created        time.Time
}

type workflow struct {
	id, definitionID int64
	name             string
	created          time.Time
	samples          []workflowSample
	identifier       string
	templateID       int64
}

type workflowSample struct {
	identifier string
	resultIDs  []int64
}

type sampleResult struct {
	id          int64
	req         *requisition
	sample      string
	testResults []map[string]any
}

type endpoint struct {
	id, templateID     int64
	targetURL, event   string
	username, password string
	headers            map[string]string
}

type event struct {
	id, endpointID int64
	templateID     int64
	eventType      string
	status         string
	lastSent       time.Time
	responseMsg    string
	identifier     string
	body           []byte
}

type record struct {
	id      int64
	org     int64
	parent  int64
	fields  map[string]any
	deleted bool
}

func (st *store) find(templateID int64, identifier string) *requisition {
	for _, r := range st.reqs {
		if r.templateID == templateID && r.identifier == identifier && !r.archived {
			return r
		}
	}
	return nil
}

func (st *store) findInOrg(org int64, identifier string) *requisition {
	for _, r := range st.reqs {
		if t := st.templates[r.templateID]; t != nil && t.OrganizationID == org && r.identifier == identifier && !r.archived {
			return r
		}
	}
	return nil
}

// full is the camelCase requisition a get answers: what was written (no sample labels, which
// are write only), plus what Ovation sets.
func (st *store) full(r *requisition) map[string]any {
	out := map[string]any{}
	for k, v := range r.body {
		out[k] = v
	}
	if ss, ok := r.body["samples"].([]any); ok {
		clean := make([]any, 0, len(ss))
		for _, s := range ss {
			if m, ok := s.(map[string]any); ok {
				c := map[string]any{}
				for k, v := range m {
					if k != "label" {
						c[k] = v
					}
				}
				clean = append(clean, c)
			}
		}
		out["samples"] = clean
	}
	if ms, ok := r.body["medications"].([]any); ok {
		named := make([]any, 0, len(ms))
		for _, m := range ms {
			if mm, ok := m.(map[string]any); ok {
				c := map[string]any{"rxcui": mm["rxcui"], "name": fmt.Sprintf("Medication %v", mm["rxcui"])}
				named = append(named, c)
			}
		}
		out["medications"] = named
	}
	out["id"] = r.id
	out["identifier"] = r.identifier
	out["templateId"] = r.templateID
	out["status"] = r.status
	out["accessionStatus"] = r.accession
	out["processingStatus"] = r.processing
	out["reportingStatus"] = r.reporting
	out["billingStatus"] = r.billing
	out["createdAt"] = r.created.Format(time.RFC3339Nano)
	out["updatedAt"] = r.updated.Format(time.RFC3339Nano)
	wfs := []any{}
	for _, id := range r.workflows {
		wfs = append(wfs, st.workflowJSON(st.workflows[id], false))
	}
	out["workflows"] = wfs
	reps := []any{}
	for _, id := range r.reports {
		rep := st.reports[id]
		reps = append(reps, map[string]any{"status": rep.status, "documentName": fmt.Sprintf("report-%d.pdf", rep.id),
			"displayName": "Report", "createdDate": rep.created.Format(time.RFC3339), "downloadLink": fmt.Sprintf("/api/v3/reports/%d/download", rep.id)})
	}
	out["reports"] = reps
	return out
}

// limited is the snake_case summary a list answers.
func (st *store) limited(r *requisition) map[string]any {
	wfs := []any{}
	for _, id := range r.workflows {
		wfs = append(wfs, st.workflowJSON(st.workflows[id], true))
	}
	return map[string]any{
		"id": r.id, "identifier": r.identifier, "requisition_template_id": r.templateID,
		"status": r.status, "accession_status": r.accession, "processing_status": r.processing,
		"reporting_status": r.reporting, "billing_status": r.billing,
		"created_at": r.created.Format(time.RFC3339Nano), "updated_at": r.updated.Format(time.RFC3339Nano),
		"workflows": wfs,
	}
}

func (st *store) workflowJSON(w *workflow, snake bool) map[string]any {
	samples := []any{}
	for _, s := range w.samples {
		ids := make([]any, len(s.resultIDs))
		for i, id := range s.resultIDs {
			ids[i] = id
		}
		key := "workflowSampleResultIds"
		if snake {
			key = "workflow_sample_result_ids"
		}
		samples = append(samples, map[string]any{"identifier": s.identifier, key: ids})
	}
	m := map[string]any{"id": w.id, "name": w.name, "status": "completed", "samples": samples}
	if snake {
		m["workflow_definition_id"], m["created_at"], m["completed_at"] = w.definitionID, w.created.Format(time.RFC3339), w.created.Format(time.RFC3339)
	} else {
		m["workflowDefinitionId"], m["createdAt"], m["completedAt"] = w.definitionID, w.created.Format(time.RFC3339), w.created.Format(time.RFC3339)
	}
	return m
}

// missingRequired returns the template's required fields absent from body, sorted.
func missingRequired(t *Template, body map[string]any) []string {
	var out []string
	for _, path := range t.Required {
		var cur any = body
		for _, part := range strings.Split(path, ".") {
			m, ok := cur.(map[string]any)
			if !ok {
				cur = nil
				break
			}
			cur = m[part]
		}
		if cur == nil || cur == "" {
			out = append(out, path)
		}
	}
	sort.Strings(out)
	return out
}
