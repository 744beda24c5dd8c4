package ovationtest

import (
	"bytes"
	"encoding/base64"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/labwire/labwire/internal/fake"
)

// ReadyReport starts the report flow for a requisition, as Ovation does when a workflow
// finishes: it creates a report with status sent-for-generation, sets the requisition's
// reporting status, and delivers report_ready_for_generation (with the reportId) to the
// template's endpoints for that event. It returns the report id. Putting content to the
// report (PUT /reports/{id}) signs it and delivers report_signed.
func (s *Server) ReadyReport(templateID int64, identifier string) (int64, error) {
	s.mu.Lock()
	q := s.st.find(templateID, identifier)
	if q == nil {
		s.mu.Unlock()
		return 0, errors.New("ovationtest: ReadyReport: no such requisition")
	}
	rep := &report{id: s.st.next(), templateID: templateID, identifier: identifier, status: "sent-for-generation", created: s.now()}
	s.st.reports[rep.id] = rep
	q.reports = append(q.reports, rep.id)
	q.reporting = "sent-for-generation"
	payload := s.eventPayload(q, "report_ready_for_generation")
	payload["reportId"] = rep.id
	payload["projectTemplateId"] = templateID
	payload["overallStatus"] = q.status
	payload["timestamp"] = s.now().Unix()
	payload["organizationTimezone"] = "UTC"
	if len(q.workflows) > 0 {
		wf := s.st.workflows[q.workflows[len(q.workflows)-1]]
		payload["workflowId"], payload["workflowDefinitionId"], payload["workflowName"] = wf.id, wf.definitionID, wf.name
	}
	s.mu.Unlock()
	s.fire(templateID, "report_ready_for_generation", identifier, payload)
	return rep.id, nil
}

// eventPayload holds the identity and provider fields every report and sample event carries.
func (s *Server) eventPayload(q *requisition, eventType string) map[string]any {
	p := map[string]any{"eventType": eventType, "requisitionIdentifier": q.identifier}
	if ss, ok := q.body["samples"].([]any); ok && len(ss) > 0 {
		m, _ := ss[0].(map[string]any)
		p["sampleIdentifier"], p["sampleGroup"], p["sampleLabel"] = m["identifier"], m["group"], m["label"]
	}
	if pt, ok := q.body["patient"].(map[string]any); ok {
		p["patientMRN"] = pt["identifier"]
	}
	if pa, ok := q.body["providerAccount"].(map[string]any); ok {
		p["providerAccountName"], p["providerAccountNumber"] = pa["name"], pa["accountNumber"]
	}
	if ph, ok := q.body["physician"].(map[string]any); ok {
		p["providerNPI"] = ph["npi"]
	}
	return p
}

// ReportContent returns the PDF put to a report, and false if none was.
func (s *Server) ReportContent(reportID int64) ([]byte, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	rep := s.st.reports[reportID]
	if rep == nil || rep.content == nil {
		return nil, false
	}
	return bytes.Clone(rep.content), true
}

func (s *Server) uploadReport(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		writeErrors(w, http.StatusUnprocessableEntity, []string{"Report ID required"})
		return
	}
	var body struct {
		Report *struct {
			RequisitionIdentifier string `json:"requisitionIdentifier"`
			ReportContent         string `json:"reportContent"`
		} `json:"report"`
	}
	if !fake.ReadJSON(w, r, &body, fake.RejectUnknownFields) {
		return
	}
	if body.Report == nil {
		writeErrors(w, http.StatusUnprocessableEntity, map[string][]string{"report": {"is required"}})
		return
	}
	pdf, err := base64.StdEncoding.DecodeString(body.Report.ReportContent)
	if err != nil || len(pdf) == 0 {
		writeErrors(w, http.StatusUnprocessableEntity, map[string][]string{"reportContent": {"must be base64 content"}})
		return
	}
	s.mu.Lock()
	rep := s.st.reports[id]
	var q *requisition
	if rep != nil {
		q = s.st.find(rep.templateID, body.Report.RequisitionIdentifier)
	}
	switch {
	case rep == nil:
		s.mu.Unlock()
		writeErrors(w, http.StatusUnprocessableEntity, []string{"Report not found"})
		return
	case q == nil && s.anyRequisition(body.Report.RequisitionIdentifier):
		s.mu.Unlock()
		writeErrors(w, http.StatusUnprocessableEntity, []string{"Invalid Requisition for Report"})
		return
	case q == nil:
		s.mu.Unlock()
		writeErrors(w, http.StatusUnprocessableEntity, []string{"Requisition not found"})
		return
	}
	rep.content, rep.status, q.reporting = pdf, "signed", "signed"
	q.status = "complete"
	payload := s.eventPayload(q, "report_signed")
	payload["projectTemplateId"] = strconv.FormatInt(rep.templateID, 10) // a string, as report_signed sends it
	payload["reportResult"] = "Not detected"
	payload["reportType"] = "Final"
	payload["reportDate"] = s.now().Format(time.DateOnly)
	payload["reportDateTime"] = s.now().Format(time.RFC3339)
	payload["reportDownloadLink"] = s.URL + "/reports/" + strconv.FormatInt(rep.id, 10) + "/download"
	payload["signedBy"] = []any{map[string]any{"name": "Lab Director", "email": "director@lab.test", "signedDateTime": s.now().Format(time.RFC3339)}}
	payload["patientCustomAttributes"] = ""
	if pt, ok := q.body["patient"].(map[string]any); ok {
		if ca, ok := pt["customAttributes"]; ok {
			payload["patientCustomAttributes"] = ca
		}
	}
	templateID, identifier := rep.templateID, q.identifier
	s.mu.Unlock()
	fake.WriteJSON(w, http.StatusCreated, map[string]any{"message": "Report successfully uploaded"})
	s.fire(templateID, "report_signed", identifier, payload)
}

func (s *Server) anyRequisition(identifier string) bool {
	for _, q := range s.st.reqs {
		if q.identifier == identifier && !q.archived {
			return true
		}
	}
	return false
}

func (s *Server) downloadReport(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	pdf, ok := s.ReportContent(id)
	if !ok {
		notFound(w, "Report not found")
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	_, _ = w.Write(pdf)
}
