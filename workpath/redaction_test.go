package workpath_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/labwire/labwire/internal/phi/phitest"
	"github.com/labwire/labwire/internal/wiretest"
	"github.com/labwire/labwire/workpath"
	"github.com/labwire/labwire/workpath/workpathtest"
)

const (
	canaryName  = "CANARY-Testy"
	canaryPhone = "+15550001111"
	canaryStr   = "CANARY-Street"
)

func canaryIntake(t *testing.T) *workpath.IntakeCreateParams {
	p := intakeParams(t)
	p.Patient.FirstName, p.Patient.Phone, p.Location.Street = canaryName, canaryPhone, canaryStr
	return p
}

// Every type that holds patient data or a secret shows none of it when printed, logged or
// marshalled, alone or nested.
func TestPHITypesRedacted(t *testing.T) {
	t.Parallel()
	srv, c := newClient(t)
	ctx := context.Background()
	p := canaryIntake(t)
	phitest.AssertRedacted(t, p, canaryName, canaryPhone, canaryStr)
	phitest.AssertRedacted(t, p.Patient, canaryName, canaryPhone)
	phitest.AssertRedacted(t, p.Location, canaryStr)

	res, err := c.Intakes.Create(ctx, p)
	require.NoError(t, err)
	phitest.AssertRedacted(t, res, canaryName, canaryPhone)
	phitest.AssertRedacted(t, res.Object, canaryName, canaryPhone, canaryStr)
	a, err := c.Appointments.Get(ctx, *res.Object.Appointment)
	require.NoError(t, err)
	phitest.AssertRedacted(t, a, canaryName, canaryPhone, canaryStr)
	phitest.AssertRedacted(t, a.Subject, canaryName, canaryPhone)

	pp := personParams(t)
	pp.FirstName, pp.Addresses[0].Street = canaryName, canaryStr
	phitest.AssertRedacted(t, pp, canaryName, canaryStr)
	created, err := c.People.Create(ctx, pp)
	require.NoError(t, err)
	phitest.AssertRedacted(t, created.Object, canaryName, canaryStr)

	np := &workpath.NoteParams{Body: "CANARY-note about Testy", Type: "Warning"}
	phitest.AssertRedacted(t, np, "CANARY-note")
	n, err := c.Appointments.AddNote(ctx, a.ID, np)
	require.NoError(t, err)
	phitest.AssertRedacted(t, n, "CANARY-note")

	up := &workpath.AppointmentUpdateParams{Subject: &workpath.Patient{FirstName: canaryName, LastName: "X"}}
	phitest.AssertRedacted(t, up, canaryName)

	// Secrets.
	k, err := c.APIKeys.Create(ctx)
	require.NoError(t, err)
	for _, verb := range phitest.Verbs {
		assert.NotContains(t, fmt.Sprintf(verb, k), k.Secret, verb)
		assert.NotContains(t, fmt.Sprintf(verb, []*workpath.APIKey{k}), k.Secret, verb)
	}
	wh, err := c.WebhookEndpoints.Create(ctx, &workpath.WebhookEndpointParams{URL: "https://hooks.example.test/wp", Modify: true})
	require.NoError(t, err)
	for _, verb := range phitest.Verbs {
		assert.NotContains(t, fmt.Sprintf(verb, wh), wh.Secret, verb)
	}
	auth, err := workpath.NewAuthCodeFlow(workpathtest.DefaultAPIKey, workpathtest.DefaultRedirectURI, workpath.WithBaseURL(srv.URL))
	require.NoError(t, err)
	st, err := auth.Start(nil)
	require.NoError(t, err)
	for _, verb := range phitest.Verbs {
		assert.NotContains(t, fmt.Sprintf(verb, st), st.Verifier, verb)
	}

	// What the user stores is RawJSON, the bytes as Workpath sent them.
	var raw map[string]any
	require.NoError(t, json.Unmarshal(a.RawJSON(), &raw))
	assert.Contains(t, string(a.RawJSON()), canaryName)
}

// Tokens, the API password and patient data never reach a log line or an error, on success
// and on failure.
func TestCanariesNeverLoggedOrInErrors(t *testing.T) {
	t.Parallel()
	logger, logs := wiretest.NewLogs()
	srv, c := newClient(t, workpath.WithLogger(logger))
	ctx := context.Background()
	p := canaryIntake(t)
	res, err := c.Intakes.Create(ctx, p)
	require.NoError(t, err)
	id := *res.Object.Appointment
	tok := bearer(t, last(t, srv, workpathtest.RouteCreateIntake))[len("Bearer "):]
	canaries := wiretest.Canaries{canaryName, canaryPhone, canaryStr, tok, workpathtest.DefaultAPIPassword, itoa(id)}

	var errs []error
	srv.Script(workpathtest.Fault{Route: workpathtest.RouteUpdateAppointment, Status: 400, Body: map[string]string{"error": "Patient " + canaryName + " " + canaryPhone + " invalid"}},
		workpathtest.Fault{Route: workpathtest.RouteGetAppointment, Status: 500, Body: map[string]string{"error": canaryStr}})
	_, err = c.Appointments.Update(ctx, id, &workpath.AppointmentUpdateParams{Subject: &workpath.Patient{FirstName: canaryName, LastName: "X", Phone: canaryPhone}})
	errs = append(errs, err)
	srv.Script(workpathtest.Fault{Route: workpathtest.RouteGetAppointment, Status: 500}, workpathtest.Fault{Route: workpathtest.RouteGetAppointment, Status: 500})
	_, err = c.Appointments.Get(ctx, id)
	errs = append(errs, err)
	_, err = c.Intakes.Create(ctx, func() *workpath.IntakeCreateParams { q := canaryIntake(t); q.Patient.Phone = "5550001111"; return q }())
	errs = append(errs, err)
	bad, err := workpath.NewClient(workpath.WithBaseURL(srv.URL), workpath.WithLogger(logger),
		workpath.WithClientCredentials(workpathtest.DefaultAPIKey, "wrong-"+workpathtest.DefaultAPIPassword, workpath.TokenAuthBody))
	require.NoError(t, err)
	_, err = bad.Intakes.Create(ctx, canaryIntake(t))
	errs = append(errs, err)
	for _, err := range errs {
		require.Error(t, err)
		canaries.AssertError(t, err)
	}
	canaries.AssertLogs(t, logs)
	assert.NotEmpty(t, logs.String(), "the logger was used")
}

// Custom fields travel on the wire unchanged but print only their key.
func TestCustomFieldsRedactedAndSent(t *testing.T) {
	t.Parallel()
	srv, c := newClient(t)
	p := intakeParams(t)
	p.PatientFields = []workpath.CustomField{{Key: "insurance_member_id", Required: ptr(true), Value: []byte(`"CANARY-MEMBER-42"`)}}
	p.Fields = []workpath.CustomField{{Key: "lab_account", Value: []byte(`{"n":"CANARY-ACCT"}`), Show: ptr(false)}}
	phitest.AssertRedacted(t, &p.PatientFields[0], "CANARY-MEMBER-42")
	_, err := c.Intakes.Create(context.Background(), p)
	require.NoError(t, err)
	body := string(last(t, srv, workpathtest.RouteCreateIntake).Body)
	assert.Contains(t, body, `"patient_fields":[{"key":"insurance_member_id","required":true,"value":"CANARY-MEMBER-42"}]`)
	assert.Contains(t, body, `"fields":[{"key":"lab_account","show":false,"value":{"n":"CANARY-ACCT"}}]`)
}
