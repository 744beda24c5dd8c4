package whooptest

import (
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/labwire/labwire/internal/fake"
)

// handleGetServiceRequest serves GET /v2/partner/service-request/{id}.
func (s *Server) handleGetServiceRequest(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	sr, ok := s.ownedServiceRequestLocked(fake.SubjectFrom(r.Context()), r.PathValue("id"))
	var out ServiceRequest
	if ok {
		out = sr.wire
	}
	s.mu.Unlock()
	if !ok {
		notFound(w)
		return
	}
	fake.WriteJSON(w, http.StatusOK, out)
}

// readStatusChange decodes the body of both status routes, answering 400
// itself when it is not a valid ServiceRequestStatusRequest.
func (s *Server) readStatusChange(w http.ResponseWriter, r *http.Request) (StatusChange, bool) {
	var body statusRequest
	if !fake.ReadJSON(w, r, &body, fake.RejectUnknownFields) {
		return StatusChange{}, false
	}
	if body.TaskBusinessStatus == "" {
		fake.WriteError(w, http.StatusBadRequest, "task_business_status is required")
		return StatusChange{}, false
	}
	status := TaskBusinessStatus(body.TaskBusinessStatus)
	if !status.IsKnown() {
		fake.WriteError(w, http.StatusBadRequest, errUnknownStatus.Error())
		return StatusChange{}, false
	}
	c := StatusChange{TaskBusinessStatus: status, At: s.now()}
	if body.Reason != nil {
		c.Reason = *body.Reason
	}
	return c, true
}

// handleUpdateServiceRequestStatus serves PATCH
// /v2/partner/service-request/{id}/status: 200 with the updated service
// request, 400 for a transition the workflow does not allow.
func (s *Server) handleUpdateServiceRequestStatus(w http.ResponseWriter, r *http.Request) {
	change, ok := s.readStatusChange(w, r)
	if !ok {
		return
	}
	s.mu.Lock()
	sr, ok := s.ownedServiceRequestLocked(fake.SubjectFrom(r.Context()), r.PathValue("id"))
	var err error
	var out ServiceRequest
	if ok {
		if err = checkTransition(sr.wire.TaskBusinessStatus, change.TaskBusinessStatus); err == nil {
			s.setStatusLocked(sr, change)
			out = sr.wire
		}
	}
	s.mu.Unlock()
	switch {
	case !ok:
		notFound(w)
	case err != nil:
		fake.WriteError(w, http.StatusBadRequest, err.Error())
	default:
		fake.WriteJSON(w, http.StatusOK, out)
	}
}

// handleSubmitResults serves POST /v2/partner/service-request/{id}/results:
// 201 with no body; the report is kept for [Server.Results].
func (s *Server) handleSubmitResults(w http.ResponseWriter, r *http.Request) {
	var body resultsRequest
	if !fake.ReadJSON(w, r, &body, fake.RejectUnknownFields) {
		return
	}
	report, err := body.report()
	if err != nil {
		fake.WriteError(w, http.StatusBadRequest, err.Error())
		return
	}
	s.mu.Lock()
	sr, ok := s.ownedServiceRequestLocked(fake.SubjectFrom(r.Context()), r.PathValue("id"))
	if ok {
		sr.results = append(sr.results, report)
	}
	s.mu.Unlock()
	if !ok {
		notFound(w)
		return
	}
	w.WriteHeader(http.StatusCreated)
}

// report validates a results body and converts it. Error messages name
// fields and positions, never values.
func (b resultsRequest) report() (DiagnosticReport, error) {
	if !ReportStatus(b.Status).IsKnown() {
		return DiagnosticReport{}, fmt.Errorf("status must be one of %v", ReportStatusValues())
	}
	if len(b.Observations) == 0 {
		return DiagnosticReport{}, fmt.Errorf("observations must not be empty")
	}
	out := DiagnosticReport{Status: ReportStatus(b.Status), Observations: make([]Observation, 0, len(b.Observations))}
	for i, o := range b.Observations {
		obs := Observation{Code: o.Code, ValueText: deref(o.ValueText), Unit: deref(o.Unit), Status: ObservationStatus(deref(o.Status))}
		if obs.Code == "" {
			return DiagnosticReport{}, fmt.Errorf("observations[%d].code is required", i)
		}
		if len(o.ValueNumeric) > 0 && string(o.ValueNumeric) != "null" {
			if c := o.ValueNumeric[0]; c != '-' && (c < '0' || c > '9') {
				return DiagnosticReport{}, fmt.Errorf("observations[%d].value_numeric must be a JSON number", i)
			}
			obs.ValueNumeric = json.Number(o.ValueNumeric)
		}
		if obs.ValueNumeric == "" && obs.ValueText == "" {
			return DiagnosticReport{}, fmt.Errorf("observations[%d] needs value_numeric or value_text", i)
		}
		if obs.Status != "" && !obs.Status.IsKnown() {
			return DiagnosticReport{}, fmt.Errorf("observations[%d].status must be one of %v", i, ObservationStatusValues())
		}
		out.Observations = append(out.Observations, obs)
	}
	return out, nil
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}
