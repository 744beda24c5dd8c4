package ovationtest

import (
	"encoding/base64"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/labwire/labwire/internal/fake"
)

// TestResult is one assay result of a workflow sample (testResults[]).
type TestResult struct {
	// AssayName, TargetName, PanelName, PanelCode, Result and ComputedResult are answered
	// as given.
	AssayName, TargetName, PanelName, PanelCode, Result, ComputedResult string
	// Organism and CtValue fill infectiousDisease when set; CtValue is a JSON number.
	Organism, CtValue string
}

// RunWorkflow completes a workflow over every sample of a requisition: it creates the
// workflow (definition definitionID, shown by the definitions route), one sample result per
// sample holding results, links it to the requisition, and delivers test_result_ready with
// sampleTestResults. It returns the workflow id.
func (s *Server) RunWorkflow(templateID int64, identifier string, definitionID int64, name string, results []TestResult) (int64, error) {
	s.mu.Lock()
	q := s.st.find(templateID, identifier)
	if q == nil {
		s.mu.Unlock()
		return 0, errors.New("ovationtest: RunWorkflow: no such requisition")
	}
	wf := &workflow{id: s.st.next(), definitionID: definitionID, name: name, created: s.now(), identifier: identifier, templateID: templateID}
	var ids []any
	samples, _ := q.body["samples"].([]any)
	for _, x := range samples {
		m, _ := x.(map[string]any)
		sid, _ := m["identifier"].(string)
		res := &sampleResult{id: s.st.next(), req: q, sample: sid}
		for _, tr := range results {
			item := map[string]any{"assayName": tr.AssayName, "targetName": tr.TargetName, "panelName": tr.PanelName,
				"panelCode": tr.PanelCode, "result": tr.Result, "computedResult": tr.ComputedResult}
			if tr.Organism != "" || tr.CtValue != "" {
				id := map[string]any{"organism": tr.Organism}
				if tr.CtValue != "" {
					id["ctValue"] = rawNumber(tr.CtValue)
				}
				item["infectiousDisease"] = id
			}
			res.testResults = append(res.testResults, item)
		}
		s.st.results[res.id] = res
		wf.samples = append(wf.samples, workflowSample{identifier: sid, resultIDs: []int64{res.id}})
		ids = append(ids, map[string]any{"id": res.id, "sampleIdentifier": sid})
	}
	s.st.workflows[wf.id] = wf
	q.workflows = append(q.workflows, wf.id)
	q.processing = "complete"
	org := s.st.templates[templateID].OrganizationID
	s.mu.Unlock()
	s.fire(templateID, "test_result_ready", identifier, map[string]any{
		"eventType": "test_result_ready", "organizationId": org, "workflowId": wf.id, "workflowType": "standard",
		"sampleTestResults": ids})
	return wf.id, nil
}

// rawNumber is a JSON number kept as written.
type rawNumber string

func (n rawNumber) MarshalJSON() ([]byte, error) { return []byte(n), nil }

func (s *Server) getWorkflow(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	wf := s.st.workflows[id]
	if wf == nil {
		notFound(w, "Workflow not found")
		return
	}
	fake.WriteJSON(w, http.StatusOK, map[string]any{"workflow": s.st.workflowJSON(wf, false)})
}

func (s *Server) workflowDefinitions(w http.ResponseWriter, r *http.Request) {
	if _, ok := orgParam(w, r, "organizationId"); !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	seen := map[int64]bool{}
	out := []any{}
	for _, id := range sortedKeys(s.st.workflows) {
		wf := s.st.workflows[id]
		if !seen[wf.definitionID] {
			seen[wf.definitionID] = true
			out = append(out, map[string]any{"id": wf.definitionID, "name": wf.name})
		}
	}
	fake.WriteJSON(w, http.StatusOK, map[string]any{"workflow_definitions": out})
}

func (s *Server) sampleResult(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	res := s.st.results[id]
	if res == nil {
		notFound(w, "Workflow sample result not found")
		return
	}
	q := res.req
	abbr := map[string]any{"identifier": q.identifier, "customAttributes": q.body["customAttributes"],
		"testPanels": q.body["requestedTests"], "diagnosis": q.body["diagnosis"],
		"sample": map[string]any{"identifier": res.sample}, "patient": q.body["patient"]}
	if pa, ok := q.body["providerAccount"].(map[string]any); ok {
		abbr["providerAccount"] = map[string]any{"name": pa["name"], "number": pa["accountNumber"]}
	}
	fake.WriteJSON(w, http.StatusOK, map[string]any{"requisition": abbr, "testResults": res.testResults})
}

func (s *Server) adminReports(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	for _, k := range []string{"type", "startDate", "endDate", "workflowDefinitionId"} {
		if q.Get(k) == "" {
			writeErrors(w, http.StatusUnprocessableEntity, map[string][]string{k: {"is required"}})
			return
		}
	}
	if q.Get("type") != "workflow_report" {
		writeErrors(w, http.StatusUnprocessableEntity, map[string][]string{"type": {"is not a report type"}})
		return
	}
	def, _ := strconv.ParseInt(q.Get("workflowDefinitionId"), 10, 64)
	s.mu.Lock()
	defer s.mu.Unlock()
	rows := []any{}
	for _, id := range sortedKeys(s.st.workflows) {
		wf := s.st.workflows[id]
		if wf.definitionID != def {
			continue
		}
		var batch []any
		for _, sm := range wf.samples {
			batch = append(batch, map[string]any{"Workflow Batch": wf.name, "Sample": sm.identifier, "Activity 1 Submitted By": "Lab Tech"})
		}
		rows = append(rows, batch)
	}
	fake.WriteJSON(w, http.StatusOK, map[string]any{"workflow_report": rows})
}

func (s *Server) uploadResource(w http.ResponseWriter, r *http.Request) {
	body, ok := readBody(w, r)
	if !ok {
		return
	}
	res, _ := body["resource"].(map[string]any)
	if res == nil {
		writeErrors(w, http.StatusUnprocessableEntity, map[string][]string{"resource": {"is required"}})
		return
	}
	for _, k := range []string{"organizationId", "requisitionIdentifier", "sampleIdentifier", "resourceGroupName"} {
		if v, ok := res[k]; !ok || v == "" || v == nil {
			writeErrors(w, http.StatusUnprocessableEntity, []string{k + " required"})
			return
		}
	}
	ident, _ := res["requisitionIdentifier"].(string)
	sample, _ := res["sampleIdentifier"].(string)
	s.mu.Lock()
	found := false
	for _, q := range s.st.reqs {
		if q.identifier == ident && !q.archived {
			for id := range sampleIndex(anySlice(q.body["samples"])) {
				found = found || id == sample
			}
		}
	}
	s.mu.Unlock()
	if !found {
		writeErrors(w, http.StatusUnprocessableEntity, []string{"Sample not found"})
		return
	}
	if res["returnUploadLink"] == true {
		fake.WriteJSON(w, http.StatusCreated, map[string]any{"uploadLink": "https://uploads.ovationtest.invalid/" + sample + "?signature=test"})
		return
	}
	content, _ := res["fileContent"].(string)
	pdf, err := base64.StdEncoding.DecodeString(content)
	if err != nil || !strings.HasPrefix(string(pdf), "%PDF-") {
		writeErrors(w, http.StatusUnprocessableEntity, []string{"can only be used to upload PDF files"})
		return
	}
	s.mu.Lock()
	s.st.resources = append(s.st.resources, res)
	s.mu.Unlock()
	name, _ := res["resourceGroupName"].(string)
	fake.WriteJSON(w, http.StatusCreated, map[string]any{"message": "Resource " + name + " successfully uploaded."})
}

func anySlice(v any) []any { s, _ := v.([]any); return s }
