package workpath_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/labwire/labwire/workpath"
	"github.com/labwire/labwire/workpath/workpathtest"
)

// Each documented validation message has a check before sending that names the Go field and
// never echoes the value; nothing is sent.
func TestValidationBeforeSending(t *testing.T) {
	t.Parallel()
	srv, c := newClient(t)
	ctx := context.Background()
	intake := func(f func(p *workpath.IntakeCreateParams)) func() error {
		return func() error {
			p := intakeParams(t)
			f(p)
			_, err := c.Intakes.Create(ctx, p)
			return err
		}
	}
	person := func(f func(p *workpath.PersonCreateParams)) func() error {
		return func() error {
			p := personParams(t)
			f(p)
			_, err := c.People.Create(ctx, p)
			return err
		}
	}
	cases := []struct {
		name, field string
		call        func() error
	}{
		{"phone without +", "Patient.Phone", intake(func(p *workpath.IntakeCreateParams) { p.Patient.Phone = "8048675309" })},
		{"caret in notes", "Notes", intake(func(p *workpath.IntakeCreateParams) { p.Notes = "a^b" })},
		{"caret nested", "Services[0].DiagnosisCodes[1]", intake(func(p *workpath.IntakeCreateParams) { p.Services[0].DiagnosisCodes[1] = "Z00^1" })},
		{"sex outside the six", "Patient.BiologicalSex", intake(func(p *workpath.IntakeCreateParams) { p.Patient.BiologicalSex = "robot" })},
		{"last name missing", "Patient.LastName", intake(func(p *workpath.IntakeCreateParams) { p.Patient.LastName = "" })},
		{"first name missing", "Patient.FirstName", intake(func(p *workpath.IntakeCreateParams) { p.Patient.FirstName = " " })},
		{"service id", "Services[0].ID", intake(func(p *workpath.IntakeCreateParams) { p.Services[0].ID = 0 })},
		{"person gender", "Gender", person(func(p *workpath.PersonCreateParams) { p.Gender = "" })},
		{"person dob", "DateOfBirth", person(func(p *workpath.PersonCreateParams) { p.DateOfBirth = workpath.Date{} })},
		{"person email", "Email", person(func(p *workpath.PersonCreateParams) { p.Email = "" })},
		{"person phone", "Phone", person(func(p *workpath.PersonCreateParams) { p.Phone = "7183211234" })},
		{"person sex", "BiologicalSex", person(func(p *workpath.PersonCreateParams) { p.BiologicalSex = "" })},
		{"person addresses", "Addresses", person(func(p *workpath.PersonCreateParams) { p.Addresses = nil })},
		{"address zip", "Addresses[0].Zip", person(func(p *workpath.PersonCreateParams) { p.Addresses[0].Zip = "" })},
		{"address lat", "Addresses[0].Latitude", person(func(p *workpath.PersonCreateParams) { p.Addresses[0].Latitude = nil })},
		{"address timezone", "Addresses[0].Timezone", person(func(p *workpath.PersonCreateParams) { p.Addresses[0].Timezone = "" })},
		{"person caret", "Addresses[0].Street2", person(func(p *workpath.PersonCreateParams) { p.Addresses[0].Street2 = "Suite ^1" })},
		{"status spelt wrong", "Status", func() error {
			_, err := c.Appointments.Update(ctx, 1, &workpath.AppointmentUpdateParams{Status: ptr(workpath.AppointmentStatus("on the way"))})
			return err
		}},
		{"search status", "Status[0]", func() error {
			_, err := c.Appointments.List(ctx, &workpath.AppointmentListParams{Status: []workpath.AppointmentStatus{"Done"}})
			return err
		}},
		{"search unscheduled", "Unscheduled", func() error {
			_, err := c.Appointments.List(ctx, &workpath.AppointmentListParams{Unscheduled: "sometimes"})
			return err
		}},
		{"note type", "Type", func() error {
			_, err := c.Appointments.AddNote(ctx, 1, &workpath.NoteParams{Body: "b"})
			return err
		}},
		{"webhook url", "URL", func() error {
			_, err := c.WebhookEndpoints.Create(ctx, &workpath.WebhookEndpointParams{URL: "http://example.com/hook"})
			return err
		}},
		{"id", "id", func() error { _, err := c.Appointments.Get(ctx, 0); return err }},
		{"api key", "key", func() error { _, err := c.APIKeys.Delete(ctx, "a/b"); return err }},
		{"raw caret", "Body", func() error {
			_, err := c.Do(ctx, &workpath.RawRequest{Method: "POST", Route: "/x", Body: map[string]string{"a": "^"}}, nil)
			return err
		}},
	}
	before := len(srv.Requests())
	for _, tc := range cases {
		err := tc.call()
		var ve *workpath.ValidationError
		if assert.ErrorAs(t, err, &ve, tc.name) {
			assert.Equal(t, tc.field, ve.Field, tc.name)
			assert.ErrorIs(t, err, workpath.ErrValidation)
			for _, secret := range []string{"8048675309", "robot", "a^b", "Suite", "7183211234", "on the way", "sometimes"} {
				assert.NotContains(t, err.Error(), secret, tc.name)
			}
		}
	}
	assert.Len(t, srv.Requests(), before, "nothing was sent")
}

// The six options match in any case; the seed's intake example ("male") is accepted and
// sent as written.
func TestBiologicalSexAnyCase(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"male", "FEMALE", "not applicable", "Unknown"} {
		assert.True(t, workpath.BiologicalSex(s).IsKnown(), s)
	}
	assert.False(t, workpath.BiologicalSex("M").IsKnown())
	assert.Len(t, workpath.BiologicalSexValues(), 6)
}

// The fake answers Workpath's messages with 400 when a client skips the checks (here, raw).
func TestFakeValidationMessages(t *testing.T) {
	t.Parallel()
	srv, c := newClient(t)
	ctx := context.Background()
	cases := map[string]map[string]any{
		workpathtest.MessagePhone:             {"patient": map[string]any{"first_name": "A", "last_name": "B", "phone": "8048675309"}},
		workpathtest.MessageSex:               {"patient": map[string]any{"first_name": "A", "last_name": "B", "biological_sex": "robot"}},
		workpathtest.MessageDOB:               {"patient": map[string]any{"first_name": "A", "last_name": "B", "dob": "06/01/1977"}},
		workpathtest.MessageName("Last Name"): {"patient": map[string]any{"first_name": "A"}},
	}
	for want, body := range cases {
		_, err := c.Do(ctx, &workpath.RawRequest{Method: "POST", Route: "/intakes", Body: body}, nil)
		var ae *workpath.APIError
		require.ErrorAs(t, err, &ae, want)
		assert.Equal(t, 400, ae.StatusCode)
		assert.Equal(t, want, ae.Message)
	}
	// The client refuses a caret before sending; the fake refuses it too.
	tok := fakeToken(t, srv)
	req, _ := http.NewRequest("POST", srv.URL+"/intakes", strings.NewReader(`{"notes":"x^y"}`))
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Equal(t, 400, resp.StatusCode)
	assert.JSONEq(t, `{"error":"`+workpathtest.MessageCaret+`"}`, string(body))
	var ae *workpath.APIError
	_, err = c.Do(ctx, &workpath.RawRequest{Method: "POST", Route: "/people", Body: map[string]any{"first_name": "A", "last_name": "B"}}, nil)
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, workpathtest.MessageMissing("gender"), ae.Message)
}

func TestEnums(t *testing.T) {
	t.Parallel()
	assert.Len(t, workpath.AppointmentStatusValues(), 13)
	assert.Equal(t, workpathtest.Statuses, func() (out []string) {
		for _, s := range workpath.AppointmentStatusValues() {
			out = append(out, string(s))
		}
		return out
	}())
	assert.True(t, workpath.AppointmentStatusReadyForAppointment.IsKnown())
	assert.False(t, workpath.AppointmentStatus("ready for appointment").IsKnown(), "statuses are spelt exactly")
	assert.True(t, workpath.AppointmentStatusCancelled.IsTerminal())
	assert.True(t, workpath.AppointmentTypeShift.IsKnown())
	assert.True(t, workpath.UnscheduledOnly.IsKnown())
	assert.True(t, workpath.EventActionDestroy.IsKnown())
	assert.False(t, workpath.EventAction("delete").IsKnown())
}
