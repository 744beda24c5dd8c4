package whooptest

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/labwire/labwire/internal/wiretest"
)

func TestAddRequisitionFillsDefaults(t *testing.T) {
	t.Parallel()
	clock := wiretest.NewClock(tutorialTime)
	srv := newServer(t, WithClock(clock.Now), WithSequentialIDs())
	got, err := srv.AddRequisition(DefaultClientID, LabRequisition{
		ServiceRequests: []ServiceRequest{{Code: "LIPID_PANEL"}, {Code: "CBC", TaskBusinessStatus: "FULL_RESULTS_READY"}},
		Appointments:    []Appointment{{}},
	})
	require.NoError(t, err)
	assert.Equal(t, LabRequisition{
		ID:        "00000000-0000-4000-8000-000000000001",
		CreatedAt: tutorialTime,
		UpdatedAt: tutorialTime,
		Patient:   json.RawMessage(`{"id":"00000000-0000-4000-8000-000000000002"}`),
		ServiceRequests: []ServiceRequest{
			{ID: "00000000-0000-4000-8000-000000000003", Status: "active", Intent: "order", Code: "LIPID_PANEL"},
			{ID: "00000000-0000-4000-8000-000000000004", Status: "completed", Intent: "order", Code: "CBC", TaskBusinessStatus: "FULL_RESULTS_READY"},
		},
		Appointments: []Appointment{{
			ServiceRequestIDs: []string{"00000000-0000-4000-8000-000000000003", "00000000-0000-4000-8000-000000000004"},
			StartTime:         tutorialTime.Add(24 * time.Hour),
		}},
	}, got)
	stored, ok := srv.Requisition(got.ID)
	require.True(t, ok)
	assert.Equal(t, got, stored)
}

func TestAddRequisitionKeepsPartnerSpecificShapes(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	// WHOOP's UnilabsPatient and UnilabsAppointment variants; synthetic data.
	patient := `{"id":"569250ea-0a6b-49ab-804b-13cf486aacc7","first_name":"Test","last_name":"Patient","birth_date":"1990-01-01","gender":"female","emirates_id":null}`
	start := time.Date(2024, 1, 16, 8, 0, 0, 0, time.FixedZone("GST", 4*3600))
	got, err := srv.AddRequisition(DefaultClientID, LabRequisition{
		Patient:         json.RawMessage(patient),
		ServiceRequests: []ServiceRequest{{ID: tutorialServiceRequestID, Code: "LIPID_PANEL"}, {Code: "CBC"}},
		Appointments: []Appointment{{
			ServiceRequestIDs: []string{tutorialServiceRequestID},
			StartTime:         start,
			Extra:             json.RawMessage(`{"slot_id":"slot-7","collection_address":{"building":"Tower 1","area":"Marina","emirate":"Dubai"},"start_time":"ignored"}`),
		}},
	})
	require.NoError(t, err)

	a := call(t, srv, http.MethodGet, "/v2/partner/requisition/"+got.ID, defaultToken(t, srv), "")
	require.Equal(t, http.StatusOK, a.status)
	var wire struct {
		Patient      json.RawMessage   `json:"patient"`
		Appointments []json.RawMessage `json:"appointments"`
	}
	require.NoError(t, json.Unmarshal([]byte(a.body), &wire))
	assert.JSONEq(t, patient, string(wire.Patient), "the patient is answered as seeded")
	require.Len(t, wire.Appointments, 1)
	assert.JSONEq(t, `{"service_request_ids":["3fa85f64-5717-4562-b3fc-2c963f66afa6"],"start_time":"2024-01-16T04:00:00Z",
		"slot_id":"slot-7","collection_address":{"building":"Tower 1","area":"Marina","emirate":"Dubai"}}`, string(wire.Appointments[0]),
		"documented members win over Extra; times are answered in UTC")

	var round Appointment
	require.NoError(t, json.Unmarshal(wire.Appointments[0], &round))
	assert.Equal(t, []string{tutorialServiceRequestID}, round.ServiceRequestIDs)
	assert.True(t, start.Equal(round.StartTime))
	assert.JSONEq(t, `{"slot_id":"slot-7","collection_address":{"building":"Tower 1","area":"Marina","emirate":"Dubai"}}`, string(round.Extra))
}

func TestAddRequisitionRejects(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	seedTutorial(t, srv)
	one := []ServiceRequest{{Code: "CBC"}}
	tests := map[string]struct {
		partner string
		req     LabRequisition
		want    string
	}{
		"unknown partner":                       {"nobody", LabRequisition{ServiceRequests: one}, "unknown partner"},
		"no service requests":                   {DefaultClientID, LabRequisition{}, "no service requests"},
		"requisition id not uuid":               {DefaultClientID, LabRequisition{ID: "req-1", ServiceRequests: one}, "not a UUID"},
		"requisition id taken":                  {DefaultClientID, LabRequisition{ID: tutorialRequisitionID, ServiceRequests: one}, "already in use"},
		"requisition id is a service request's": {DefaultClientID, LabRequisition{ID: tutorialServiceRequestID, ServiceRequests: one}, "already in use"},
		"service request id taken":              {DefaultClientID, LabRequisition{ServiceRequests: []ServiceRequest{{ID: tutorialServiceRequestID, Code: "CBC"}}}, "already in use"},
		"duplicate in the seed": {DefaultClientID, LabRequisition{ServiceRequests: []ServiceRequest{
			{ID: "00000000-0000-4000-8000-00000000000a", Code: "CBC"}, {ID: "00000000-0000-4000-8000-00000000000A", Code: "HDL"}}}, "already in use"},
		"no code":                      {DefaultClientID, LabRequisition{ServiceRequests: []ServiceRequest{{}}}, "empty Code"},
		"unknown status":               {DefaultClientID, LabRequisition{ServiceRequests: []ServiceRequest{{Code: "CBC", TaskBusinessStatus: "DONE"}}}, "unknown TaskBusinessStatus"},
		"unknown FHIR status":          {DefaultClientID, LabRequisition{ServiceRequests: []ServiceRequest{{Code: "CBC", Status: "draft"}}}, "is not active"},
		"patient not object":           {DefaultClientID, LabRequisition{Patient: json.RawMessage(`"p"`), ServiceRequests: one}, "not a JSON object"},
		"patient without id":           {DefaultClientID, LabRequisition{Patient: json.RawMessage(`{"first_name":"Test"}`), ServiceRequests: one}, `"id"`},
		"patient numeric id":           {DefaultClientID, LabRequisition{Patient: json.RawMessage(`{"id":7}`), ServiceRequests: one}, `"id"`},
		"appointment elsewhere":        {DefaultClientID, LabRequisition{ServiceRequests: one, Appointments: []Appointment{{ServiceRequestIDs: []string{tutorialServiceRequestID}}}}, "not in the requisition"},
		"appointment extra not object": {DefaultClientID, LabRequisition{ServiceRequests: one, Appointments: []Appointment{{Extra: json.RawMessage(`[1]`)}}}, "not a JSON object"},
	}
	for name, tt := range tests {
		_, err := srv.AddRequisition(tt.partner, tt.req)
		assert.ErrorContains(t, err, tt.want, name)
	}
	assert.Len(t, srv.RequisitionIDs(DefaultClientID), 1, "a rejected seed stores nothing")
	_, ok := srv.ServiceRequest("00000000-0000-4000-8000-00000000000a")
	assert.False(t, ok)
}

func TestAddRequisitionStoresLowercaseIDs(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	got, err := srv.AddRequisition(DefaultClientID, LabRequisition{
		ID:              "A1B2C3D4-E5F6-7890-ABCD-EF1234567890",
		ServiceRequests: []ServiceRequest{{ID: "3FA85F64-5717-4562-B3FC-2C963F66AFA6", Code: "CBC"}},
		Appointments:    []Appointment{{ServiceRequestIDs: []string{"3FA85F64-5717-4562-B3FC-2C963F66AFA6"}}},
	})
	require.NoError(t, err)
	assert.Equal(t, tutorialRequisitionID, got.ID)
	assert.Equal(t, tutorialServiceRequestID, got.ServiceRequests[0].ID)
	assert.Equal(t, []string{tutorialServiceRequestID}, got.Appointments[0].ServiceRequestIDs)
}

func TestStoreAccessorsReturnCopies(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	req := seedTutorial(t, srv)
	req.Patient[2] = 'X'
	req.ServiceRequests[0].Code = "CHANGED"
	ids := srv.RequisitionIDs(DefaultClientID)
	ids[0] = "changed"

	got, _ := srv.Requisition(tutorialRequisitionID)
	assert.JSONEq(t, `{"id":"`+tutorialPatientID+`"}`, string(got.Patient))
	assert.Equal(t, "LIPID_PANEL", got.ServiceRequests[0].Code)
	assert.Equal(t, []string{tutorialRequisitionID}, srv.RequisitionIDs(DefaultClientID))
	_, ok := srv.Requisition("00000000-0000-4000-8000-000000000000")
	assert.False(t, ok)
	_, ok = srv.ServiceRequest("00000000-0000-4000-8000-000000000000")
	assert.False(t, ok)
	assert.Nil(t, srv.StatusChanges("00000000-0000-4000-8000-000000000000"))
}
