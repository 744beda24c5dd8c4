package whooptest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/labwire/labwire/internal/uuid"
)

// requisition is the stored state of a lab requisition.
type requisition struct {
	owner        string // partner client id
	id           string
	createdAt    time.Time
	updatedAt    time.Time
	patient      json.RawMessage
	srIDs        []string
	appointments []Appointment
}

// serviceRequest is the stored state of a service request.
type serviceRequest struct {
	wire          ServiceRequest
	requisitionID string
	changes       []StatusChange
	results       []DiagnosticReport
}

// AddRequisition stores a lab requisition owned by the partner with client
// id clientID and returns it as GET /v2/partner/requisition/{id} would.
//
// Empty fields are filled in: ids (random UUIDs, or sequential with
// [WithSequentialIDs]), CreatedAt (now), UpdatedAt (CreatedAt), the
// patient ({"id": <new id>}), a service request's Status ("active", or as
// its TaskBusinessStatus implies) and Intent ("order"), an appointment's
// ServiceRequestIDs (all the requisition's) and StartTime (CreatedAt plus
// 24 hours). Given ids must be UUIDs not in use; they are stored in
// lowercase. The requisition needs at least one service request, each with
// a Code; a Patient must be a JSON object with a non-empty string "id".
func (s *Server) AddRequisition(clientID string, r LabRequisition) (LabRequisition, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.addRequisitionLocked(clientID, r)
}

func (s *Server) addRequisitionLocked(clientID string, in LabRequisition) (LabRequisition, error) {
	fail := func(format string, args ...any) (LabRequisition, error) {
		return LabRequisition{}, fmt.Errorf("whooptest: AddRequisition: "+format, args...)
	}
	if _, ok := s.partners[clientID]; !ok {
		return fail("unknown partner client id %q", clientID)
	}
	if len(in.ServiceRequests) == 0 {
		return fail("no service requests")
	}
	taken := map[string]bool{}
	id, err := s.claimID(in.ID, taken)
	if err != nil {
		return fail("requisition: %v", err)
	}
	patient, err := s.patient(in.Patient)
	if err != nil {
		return fail("%v", err)
	}
	now := s.now()
	req := &requisition{
		owner:     clientID,
		id:        id,
		createdAt: or(in.CreatedAt, now).UTC(),
		patient:   patient,
	}
	req.updatedAt = or(in.UpdatedAt, req.createdAt).UTC()

	srs := make([]*serviceRequest, 0, len(in.ServiceRequests))
	for i, w := range in.ServiceRequests {
		if w.ID, err = s.claimID(w.ID, taken); err != nil {
			return fail("service request %d: %v", i, err)
		}
		if w.Code == "" {
			return fail("service request %d: empty Code", i)
		}
		if w.TaskBusinessStatus != "" && !isKnownStatus(w.TaskBusinessStatus) {
			return fail("service request %d: unknown TaskBusinessStatus %q", i, w.TaskBusinessStatus)
		}
		switch w.Status {
		case "":
			w.Status = fhirStatus(ServiceRequestStatusActive, w.TaskBusinessStatus)
		case ServiceRequestStatusActive, ServiceRequestStatusCompleted, ServiceRequestStatusRevoked:
		default:
			return fail("service request %d: Status %q is not active, completed or revoked", i, w.Status)
		}
		if w.Intent == "" {
			w.Intent = "order"
		}
		srs = append(srs, &serviceRequest{wire: w, requisitionID: id})
		req.srIDs = append(req.srIDs, w.ID)
	}

	for i, a := range in.Appointments {
		a.ServiceRequestIDs = slices.Clone(a.ServiceRequestIDs)
		if len(a.ServiceRequestIDs) == 0 {
			a.ServiceRequestIDs = slices.Clone(req.srIDs)
		}
		for j, srID := range a.ServiceRequestIDs {
			a.ServiceRequestIDs[j] = strings.ToLower(srID)
			if !slices.Contains(req.srIDs, a.ServiceRequestIDs[j]) {
				return fail("appointment %d: service request %q is not in the requisition", i, srID)
			}
		}
		a.StartTime = or(a.StartTime, req.createdAt.Add(24*time.Hour)).UTC()
		if len(a.Extra) > 0 {
			if err := checkObject(a.Extra); err != nil {
				return fail("appointment %d: Extra: %v", i, err)
			}
			a.Extra = bytes.Clone(a.Extra)
		}
		req.appointments = append(req.appointments, a)
	}

	s.requisitions[id] = req
	for _, sr := range srs {
		s.serviceRequests[sr.wire.ID] = sr
	}
	s.owned[clientID] = append(s.owned[clientID], id)
	return s.renderLocked(req), nil
}

// claimID returns id in lowercase, or a new id when it is empty, after
// checking that it is a UUID used neither by a stored resource nor in taken,
// to which it is added.
func (s *Server) claimID(id string, taken map[string]bool) (string, error) {
	if id == "" {
		id = s.newID()
	}
	id = strings.ToLower(id)
	if !uuid.Valid(id) {
		return "", fmt.Errorf("id %q is not a UUID", id)
	}
	_, isReq := s.requisitions[id]
	_, isSR := s.serviceRequests[id]
	if isReq || isSR || taken[id] {
		return "", fmt.Errorf("id %q is already in use", id)
	}
	taken[id] = true
	return id, nil
}

// patient checks a seeded patient, or makes one up when it is empty.
func (s *Server) patient(p json.RawMessage) (json.RawMessage, error) {
	if len(p) == 0 {
		return json.Marshal(map[string]string{"id": s.newID()})
	}
	var members struct {
		ID *string `json:"id"`
	}
	if err := checkObject(p); err != nil {
		return nil, fmt.Errorf("patient: %v", err)
	}
	if err := json.Unmarshal(p, &members); err != nil || members.ID == nil || *members.ID == "" {
		return nil, errors.New(`patient: needs a non-empty string "id"`)
	}
	return bytes.Clone(p), nil
}

func checkObject(b json.RawMessage) error {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil || m == nil {
		return errors.New("not a JSON object")
	}
	return nil
}

func or(t, def time.Time) time.Time {
	if t.IsZero() {
		return def
	}
	return t
}

// renderLocked returns the wire form of a stored requisition, sharing no
// memory with the store.
func (s *Server) renderLocked(r *requisition) LabRequisition {
	out := LabRequisition{
		ID:              r.id,
		CreatedAt:       r.createdAt,
		UpdatedAt:       r.updatedAt,
		Patient:         bytes.Clone(r.patient),
		ServiceRequests: make([]ServiceRequest, 0, len(r.srIDs)),
		Appointments:    make([]Appointment, 0, len(r.appointments)),
	}
	for _, id := range r.srIDs {
		out.ServiceRequests = append(out.ServiceRequests, s.serviceRequests[id].wire)
	}
	for _, a := range r.appointments {
		a.ServiceRequestIDs = slices.Clone(a.ServiceRequestIDs)
		a.Extra = bytes.Clone(a.Extra)
		out.Appointments = append(out.Appointments, a)
	}
	return out
}

// ownedRequisitionLocked returns the requisition with id if partner owns it.
func (s *Server) ownedRequisitionLocked(partner, id string) (*requisition, bool) {
	r, ok := s.requisitions[strings.ToLower(id)]
	if !ok || r.owner != partner {
		return nil, false
	}
	return r, true
}

// ownedServiceRequestLocked returns the service request with id if partner
// owns its requisition.
func (s *Server) ownedServiceRequestLocked(partner, id string) (*serviceRequest, bool) {
	sr, ok := s.serviceRequests[strings.ToLower(id)]
	if !ok || s.requisitions[sr.requisitionID].owner != partner {
		return nil, false
	}
	return sr, true
}

// setStatusLocked applies an already checked status change.
func (s *Server) setStatusLocked(sr *serviceRequest, c StatusChange) {
	sr.wire.TaskBusinessStatus = c.TaskBusinessStatus
	sr.wire.Status = fhirStatus(sr.wire.Status, c.TaskBusinessStatus)
	sr.changes = append(sr.changes, c)
	s.requisitions[sr.requisitionID].updatedAt = c.At
}

// Requisition returns the requisition with id, whoever owns it.
func (s *Server) Requisition(id string) (LabRequisition, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.requisitions[strings.ToLower(id)]
	if !ok {
		return LabRequisition{}, false
	}
	return s.renderLocked(r), true
}

// RequisitionIDs returns the ids of the requisitions owned by the partner
// with client id clientID, seeded or created by add-test-data, in creation
// order.
func (s *Server) RequisitionIDs(clientID string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.owned[clientID])
}

// ServiceRequest returns the service request with id, whoever owns it.
func (s *Server) ServiceRequest(id string) (ServiceRequest, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	sr, ok := s.serviceRequests[strings.ToLower(id)]
	if !ok {
		return ServiceRequest{}, false
	}
	return sr.wire, true
}

// StatusChanges returns the accepted task_business_status updates of the
// service request with id, oldest first.
func (s *Server) StatusChanges(serviceRequestID string) []StatusChange {
	s.mu.Lock()
	defer s.mu.Unlock()
	sr, ok := s.serviceRequests[strings.ToLower(serviceRequestID)]
	if !ok {
		return nil
	}
	return slices.Clone(sr.changes)
}

// Results returns the diagnostic reports submitted for the service request
// with id, oldest first. Each submission is kept, so a resubmitted report
// appears twice (WHOOP does not document whether it deduplicates).
func (s *Server) Results(serviceRequestID string) []DiagnosticReport {
	s.mu.Lock()
	defer s.mu.Unlock()
	sr, ok := s.serviceRequests[strings.ToLower(serviceRequestID)]
	if !ok {
		return nil
	}
	out := make([]DiagnosticReport, len(sr.results))
	for i, r := range sr.results {
		out[i] = DiagnosticReport{Status: r.Status, Observations: slices.Clone(r.Observations)}
	}
	return out
}
