package rupa_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/labwire/labwire/internal/phi/phitest"
	"github.com/labwire/labwire/internal/wiretest"
	"github.com/labwire/labwire/rupa"
	"github.com/labwire/labwire/rupa/rupatest"
	"github.com/labwire/labwire/webhook/dispatch"
)

const (
	canaryName   = "CANARY-Jane"
	canaryEmail  = "canary-jane@example.com"
	canaryPhone  = "+15550001234"
	canaryNote   = "CANARY-note-to-patient"
	canaryResult = "CANARY-result-url"
	canaryToken  = "CANARY-access-token"
	canarySecret = "CANARY-client-secret"
)

func canaryEvent(t *testing.T) *rupa.Event {
	t.Helper()
	b := rupatest.EventBuilder{}
	e := b.OrderNewResult(rupatest.Order{
		NotesToPatient: canaryNote,
		Practitioner:   rupatest.Practitioner{FirstName: canaryName},
		Tests:          []rupatest.OrderedTest{{ResultsPDF: canaryResult}},
	})
	ev, err := rupa.ParseEvent(e.JSON())
	require.NoError(t, err)
	return ev
}

func TestPHITypesRedacted(t *testing.T) {
	t.Parallel()
	e := canaryEvent(t)
	phitest.AssertRedacted(t, e, canaryName, canaryNote, canaryResult)
	phitest.AssertRedacted(t, e.Data.Object, canaryNote)
	n, err := e.OrderNewResult()
	require.NoError(t, err)
	phitest.AssertRedacted(t, n, canaryNote, canaryResult)
	phitest.AssertRedacted(t, n.Order.Attributes, canaryNote)
	phitest.AssertRedacted(t, n.OrderedTests[0].Attributes.ResultsPDF, canaryResult)
	p, err := n.PatientsPractitioner()
	require.NoError(t, err)
	phitest.AssertRedacted(t, p.Attributes, canaryName)
	phitest.AssertRedacted(t, *p.Attributes.Address, "Brown Valley")

	params := &rupa.OrderIntentCreateParams{
		PatientData: &rupa.PatientData{FirstName: canaryName, LastName: "Doe", Email: canaryEmail, PhoneNumber: canaryPhone,
			ShippingAddress: &rupa.ShippingAddress{Street: "CANARY-street", City: "c", State: "s", Zipcode: "z"}},
		ReturnURL: "https://app.example.com/r",
	}
	phitest.AssertRedacted(t, params, canaryName, canaryEmail, canaryPhone, "CANARY-street")
	phitest.AssertRedacted(t, *params.PatientData, canaryName, canaryEmail)
	phitest.AssertRedacted(t, *params.PatientData.ShippingAddress, "CANARY-street")
	phitest.AssertRedacted(t, rupa.AuthCodeFlowConfig{ClientID: "id", ClientSecret: canarySecret}, canarySecret)
	phitest.AssertRedacted(t, rupa.PatientAttributes{FirstName: canaryName, Email: canaryEmail}, canaryName, canaryEmail)
}

// Canaries (patient data, a token, a secret) never reach an error string or a log line, on
// the failure paths of every route, even when the server echoes them.
func TestCanariesStayOutOfErrorsAndLogs(t *testing.T) {
	t.Parallel()
	logger, logs := wiretest.NewLogs()
	mock := httpmock.NewMockTransport()
	echo := `{"code":"RupaValidationError","message":"` + canaryName + ` ` + canaryEmail + `","fields":{"patient_data.email":["` + canaryEmail + ` is taken"]}}`
	mock.RegisterResponder(http.MethodPost, "https://api.rupahealth.com/order-intents/", httpmock.NewStringResponder(400, echo))
	mock.RegisterResponder(http.MethodGet, "https://api.rupahealth.com/patients", httpmock.NewStringResponder(503, echo))
	mock.RegisterResponder(http.MethodPost, "https://auth.example.com/oauth/token/",
		httpmock.NewStringResponder(400, `{"error":"invalid_grant","error_description":"`+canarySecret+` `+canaryToken+`"}`))
	hc := &http.Client{Transport: mock}

	c, err := rupa.NewClient(rupa.WithBearerToken(canaryToken), rupa.WithHTTPClient(hc), rupa.WithLogger(logger),
		rupa.WithMaxRetries(1), rupa.WithRetryWait(time.Millisecond, time.Millisecond))
	require.NoError(t, err)
	var errs []error
	_, err = c.OrderIntents.Create(context.Background(), &rupa.OrderIntentCreateParams{
		PatientData: &rupa.PatientData{FirstName: canaryName, LastName: "Doe", Email: canaryEmail, PhoneNumber: canaryPhone},
		ReturnURL:   "https://app.example.com/r?who=" + canaryName,
	})
	require.ErrorIs(t, err, rupa.ErrBadRequest)
	d, ok := rupa.ErrorDetailsOf(err)
	require.True(t, ok, "the details stay reachable")
	assert.Contains(t, d.Fields["patient_data.email"][0], canaryEmail)
	errs = append(errs, err)
	_, err = c.Patients.List(context.Background(), nil)
	require.ErrorIs(t, err, rupa.ErrServer)
	errs = append(errs, err)
	_, err = c.OrderIntents.Create(context.Background(), &rupa.OrderIntentCreateParams{
		PatientData: &rupa.PatientData{FirstName: canaryName, LastName: "Doe", Email: "not-an-email " + canaryEmail},
		ReturnURL:   "https://app.example.com/r",
	})
	require.ErrorIs(t, err, rupa.ErrValidation)
	errs = append(errs, err)

	o, err := rupa.NewAuthCodeFlow(rupa.AuthCodeFlowConfig{ClientID: "app", ClientSecret: canarySecret, RedirectURL: "https://app.example.com/cb",
		TokenURL: "https://auth.example.com/oauth/token/"}, rupa.WithHTTPClient(hc), rupa.WithLogger(logger))
	require.NoError(t, err)
	_, err = o.Exchange(context.Background(), &rupa.ExchangeParams{Code: "CANARY-code"})
	require.ErrorIs(t, err, rupa.ErrUnauthorized)
	errs = append(errs, err)

	canaries := wiretest.Canaries{canaryName, canaryEmail, canaryPhone, canaryToken, canarySecret, "CANARY-code"}
	for _, err := range errs {
		canaries.AssertError(t, err)
	}
	require.NotEmpty(t, logs.String(), "the logger was used")
	canaries.AssertLogs(t, logs)
	assert.NotContains(t, logs.String(), "CANARY")
}

// The webhook handler's logs name the event type and failure category, never the payload.
func TestWebhookLogsHoldNoPayload(t *testing.T) {
	t.Parallel()
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	h, err := rupa.NewWebhookHandler(verifier(t), rupa.EventRouter{
		OrderNewResult: func(context.Context, *rupa.OrderNewResult) error { return json.Unmarshal([]byte("x"), new(int)) },
	}.Dispatch, dispatch.WithSync(), dispatch.WithLogger(logger))
	require.NoError(t, err)
	url := serve(t, h)
	b := rupatest.EventBuilder{}
	e := b.OrderNewResult(rupatest.Order{NotesToPatient: canaryNote, Practitioner: rupatest.Practitioner{FirstName: canaryName}})
	status, err := sender(t).Send(context.Background(), url, e)
	require.NoError(t, err)
	assert.Equal(t, http.StatusInternalServerError, status)
	other := b.OrderEvent("order."+canaryName, rupatest.Order{})
	_, err = sender(t).Send(context.Background(), url, other)
	require.NoError(t, err)
	assert.Contains(t, logs.String(), "order.new_result")
	assert.NotContains(t, logs.String(), canaryNote)
	assert.NotContains(t, logs.String(), canaryName)
}
