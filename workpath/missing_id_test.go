package workpath_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/labwire/labwire/workpath"
	"github.com/labwire/labwire/workpath/workpathtest"
)

// Issue 18 item 2: every call that returns one resource with an id refuses a 2xx answer
// without one ({}, or an object of other members) with ErrInvalidResponse, instead of
// returning an empty resource as success. A create whose answer is neither the object nor
// a request id ({}) is refused the same way; so is a document upload.
func TestIssue18Item2AnswerWithoutIDIsInvalid(t *testing.T) {
	t.Parallel()
	upload := func() *workpath.DocumentUpload {
		return &workpath.DocumentUpload{Filename: "a.pdf", Content: strings.NewReader("%PDF")}
	}
	calls := []struct {
		route string
		call  func(ctx context.Context, c *workpath.Client) (any, error)
	}{
		{workpathtest.RouteCreateAPIKey, func(ctx context.Context, c *workpath.Client) (any, error) { return c.APIKeys.Create(ctx) }},
		{workpathtest.RouteGetAPIKey, func(ctx context.Context, c *workpath.Client) (any, error) { return c.APIKeys.Get(ctx, "k1") }},
		{workpathtest.RouteUpdateAPIKey, func(ctx context.Context, c *workpath.Client) (any, error) {
			return c.APIKeys.Update(ctx, "k1", &workpath.APIKeyUpdateParams{IsActive: false})
		}},
		{workpathtest.RouteGetAppointment, func(ctx context.Context, c *workpath.Client) (any, error) { return c.Appointments.Get(ctx, 7) }},
		{workpathtest.RouteUpdateAppointment, func(ctx context.Context, c *workpath.Client) (any, error) {
			return c.Appointments.Update(ctx, 7, &workpath.AppointmentUpdateParams{Status: ptr(workpath.AppointmentStatusPublished)})
		}},
		{workpathtest.RouteAddNote, func(ctx context.Context, c *workpath.Client) (any, error) {
			return c.Appointments.AddNote(ctx, 7, &workpath.NoteParams{Body: "b", Type: "Warning"})
		}},
		{workpathtest.RouteUpdateNote, func(ctx context.Context, c *workpath.Client) (any, error) {
			return c.Appointments.UpdateNote(ctx, 7, 8, &workpath.NoteParams{Body: "b", Type: "Warning"})
		}},
		{workpathtest.RouteAddDocument, func(ctx context.Context, c *workpath.Client) (any, error) {
			return c.Appointments.UploadDocument(ctx, 7, upload())
		}},
		{workpathtest.RouteIntakeDocument, func(ctx context.Context, c *workpath.Client) (any, error) {
			return c.Intakes.UploadDocument(ctx, 7, upload())
		}},
		{workpathtest.RouteCreateIntake, func(ctx context.Context, c *workpath.Client) (any, error) {
			return c.Intakes.Create(ctx, intakeParams(t))
		}},
		{workpathtest.RouteGetIntake, func(ctx context.Context, c *workpath.Client) (any, error) { return c.Intakes.Get(ctx, 7) }},
		{workpathtest.RouteCreatePerson, func(ctx context.Context, c *workpath.Client) (any, error) {
			return c.People.Create(ctx, personParams(t))
		}},
		{workpathtest.RouteGetPerson, func(ctx context.Context, c *workpath.Client) (any, error) { return c.People.Get(ctx, 7) }},
		{workpathtest.RouteUpdatePerson, func(ctx context.Context, c *workpath.Client) (any, error) {
			p := personUpdate(personParams(t))
			return c.People.Update(ctx, 7, p)
		}},
		{workpathtest.RouteGetService, func(ctx context.Context, c *workpath.Client) (any, error) { return c.Services.Get(ctx, 7) }},
		{workpathtest.RouteCreateWebhook, func(ctx context.Context, c *workpath.Client) (any, error) {
			return c.WebhookEndpoints.Create(ctx, &workpath.WebhookEndpointParams{URL: "https://hooks.example.test/wp", Modify: true})
		}},
		{workpathtest.RouteGetWebhook, func(ctx context.Context, c *workpath.Client) (any, error) { return c.WebhookEndpoints.Get(ctx, 7) }},
		{workpathtest.RouteUpdateWebhook, func(ctx context.Context, c *workpath.Client) (any, error) {
			return c.WebhookEndpoints.Update(ctx, 7, &workpath.WebhookEndpointParams{URL: "https://hooks.example.test/wp", Modify: true})
		}},
	}
	// An id is an "id" that is not null: Workpath's own sample appointment has "id": 0
	// (TestDecodeAppointmentSample).
	for _, body := range []string{`{}`, `{"name":"CANARY","request_ids":[1]}`, `{"id":null}`, `{"request_id":0}`} {
		for _, tc := range calls {
			t.Run(body+" "+tc.route, func(t *testing.T) {
				t.Parallel()
				srv, c := newClient(t)
				srv.Script(workpathtest.Fault{Route: tc.route, Status: http.StatusOK, Body: json.RawMessage(body)})
				got, err := tc.call(context.Background(), c)
				require.ErrorIs(t, err, workpath.ErrInvalidResponse, "got %v", got)
				assert.NotErrorIs(t, err, workpath.ErrOutcomeUnknown, "Workpath answered 2xx")
				assert.NotContains(t, err.Error(), "CANARY")
				assert.Empty(t, srv.PendingFaults())
			})
		}
	}
}
