package workpath_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/labwire/labwire/internal/wiretest"
	"github.com/labwire/labwire/workpath"
	"github.com/labwire/labwire/workpath/workpathtest"
)

// mockClient is a client on an httpmock transport with a fixed Bearer token and Basic.
func mockClient(t *testing.T) (*httpmock.MockTransport, *workpath.Client) {
	t.Helper()
	mt := httpmock.NewMockTransport()
	c, err := workpath.NewClient(workpath.WithBaseURL("https://api.workpath.test"),
		workpath.WithHTTPClient(&http.Client{Transport: mt}), workpath.WithBearerToken("tok"),
		workpath.WithAPIKeyAuth("key", "pw"), workpath.WithRetryWait(1e6, 2e6))
	require.NoError(t, err)
	return mt, c
}

func TestWrappedListsDecode(t *testing.T) {
	t.Parallel()
	mt, c := mockClient(t)
	mt.RegisterResponder("GET", "https://api.workpath.test/appointments",
		httpmock.NewStringResponder(200, `{"data":[{"id":1,"status":"On The Way"},{"id":2}],"page":3,"limit":2,"total":9}`))
	mt.RegisterResponder("GET", "https://api.workpath.test/webhooks",
		httpmock.NewStringResponder(200, `{"webhooks":[{"id":5,"url":"https://x.test"}]}`))
	mt.RegisterResponder("GET", "https://api.workpath.test/services",
		httpmock.NewStringResponder(200, `{"unexpected":true}`))
	l, err := c.Appointments.List(context.Background(), &workpath.AppointmentListParams{Page: 3, Limit: 2})
	require.NoError(t, err)
	require.Len(t, l.Appointments, 2)
	assert.Equal(t, workpath.AppointmentStatusOnTheWay, l.Appointments[0].Status)
	assert.Equal(t, 3, l.Page)
	require.NotNil(t, l.Total)
	assert.Equal(t, 9, *l.Total)
	ws, err := c.WebhookEndpoints.List(context.Background())
	require.NoError(t, err)
	assert.EqualValues(t, 5, ws[0].ID)
	_, err = c.Services.List(context.Background())
	assert.Error(t, err, "an object without a list is not a list")
}

func TestAllStopsAtTotal(t *testing.T) {
	t.Parallel()
	mt, c := mockClient(t)
	mt.RegisterResponder("GET", "https://api.workpath.test/appointments", func(r *http.Request) (*http.Response, error) {
		if r.URL.Query().Get("page") == "2" {
			return httpmock.NewStringResponse(200, `{"data":[{"id":3},{"id":4}],"total":4}`), nil
		}
		return httpmock.NewStringResponse(200, `{"data":[{"id":1},{"id":2}],"total":4}`), nil
	})
	var ids []int64
	for a, err := range c.Appointments.All(context.Background(), &workpath.AppointmentListParams{Limit: 2}) {
		require.NoError(t, err)
		ids = append(ids, a.ID)
	}
	assert.Equal(t, []int64{1, 2, 3, 4}, ids)
	assert.Equal(t, 2, mt.GetTotalCallCount(), "page 2 reaches the total")
}

func TestAllYieldsOneError(t *testing.T) {
	t.Parallel()
	mt, c := mockClient(t)
	mt.RegisterResponder("GET", "https://api.workpath.test/appointments", httpmock.NewStringResponder(404, `{"error":"nope"}`))
	var errs int
	for _, err := range c.Appointments.All(context.Background(), nil) {
		require.Error(t, err)
		errs++
	}
	assert.Equal(t, 1, errs)
}

func TestErrorCodes(t *testing.T) {
	t.Parallel()
	cases := []struct {
		status   int
		body     string
		sentinel error
		message  string
	}{
		{400, `{"error":"first_name missing from payload."}`, workpath.ErrBadRequest, "first_name missing from payload."},
		{400, `{"message":"Patient DOB needs to be in the format MMDDYYYY."}`, workpath.ErrBadRequest, "Patient DOB needs to be in the format MMDDYYYY."},
		{400, `{"errors":["^ cannot be used as a delimiter in payload."]}`, workpath.ErrBadRequest, "^ cannot be used as a delimiter in payload."},
		{400, `ERROR Invalid option selection for biological sex of patient.`, workpath.ErrBadRequest, "ERROR Invalid option selection for biological sex of patient."},
		{401, `{"error":"Invalid credentials"}`, workpath.ErrUnauthorized, "Invalid credentials"},
		{403, `{"error":"Invalid credentials."}`, workpath.ErrForbidden, "Invalid credentials."},
		{403, `{"error":"Invalid permissions attached to credentials."}`, workpath.ErrForbidden, "Invalid permissions attached to credentials."},
		{404, `{"error":"Resource requested does not exist."}`, workpath.ErrNotFound, "Resource requested does not exist."},
		{409, `{"error":"The request conflicts with another request."}`, workpath.ErrConflict, "The request conflicts with another request."},
		{429, `{"error":"Too many requests hit the API at one time."}`, workpath.ErrRateLimited, "Too many requests hit the API at one time."},
		{503, ``, workpath.ErrServer, ""},
	}
	for _, tc := range cases {
		mt, c := mockClient(t)
		mt.RegisterResponder("GET", "https://api.workpath.test/appointments/7", httpmock.NewStringResponder(tc.status, tc.body))
		_, err := c.Appointments.Get(context.Background(), 7)
		require.ErrorIs(t, err, tc.sentinel, tc.body)
		var ae *workpath.APIError
		require.ErrorAs(t, err, &ae)
		assert.Equal(t, tc.status, ae.StatusCode)
		assert.Equal(t, tc.message, ae.Message)
		assert.NotContains(t, err.Error(), "Invalid", "the message stays out of Error()")
	}
	// 402 "Request Failed" has no sentinel but its status and message.
	mt, c := mockClient(t)
	mt.RegisterResponder("POST", "https://api.workpath.test/appointments/7/cancel", httpmock.NewStringResponder(402, `{"error":"Request Failed"}`))
	_, err := c.Appointments.Cancel(context.Background(), 7)
	var ae *workpath.APIError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, workpath.StatusRequestFailed, ae.StatusCode)
	assert.Equal(t, "Request Failed", ae.Message)
}

// A retry never duplicates a write: a create answered 503 or cut off after it was sent is
// not sent again; a read is retried.
func TestRetryNeverDuplicatesAWrite(t *testing.T) {
	t.Parallel()
	srv, c := newClient(t)
	ctx := context.Background()
	srv.Script(workpathtest.Fault{Route: workpathtest.RouteCreateIntake, Status: 503})
	_, err := c.Intakes.Create(ctx, intakeParams(t))
	require.ErrorIs(t, err, workpath.ErrOutcomeUnknown)
	assert.Len(t, srv.RequestsMatching(workpathtest.RouteCreateIntake), 1)

	srv.Script(workpathtest.Fault{Route: workpathtest.RouteAddNote, Drop: workpathtest.DropAfterHandler})
	_, id := createAppointment(t, c)
	_, err = c.Appointments.AddNote(ctx, id, &workpath.NoteParams{Body: "b", Type: "Warning"})
	require.ErrorIs(t, err, workpath.ErrOutcomeUnknown)
	assert.Len(t, srv.RequestsMatching(workpathtest.RouteAddNote), 1)
	assert.Len(t, srv.Notes(id), 1, "the write happened once")

	srv.Script(workpathtest.Fault{Route: workpathtest.RouteGetAppointment, Status: 503})
	_, err = c.Appointments.Get(ctx, id)
	require.NoError(t, err)
	assert.Len(t, srv.RequestsMatching(workpathtest.RouteGetAppointment), 2)

	// A cancel is idempotent by nature: retried after an ambiguous failure.
	srv.Script(workpathtest.Fault{Route: workpathtest.RouteCancelAppointment, Status: 503})
	_, err = c.Appointments.Cancel(ctx, id)
	require.NoError(t, err)
	assert.Len(t, srv.RequestsMatching(workpathtest.RouteCancelAppointment), 2)
	assert.Empty(t, srv.PendingFaults())
}

// An expired token is fetched again once and the call replayed.
func TestTokenRefreshedAfter401(t *testing.T) {
	t.Parallel()
	srv, c := newClient(t)
	ctx := context.Background()
	_, err := c.Services.List(ctx)
	require.NoError(t, err)
	srv.ExpireTokens()
	_, err = c.Services.List(ctx)
	require.NoError(t, err)
	assert.Equal(t, 2, srv.TokensIssued())
	assert.Len(t, srv.RequestsMatching(workpathtest.RouteListServices), 3)
}

// Each route takes only its own scheme: Bearer is refused on /webhooks, Basic on /intakes.
func TestAuthSchemePerRoute(t *testing.T) {
	t.Parallel()
	srv := workpathtest.Start(t)
	ctx := context.Background()
	onlyBearer, err := workpath.NewClient(workpath.WithBaseURL(srv.URL),
		workpath.WithClientCredentials(workpathtest.DefaultAPIKey, workpathtest.DefaultAPIPassword, workpath.TokenAuthBody))
	require.NoError(t, err)
	_, err = onlyBearer.WebhookEndpoints.List(ctx)
	var ve *workpath.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "WithAPIKeyAuth", ve.Field)
	assert.Empty(t, srv.RequestsMatching(workpathtest.RouteListWebhooks), "refused before sending")

	onlyBasic, err := workpath.NewClient(workpath.WithBaseURL(srv.URL), workpath.WithAPIKeyAuth(workpathtest.DefaultAPIKey, workpathtest.DefaultAPIPassword))
	require.NoError(t, err)
	_, err = onlyBasic.Intakes.Get(ctx, 1)
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "WithClientCredentials", ve.Field)

	// The fake enforces it too: a token on a Basic route and Basic on a Bearer route are 401.
	tok, err := workpath.NewClient(workpath.WithBaseURL(srv.URL), workpath.WithBearerToken("not-basic"), workpath.WithAPIKeyAuth("wrong", "pw"))
	require.NoError(t, err)
	_, err = tok.WebhookEndpoints.List(ctx)
	assert.ErrorIs(t, err, workpath.ErrUnauthorized)
	_, err = tok.Intakes.Get(ctx, 1)
	assert.ErrorIs(t, err, workpath.ErrUnauthorized)
	req, _ := http.NewRequest("GET", srv.URL+"/intakes/1", nil)
	req.Header.Set("Authorization", basicHeader)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, 401, resp.StatusCode)
}

func TestNewClientNeedsACredential(t *testing.T) {
	t.Parallel()
	_, err := workpath.NewClient()
	require.ErrorIs(t, err, workpath.ErrValidation)
	_, err = workpath.NewClient(workpath.WithBearerToken("a"), workpath.WithClientCredentials("k", "p", workpath.TokenAuthBasic))
	var ve *workpath.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Contains(t, ve.Reason, "WithBearerToken")
	_, err = workpath.NewClient(workpath.WithClientCredentials("k", "p", 0))
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "WithClientCredentials", ve.Field)
	_, err = workpath.NewClient(workpath.WithAPIKeyAuth("k:x", "p"))
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "WithAPIKeyAuth", ve.Field)
}

// Writes with undocumented answers accept an empty body, a receipt or anything else; reads
// that must hold an object do not accept an empty one.
func TestUndocumentedAnswers(t *testing.T) {
	t.Parallel()
	mt, c := mockClient(t)
	mt.RegisterResponder("DELETE", "https://api.workpath.test/appointments/7/tags/9", httpmock.NewStringResponder(200, ``))
	mt.RegisterResponder("POST", "https://api.workpath.test/appointments/7/cancel", httpmock.NewStringResponder(200, `{"request_id": 12345}`))
	mt.RegisterResponder("POST", "https://api.workpath.test/appointments/7/data", httpmock.NewStringResponder(200, `OK`))
	mt.RegisterResponder("GET", "https://api.workpath.test/appointments/7", httpmock.NewStringResponder(200, ``))
	ctx := context.Background()
	r, err := c.Appointments.DeleteTag(ctx, 7, 9)
	require.NoError(t, err)
	assert.Zero(t, r.RequestID)
	r, err = c.Appointments.Cancel(ctx, 7)
	require.NoError(t, err)
	assert.EqualValues(t, 12345, r.RequestID)
	r, err = c.Appointments.AddData(ctx, 7, &workpath.AppointmentDataParams{Value: "1Z999"})
	require.NoError(t, err)
	assert.Equal(t, "OK", string(r.RawJSON()))
	_, err = c.Appointments.Get(ctx, 7)
	assert.ErrorIs(t, err, workpath.ErrInvalidResponse)
}

// A token that expires on Workpath's clock is answered 401; the client fetches a new one and
// replays the read once. Concurrent calls share one token.
func TestTokenLifetimeAndSharing(t *testing.T) {
	t.Parallel()
	clock := wiretest.NewClock(time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC))
	srv := workpathtest.Start(t, workpathtest.WithClock(clock.Now))
	c, err := workpath.NewClient(workpath.WithBaseURL(srv.URL),
		workpath.WithClientCredentials(workpathtest.DefaultAPIKey, workpathtest.DefaultAPIPassword, workpath.TokenAuthBody))
	require.NoError(t, err)
	ctx := context.Background()
	var wg sync.WaitGroup
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := c.Services.List(ctx)
			assert.NoError(t, err)
		}()
	}
	wg.Wait()
	assert.Equal(t, 1, srv.TokensIssued(), "sixteen concurrent calls, one token")
	clock.Advance(workpathtest.DefaultTokenTTL + time.Second)
	_, err = c.Services.List(ctx)
	require.NoError(t, err)
	assert.Equal(t, 2, srv.TokensIssued())

	bad, err := workpath.NewClient(workpath.WithBaseURL(srv.URL),
		workpath.WithClientCredentials(workpathtest.DefaultAPIKey, "wrong", workpath.TokenAuthBasic))
	require.NoError(t, err)
	before := len(srv.RequestsMatching(workpathtest.RouteListServices))
	_, err = bad.Services.List(ctx)
	require.ErrorIs(t, err, workpath.ErrUnauthorized)
	assert.Len(t, srv.RequestsMatching(workpathtest.RouteListServices), before, "no API call without a token")
}

// The escape hatch sends Basic on the routes that take it and Bearer elsewhere, with the
// query kept out of errors.
func TestDoPicksTheCredential(t *testing.T) {
	t.Parallel()
	srv, c := newClient(t)
	ctx := context.Background()
	var hooks []map[string]any
	_, err := c.Do(ctx, &workpath.RawRequest{Method: "get", Route: "/webhooks"}, &hooks)
	require.NoError(t, err)
	assert.Equal(t, basicHeader, last(t, srv, workpathtest.RouteListWebhooks).Header.Get("Authorization"))
	_, err = c.Do(ctx, &workpath.RawRequest{Method: "GET", Route: "/appointments", Query: map[string][]string{"subjectName": {"CANARY-Testy"}}}, nil)
	require.NoError(t, err)
	bearer(t, last(t, srv, workpathtest.RouteListAppointments))
	_, err = c.Do(ctx, &workpath.RawRequest{Method: "GET", Route: "/appointments/{id}", Params: []string{"999"}, Query: map[string][]string{"q": {"CANARY-Testy"}}}, nil)
	require.ErrorIs(t, err, workpath.ErrNotFound)
	assert.NotContains(t, err.Error(), "CANARY")
	assert.NotContains(t, err.Error(), "999")
}

// A hostile or misconfigured server that redirects to another origin never receives the
// Basic credentials or the token: the redirect is the answer.
func TestCrossOriginRedirectKeepsCredentials(t *testing.T) {
	t.Parallel()
	var leaked atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "" {
			leaked.Add(1)
		}
		w.Write([]byte(`[]`))
	}))
	defer other.Close()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, strings.Replace(other.URL, "127.0.0.1", "localhost", 1)+r.URL.Path, http.StatusFound)
	}))
	defer srv.Close()
	c, err := workpath.NewClient(workpath.WithBaseURL(srv.URL), workpath.WithBearerToken("tok"), workpath.WithAPIKeyAuth("key", "pw"))
	require.NoError(t, err)
	_, err = c.WebhookEndpoints.List(context.Background())
	require.Error(t, err)
	_, err = c.Services.List(context.Background())
	require.Error(t, err)
	assert.Zero(t, leaked.Load())
}
