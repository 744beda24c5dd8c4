package workpath_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/labwire/labwire/internal/wiretest"
	"github.com/labwire/labwire/workpath"
)

// The documentation's own samples decode, with every quirk.
func TestDecodeAppointmentSample(t *testing.T) {
	t.Parallel()
	mt, c := mockClient(t)
	mt.RegisterResponder("GET", "https://api.workpath.test/appointments/1", httpmock.NewBytesResponder(200, wiretest.Golden(t, "appointment.json")))
	a, err := c.Appointments.Get(context.Background(), 1)
	require.NoError(t, err)
	assert.Equal(t, workpath.AppointmentStatusAccepted, a.Status)
	assert.Equal(t, workpath.AppointmentTypeSingle, a.Type)
	assert.Equal(t, "75", a.SpecialistPayment.String())
	assert.Equal(t, "25", a.PaymentAmount.String())
	assert.Empty(t, a.MedicalRecordNumber, "null MRN")
	assert.Nil(t, a.ParentID)
	assert.Equal(t, "Joseph Schmoseph", a.Subject.Name)
	assert.Equal(t, "1977-06-01", a.Subject.DateOfBirth.String())
	assert.Equal(t, "49.99", a.Originator.AddlUserCharge.String())
	require.Len(t, a.Creator.Organizations, 1)
	assert.Equal(t, "Blood Draw", a.Creator.Organizations[0].Vendor.Services[0].Name)
	assert.Equal(t, "pre", a.Services[0].Steps[0].Stage)
	assert.Equal(t, 85, mustInt(t, a.Specialist.ApplicationScore.String()))
	assert.Equal(t, "shipping", a.Data[0].Type)
	assert.Equal(t, 37.5407246, *a.Location.Latitude)
	assert.Contains(t, string(a.RawJSON()), "merchant_id `abc123`", "unmodelled keys stay in RawJSON")
	assert.JSONEq(t, string(wiretest.Golden(t, "appointment.json")), string(a.RawJSON()))
	assert.Contains(t, string(a.Subject.RawJSON()), `"name": "Joseph Schmoseph"`)
	var plain workpath.Appointment
	loadJSON(t, "appointment.json", &plain)
	assert.Empty(t, plain.RawJSON(), "decoded by the caller: no raw JSON")
	assert.Equal(t, a.Subject.Name, plain.Subject.Name)
}

func mustInt(t *testing.T, s string) int {
	var n int
	require.NoError(t, json.Unmarshal([]byte(s), &n))
	return n
}

func TestDecodeMedicalRecordNumber(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{`12345`: "12345", `"A-77"`: "A-77", `null`: "", `1e3`: "1e3"} {
		var a workpath.Appointment
		require.NoError(t, json.Unmarshal([]byte(`{"id":1,"medical_record_number":`+in+`}`), &a), in)
		assert.Equal(t, want, string(a.MedicalRecordNumber), in)
	}
	var a workpath.Appointment
	assert.Error(t, json.Unmarshal([]byte(`{"id":1,"medical_record_number":{}}`), &a))
}

func TestDecodeIntakeSample(t *testing.T) {
	t.Parallel()
	var in workpath.Intake
	loadJSON(t, "intake.json", &in)
	assert.EqualValues(t, 92200, in.ID)
	assert.Equal(t, "0101010111", in.Provider.NPI)
	assert.Equal(t, workpath.BiologicalSex("male"), in.Patient.BiologicalSex)
	assert.True(t, in.Patient.BiologicalSex.IsKnown(), "matched without regard to case")
	assert.Equal(t, []string{"Z00.12", "H879.3"}, in.Services[0].DiagnosisCodes)
	assert.Equal(t, 2021, in.StartTime.Year())
	assert.Nil(t, in.Appointment)
}

func TestDecodePersonBothForms(t *testing.T) {
	t.Parallel()
	var p workpath.Person
	loadJSON(t, "person.json", &p)
	assert.Equal(t, "Joseph Schmoseph", p.Name)
	assert.Empty(t, p.FirstName, "a name is never split")
	assert.Equal(t, "1977-06-01", p.DateOfBirth.String())
	var q workpath.Person
	loadJSON(t, "person_table_form.json", &q)
	assert.Equal(t, "Joseph Schmoseph", q.Name, "first and last joined")
	assert.Equal(t, "Joseph", q.FirstName)
	assert.Equal(t, "1977-06-01", q.DateOfBirth.String(), "date_of_birth read when dob is absent")
}

func TestDecodeAPIKeys(t *testing.T) {
	t.Parallel()
	var k workpath.APIKey
	loadJSON(t, "api_key_created.json", &k)
	assert.Equal(t, "SX0LGy6z!Pa~,V-!A:az", k.Secret)
	assert.NotContains(t, k.String(), k.Secret)
	var list []workpath.APIKey
	loadJSON(t, "api_keys.json", &list)
	require.Len(t, list, 2)
	assert.False(t, list[0].IsActive)
	assert.True(t, list[1].IsActive, `"true" as a string`)
	assert.Error(t, json.Unmarshal([]byte(`{"is_active":"maybe"}`), &k))
}

func TestDecodeWebhook(t *testing.T) {
	t.Parallel()
	var w workpath.WebhookEndpoint
	loadJSON(t, "webhook.json", &w)
	assert.True(t, w.Destroy)
	assert.Equal(t, "abcdef", w.Secret)
	assert.NotContains(t, w.String(), "abcdef")
}

func TestDecodeNoteAndDocument(t *testing.T) {
	t.Parallel()
	var n workpath.Note
	loadJSON(t, "note.json", &n)
	require.NotNil(t, n.Author)
	assert.Equal(t, "user@example.com", n.Author.Email)
	assert.Equal(t, "Joseph Schmoseph", n.Author.Person.Name)
	var d workpath.Document
	loadJSON(t, "document_upload.json", &d)
	assert.Equal(t, "intake", d.Documentable)
	assert.EqualValues(t, 9402, d.DocumentableID)
}

func TestDecodeCreatedBothForms(t *testing.T) {
	t.Parallel()
	var c workpath.Created[workpath.Intake]
	require.NoError(t, json.Unmarshal([]byte(`{"request_id": 12345}`), &c))
	assert.Nil(t, c.Object)
	assert.EqualValues(t, 12345, c.RequestID)
	var o workpath.Created[workpath.Intake]
	loadJSON(t, "intake.json", &o)
	require.NotNil(t, o.Object)
	assert.EqualValues(t, 92200, o.Object.ID)
	assert.Zero(t, o.RequestID)
	var r workpath.Receipt
	require.NoError(t, json.Unmarshal([]byte(`{"request_id": 7}`), &r))
	assert.EqualValues(t, 7, r.RequestID)
}

func TestDecodeRequestIDForms(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]int64{`{"request_id": 5}`: 5, `{"request_id": "6"}`: 6, `{"request_id": "x"}`: 0, `{"request_id": {}}`: 0, `{}`: 0} {
		var r workpath.Receipt
		require.NoError(t, json.Unmarshal([]byte(in), &r), in)
		assert.Equal(t, want, r.RequestID, in)
		var c workpath.Created[workpath.Intake]
		require.NoError(t, json.Unmarshal([]byte(in), &c), in)
		assert.Equal(t, want, c.RequestID, in)
	}
}
