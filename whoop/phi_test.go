package whoop_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/labwire/labwire/internal/phi/phitest"
	"github.com/labwire/labwire/whoop"
)

// phiRequisition is a requisition whose every patient-bearing field, modelled or not, holds
// a canary.
const phiRequisition = `{
  "id": "0b8f2a4e-3c1d-4e5f-8a9b-1c2d3e4f5a6b",
  "created_at": "2024-02-01T08:00:00Z", "updated_at": "2024-02-01T09:15:00Z",
  "patient": {"id": "7d3f1e2a-9b8c-4d5e-a6f7-0123456789ab", "first_name": "CANARY-First", "last_name": "CANARY-Last",
    "birth_date": "1990-02-28", "email": "canary-mail@example.test", "phone": "+971500000123", "emirates_id": "784-CANARY-ID",
    "loyalty_tier": "CANARY-unmodelled"},
  "service_requests": [{"id": "11111111-2222-4333-8444-555555555555", "status": "active", "intent": "order", "code": "CANARY-CODE",
    "task_business_status": "ORDER_CONFIRMED", "task_description": "CANARY-description", "clinical_note": "CANARY-SR-raw"}],
  "appointments": [{"service_request_ids": ["11111111-2222-4333-8444-555555555555"], "start_time": "2024-02-03T07:30:00Z",
    "slot_id": "slot-42", "collection_address": {"building": "CANARY-Tower", "area": "CANARY-Area", "emirate": "Dubai", "flat_no": "1203"},
    "gate_code": "CANARY-appointment-raw"}]
}`

// Issue 7 item 9: every whoop type that can hold PHI redacts under every fmt verb, slog's
// text and JSON handlers and json.Marshal, alone and nested in pointers, slices, maps,
// structs and groups (phitest renders each shape).
func TestIssue7Item9EveryPHITypeRedactsNestedToo(t *testing.T) {
	t.Parallel()
	c, m := newMock(t)
	const id = "0b8f2a4e-3c1d-4e5f-8a9b-1c2d3e4f5a6b"
	m.on(http.MethodGet, "/v2/partner/requisition/"+id, 200, phiRequisition)
	r, err := c.Requisitions.Get(context.Background(), id)
	require.NoError(t, err)
	require.Equal(t, "CANARY-First", r.Patient.FirstName, "the data is there to be hidden")

	phitest.AssertRedacted(t, *r, "CANARY-First", "CANARY-Last", "784-CANARY-ID", "CANARY-unmodelled", "CANARY-Tower", "CANARY-SR-raw", "CANARY-description")
	phitest.AssertRedacted(t, r, "CANARY-First", "CANARY-Tower")
	phitest.AssertRedacted(t, r.Patient, "CANARY-First", "canary-mail", "CANARY-unmodelled")
	phitest.AssertRedacted(t, r.ServiceRequests[0], "CANARY-CODE", "CANARY-description", "CANARY-SR-raw")
	phitest.AssertRedacted(t, r.Appointments[0], "CANARY-Tower", "CANARY-appointment-raw")
	phitest.AssertRedacted(t, *r.Appointments[0].CollectionAddress, "CANARY-Tower", "CANARY-Area")
	phitest.AssertRedacted(t, whoop.Observation{Code: "HBA1C", ValueNumeric: whoop.MustParseDecimal("5.20"), ValueText: whoop.Ptr("CANARY-result")}, "CANARY-result")
	phitest.AssertRedacted(t, whoop.ServiceRequestSubmitResultsParams{Status: whoop.DiagnosticReportStatusFinal,
		Observations: []whoop.Observation{{Code: "X", ValueText: whoop.Ptr("CANARY-result")}}}, "CANARY-result")
	phitest.AssertRedacted(t, whoop.ServiceRequestUpdateStatusParams{TaskBusinessStatus: whoop.TaskBusinessStatusAppointmentIssue,
		Reason: whoop.Ptr("CANARY-reason")}, "CANARY-reason")
	phitest.AssertRedacted(t, whoop.RequisitionUpdateStatusParams{TaskBusinessStatus: whoop.TaskBusinessStatusOrderIssue,
		Reason: whoop.Ptr("CANARY-reason")}, "CANARY-reason")

	// The two cases the issue names: an Appointment through slog's JSON handler, a
	// ServiceRequest with %s and %q.
	var logs bytes.Buffer
	l := slog.New(slog.NewJSONHandler(&logs, nil))
	l.Info("appointment", "appointment", r.Appointments[0], "appointments", r.Appointments, "requisition", r)
	printed := logs.String() + fmt.Sprintf("%s %q %s %q", r.ServiceRequests[0], r.ServiceRequests[0], r.ServiceRequests, &r.ServiceRequests[0])
	for _, leak := range []string{"CANARY", "building", "clinical_note", `"code"`} {
		assert.NotContains(t, printed, leak)
	}
	assert.Contains(t, printed, "11111111-2222-4333-8444-555555555555", "ids stay, to debug by")
	assert.Contains(t, printed, "slot-42")
}

// A webhook event carries only a type and an id, but its raw body may carry more: that
// never shows either.
func TestEventNeverShowsItsRawBody(t *testing.T) {
	t.Parallel()
	e, err := whoop.ParseEvent([]byte(`{"event_type":"lab_requisition.created","resource_id":"r-1","member_name":"CANARY-member"}`))
	require.NoError(t, err)
	require.Contains(t, string(e.RawJSON()), "CANARY-member")
	for _, r := range phitest.Renderings(e) {
		assert.NotContains(t, r.Text, "CANARY", r.How)
	}
	for _, r := range phitest.Renderings(*e) {
		assert.NotContains(t, r.Text, "CANARY", r.How)
		assert.NotContains(t, r.Text, "43414e415259", r.How) // hex
	}
}

// A hostile server that puts a name or a log line in an id field gets neither printed.
func TestPHIIdsAreSanitised(t *testing.T) {
	t.Parallel()
	p := whoop.Patient{ID: "Jane Doe\nlevel=ERROR"}
	text := fmt.Sprint(p)
	assert.NotContains(t, text, "Jane")
	assert.NotContains(t, text, "\n")
	assert.True(t, strings.HasPrefix(text, "whoop.Patient{"))
}
