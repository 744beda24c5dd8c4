package whooptest

import (
	"net/http"

	"github.com/labwire/labwire/internal/fake"
)

// handleAddTestData serves POST /v2/partner/development/add-test-data: it
// creates a test user and a lab requisition with two service requests
// (LIPID_PANEL and CBC) and one appointment for the calling partner,
// delivers lab_requisition.created to the partner's webhook URL if one is
// set, and answers 204. The request body, undocumented, is ignored. With
// [WithProduction] it answers 404 as WHOOP production does.
func (s *Server) handleAddTestData(w http.ResponseWriter, r *http.Request) {
	if s.production {
		fake.WriteError(w, http.StatusNotFound, "Not available in production environments")
		return
	}
	partner := fake.SubjectFrom(r.Context())
	s.mu.Lock()
	req, err := s.addRequisitionLocked(partner, LabRequisition{
		ServiceRequests: []ServiceRequest{
			{Code: "LIPID_PANEL", TaskDescription: "Fasting lipid panel"},
			{Code: "CBC", TaskDescription: "Complete blood count"},
		},
		Appointments: []Appointment{{}},
	})
	s.mu.Unlock()
	if err != nil {
		fake.WriteError(w, http.StatusInternalServerError, "test data could not be created")
		return
	}
	// Delivered before answering, so a test sees the webhook once the call
	// returns; like a delivery WHOOP gives up on, a failure is ignored.
	_, _ = s.SendWebhook(r.Context(), partner, "", Event{Type: EventLabRequisitionCreated, ResourceID: req.ID})
	w.WriteHeader(http.StatusNoContent)
}
