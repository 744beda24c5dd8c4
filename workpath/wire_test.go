package workpath_test

import (
	"context"
	"encoding/json"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/labwire/labwire/internal/wiretest"
	"github.com/labwire/labwire/workpath"
	"github.com/labwire/labwire/workpath/workpathtest"
)

func loadJSON(t *testing.T, name string, v any) {
	t.Helper()
	require.NoError(t, json.Unmarshal(wiretest.Golden(t, name), v))
}

func intakeParams(t *testing.T) *workpath.IntakeCreateParams {
	dob, err := workpath.ParseDate("1970-05-29")
	require.NoError(t, err)
	return &workpath.IntakeCreateParams{
		OrderForm: workpathtest.DefaultOrderForm,
		Provider:  &workpath.Provider{FirstName: "Bruce", LastName: "Banner", NPI: "0101010111"},
		Patient: &workpath.Patient{FirstName: "Anthony", MiddleName: "Edward", LastName: "Stark", BiologicalSex: "male", Gender: "male",
			DateOfBirth: dob, Phone: "+18048675309", Email: "tony@starkindustries.example",
			MessagingEnabledSMS: ptr(true), MessagingEnabledEmail: ptr(true)},
		Services:  []workpath.IntakeService{{ID: workpathtest.DefaultService, DiagnosisCodes: []string{"Z00.12", "H879.3"}}},
		StartTime: time.Date(2021, 6, 20, 13, 0, 0, 0, time.UTC),
		Location: &workpath.Address{Street: "200 Park Avenue", Street2: "The Top", City: "New York", State: "New York", Zip: "10166",
			Country: "US", Latitude: ptr(40.7533488), Longitude: ptr(-73.9788555)},
		Notes: "Patient has fusion reactor in chest.",
	}
}

func personParams(t *testing.T) *workpath.PersonCreateParams {
	dob, err := workpath.ParseDate("1977-06-01")
	require.NoError(t, err)
	return &workpath.PersonCreateParams{FirstName: "Joseph", LastName: "Schmoseph", Gender: "female", BiologicalSex: workpath.BiologicalSexFemale,
		DateOfBirth: dob, Phone: "+17183211234", Email: "testguy@example.com", PhotoURL: ptr("https://example.com/pic.png"), MessagingEnabled: ptr(true),
		Addresses: []workpath.Address{{Label: "Home", Street: "123 Fourth St", Street2: "Suite 101", City: "Richmond", State: "Virginia", Zip: "10001",
			Country: "US", Phone: "+17183211234", Latitude: ptr(37.5407246), Longitude: ptr(-77.4360481), Timezone: "America/New_York"}}}
}

// createAppointment books an intake on the auto-publishing form and returns the appointment id.
func createAppointment(t *testing.T, c *workpath.Client) (intakeID, appointmentID int64) {
	t.Helper()
	res, err := c.Intakes.Create(context.Background(), intakeParams(t))
	require.NoError(t, err)
	require.NotNil(t, res.Object)
	require.NotNil(t, res.Object.Appointment, "the default order form auto-publishes")
	return res.Object.ID, *res.Object.Appointment
}

func TestWireTokenClientCredentials(t *testing.T) {
	t.Parallel()
	for _, style := range []workpath.TokenAuthStyle{workpath.TokenAuthBasic, workpath.TokenAuthBody} {
		srv := workpathtest.Start(t)
		c, err := workpath.NewClient(workpath.WithBaseURL(srv.URL),
			workpath.WithClientCredentials(workpathtest.DefaultAPIKey, workpathtest.DefaultAPIPassword, style))
		require.NoError(t, err)
		_, err = c.Services.List(context.Background())
		require.NoError(t, err)
		seen := last(t, srv, workpathtest.RouteToken)
		form, err := url.ParseQuery(string(seen.Body))
		require.NoError(t, err)
		assert.Equal(t, "POST", seen.Method)
		assert.Equal(t, "/oauth/token", seen.Path)
		assert.Equal(t, "application/x-www-form-urlencoded", seen.Header.Get("Content-Type"))
		assert.Equal(t, "client_credentials", form.Get("grant_type"))
		if style == workpath.TokenAuthBasic {
			// The raw pair, base64'd: the docs' password reaches the server unchanged.
			assert.Equal(t, basicHeader, seen.Header.Get("Authorization"))
			assert.Equal(t, url.Values{"grant_type": {"client_credentials"}}, form)
		} else {
			assert.Empty(t, seen.Header.Get("Authorization"))
			assert.Equal(t, workpathtest.DefaultAPIKey, form.Get("client_id"))
			assert.Equal(t, "SX0LGy6z!Pa~,V-!A:az", form.Get("client_secret"))
			assert.Contains(t, string(seen.Body), "client_secret=SX0LGy6z%21Pa~%2CV-%21A%3Aaz")
		}
		bearer(t, last(t, srv, workpathtest.RouteListServices))
		assert.Equal(t, 1, srv.TokensIssued())
	}
}

func TestWirePeople(t *testing.T) {
	t.Parallel()
	srv, c := newClient(t)
	ctx := context.Background()
	created, err := c.People.Create(ctx, personParams(t))
	require.NoError(t, err)
	wiretest.AssertRequest(t, last(t, srv, workpathtest.RouteCreatePerson), wiretest.Want{Method: "POST", Path: "/people",
		Header: map[string]string{"Content-Type": "application/json"}, BodyGolden: "person_create.request.json"})
	bearer(t, last(t, srv, workpathtest.RouteCreatePerson))
	require.NotNil(t, created.Object)
	id := created.Object.ID
	assert.Equal(t, "Joseph Schmoseph", created.Object.Name)
	assert.Equal(t, "1977-06-01", created.Object.DateOfBirth.String())

	got, err := c.People.Get(ctx, id)
	require.NoError(t, err)
	wiretest.AssertRequest(t, last(t, srv, workpathtest.RouteGetPerson), wiretest.Want{Method: "GET", Path: "/people/" + itoa(id), Query: url.Values{}})
	assert.Equal(t, id, got.ID)
	assert.Len(t, got.Addresses, 1)

	up := personUpdate(personParams(t))
	_, err = c.People.Update(ctx, id, up)
	require.NoError(t, err)
	wiretest.AssertRequest(t, last(t, srv, workpathtest.RouteUpdatePerson), wiretest.Want{Method: "PUT", Path: "/people/" + itoa(id), BodyGolden: "person_update.request.json"})

	rc, err := c.People.Delete(ctx, id)
	require.NoError(t, err)
	assert.NotZero(t, rc.RequestID)
	wiretest.AssertRequest(t, last(t, srv, workpathtest.RouteDeletePerson), wiretest.Want{Method: "DELETE", Path: "/people/" + itoa(id)})
	_, err = c.People.Get(ctx, id)
	assert.ErrorIs(t, err, workpath.ErrNotFound)
}

func TestWireIntakes(t *testing.T) {
	t.Parallel()
	srv, c := newClient(t)
	ctx := context.Background()
	res, err := c.Intakes.Create(ctx, intakeParams(t))
	require.NoError(t, err)
	wiretest.AssertRequest(t, last(t, srv, workpathtest.RouteCreateIntake), wiretest.Want{Method: "POST", Path: "/intakes",
		Header: map[string]string{"Content-Type": "application/json", "Accept": "application/json"}, BodyGolden: "intake_create.request.json"})
	require.NotNil(t, res.Object)
	in, err := c.Intakes.Get(ctx, res.Object.ID)
	require.NoError(t, err)
	wiretest.AssertRequest(t, last(t, srv, workpathtest.RouteGetIntake), wiretest.Want{Method: "GET", Path: "/intakes/" + itoa(res.Object.ID)})
	assert.Equal(t, "Stark", in.Patient.LastName)
	require.NotNil(t, in.Appointment)
	assert.JSONEq(t, string(res.RawJSON()), string(in.RawJSON()))
}

func TestWireServices(t *testing.T) {
	t.Parallel()
	srv, c := newClient(t)
	ctx := context.Background()
	list, err := c.Services.List(ctx)
	require.NoError(t, err)
	wiretest.AssertRequest(t, last(t, srv, workpathtest.RouteListServices), wiretest.Want{Method: "GET", Path: "/services"})
	require.Len(t, list, 1)
	assert.Equal(t, "Blood Draw", list[0].Name)
	assert.Contains(t, string(list[0].RawJSON()), `"archived":false`)
	sv, err := c.Services.Get(ctx, workpathtest.DefaultService)
	require.NoError(t, err)
	wiretest.AssertRequest(t, last(t, srv, workpathtest.RouteGetService), wiretest.Want{Method: "GET", Path: "/services/1001"})
	assert.Equal(t, "60", sv.VendorFee.String())
}

func TestWireAppointments(t *testing.T) {
	t.Parallel()
	srv, c := newClient(t)
	ctx := context.Background()
	_, id := createAppointment(t, c)
	path := "/appointments/" + itoa(id)

	a, err := c.Appointments.Get(ctx, id)
	require.NoError(t, err)
	wiretest.AssertRequest(t, last(t, srv, workpathtest.RouteGetAppointment), wiretest.Want{Method: "GET", Path: path})
	assert.Equal(t, workpath.AppointmentStatusPublished, a.Status)
	assert.Equal(t, "Anthony Stark", a.Subject.Name)

	pay, err := workpath.ParseDecimal("75.50")
	require.NoError(t, err)
	up, err := c.Appointments.Update(ctx, id, &workpath.AppointmentUpdateParams{
		Status: ptr(workpath.AppointmentStatusReadyForAppointment), Type: ptr(workpath.AppointmentTypeSingle),
		SpecialistsNeeded: ptr(1), SpecialistPayment: &pay, AltID: ptr("LAB-42"), MedicalRecordNumber: ptr(int64(123456)),
		Distributor: &workpath.Ref{ID: 1001}, Specialist: &workpath.Ref{ID: 1001}, Network: []workpath.Ref{{ID: 1001}},
	})
	require.NoError(t, err)
	wiretest.AssertRequest(t, last(t, srv, workpathtest.RouteUpdateAppointment), wiretest.Want{Method: "PUT", Path: path, BodyGolden: "appointment_update.request.json"})
	assert.Equal(t, workpath.AppointmentStatusReadyForAppointment, up.Status)
	assert.EqualValues(t, "123456", up.MedicalRecordNumber)

	_, err = c.Appointments.AddTag(ctx, id, &workpath.TagAddParams{ID: 1001, ExpiresAt: time.Date(2017, 9, 9, 9, 9, 9, 0, time.UTC)})
	require.NoError(t, err)
	wiretest.AssertRequest(t, last(t, srv, workpathtest.RouteAddTag), wiretest.Want{Method: "POST", Path: path + "/tags", BodyGolden: "tag_add.request.json"})
	_, err = c.Appointments.DeleteTag(ctx, id, 1001)
	require.NoError(t, err)
	wiretest.AssertRequest(t, last(t, srv, workpathtest.RouteDeleteTag), wiretest.Want{Method: "DELETE", Path: path + "/tags/1001"})

	n, err := c.Appointments.AddNote(ctx, id, &workpath.NoteParams{Body: "Note body", Type: "Warning", Title: "Admin Note"})
	require.NoError(t, err)
	wiretest.AssertRequest(t, last(t, srv, workpathtest.RouteAddNote), wiretest.Want{Method: "POST", Path: path + "/notes", BodyGolden: "note.request.json"})
	assert.NotNil(t, n.Author)
	_, err = c.Appointments.UpdateNote(ctx, id, n.ID, &workpath.NoteParams{Body: "Note body", Type: "Warning", Title: "Admin Note"})
	require.NoError(t, err)
	wiretest.AssertRequest(t, last(t, srv, workpathtest.RouteUpdateNote), wiretest.Want{Method: "PUT", Path: path + "/notes/" + itoa(n.ID), BodyGolden: "note.request.json"})
	_, err = c.Appointments.DeleteNote(ctx, id, n.ID)
	require.NoError(t, err)
	wiretest.AssertRequest(t, last(t, srv, workpathtest.RouteDeleteNote), wiretest.Want{Method: "DELETE", Path: path + "/notes/" + itoa(n.ID)})
	assert.Empty(t, srv.Notes(id))

	_, err = c.Appointments.AddData(ctx, id, &workpath.AppointmentDataParams{Value: "0123456789", Label: "Shipping ID", Type: "shipping"})
	require.NoError(t, err)
	wiretest.AssertRequest(t, last(t, srv, workpathtest.RouteAddData), wiretest.Want{Method: "POST", Path: path + "/data", BodyGolden: "data.request.json"})

	rc, err := c.Appointments.Cancel(ctx, id)
	require.NoError(t, err)
	assert.NotZero(t, rc.RequestID)
	wiretest.AssertRequest(t, last(t, srv, workpathtest.RouteCancelAppointment), wiretest.Want{Method: "POST", Path: path + "/cancel"})
	got, _ := srv.Appointment(id)
	assert.Equal(t, "Cancelled", got.Status)
}

func TestWireAppointmentSearch(t *testing.T) {
	t.Parallel()
	srv, c := newClient(t)
	ctx := context.Background()
	p := &workpath.AppointmentListParams{
		Page: 1, Limit: 25, Lat: ptr(37.5407246), Lon: ptr(-77.4360481), Radius: ptr(10.0),
		From: time.Unix(1474557817, 0), Until: time.Unix(1474593817, 0),
		Status: []workpath.AppointmentStatus{workpath.AppointmentStatusPublished, workpath.AppointmentStatusOnTheWay},
		Type:   workpath.AppointmentTypeSingle, Authorized: ptr(true), NewestFirst: ptr(false),
		Specialist: 1004, SpecialistName: "Doe", Subject: 1004, SubjectName: "Doe", Creator: 1004, CreatorName: "Doe",
		Vendor: 1004, VendorName: "Doe", Service: 1004, ServiceName: "Doe", ParentID: 1001, Unscheduled: workpath.UnscheduledExclude,
	}
	_, err := c.Appointments.List(ctx, p)
	require.NoError(t, err)
	// The docs' sample search string, plus the status list.
	want, err := url.ParseQuery("page=1&limit=25&lat=37.5407246&lon=-77.4360481&radius=10&from=1474557817&until=1474593817&type=Single&authorized=true&newestFirst=false&specialist=1004&specialistName=Doe&subject=1004&subjectName=Doe&creator=1004&creatorName=Doe&vendor=1004&vendorName=Doe&service=1004&serviceName=Doe&parentId=1001&unscheduled=exclude")
	require.NoError(t, err)
	want["status[]"] = []string{"Published", "On The Way"}
	wiretest.AssertRequest(t, last(t, srv, workpathtest.RouteListAppointments), wiretest.Want{Method: "GET", Path: "/appointments", Query: want})
	assert.Contains(t, last(t, srv, workpathtest.RouteListAppointments).RawQuery, "status%5B%5D=On+The+Way", "one status[] per value, form-encoded")

	// All pages through five appointments two at a time: three requests, no more.
	for range 5 {
		createAppointment(t, c)
	}
	before := len(srv.RequestsMatching(workpathtest.RouteListAppointments))
	var ids []int64
	for a, err := range c.Appointments.All(ctx, &workpath.AppointmentListParams{Limit: 2, Status: []workpath.AppointmentStatus{workpath.AppointmentStatusPublished}}) {
		require.NoError(t, err)
		ids = append(ids, a.ID)
	}
	assert.Len(t, ids, 5)
	reqs := srv.RequestsMatching(workpathtest.RouteListAppointments)[before:]
	require.Len(t, reqs, 3)
	for i, r := range reqs {
		q, _ := url.ParseQuery(r.RawQuery)
		assert.Equal(t, itoa(int64(i+1)), q.Get("page"))
		assert.Equal(t, "2", q.Get("limit"))
	}
	// break stops all I/O.
	before = len(srv.RequestsMatching(workpathtest.RouteListAppointments))
	for range c.Appointments.All(ctx, &workpath.AppointmentListParams{Limit: 2}) {
		break
	}
	assert.Len(t, srv.RequestsMatching(workpathtest.RouteListAppointments), before+1)
}

func TestWireAPIKeys(t *testing.T) {
	t.Parallel()
	srv, c := newClient(t)
	ctx := context.Background()
	k, err := c.APIKeys.Create(ctx)
	require.NoError(t, err)
	wiretest.AssertRequest(t, last(t, srv, workpathtest.RouteCreateAPIKey), wiretest.Want{Method: "POST", Path: "/api-keys",
		Header: map[string]string{"Authorization": basicHeader}})
	assert.NotEmpty(t, k.Secret)
	assert.NotContains(t, k.String(), k.Secret)

	// At most two credentials per client.
	_, err = c.APIKeys.Create(ctx)
	var ae *workpath.APIError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, workpath.StatusRequestFailed, ae.StatusCode)
	assert.Equal(t, workpathtest.MessageCredentialLimit, ae.Message)

	list, err := c.APIKeys.List(ctx)
	require.NoError(t, err)
	wiretest.AssertRequest(t, last(t, srv, workpathtest.RouteListAPIKeys), wiretest.Want{Method: "GET", Path: "/api-keys/", Header: map[string]string{"Authorization": basicHeader}})
	assert.Len(t, list, 2)

	got, err := c.APIKeys.Get(ctx, k.Key)
	require.NoError(t, err)
	wiretest.AssertRequest(t, last(t, srv, workpathtest.RouteGetAPIKey), wiretest.Want{Method: "GET", Path: "/api-keys/" + k.Key})
	assert.Empty(t, got.Secret)
	byID, err := c.APIKeys.Get(ctx, itoa(k.ID))
	require.NoError(t, err)
	assert.Equal(t, k.Key, byID.Key)

	up, err := c.APIKeys.Update(ctx, k.Key, &workpath.APIKeyUpdateParams{IsActive: false})
	require.NoError(t, err)
	wiretest.AssertRequest(t, last(t, srv, workpathtest.RouteUpdateAPIKey), wiretest.Want{Method: "PUT", Path: "/api-keys/" + k.Key, BodyGolden: "api_key_update.request.json"})
	assert.False(t, up.IsActive)

	_, err = c.APIKeys.Delete(ctx, k.Key)
	require.NoError(t, err)
	wiretest.AssertRequest(t, last(t, srv, workpathtest.RouteDeleteAPIKey), wiretest.Want{Method: "DELETE", Path: "/api-keys/" + k.Key, Header: map[string]string{"Authorization": basicHeader}})
	for _, r := range srv.Requests() {
		if strings.HasPrefix(r.Path, "/api-keys") {
			assert.True(t, strings.HasPrefix(r.Header.Get("Authorization"), "Basic "), "api-keys routes use Basic only")
		}
	}
}

func TestWireWebhooks(t *testing.T) {
	t.Parallel()
	srv, c := newClient(t)
	ctx := context.Background()
	p := &workpath.WebhookEndpointParams{URL: "https://www.example.com/Workpathevents", Create: true, Modify: true, Destroy: true}
	wh, err := c.WebhookEndpoints.Create(ctx, p)
	require.NoError(t, err)
	wiretest.AssertRequest(t, last(t, srv, workpathtest.RouteCreateWebhook), wiretest.Want{Method: "POST", Path: "/webhooks",
		Header: map[string]string{"Authorization": basicHeader}, BodyGolden: "webhook.request.json"})
	assert.NotEmpty(t, wh.Secret)
	assert.True(t, wh.Destroy)
	path := "/webhooks/" + itoa(wh.ID)
	_, err = c.WebhookEndpoints.Get(ctx, wh.ID)
	require.NoError(t, err)
	wiretest.AssertRequest(t, last(t, srv, workpathtest.RouteGetWebhook), wiretest.Want{Method: "GET", Path: path, Header: map[string]string{"Authorization": basicHeader}})
	list, err := c.WebhookEndpoints.List(ctx)
	require.NoError(t, err)
	wiretest.AssertRequest(t, last(t, srv, workpathtest.RouteListWebhooks), wiretest.Want{Method: "GET", Path: "/webhooks"})
	assert.Len(t, list, 1)
	_, err = c.WebhookEndpoints.Update(ctx, wh.ID, p)
	require.NoError(t, err)
	wiretest.AssertRequest(t, last(t, srv, workpathtest.RouteUpdateWebhook), wiretest.Want{Method: "PUT", Path: path, BodyGolden: "webhook.request.json"})
	_, err = c.WebhookEndpoints.Delete(ctx, wh.ID)
	require.NoError(t, err)
	wiretest.AssertRequest(t, last(t, srv, workpathtest.RouteDeleteWebhook), wiretest.Want{Method: "DELETE", Path: path})
}

// Every request the client made in a full run carries the labwire User-Agent, asks for JSON,
// and the credential its route takes: Basic on /api-keys and /webhooks, none on the token
// route beyond its own Basic, Bearer everywhere else.
func TestWireHeadersOnEveryRoute(t *testing.T) {
	t.Parallel()
	srv, c := newClient(t, workpath.WithAppInfo("labwire-test", "1.0"))
	ctx := context.Background()
	intakeID, id := createAppointment(t, c)
	_, _ = c.Intakes.Get(ctx, intakeID)
	_, _ = c.Intakes.UploadDocument(ctx, intakeID, &workpath.DocumentUpload{Filename: "r.pdf", Content: strings.NewReader("x")})
	_, _ = c.Appointments.AddNote(ctx, id, &workpath.NoteParams{Type: "Info", Body: "b"})
	_, _ = c.Appointments.List(ctx, nil)
	_, _ = c.Services.List(ctx)
	_, _ = c.APIKeys.List(ctx)
	_, _ = c.WebhookEndpoints.List(ctx)
	_, _ = c.People.Create(ctx, personParams(t))
	reqs := srv.Requests()
	require.GreaterOrEqual(t, len(reqs), 10)
	for _, r := range reqs {
		at := r.Method + " " + r.Path
		assert.Regexp(t, `^labwire/\S+ \(workpath\) go/\S+ labwire-test/1\.0$`, r.Header.Get("User-Agent"), at)
		assert.Equal(t, "application/json", r.Header.Get("Accept"), at)
		auth := r.Header.Get("Authorization")
		switch {
		case r.Path == "/oauth/token":
			assert.Equal(t, basicHeader, auth, at)
		case strings.HasPrefix(r.Path, "/api-keys"), strings.HasPrefix(r.Path, "/webhooks"):
			assert.Equal(t, basicHeader, auth, at)
		default:
			assert.Regexp(t, `^Bearer \S+$`, auth, at)
		}
		if r.Method == "POST" && len(r.Body) > 0 && !strings.HasSuffix(r.Path, "/documents") && r.Path != "/oauth/token" {
			assert.Equal(t, "application/json", r.Header.Get("Content-Type"), at)
		}
	}
	assert.Equal(t, 1, srv.TokensIssued(), "one token for the whole run")
}
