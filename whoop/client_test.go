package whoop_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/labwire/labwire/internal/wiretest"
	"github.com/labwire/labwire/whoop"
)

const (
	base       = "https://api.test/developer"
	reqID      = "a1b2c3d4-e5f6-7890-abcd-ef1234567890"
	srID       = "3fa85f64-5717-4562-b3fc-2c963f66afa6"
	tokenValue = "eyJhbGciOiJ0ZXN0In0.synthetic"
)

// seen is one request as it reached the mock, after the whole client stack.
type seen struct {
	Method, Path string
	Header       http.Header
	Body         []byte
}

type mock struct {
	*httpmock.MockTransport
	mu       sync.Mutex
	requests []seen
	tokens   int
}

func (m *mock) record(r *http.Request) seen {
	var body []byte
	if r.Body != nil {
		body, _ = io.ReadAll(r.Body)
	}
	s := seen{Method: r.Method, Path: r.URL.EscapedPath(), Header: r.Header.Clone(), Body: body}
	m.mu.Lock()
	m.requests = append(m.requests, s)
	m.mu.Unlock()
	return s
}

// apiRequests returns what reached the API routes (token requests excluded).
func (m *mock) apiRequests() []seen {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []seen
	for _, s := range m.requests {
		if !strings.HasSuffix(s.Path, "/v2/partner/token") {
			out = append(out, s)
		}
	}
	return out
}

// on registers a responder that records the request and answers status with body.
func (m *mock) on(method, path string, status int, body string, header ...string) {
	m.RegisterResponder(method, base+path, func(r *http.Request) (*http.Response, error) {
		m.record(r)
		resp := httpmock.NewStringResponse(status, body)
		if body != "" {
			resp.Header.Set("Content-Type", "application/json")
		}
		for i := 0; i+1 < len(header); i += 2 {
			resp.Header.Set(header[i], header[i+1])
		}
		return resp, nil
	})
}

func newMock(t *testing.T, opts ...whoop.Option) (*whoop.Client, *mock) {
	t.Helper()
	m := &mock{MockTransport: httpmock.NewMockTransport()}
	m.RegisterResponder(http.MethodPost, base+"/v2/partner/token", func(r *http.Request) (*http.Response, error) {
		s := m.record(r)
		m.mu.Lock()
		m.tokens++
		m.mu.Unlock()
		if s.Header.Get("Content-Type") != "application/json" {
			return httpmock.NewStringResponse(http.StatusUnsupportedMediaType, ""), nil
		}
		return httpmock.NewStringResponse(http.StatusOK, string(golden(t, "token.response.json"))), nil
	})
	all := append([]whoop.Option{
		whoop.WithBaseURL(base),
		whoop.WithHTTPClient(&http.Client{Transport: m}),
		whoop.WithClientCredentials("partner-client-id", "partner-client-secret"),
		whoop.WithRetryWait(time.Millisecond, 5*time.Millisecond),
	}, opts...)
	c, err := whoop.NewClient(all...)
	require.NoError(t, err)
	return c, m
}

func golden(t *testing.T, name string) []byte {
	t.Helper()
	return wiretest.Golden(t, name)
}

func assertAPIHeaders(t *testing.T, s seen) {
	t.Helper()
	assert.Equal(t, "Bearer "+tokenValue, s.Header.Get("Authorization"))
	assert.Equal(t, "application/json", s.Header.Get("Accept"))
	assert.Regexp(t, `^labwire/\S+ \(whoop\) go/go\S+$`, s.Header.Get("User-Agent"))
}

func TestTokenRequestIsJSONAndShared(t *testing.T) {
	t.Parallel()
	c, m := newMock(t)
	m.on(http.MethodGet, "/v2/partner/service-request/"+srID, 200, string(golden(t, "service_request_confirmed.json")))
	for range 3 {
		_, err := c.ServiceRequests.Get(context.Background(), srID)
		require.NoError(t, err)
	}
	require.Equal(t, 1, m.tokens, "one token for all calls")
	tok := m.requests[0]
	assert.Equal(t, http.MethodPost, tok.Method)
	assert.Equal(t, "/developer/v2/partner/token", tok.Path)
	assert.Equal(t, "application/json", tok.Header.Get("Content-Type"))
	assert.Empty(t, tok.Header.Get("Authorization"), "client secret goes in the JSON body, not Basic auth")
	assert.JSONEq(t, string(golden(t, "token.request.json")), string(tok.Body))
}

func TestTokenRefreshedOnceAfter401(t *testing.T) {
	t.Parallel()
	c, m := newMock(t)
	calls := 0
	m.RegisterResponder(http.MethodGet, base+"/v2/partner/service-request/"+srID, func(r *http.Request) (*http.Response, error) {
		m.record(r)
		calls++
		if calls == 1 {
			return httpmock.NewStringResponse(http.StatusUnauthorized, ""), nil
		}
		return httpmock.NewStringResponse(http.StatusOK, string(golden(t, "service_request_confirmed.json"))), nil
	})
	_, err := c.ServiceRequests.Get(context.Background(), srID)
	require.NoError(t, err)
	assert.Equal(t, 2, m.tokens, "the 401 invalidated the token and one new one was fetched")
	assert.Equal(t, 2, calls)
}

func TestSecond401IsUnauthorized(t *testing.T) {
	t.Parallel()
	c, m := newMock(t)
	m.on(http.MethodGet, "/v2/partner/service-request/"+srID, http.StatusUnauthorized, "")
	_, err := c.ServiceRequests.Get(context.Background(), srID)
	require.ErrorIs(t, err, whoop.ErrUnauthorized)
	assert.Len(t, m.apiRequests(), 2, "one replay, then the 401 is returned")
}

func TestTokenEndpointRejectsCredentials(t *testing.T) {
	t.Parallel()
	m := httpmock.NewMockTransport()
	m.RegisterResponder(http.MethodPost, base+"/v2/partner/token",
		httpmock.NewStringResponder(http.StatusUnauthorized, `{"error":"invalid_client","client_secret":"partner-client-secret"}`))
	var logs bytes.Buffer
	c, err := whoop.NewClient(whoop.WithBaseURL(base), whoop.WithHTTPClient(&http.Client{Transport: m}),
		whoop.WithClientCredentials("partner-client-id", "partner-client-secret"),
		whoop.WithLogger(slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	require.NoError(t, err)
	_, err = c.Requisitions.Get(context.Background(), reqID)
	require.ErrorIs(t, err, whoop.ErrUnauthorized)
	assert.NotContains(t, err.Error(), "partner-client-secret")
	assert.NotContains(t, logs.String(), "partner-client-secret")
	assert.Equal(t, 1, m.GetTotalCallCount(), "a rejected token request is not retried")
}

func TestRequisitionsGet(t *testing.T) {
	t.Parallel()
	c, m := newMock(t)
	m.on(http.MethodGet, "/v2/partner/requisition/"+reqID, 200, string(golden(t, "requisition.json")), "X-Request-Id", "req-123")
	var meta whoop.Response
	r, err := c.Requisitions.Get(context.Background(), reqID, whoop.WithResponse(&meta))
	require.NoError(t, err)

	got := m.apiRequests()
	require.Len(t, got, 1)
	assert.Equal(t, http.MethodGet, got[0].Method)
	assert.Equal(t, "/developer/v2/partner/requisition/"+reqID, got[0].Path)
	assert.Empty(t, got[0].Body)
	assertAPIHeaders(t, got[0])

	assert.Equal(t, reqID, r.ID)
	assert.Equal(t, time.Date(2024, 1, 15, 10, 30, 0, 0, time.UTC), r.CreatedAt)
	assert.Equal(t, "569250ea-0a6b-49ab-804b-13cf486aacc7", r.Patient.ID)
	require.Len(t, r.ServiceRequests, 1)
	sr := r.ServiceRequests[0]
	assert.Equal(t, srID, sr.ID)
	assert.Equal(t, whoop.ServiceRequestStatusActive, sr.Status)
	assert.Equal(t, "order", sr.Intent)
	assert.Equal(t, "LIPID_PANEL", sr.Code)
	assert.Equal(t, whoop.TaskBusinessStatus(""), sr.TaskBusinessStatus, "null means unconfirmed")
	assert.Equal(t, "Fasting lipid panel", sr.TaskDescription)
	assert.JSONEq(t, string(golden(t, "requisition.json")), string(r.RawJSON()))
	assert.Equal(t, "req-123", meta.RequestID)
	assert.Equal(t, 200, meta.StatusCode)
}

func TestRequisitionPartnerSpecificPatient(t *testing.T) {
	t.Parallel()
	c, m := newMock(t)
	const id = "0b8f2a4e-3c1d-4e5f-8a9b-1c2d3e4f5a6b"
	m.on(http.MethodGet, "/v2/partner/requisition/"+id, 200, string(golden(t, "requisition_unilabs.json")))
	r, err := c.Requisitions.Get(context.Background(), id)
	require.NoError(t, err)
	p := r.Patient
	assert.Equal(t, "Testy", p.FirstName)
	assert.Equal(t, whoop.Date{Year: 1990, Month: time.February, Day: 28}, p.BirthDate)
	assert.Equal(t, "784-0000-0000000-0", p.EmiratesID)
	var raw map[string]any
	require.NoError(t, json.Unmarshal(p.RawJSON(), &raw))
	assert.Equal(t, "gold", raw["loyalty_tier"], "unmodelled partner fields are kept")
	var logs bytes.Buffer
	slog.New(slog.NewJSONHandler(&logs, nil)).Info("patient", "patient", p, "address", r.Appointments[0].CollectionAddress)
	slog.New(slog.NewJSONHandler(&logs, nil)).Info("requisition", "requisition", r)
	printed := fmt.Sprintf("%v %+v %#v %v %+v %#v %s", p, p, p, r, *r, r, logs.String()) + fmt.Sprint(r.Appointments[0].CollectionAddress)
	for _, phi := range []string{"Testy", "Synthetic", "1990", "784-0000", "testy@", "Test Tower", "123 34" /* raw JSON bytes as %v prints them */} {
		assert.NotContains(t, printed, phi, "patient data printed")
	}
	assert.Contains(t, printed, p.ID)

	require.Len(t, r.Appointments, 1)
	a := r.Appointments[0]
	assert.Equal(t, []string{"11111111-2222-4333-8444-555555555555"}, a.ServiceRequestIDs)
	assert.Equal(t, "slot-42", a.SlotID)
	require.NotNil(t, a.CollectionAddress)
	assert.Equal(t, "Dubai", a.CollectionAddress.Emirate)
	assert.Equal(t, whoop.TaskBusinessStatusOrderConfirmed, r.ServiceRequests[0].TaskBusinessStatus)
	assert.Contains(t, string(r.ServiceRequests[0].RawJSON()), `"priority"`)
}

func TestServiceRequestsUpdateStatus(t *testing.T) {
	t.Parallel()
	c, m := newMock(t)
	m.on(http.MethodPatch, "/v2/partner/service-request/"+srID+"/status", 200, string(golden(t, "service_request_confirmed.json")))
	sr, err := c.ServiceRequests.UpdateStatus(context.Background(), srID, &whoop.ServiceRequestUpdateStatusParams{
		TaskBusinessStatus: whoop.TaskBusinessStatusOrderConfirmed,
	})
	require.NoError(t, err)
	got := m.apiRequests()
	require.Len(t, got, 1)
	assert.Equal(t, http.MethodPatch, got[0].Method)
	assert.Equal(t, "/developer/v2/partner/service-request/"+srID+"/status", got[0].Path)
	assert.Equal(t, "application/json", got[0].Header.Get("Content-Type"))
	assertAPIHeaders(t, got[0])
	assert.JSONEq(t, string(golden(t, "update_status.request.json")), string(got[0].Body))
	assert.Equal(t, whoop.TaskBusinessStatusOrderConfirmed, sr.TaskBusinessStatus)
}

func TestServiceRequestsUpdateStatusWithReason(t *testing.T) {
	t.Parallel()
	c, m := newMock(t)
	m.on(http.MethodPatch, "/v2/partner/service-request/"+srID+"/status", 200, string(golden(t, "service_request_confirmed.json")))
	_, err := c.ServiceRequests.UpdateStatus(context.Background(), srID, &whoop.ServiceRequestUpdateStatusParams{
		TaskBusinessStatus: whoop.TaskBusinessStatusAppointmentIssue,
		Reason:             whoop.Ptr("Member cancelled"),
	})
	require.NoError(t, err)
	assert.JSONEq(t, string(golden(t, "update_status_reason.request.json")), string(m.apiRequests()[0].Body))
}

func TestRequisitionsUpdateStatus(t *testing.T) {
	t.Parallel()
	c, m := newMock(t)
	m.on(http.MethodPatch, "/v2/partner/requisition/"+reqID+"/status", http.StatusNoContent, "")
	err := c.Requisitions.UpdateStatus(context.Background(), reqID, &whoop.RequisitionUpdateStatusParams{
		TaskBusinessStatus: whoop.TaskBusinessStatusOrderConfirmed,
	})
	require.NoError(t, err)
	got := m.apiRequests()
	require.Len(t, got, 1)
	assert.Equal(t, http.MethodPatch, got[0].Method)
	assert.Equal(t, "/developer/v2/partner/requisition/"+reqID+"/status", got[0].Path)
	assertAPIHeaders(t, got[0])
	assert.JSONEq(t, string(golden(t, "update_status.request.json")), string(got[0].Body))
}

func resultsParams() *whoop.ServiceRequestSubmitResultsParams {
	return &whoop.ServiceRequestSubmitResultsParams{
		Status: whoop.DiagnosticReportStatusFinal,
		Observations: []whoop.Observation{
			{Code: "TOTAL_CHOLESTEROL", ValueNumeric: whoop.MustParseDecimal("185"), Unit: "mg/dL"},
			{Code: "BLOOD_TYPE", ValueText: whoop.Ptr("A+")},
			{Code: "HDL", ValueNumeric: whoop.MustParseDecimal("0"), Unit: "mg/dL", Status: whoop.ObservationStatusFinal},
		},
	}
}

func TestServiceRequestsSubmitResults(t *testing.T) {
	t.Parallel()
	c, m := newMock(t)
	m.on(http.MethodPost, "/v2/partner/service-request/"+srID+"/results", http.StatusCreated, "")
	require.NoError(t, c.ServiceRequests.SubmitResults(context.Background(), srID, resultsParams()))
	got := m.apiRequests()
	require.Len(t, got, 1)
	assert.Equal(t, http.MethodPost, got[0].Method)
	assert.Equal(t, "/developer/v2/partner/service-request/"+srID+"/results", got[0].Path)
	assert.Equal(t, "application/json", got[0].Header.Get("Content-Type"))
	assertAPIHeaders(t, got[0])
	assert.JSONEq(t, string(golden(t, "submit_results.request.json")), string(got[0].Body), "a zero result is sent, not dropped")
}

func TestDevelopmentAddTestData(t *testing.T) {
	t.Parallel()
	c, m := newMock(t)
	m.on(http.MethodPost, "/v2/partner/development/add-test-data", http.StatusNoContent, "")
	require.NoError(t, c.Development.AddTestData(context.Background()))
	got := m.apiRequests()
	require.Len(t, got, 1)
	assert.Equal(t, "/developer/v2/partner/development/add-test-data", got[0].Path)
	assertAPIHeaders(t, got[0])
}

func TestAddTestDataInProductionIsNotFound(t *testing.T) {
	t.Parallel()
	c, m := newMock(t)
	m.on(http.MethodPost, "/v2/partner/development/add-test-data", http.StatusNotFound, `"Not available in production environments"`)
	err := c.Development.AddTestData(context.Background())
	require.ErrorIs(t, err, whoop.ErrNotFound)
}

func TestBadInputIsRefusedBeforeSending(t *testing.T) {
	t.Parallel()
	nan, inf := math.NaN(), math.Inf(1)
	withObs := func(o ...whoop.Observation) *whoop.ServiceRequestSubmitResultsParams {
		return &whoop.ServiceRequestSubmitResultsParams{Status: whoop.DiagnosticReportStatusFinal, Observations: o}
	}
	status := func(s whoop.TaskBusinessStatus) *whoop.ServiceRequestUpdateStatusParams {
		return &whoop.ServiceRequestUpdateStatusParams{TaskBusinessStatus: s}
	}
	tests := []struct {
		name  string
		call  func(*whoop.Client) error
		field string
	}{
		{"empty requisition id", func(c *whoop.Client) error { _, err := c.Requisitions.Get(context.Background(), ""); return err }, "id"},
		{"malformed requisition id", func(c *whoop.Client) error {
			_, err := c.Requisitions.Get(context.Background(), "../token")
			return err
		}, "id"},
		{"malformed service request id", func(c *whoop.Client) error {
			_, err := c.ServiceRequests.Get(context.Background(), "not-a-uuid")
			return err
		}, "id"},
		{"unknown status", func(c *whoop.Client) error {
			_, err := c.ServiceRequests.UpdateStatus(context.Background(), srID, status("Specimen collected"))
			return err
		}, "TaskBusinessStatus"},
		{"empty status", func(c *whoop.Client) error {
			return c.Requisitions.UpdateStatus(context.Background(), reqID, &whoop.RequisitionUpdateStatusParams{})
		}, "TaskBusinessStatus"},
		{"nil params", func(c *whoop.Client) error {
			_, err := c.ServiceRequests.UpdateStatus(context.Background(), srID, nil)
			return err
		}, "params"},
		{"observation with neither value", func(c *whoop.Client) error {
			return c.ServiceRequests.SubmitResults(context.Background(), srID, withObs(whoop.Observation{Code: "HDL"}))
		}, "Observations[0].ValueNumeric"},
		{"observation with empty text", func(c *whoop.Client) error {
			return c.ServiceRequests.SubmitResults(context.Background(), srID, withObs(
				whoop.Observation{Code: "HDL", ValueNumeric: whoop.MustParseDecimal("1")}, whoop.Observation{Code: "X", ValueText: whoop.Ptr("")}))
		}, "Observations[1].ValueNumeric"},
		{"NaN", func(c *whoop.Client) error {
			return c.ServiceRequests.SubmitResults(context.Background(), srID, withObs(whoop.Observation{Code: "HDL", ValueNumeric: whoop.DecimalFromFloat(nan)}))
		}, "Observations[0].ValueNumeric"},
		{"infinite", func(c *whoop.Client) error {
			return c.ServiceRequests.SubmitResults(context.Background(), srID, withObs(whoop.Observation{Code: "HDL", ValueNumeric: whoop.DecimalFromFloat(inf)}))
		}, "Observations[0].ValueNumeric"},
		{"empty observation list", func(c *whoop.Client) error {
			return c.ServiceRequests.SubmitResults(context.Background(), srID, withObs())
		}, "Observations"},
		{"observation without code", func(c *whoop.Client) error {
			return c.ServiceRequests.SubmitResults(context.Background(), srID, withObs(whoop.Observation{ValueText: whoop.Ptr("A+")}))
		}, "Observations[0].Code"},
		{"unknown observation status", func(c *whoop.Client) error {
			return c.ServiceRequests.SubmitResults(context.Background(), srID, withObs(whoop.Observation{Code: "A", ValueText: whoop.Ptr("A+"), Status: "done"}))
		}, "Observations[0].Status"},
		{"unknown report status", func(c *whoop.Client) error {
			return c.ServiceRequests.SubmitResults(context.Background(), srID, &whoop.ServiceRequestSubmitResultsParams{Status: "done",
				Observations: []whoop.Observation{{Code: "A", ValueText: whoop.Ptr("A+")}}})
		}, "Status"},
		{"missing report status", func(c *whoop.Client) error {
			return c.ServiceRequests.SubmitResults(context.Background(), srID, &whoop.ServiceRequestSubmitResultsParams{
				Observations: []whoop.Observation{{Code: "A", ValueText: whoop.Ptr("A+")}}})
		}, "Status"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, m := newMock(t)
			err := tc.call(c)
			require.ErrorIs(t, err, whoop.ErrValidation)
			var ve *whoop.ValidationError
			require.ErrorAs(t, err, &ve)
			assert.Equal(t, tc.field, ve.Field)
			assert.Contains(t, err.Error(), tc.field)
			assert.Zero(t, m.GetTotalCallCount(), "nothing was sent, not even a token request")
		})
	}
}

func TestCheckTransition(t *testing.T) {
	t.Parallel()
	t.Run("refused without sending the update", func(t *testing.T) {
		t.Parallel()
		c, m := newMock(t)
		m.on(http.MethodGet, "/v2/partner/service-request/"+srID, 200, string(golden(t, "service_request_confirmed.json")))
		_, err := c.ServiceRequests.UpdateStatus(context.Background(), srID, &whoop.ServiceRequestUpdateStatusParams{
			TaskBusinessStatus: whoop.TaskBusinessStatusFullResultsReady, CheckTransition: true,
		})
		require.ErrorIs(t, err, whoop.ErrInvalidTransition)
		require.ErrorIs(t, err, whoop.ErrValidation)
		var te *whoop.TransitionError
		require.ErrorAs(t, err, &te)
		assert.Equal(t, whoop.TaskBusinessStatusOrderConfirmed, te.From)
		got := m.apiRequests()
		require.Len(t, got, 1)
		assert.Equal(t, http.MethodGet, got[0].Method)
	})
	t.Run("allowed transition is sent", func(t *testing.T) {
		t.Parallel()
		c, m := newMock(t)
		m.on(http.MethodGet, "/v2/partner/service-request/"+srID, 200, string(golden(t, "service_request_confirmed.json")))
		m.on(http.MethodPatch, "/v2/partner/service-request/"+srID+"/status", 200, string(golden(t, "service_request_confirmed.json")))
		_, err := c.ServiceRequests.UpdateStatus(context.Background(), srID, &whoop.ServiceRequestUpdateStatusParams{
			TaskBusinessStatus: whoop.TaskBusinessStatusAppointmentAttended, CheckTransition: true,
		})
		require.NoError(t, err)
		got := m.apiRequests()
		require.Len(t, got, 2)
		assert.Equal(t, http.MethodPatch, got[1].Method)
	})
	t.Run("requisition checks every service request", func(t *testing.T) {
		t.Parallel()
		c, m := newMock(t)
		m.on(http.MethodGet, "/v2/partner/requisition/"+reqID, 200, string(golden(t, "requisition.json")))
		err := c.Requisitions.UpdateStatus(context.Background(), reqID, &whoop.RequisitionUpdateStatusParams{
			TaskBusinessStatus: whoop.TaskBusinessStatusAppointmentAttended, CheckTransition: true,
		})
		require.ErrorIs(t, err, whoop.ErrInvalidTransition)
		assert.Len(t, m.apiRequests(), 1)
	})
}

func TestSubmitResultsIsNeverDuplicated(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name      string
		responder httpmock.Responder
	}{
		{"500", httpmock.NewStringResponder(http.StatusInternalServerError, "")},
		{"502", httpmock.NewStringResponder(http.StatusBadGateway, "")},
		{"503", httpmock.NewStringResponder(http.StatusServiceUnavailable, "")},
		{"connection reset", httpmock.NewErrorResponder(errors.New("read: connection reset by peer"))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, m := newMock(t)
			path := base + "/v2/partner/service-request/" + srID + "/results"
			m.RegisterResponder(http.MethodPost, path, tc.responder)
			err := c.ServiceRequests.SubmitResults(context.Background(), srID, resultsParams())
			require.ErrorIs(t, err, whoop.ErrOutcomeUnknown)
			assert.Equal(t, 1, m.GetCallCountInfo()["POST "+path], "a write that may have landed is not retried")
		})
	}
}

func TestRateLimitedWriteIsRetried(t *testing.T) {
	t.Parallel()
	c, m := newMock(t)
	path := base + "/v2/partner/service-request/" + srID + "/results"
	var bodies [][]byte
	m.RegisterResponder(http.MethodPost, path, func(r *http.Request) (*http.Response, error) {
		s := m.record(r)
		bodies = append(bodies, s.Body)
		if len(bodies) == 1 {
			resp := httpmock.NewStringResponse(http.StatusTooManyRequests, "")
			resp.Header.Set("Retry-After", "0")
			return resp, nil
		}
		return httpmock.NewStringResponse(http.StatusCreated, ""), nil
	})
	require.NoError(t, c.ServiceRequests.SubmitResults(context.Background(), srID, resultsParams()))
	require.Len(t, bodies, 2, "429 means WHOOP did not process it, so it is retried")
	assert.Equal(t, bodies[0], bodies[1], "identical bytes on every attempt")
}

func TestRetryAfterTooLongFailsFast(t *testing.T) {
	t.Parallel()
	c, m := newMock(t)
	m.on(http.MethodGet, "/v2/partner/service-request/"+srID, http.StatusTooManyRequests, "", "Retry-After", "3600")
	_, err := c.ServiceRequests.Get(context.Background(), srID)
	require.ErrorIs(t, err, whoop.ErrRateLimited)
	var ae *whoop.APIError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, time.Hour, ae.RetryAfter)
	assert.Len(t, m.apiRequests(), 1)
}

func TestReadsAreRetried(t *testing.T) {
	t.Parallel()
	c, m := newMock(t)
	n := 0
	m.RegisterResponder(http.MethodGet, base+"/v2/partner/requisition/"+reqID, func(r *http.Request) (*http.Response, error) {
		m.record(r)
		n++
		if n < 3 {
			return httpmock.NewStringResponse(http.StatusServiceUnavailable, ""), nil
		}
		return httpmock.NewStringResponse(http.StatusOK, string(golden(t, "requisition.json"))), nil
	})
	_, err := c.Requisitions.Get(context.Background(), reqID)
	require.NoError(t, err)
	assert.Equal(t, 3, n)
}

func TestNoPHIOrSecretsInErrorsOrLogs(t *testing.T) {
	t.Parallel()
	const (
		canaryName   = "CANARY-PATIENT-Zebulon"
		canarySecret = "CANARY-SECRET-s3cr3t"
		canaryReason = "CANARY-REASON-member-phone-5550100"
	)
	logger, logs := wiretest.NewLogs()
	m := httpmock.NewMockTransport()
	m.RegisterResponder(http.MethodPost, base+"/v2/partner/token",
		httpmock.NewStringResponder(http.StatusOK, `{"access_token":"CANARY-TOKEN-abc","token_type":"bearer","expires_in":3600}`))
	m.RegisterResponder(http.MethodGet, base+"/v2/partner/requisition/"+reqID,
		httpmock.NewStringResponder(http.StatusNotFound, `{"code":"not_found","message":"no requisition for `+canaryName+`"}`))
	m.RegisterResponder(http.MethodPatch, base+"/v2/partner/service-request/"+srID+"/status",
		httpmock.NewStringResponder(http.StatusBadRequest, `{"message":"bad reason `+canaryReason+`"}`))
	m.RegisterResponder(http.MethodGet, base+"/v2/partner/service-request/"+srID,
		httpmock.NewStringResponder(http.StatusOK, `{"id":"`+srID+`","status":7,"code":"`+canaryName+`"}`))
	m.RegisterResponder(http.MethodPost, base+"/v2/partner/service-request/"+srID+"/results",
		httpmock.NewErrorResponder(errors.New("connection reset")))
	c, err := whoop.NewClient(whoop.WithBaseURL(base), whoop.WithHTTPClient(&http.Client{Transport: m}),
		whoop.WithClientCredentials("partner-client-id", canarySecret),
		whoop.WithLogger(logger))
	require.NoError(t, err)

	ctx := context.Background()
	var errs []error
	_, err = c.Requisitions.Get(ctx, reqID)
	errs = append(errs, err)
	_, err = c.ServiceRequests.UpdateStatus(ctx, srID, &whoop.ServiceRequestUpdateStatusParams{
		TaskBusinessStatus: whoop.TaskBusinessStatusAppointmentIssue, Reason: whoop.Ptr(canaryReason)})
	errs = append(errs, err)
	_, err = c.ServiceRequests.Get(ctx, srID)
	errs = append(errs, err)
	p := resultsParams()
	p.Observations[1].ValueText = whoop.Ptr(canaryName)
	errs = append(errs, c.ServiceRequests.SubmitResults(ctx, srID, p))
	errs = append(errs, c.ServiceRequests.SubmitResults(ctx, srID, &whoop.ServiceRequestSubmitResultsParams{
		Status: "final", Observations: []whoop.Observation{{Code: canaryName}}}))

	var ae *whoop.APIError
	require.ErrorAs(t, errs[0], &ae)
	assert.Contains(t, ae.Message, canaryName, "the vendor message stays reachable for code that may see PHI")
	// Ids are not PHI, but errors and logs name the route template, never the concrete path.
	canaries := wiretest.Canaries{canaryName, canarySecret, canaryReason, "CANARY-TOKEN", reqID, srID}
	for i, err := range errs {
		require.Error(t, err, i)
		canaries.AssertError(t, err)
	}
	require.NotEmpty(t, logs.JSONLines())
	canaries.AssertLogs(t, logs)
	wiretest.Canaries{"CANARY"}.AssertLogs(t, logs)
}

func TestDoSendsOneRequestStruct(t *testing.T) {
	t.Parallel()
	logger, logs := wiretest.NewLogs()
	c, m := newMock(t, whoop.WithLogger(logger))
	var got []wiretest.Seen
	m.RegisterResponder(http.MethodPatch, `=~^`+base+`/v2/partner/service-request/`, func(r *http.Request) (*http.Response, error) {
		got = append(got, wiretest.FromHTTP(r))
		return httpmock.NewStringResponse(http.StatusOK, `{"id":"`+srID+`","task_business_status":"ORDER_CONFIRMED"}`), nil
	})
	var out struct {
		ID     string `json:"id"`
		Status string `json:"task_business_status"`
	}
	resp, err := c.Do(t.Context(), &whoop.RawRequest{
		Method: "patch",
		Route:  "/v2/partner/service-request/{id}/status",
		Params: []string{"a/b c"},
		Query:  url.Values{"member": {"CANARY-Query-Jane"}},
		Body:   map[string]string{"task_business_status": "ORDER_CONFIRMED"},
	}, &out)
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, srID, out.ID)
	require.Len(t, got, 1)
	wiretest.AssertRequest(t, got[0], wiretest.Want{
		Method: http.MethodPatch,
		Path:   "/developer/v2/partner/service-request/a%2Fb%20c/status",
		Query:  url.Values{"member": {"CANARY-Query-Jane"}},
		Header: map[string]string{"Authorization": "Bearer " + tokenValue, "Content-Type": "application/json"},
		Body:   `{"task_business_status":"ORDER_CONFIRMED"}`,
	})
	wiretest.Canaries{"CANARY-Query", "a/b c", "a%2Fb"}.AssertLogs(t, logs)
	assert.Contains(t, logs.String(), "/v2/partner/service-request/{id}/status", "logs name the route template")
}

func TestDoRefusesBadRequestsBeforeSending(t *testing.T) {
	t.Parallel()
	c, m := newMock(t)
	for name, tc := range map[string]struct {
		r     *whoop.RawRequest
		field string
	}{
		"nil":                 {nil, "request"},
		"no method":           {&whoop.RawRequest{Route: "/v2/partner/x"}, "Method"},
		"method with a space": {&whoop.RawRequest{Method: "GET /x", Route: "/v2/partner/x"}, "Method"},
		"route with a query":  {&whoop.RawRequest{Method: "GET", Route: "/v2/partner/x?member=CANARY-Jane"}, "Route"},
		"relative route":      {&whoop.RawRequest{Method: "GET", Route: "v2/partner/x"}, "Route"},
		"dot-dot param":       {&whoop.RawRequest{Method: "GET", Route: "/v2/partner/requisition/{id}", Params: []string{".."}}, ""},
		"missing param":       {&whoop.RawRequest{Method: "GET", Route: "/v2/partner/requisition/{id}"}, ""},
	} {
		_, err := c.Do(t.Context(), tc.r, nil)
		var ve *whoop.ValidationError
		require.ErrorAs(t, err, &ve, name)
		assert.ErrorIs(t, err, whoop.ErrValidation, name)
		if tc.field != "" {
			assert.Equal(t, tc.field, ve.Field, name)
		}
		wiretest.Canaries{"CANARY-Jane"}.AssertError(t, err)
	}
	assert.Empty(t, m.apiRequests(), "nothing was sent")
}

func TestDoNotFoundIsAnAPIError(t *testing.T) {
	t.Parallel()
	c, m := newMock(t)
	m.on(http.MethodGet, "/v2/partner/requisition/"+reqID, http.StatusNotFound, `{"error":"Requisition not found"}`)
	_, err := c.Do(t.Context(), &whoop.RawRequest{Method: "GET", Route: "/v2/partner/requisition/{id}", Params: []string{reqID}}, nil)
	require.ErrorIs(t, err, whoop.ErrNotFound)
	var ae *whoop.APIError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, "Requisition not found", ae.Message, "WHOOP's {\"error\": sentence} is the message")
	assert.Equal(t, "/v2/partner/requisition/{id}", ae.Route)
	assert.Equal(t, "whoop: GET /v2/partner/requisition/{id}: 404 not found", err.Error())
}

// TestErrorsAreOneLineWithoutStutter: every error a call returns is one line naming the
// vendor once, including a token failure under an API call.
func TestErrorsAreOneLineWithoutStutter(t *testing.T) {
	t.Parallel()
	m := httpmock.NewMockTransport()
	m.RegisterResponder(http.MethodPost, base+"/v2/partner/token", httpmock.NewStringResponder(http.StatusUnauthorized, `{"error":"invalid_client"}`))
	c, err := whoop.NewClient(whoop.WithBaseURL(base), whoop.WithHTTPClient(&http.Client{Transport: m}),
		whoop.WithClientCredentials("id", "secret"), whoop.WithMaxRetries(0))
	require.NoError(t, err)
	_, tokenErr := c.Requisitions.Get(t.Context(), reqID)
	require.ErrorIs(t, tokenErr, whoop.ErrUnauthorized)
	_, validationErr := c.Requisitions.Get(t.Context(), "")
	_, optionErr := whoop.NewClient(whoop.WithBearerToken(""))
	m2 := httpmock.NewMockTransport()
	m2.RegisterNoResponder(httpmock.NewStringResponder(http.StatusServiceUnavailable, `{"error":"Down for maintenance"}`))
	c2, err := whoop.NewClient(whoop.WithBaseURL(base), whoop.WithHTTPClient(&http.Client{Transport: m2}),
		whoop.WithBearerToken("t"), whoop.WithMaxRetries(0))
	require.NoError(t, err)
	_, apiErr := c2.ServiceRequests.Get(t.Context(), srID)
	for name, err := range map[string]error{"token": tokenErr, "validation": validationErr, "option": optionErr, "api": apiErr} {
		require.Error(t, err, name)
		text := err.Error()
		assert.NotContains(t, text, "\n", name)
		assert.Equal(t, 1, strings.Count(text, "whoop"), "%s: %s", name, text)
		assert.True(t, strings.HasPrefix(text, "whoop: "), "%s: %s", name, text)
	}
	assert.Equal(t, "whoop: GET /v2/partner/requisition/{id}: obtaining a token: POST /v2/partner/token: 401 unauthorized", tokenErr.Error())
	var ae *whoop.APIError
	require.ErrorAs(t, apiErr, &ae)
	assert.Equal(t, "Down for maintenance", ae.Message)
	assert.NotContains(t, apiErr.Error(), "maintenance")
}
