package whooptest

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestGetServiceRequest(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	seedTutorial(t, srv)
	tok := defaultToken(t, srv)
	a := call(t, srv, http.MethodGet, "/v2/partner/service-request/"+tutorialServiceRequestID, tok, "")
	require.Equal(t, http.StatusOK, a.status)
	assert.JSONEq(t, `{"id":"3fa85f64-5717-4562-b3fc-2c963f66afa6","status":"active","intent":"order","code":"LIPID_PANEL","task_business_status":null,"task_description":"Fasting lipid panel"}`, a.body)
	assert.Equal(t, http.StatusNotFound, call(t, srv, http.MethodGet, "/v2/partner/service-request/"+tutorialRequisitionID, tok, "").status)
}

func TestUpdateServiceRequestStatusWorkflow(t *testing.T) {
	t.Parallel()
	steps := []struct {
		name       string
		path       []string // statuses set in order, all expected to succeed
		next       string
		wantStatus int
		wantFHIR   ServiceRequestStatus
	}{
		{"confirm", nil, "ORDER_CONFIRMED", 200, "active"},
		{"attended before confirmed", nil, "APPOINTMENT_ATTENDED", 400, "active"},
		{"full before confirmed", nil, "FULL_RESULTS_READY", 400, "active"},
		{"reject the order", nil, "ORDER_ISSUE", 200, "revoked"},
		{"confirm again", []string{"ORDER_CONFIRMED"}, "ORDER_CONFIRMED", 200, "active"},
		{"skip attended", []string{"ORDER_CONFIRMED"}, "PARTIAL_RESULTS_READY", 400, "active"},
		{"attended", []string{"ORDER_CONFIRMED"}, "APPOINTMENT_ATTENDED", 200, "active"},
		{"go back", []string{"ORDER_CONFIRMED", "APPOINTMENT_ATTENDED"}, "ORDER_CONFIRMED", 400, "active"},
		{"partial", []string{"ORDER_CONFIRMED", "APPOINTMENT_ATTENDED"}, "PARTIAL_RESULTS_READY", 200, "active"},
		{"partial again", []string{"ORDER_CONFIRMED", "APPOINTMENT_ATTENDED", "PARTIAL_RESULTS_READY"}, "PARTIAL_RESULTS_READY", 200, "active"},
		{"skip partial", []string{"ORDER_CONFIRMED", "APPOINTMENT_ATTENDED"}, "FULL_RESULTS_READY", 200, "completed"},
		{"full", []string{"ORDER_CONFIRMED", "APPOINTMENT_ATTENDED", "PARTIAL_RESULTS_READY"}, "FULL_RESULTS_READY", 200, "completed"},
		{"full again", []string{"ORDER_CONFIRMED", "APPOINTMENT_ATTENDED", "FULL_RESULTS_READY"}, "FULL_RESULTS_READY", 200, "completed"},
		{"issue after full", []string{"ORDER_CONFIRMED", "APPOINTMENT_ATTENDED", "FULL_RESULTS_READY"}, "RESULTS_ISSUE", 400, "completed"},
		{"results issue", []string{"ORDER_CONFIRMED", "APPOINTMENT_ATTENDED", "PARTIAL_RESULTS_READY"}, "RESULTS_ISSUE", 200, "active"},
		{"appointment issue", []string{"ORDER_CONFIRMED"}, "APPOINTMENT_ISSUE", 200, "active"},
		{"after an issue", []string{"ORDER_CONFIRMED", "APPOINTMENT_ISSUE"}, "APPOINTMENT_ATTENDED", 400, "active"},
		{"other issue after an issue", []string{"ORDER_CONFIRMED", "APPOINTMENT_ISSUE"}, "ORDER_ISSUE", 400, "active"},
		{"same issue again", []string{"ORDER_ISSUE"}, "ORDER_ISSUE", 200, "revoked"},
		{"spec's free-text example", []string{"ORDER_CONFIRMED"}, "Specimen collected", 400, "active"},
		{"lowercase", nil, "order_confirmed", 400, "active"},
	}
	srv := newServer(t)
	tok := defaultToken(t, srv)
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			req, err := srv.AddRequisition(DefaultClientID, LabRequisition{ServiceRequests: []ServiceRequest{{Code: "CBC"}}})
			require.NoError(t, err)
			id := req.ServiceRequests[0].ID
			path := "/v2/partner/service-request/" + id + "/status"
			for _, s := range st.path {
				require.Equal(t, http.StatusOK, call(t, srv, http.MethodPatch, path, tok, `{"task_business_status":"`+s+`"}`).status, s)
			}
			before := srv.StatusChanges(id)

			a := call(t, srv, http.MethodPatch, path, tok, `{"task_business_status":"`+st.next+`"}`)
			require.Equal(t, st.wantStatus, a.status, a.body)
			sr, _ := srv.ServiceRequest(id)
			assert.Equal(t, st.wantFHIR, sr.Status)
			if st.wantStatus == http.StatusOK {
				var got ServiceRequest
				require.NoError(t, json.Unmarshal([]byte(a.body), &got))
				assert.Equal(t, sr, got, "the answer is the updated service request")
				assert.Equal(t, TaskBusinessStatus(st.next), got.TaskBusinessStatus)
				assert.Len(t, srv.StatusChanges(id), len(before)+1)
				return
			}
			assert.Contains(t, a.body, `"error"`)
			assert.NotContains(t, a.body, "Specimen", "unknown values are not echoed")
			assert.Equal(t, before, srv.StatusChanges(id), "a refused change changes nothing")
		})
	}
}

func TestUpdateServiceRequestStatusAnswerMatchesTutorial(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	seedTutorial(t, srv)
	// The tutorial's call: JSON.stringify drops the undefined reason.
	a := call(t, srv, http.MethodPatch, "/v2/partner/service-request/"+tutorialServiceRequestID+"/status", defaultToken(t, srv),
		`{"task_business_status":"ORDER_CONFIRMED"}`)
	require.Equal(t, http.StatusOK, a.status)
	assert.JSONEq(t, golden(t, "tutorial_service_request_confirmed.json"), a.body)
	changes := srv.StatusChanges(tutorialServiceRequestID)
	require.Len(t, changes, 1)
	assert.Empty(t, changes[0].Reason)
}

func TestSubmitResultsStoresNumbersExactly(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	seedTutorial(t, srv)
	tok := defaultToken(t, srv)
	path := "/v2/partner/service-request/" + tutorialServiceRequestID + "/results"

	// The tutorial's body, without per-observation status.
	a := call(t, srv, http.MethodPost, path, tok, `{"status":"final","observations":[
		{"code":"TOTAL_CHOLESTEROL","value_numeric":185,"unit":"mg/dL"},
		{"code":"BLOOD_TYPE","value_text":"A+"}]}`)
	assert.Equal(t, http.StatusCreated, a.status)
	assert.Empty(t, a.body, "201 has no body")

	// The Submit-Diagnostic-Results page's form, with status, and numbers a
	// float64 would not keep.
	a = call(t, srv, http.MethodPost, path, tok, `{"status":"amended","observations":[
		{"code":"HDL","value_numeric":5.20,"unit":"mmol/L","status":"final"},
		{"code":"LDL","value_numeric":0.1000000000000000055511151231257827,"status":"amended"},
		{"code":"TRIG","value_numeric":-1e2,"value_text":"see note","status":"corrected"},
		{"code":"NULLS","value_numeric":null,"value_text":"x","unit":null,"status":null}]}`)
	require.Equal(t, http.StatusCreated, a.status, a.body)

	assert.Equal(t, []DiagnosticReport{
		{Status: "final", Observations: []Observation{
			{Code: "TOTAL_CHOLESTEROL", ValueNumeric: "185", Unit: "mg/dL"},
			{Code: "BLOOD_TYPE", ValueText: "A+"},
		}},
		{Status: "amended", Observations: []Observation{
			{Code: "HDL", ValueNumeric: "5.20", Unit: "mmol/L", Status: "final"},
			{Code: "LDL", ValueNumeric: "0.1000000000000000055511151231257827", Status: "amended"},
			{Code: "TRIG", ValueNumeric: "-1e2", ValueText: "see note", Status: "corrected"},
			{Code: "NULLS", ValueText: "x"},
		}},
	}, srv.Results(tutorialServiceRequestID))

	reports := srv.Results(tutorialServiceRequestID)
	reports[0].Observations[0].Code = "CHANGED"
	assert.Equal(t, "TOTAL_CHOLESTEROL", srv.Results(tutorialServiceRequestID)[0].Observations[0].Code, "Results returns copies")
	sr, _ := srv.ServiceRequest(tutorialServiceRequestID)
	assert.Empty(t, sr.TaskBusinessStatus, "results do not move the workflow")
	assert.Nil(t, srv.Results("00000000-0000-4000-8000-000000000000"))
}

func TestSubmitResultsValidation(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	seedTutorial(t, srv)
	tok := defaultToken(t, srv)
	path := "/v2/partner/service-request/" + tutorialServiceRequestID + "/results"
	const canary = "Canary-Patient-Value"
	tests := []struct {
		name, body, wantError string
	}{
		{"no observations", `{"status":"final","observations":[]}`, "observations must not be empty"},
		{"observations absent", `{"status":"final"}`, "observations must not be empty"},
		{"no value", `{"status":"final","observations":[{"code":"HDL","unit":"mg/dL"}]}`, "observations[0] needs value_numeric or value_text"},
		{"empty text", `{"status":"final","observations":[{"code":"HDL","value_text":""}]}`, "observations[0] needs value_numeric or value_text"},
		{"null values", `{"status":"final","observations":[{"code":"A","value_text":"x"},{"code":"HDL","value_numeric":null,"value_text":null}]}`, "observations[1] needs value_numeric or value_text"},
		{"number as string", `{"status":"final","observations":[{"code":"HDL","value_numeric":"` + canary + `"}]}`, "observations[0].value_numeric must be a JSON number"},
		{"numeric string", `{"status":"final","observations":[{"code":"HDL","value_numeric":"185"}]}`, "observations[0].value_numeric must be a JSON number"},
		{"number as bool", `{"status":"final","observations":[{"code":"HDL","value_numeric":true}]}`, "observations[0].value_numeric must be a JSON number"},
		{"no code", `{"status":"final","observations":[{"value_numeric":1}]}`, "observations[0].code is required"},
		{"no status", `{"observations":[{"code":"HDL","value_numeric":1}]}`, "status must be one of [final partial preliminary amended corrected cancelled]"},
		{"unknown status", `{"status":"done","observations":[{"code":"HDL","value_numeric":1}]}`, "status must be one of [final partial preliminary amended corrected cancelled]"},
		{"unknown observation status", `{"status":"final","observations":[{"code":"HDL","value_numeric":1,"status":"ok"}]}`, "observations[0].status must be one of [registered preliminary final amended corrected cancelled entered-in-error unknown]"},
		{"unknown member", `{"status":"final","observations":[{"code":"HDL","value_numeric":1,"reference_range":"` + canary + `"}]}`, `unknown field "reference_range"`},
		{"NaN", `{"status":"final","observations":[{"code":"HDL","value_numeric":NaN}]}`, "request body is not valid JSON"},
	}
	for _, tt := range tests {
		a := call(t, srv, http.MethodPost, path, tok, tt.body)
		assert.Equal(t, http.StatusBadRequest, a.status, tt.name)
		assert.JSONEq(t, `{"error":`+jsonQuote(tt.wantError)+`}`, a.body, tt.name)
		assert.NotContains(t, a.body, canary, tt.name)
	}
	assert.Empty(t, srv.Results(tutorialServiceRequestID))

	a := call(t, srv, http.MethodPost, "/v2/partner/service-request/"+tutorialRequisitionID+"/results", tok,
		`{"status":"final","observations":[{"code":"HDL","value_numeric":1}]}`)
	assert.Equal(t, http.StatusNotFound, a.status)
}

func jsonQuote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func TestSubmitResultsNeedsJSONContentType(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	seedTutorial(t, srv)
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost,
		srv.URL+"/v2/partner/service-request/"+tutorialServiceRequestID+"/results",
		strings.NewReader(`{"status":"final","observations":[{"code":"HDL","value_numeric":1}]}`))
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+defaultToken(t, srv))
	req.Header.Set("Content-Type", "text/plain")
	resp, err := srv.Client().Do(req)
	require.NoError(t, err)
	_ = resp.Body.Close()
	assert.Equal(t, http.StatusUnsupportedMediaType, resp.StatusCode)
}
