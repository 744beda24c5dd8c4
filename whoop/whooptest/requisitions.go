package whooptest

import (
	"net/http"

	"github.com/labwire/labwire/internal/fake"
)

// handleGetRequisition serves GET /v2/partner/requisition/{id}: 404 for an
// unknown id and for another partner's requisition.
func (s *Server) handleGetRequisition(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	req, ok := s.ownedRequisitionLocked(fake.SubjectFrom(r.Context()), r.PathValue("id"))
	var out LabRequisition
	if ok {
		out = s.renderLocked(req)
	}
	s.mu.Unlock()
	if !ok {
		notFound(w)
		return
	}
	fake.WriteJSON(w, http.StatusOK, out)
}

// handleUpdateRequisitionStatus serves PATCH
// /v2/partner/requisition/{id}/status: the status is applied to every
// service request of the requisition, or to none if any transition is
// invalid. It answers 204.
func (s *Server) handleUpdateRequisitionStatus(w http.ResponseWriter, r *http.Request) {
	change, ok := s.readStatusChange(w, r)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	req, ok := s.ownedRequisitionLocked(fake.SubjectFrom(r.Context()), r.PathValue("id"))
	if !ok {
		notFound(w)
		return
	}
	for _, id := range req.srIDs {
		if err := checkTransition(s.serviceRequests[id].wire.TaskBusinessStatus, change.TaskBusinessStatus); err != nil {
			fake.WriteError(w, http.StatusBadRequest, err.Error())
			return
		}
	}
	for _, id := range req.srIDs {
		s.setStatusLocked(s.serviceRequests[id], change)
	}
	w.WriteHeader(http.StatusNoContent)
}
