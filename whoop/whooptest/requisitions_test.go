package whooptest

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/labwire/labwire/internal/wiretest"
)

func golden(t *testing.T, name string) string {
	t.Helper()
	return string(wiretest.Golden(t, name))
}

func TestGetRequisitionMatchesTutorial(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	seedTutorial(t, srv)
	a := call(t, srv, http.MethodGet, "/v2/partner/requisition/"+tutorialRequisitionID, defaultToken(t, srv), "")
	require.Equal(t, http.StatusOK, a.status)
	assert.Equal(t, "application/json", a.header.Get("Content-Type"))
	// The tutorial's response, plus the appointments member the spec requires.
	assert.JSONEq(t, golden(t, "tutorial_requisition.json"), a.body)

	var decoded LabRequisition
	require.NoError(t, json.Unmarshal([]byte(a.body), &decoded))
	stored, ok := srv.Requisition(tutorialRequisitionID)
	require.True(t, ok)
	assert.Equal(t, stored, decoded, "the wire types round-trip")
}

func TestGetRequisitionNotFound(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	seedTutorial(t, srv)
	tok := defaultToken(t, srv)
	for _, id := range []string{
		"00000000-0000-4000-8000-000000000000", // unknown
		tutorialServiceRequestID,               // a service request id
		"not-a-uuid",
		"..%2F..%2Fetc",
	} {
		a := call(t, srv, http.MethodGet, "/v2/partner/requisition/"+id, tok, "")
		assert.Equal(t, http.StatusNotFound, a.status, id)
	}
	a := call(t, srv, http.MethodGet, "/v2/partner/requisition/"+strings.ToUpper(tutorialRequisitionID), tok, "")
	assert.Equal(t, http.StatusOK, a.status, "ids match case-insensitively")
}

func TestUpdateRequisitionStatus(t *testing.T) {
	t.Parallel()
	clock := wiretest.NewClock(tutorialTime)
	srv := newServer(t, WithClock(clock.Now))
	req, err := srv.AddRequisition(DefaultClientID, LabRequisition{
		ServiceRequests: []ServiceRequest{{Code: "LIPID_PANEL"}, {Code: "CBC"}},
	})
	require.NoError(t, err)
	tok := defaultToken(t, srv)
	path := "/v2/partner/requisition/" + req.ID + "/status"
	sr1, sr2 := req.ServiceRequests[0].ID, req.ServiceRequests[1].ID

	clock.Advance(time.Minute)
	a := call(t, srv, http.MethodPatch, path, tok, `{"task_business_status":"ORDER_CONFIRMED","reason":"validated"}`)
	assert.Equal(t, http.StatusNoContent, a.status)
	assert.Empty(t, a.body)
	for _, id := range []string{sr1, sr2} {
		sr, _ := srv.ServiceRequest(id)
		assert.Equal(t, TaskBusinessStatusOrderConfirmed, sr.TaskBusinessStatus)
		assert.Equal(t, []StatusChange{{TaskBusinessStatus: "ORDER_CONFIRMED", Reason: "validated", At: tutorialTime.Add(time.Minute)}}, srv.StatusChanges(id))
	}
	got, _ := srv.Requisition(req.ID)
	assert.Equal(t, tutorialTime.Add(time.Minute), got.UpdatedAt)
	assert.Equal(t, tutorialTime, got.CreatedAt)

	// Move one service request ahead on its own: the requisition-wide update
	// must then be all-or-nothing.
	a = call(t, srv, http.MethodPatch, "/v2/partner/service-request/"+sr2+"/status", tok, `{"task_business_status":"APPOINTMENT_ATTENDED"}`)
	require.Equal(t, http.StatusOK, a.status)
	a = call(t, srv, http.MethodPatch, "/v2/partner/service-request/"+sr2+"/status", tok, `{"task_business_status":"FULL_RESULTS_READY"}`)
	require.Equal(t, http.StatusOK, a.status)

	a = call(t, srv, http.MethodPatch, path, tok, `{"task_business_status":"APPOINTMENT_ATTENDED"}`)
	assert.Equal(t, http.StatusBadRequest, a.status)
	assert.JSONEq(t, `{"error":"task_business_status FULL_RESULTS_READY is terminal"}`, a.body)
	sr, _ := srv.ServiceRequest(sr1)
	assert.Equal(t, TaskBusinessStatusOrderConfirmed, sr.TaskBusinessStatus, "nothing changed")
	assert.Len(t, srv.StatusChanges(sr1), 1)

	for body, want := range map[string]int{
		`{"task_business_status":"SPECIMEN_COLLECTED"}`:         400,
		`{"task_business_status":""}`:                           400,
		`{"reason":"x"}`:                                        400,
		`{"task_business_status":"ORDER_CONFIRMED","note":"x"}`: 400,
	} {
		assert.Equal(t, want, call(t, srv, http.MethodPatch, path, tok, body).status, body)
	}
	assert.Equal(t, http.StatusNotFound, call(t, srv, http.MethodPatch, "/v2/partner/requisition/"+sr1+"/status", tok, `{"task_business_status":"ORDER_CONFIRMED"}`).status)
}
