package whoop_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/labwire/labwire/whoop"
)

// Issue 7 item 3: a 2xx without a usable body where a method returns a resource is
// ErrInvalidResponse, never a zero value and nil; the methods that return nothing accept it.
func TestIssue7Item3EmptyAnswerIsAnError(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		status int
		body   string
	}{
		{"empty 200", 200, ""}, {"blank 200", 200, " \n"}, {"null", 200, "null"}, {"204", 204, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, m := newMock(t)
			m.on(http.MethodGet, "/v2/partner/requisition/"+reqID, tc.status, tc.body)
			m.on(http.MethodPatch, "/v2/partner/service-request/"+srID+"/status", tc.status, tc.body)
			m.on(http.MethodPatch, "/v2/partner/requisition/"+reqID+"/status", tc.status, tc.body)
			m.on(http.MethodGet, "/v2/partner/service-request/"+srID, tc.status, tc.body)

			r, err := c.Requisitions.Get(context.Background(), reqID)
			assert.ErrorIs(t, err, whoop.ErrInvalidResponse)
			assert.Nil(t, r)
			sr, err := c.ServiceRequests.Get(context.Background(), srID)
			assert.ErrorIs(t, err, whoop.ErrInvalidResponse)
			assert.Nil(t, sr)
			sr, err = c.ServiceRequests.UpdateStatus(context.Background(), srID, &whoop.ServiceRequestUpdateStatusParams{
				TaskBusinessStatus: whoop.TaskBusinessStatusOrderConfirmed})
			assert.ErrorIs(t, err, whoop.ErrInvalidResponse)
			assert.NotErrorIs(t, err, whoop.ErrOutcomeUnknown, "WHOOP answered 2xx: the update happened")
			assert.Nil(t, sr)

			err = c.Requisitions.UpdateStatus(context.Background(), reqID, &whoop.RequisitionUpdateStatusParams{
				TaskBusinessStatus: whoop.TaskBusinessStatusOrderConfirmed})
			assert.NoError(t, err, "the requisition status route returns nothing")
		})
	}
}

// Issue 7 item 11: a WHOOP answer whose typed fields could disagree with its raw JSON
// (case-variant or duplicate keys, invalid UTF-8) is refused.
func TestIssue7Item11AnswersAreDecodedStrictly(t *testing.T) {
	t.Parallel()
	for _, body := range []string{
		`{"id":"` + srID + `","status":"active","STATUS":"revoked"}`,
		`{"id":"` + srID + `","task_business_status":"ORDER_CONFIRMED","task_business_status":"ORDER_ISSUE"}`,
		"{\"id\":\"" + srID + "\",\"code\":\"LIPID\xff\"}",
	} {
		c, m := newMock(t)
		m.on(http.MethodGet, "/v2/partner/service-request/"+srID, 200, body)
		_, err := c.ServiceRequests.Get(context.Background(), srID)
		require.ErrorIs(t, err, whoop.ErrInvalidResponse, "%q", body)
		assert.NotContains(t, err.Error(), "revoked")
		assert.NotContains(t, err.Error(), "ORDER_ISSUE")
	}
}

// Issue 7 item 13 (whoop part): the CheckTransition pre-read is its own call: it does not
// carry the caller's options (headers), and WithResponse shows the update's answer.
func TestIssue7Item13CheckTransitionPreReadTakesNoCallerOptions(t *testing.T) {
	t.Parallel()
	c, m := newMock(t)
	m.on(http.MethodGet, "/v2/partner/service-request/"+srID, 200, string(golden(t, "service_request_confirmed.json")), "X-Request-Id", "pre-read")
	m.on(http.MethodPatch, "/v2/partner/service-request/"+srID+"/status", 200, string(golden(t, "service_request_confirmed.json")), "X-Request-Id", "update")
	m.on(http.MethodGet, "/v2/partner/requisition/"+reqID, 200, string(golden(t, "requisition.json")), "X-Request-Id", "pre-read")
	m.on(http.MethodPatch, "/v2/partner/requisition/"+reqID+"/status", 204, "", "X-Request-Id", "update")

	var meta whoop.Response
	_, err := c.ServiceRequests.UpdateStatus(context.Background(), srID, &whoop.ServiceRequestUpdateStatusParams{
		TaskBusinessStatus: whoop.TaskBusinessStatusAppointmentAttended, CheckTransition: true,
	}, whoop.WithHeader("X-Caller", "1"), whoop.WithResponse(&meta))
	require.NoError(t, err)
	assert.Equal(t, "update", meta.RequestID)

	err = c.Requisitions.UpdateStatus(context.Background(), reqID, &whoop.RequisitionUpdateStatusParams{
		TaskBusinessStatus: whoop.TaskBusinessStatusOrderConfirmed, CheckTransition: true,
	}, whoop.WithHeader("X-Caller", "1"), whoop.WithResponse(&meta))
	require.NoError(t, err)
	assert.Equal(t, "update", meta.RequestID)
	assert.Equal(t, 204, meta.StatusCode)

	got := m.apiRequests()
	require.Len(t, got, 4)
	for _, s := range got {
		if s.Method == http.MethodGet {
			assert.Empty(t, s.Header.Get("X-Caller"), "the pre-read %s took the caller's header", s.Path)
		} else {
			assert.Equal(t, "1", s.Header.Get("X-Caller"))
		}
	}
}

// Issue 8 item 5: every decoded value keeps its raw JSON, found in the one body read (no
// second decode); unmodelled fields are there.
func TestIssue8Item5RawJSONOfNestedValues(t *testing.T) {
	t.Parallel()
	c, m := newMock(t)
	body := golden(t, "requisition_unilabs.json")
	m.on(http.MethodGet, "/v2/partner/requisition/"+reqID, 200, string(body))
	r, err := c.Requisitions.Get(context.Background(), reqID)
	require.NoError(t, err)

	var doc struct {
		Patient         json.RawMessage   `json:"patient"`
		ServiceRequests []json.RawMessage `json:"service_requests"`
		Appointments    []json.RawMessage `json:"appointments"`
	}
	require.NoError(t, json.Unmarshal(body, &doc))
	assert.Equal(t, strings.TrimSpace(string(body)), string(r.RawJSON()))
	assert.Equal(t, string(doc.Patient), string(r.Patient.RawJSON()))
	assert.Contains(t, string(r.Patient.RawJSON()), `"loyalty_tier"`)
	require.Len(t, r.ServiceRequests, 1)
	assert.Equal(t, string(doc.ServiceRequests[0]), string(r.ServiceRequests[0].RawJSON()))
	assert.Equal(t, string(doc.Appointments[0]), string(r.Appointments[0].RawJSON()))

	cp := *r // a copy keeps its raw JSON
	assert.Equal(t, string(doc.Patient), string(cp.Patient.RawJSON()))

	m.on(http.MethodGet, "/v2/partner/service-request/"+srID, 200, string(golden(t, "service_request_confirmed.json")))
	sr, err := c.ServiceRequests.Get(context.Background(), srID)
	require.NoError(t, err)
	assert.JSONEq(t, string(golden(t, "service_request_confirmed.json")), string(sr.RawJSON()))

	var mine whoop.LabRequisition
	require.NoError(t, json.Unmarshal(body, &mine))
	assert.Nil(t, mine.RawJSON(), "a value decoded outside the client has no raw JSON")
	assert.Equal(t, "Testy", mine.Patient.FirstName)
}

// Issue 8 item 6: a lab value is sent with exactly the digits given.
func TestIssue8Item6ValueNumericKeepsItsDigits(t *testing.T) {
	t.Parallel()
	c, m := newMock(t)
	m.on(http.MethodPost, "/v2/partner/service-request/"+srID+"/results", 201, "")
	err := c.ServiceRequests.SubmitResults(context.Background(), srID, &whoop.ServiceRequestSubmitResultsParams{
		Status: whoop.DiagnosticReportStatusFinal,
		Observations: []whoop.Observation{
			{Code: "HBA1C", ValueNumeric: whoop.MustParseDecimal("5.20"), Unit: "%"},
			{Code: "TSH", ValueNumeric: whoop.DecimalFromFloat(2.5), Unit: "mIU/L"},
			{Code: "BLOOD_TYPE", ValueText: whoop.Ptr("A+")},
		},
	})
	require.NoError(t, err)
	got := m.apiRequests()
	require.Len(t, got, 1)
	assert.JSONEq(t, `{"status":"final","observations":[
		{"code":"HBA1C","value_numeric":5.20,"unit":"%"},
		{"code":"TSH","value_numeric":2.5,"unit":"mIU/L"},
		{"code":"BLOOD_TYPE","value_text":"A+"}]}`, string(got[0].Body))
	assert.Contains(t, string(got[0].Body), `"value_numeric":5.20`)

	d, err := whoop.ParseDecimal("5.20 mmol")
	assert.Error(t, err)
	assert.True(t, d.IsZero())
	assert.NotContains(t, err.Error(), "mmol")
}

// Issue 8 item 8: every enum has XValues and IsKnown, written one way; unknown values
// decode and round-trip.
func TestIssue8Item8EnumsHaveValuesAndIsKnown(t *testing.T) {
	t.Parallel()
	check := func(name string, n int, known func(int) bool, unknown bool) {
		t.Helper()
		assert.Positive(t, n, name)
		for i := range n {
			assert.True(t, known(i), "%s value %d", name, i)
		}
		assert.False(t, unknown, "%s: an undocumented value is not known", name)
	}
	tbs := whoop.TaskBusinessStatusValues()
	check("TaskBusinessStatus", len(tbs), func(i int) bool { return tbs[i].IsKnown() }, whoop.TaskBusinessStatus("SPECIMEN_COLLECTED").IsKnown())
	srs := whoop.ServiceRequestStatusValues()
	check("ServiceRequestStatus", len(srs), func(i int) bool { return srs[i].IsKnown() }, whoop.ServiceRequestStatus("draft").IsKnown())
	drs := whoop.DiagnosticReportStatusValues()
	check("DiagnosticReportStatus", len(drs), func(i int) bool { return drs[i].IsKnown() }, whoop.DiagnosticReportStatus("registered").IsKnown())
	obs := whoop.ObservationStatusValues()
	check("ObservationStatus", len(obs), func(i int) bool { return obs[i].IsKnown() }, whoop.ObservationStatus("done").IsKnown())
	evs := whoop.EventTypeValues()
	check("EventType", len(evs), func(i int) bool { return evs[i].IsKnown() }, whoop.EventType("lab_requisition.deleted").IsKnown())

	// Values returns a fresh slice: changing it changes nothing.
	srs[0] = "changed"
	assert.True(t, whoop.ServiceRequestStatusActive.IsKnown())

	e, err := whoop.ParseEvent([]byte(`{"event_type":"lab_requisition.deleted","resource_id":"x"}`))
	require.NoError(t, err)
	assert.Equal(t, whoop.EventType("lab_requisition.deleted"), e.Type)
	b, err := json.Marshal(e)
	require.NoError(t, err)
	assert.JSONEq(t, `{"event_type":"lab_requisition.deleted","resource_id":"x"}`, string(b))
}

// Issue 8 item 5, in allocations (the benchmark has the times): each extra service request
// costs no more allocations through Requisitions.Get than through plain net/http and
// encoding/json (it cost 2.2 times as many), and a Get at most 15 more in all. Not
// parallel: AllocsPerRun counts the whole process.
func TestIssue8Item5DecodeOnceAllocations(t *testing.T) {
	const base = "https://api.test"
	allocs := func(n int) (plain, labwire float64) {
		hc := &http.Client{Transport: memoryTransport{body: benchRequisition(n)}}
		c, err := whoop.NewClient(whoop.WithBaseURL(base+"/developer"), whoop.WithBearerToken("bench-token"), whoop.WithHTTPClient(hc))
		require.NoError(t, err)
		ctx := context.Background()
		url := base + "/developer/v2/partner/requisition/" + benchReqID
		plain = testing.AllocsPerRun(20, func() { plainGet(ctx, t, hc, url, n) })
		labwire = testing.AllocsPerRun(20, func() {
			r, err := c.Requisitions.Get(ctx, benchReqID)
			if err != nil || len(r.ServiceRequests) != n {
				t.Fatal(err)
			}
		})
		return plain, labwire
	}
	p1, l1 := allocs(1)
	p101, l101 := allocs(101)
	t.Logf("allocs/op: plain %v → %v, labwire %v → %v", p1, p101, l1, l101)
	assert.LessOrEqual(t, l1-p1, 15.0, "a Get costs at most 15 allocations more than plain")
	assert.LessOrEqual(t, (l101-l1)/100, 1.2*(p101-p1)/100, "per service request, at most 1.2x plain's allocations")
}

// FuzzDecodeRequisition: WHOOP's answer is untrusted input. Decoding never panics; a
// requisition it accepts has valid raw JSON for itself and every nested value; a refusal
// never quotes the answer.
func FuzzDecodeRequisition(f *testing.F) {
	f.Add(benchRequisition(2))
	f.Add([]byte(phiRequisition))
	f.Add([]byte(`{"id":"a","ID":"b"}`))
	f.Add([]byte(`{"service_requests":[{"id":"x"},{"id":"y","Id":"z"}]}`))
	f.Add([]byte(`{"patient":null,"appointments":[{"collection_address":{"building":"CANARY-b"}}]}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		r, err := whoop.DecodeRequisition(body)
		if err != nil {
			if len(body) >= 8 && strings.Contains(err.Error(), string(body)) {
				t.Fatalf("the error quotes the answer: %v", err)
			}
			return
		}
		raws := []json.RawMessage{r.RawJSON()}
		if r.Patient.RawJSON() != nil {
			raws = append(raws, r.Patient.RawJSON())
		}
		for i := range r.ServiceRequests {
			raws = append(raws, r.ServiceRequests[i].RawJSON())
		}
		for i := range r.Appointments {
			raws = append(raws, r.Appointments[i].RawJSON())
		}
		for i, raw := range raws {
			if !json.Valid(raw) {
				t.Fatalf("raw JSON %d is not valid: %q", i, raw)
			}
		}
	})
}
