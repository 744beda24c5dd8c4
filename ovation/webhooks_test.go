package ovation_test

import (
	"context"
	"errors"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/labwire/labwire/ovation"
	"github.com/labwire/labwire/ovation/ovationtest"
	"github.com/labwire/labwire/webhook"
	"github.com/labwire/labwire/webhook/dispatch"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// receiver is an httptest server running the Ovation webhook handler in sync mode.
type receiver struct {
	mu     sync.Mutex
	events []*ovation.Event
	fail   int // fail the next n deliveries
	url    string
}

func startReceiver(t *testing.T, user, pass string, opts ...dispatch.HandlerOption) *receiver {
	t.Helper()
	rc := &receiver{}
	v, err := ovation.NewWebhookVerifier([]webhook.BasicCredentials{{Username: user, Password: pass}})
	require.NoError(t, err)
	h, err := ovation.NewWebhookHandler(v, func(_ context.Context, e *ovation.Event) error {
		rc.mu.Lock()
		defer rc.mu.Unlock()
		if rc.fail > 0 {
			rc.fail--
			return errors.New("not now")
		}
		rc.events = append(rc.events, e)
		return nil
	}, append([]dispatch.HandlerOption{dispatch.WithSync()}, opts...)...)
	require.NoError(t, err)
	ts := httptest.NewServer(h)
	t.Cleanup(func() { ts.Close(); _ = h.Shutdown(context.Background()) })
	rc.url = ts.URL
	return rc
}

func (rc *receiver) got() []*ovation.Event {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]*ovation.Event(nil), rc.events...)
}

func TestReportFlowWithBasicAuthWebhooks(t *testing.T) {
	c, srv := start(t)
	ctx := context.Background()
	rc := startReceiver(t, "ovation", "a-long-webhook-password")
	for _, ev := range []ovation.EventType{ovation.EventTypeReportReadyForGeneration, ovation.EventTypeReportSigned, ovation.EventTypeTestResultReady} {
		_, err := c.WebhookEndpoints.Create(ctx, tid, &ovation.WebhookEndpointParams{TargetURL: rc.url, Username: "ovation", Password: "a-long-webhook-password", Event: ev})
		require.NoError(t, err)
	}
	assert.JSONEq(t, `{"webhookEndpoint":{"targetUrl":"`+rc.url+`","username":"ovation","password":"a-long-webhook-password","event":"report_signed"}}`,
		string(srv.RequestsMatching(ovationtest.RouteCreateWebhookEndpoint)[1].Body))
	eps, err := c.WebhookEndpoints.List(ctx, tid)
	require.NoError(t, err)
	require.Len(t, eps, 3)
	assert.Equal(t, rc.url, eps[0].TargetURL)

	req, err := c.Requisitions.Create(ctx, tid, &ovation.RequisitionCreateParams{Requisition: twoSamples()})
	require.NoError(t, err)
	wfID, err := srv.RunWorkflow(789, req.Identifier, 5, "PCR", []ovationtest.TestResult{{AssayName: "SARS-CoV-2", Result: "Not detected", Organism: "SARS-CoV-2", CtValue: "35.10"}})
	require.NoError(t, err)
	reportID, err := srv.ReadyReport(789, req.Identifier)
	require.NoError(t, err)

	evs := rc.got()
	require.Len(t, evs, 2)
	assert.Equal(t, ovation.EventTypeTestResultReady, evs[0].Type)
	resultID := evs[0].SampleTestResults[0].ID
	res, err := c.WorkflowSampleResults.Get(ctx, resultID)
	require.NoError(t, err)
	assert.Equal(t, "35.10", res.TestResults[0].InfectiousDisease.CtValue.String())
	wf, err := c.Workflows.Get(ctx, ovation.IDFromInt(wfID))
	require.NoError(t, err)
	assert.Len(t, wf.Samples, 2)

	ready := evs[1]
	assert.Equal(t, ovation.EventTypeReportReadyForGeneration, ready.Type)
	assert.Equal(t, ovation.IDFromInt(reportID), ready.ReportID)
	assert.Equal(t, req.Identifier, ready.RequisitionIdentifier)

	pdf := []byte("%PDF-1.4 report")
	_, err = c.Reports.UploadContent(ctx, ready.ReportID, &ovation.ReportUploadParams{RequisitionIdentifier: ready.RequisitionIdentifier, Content: pdf})
	require.NoError(t, err)
	u := last(t, srv, ovationtest.RouteUploadReport)
	assert.Equal(t, "PUT", u.Method)
	assert.JSONEq(t, `{"report":{"requisitionIdentifier":"`+req.Identifier+`","reportContent":"JVBERi0xLjQgcmVwb3J0"}}`, string(u.Body))
	got, ok := srv.ReportContent(reportID)
	require.True(t, ok)
	assert.Equal(t, pdf, got)

	evs = rc.got()
	require.Len(t, evs, 3)
	signed := evs[2]
	assert.Equal(t, ovation.EventTypeReportSigned, signed.Type)
	assert.Equal(t, ovation.ID("789"), signed.ProjectTemplateID)
	assert.Equal(t, "1234567893", signed.ProviderNPI)
	dl, err := c.Reports.Download(ctx, signed.ReportDownloadLink)
	require.NoError(t, err)
	assert.Equal(t, pdf, dl)
	dr := last(t, srv, ovationtest.RouteDownloadReport)
	assert.Equal(t, "Bearer "+ovationtest.DefaultAPIKey, dr.Header.Get("Authorization"))
	assert.Equal(t, "application/pdf", dr.Header.Get("Accept"))
	for _, link := range []string{"https://evil.example/api/v3/reports/1/download", srv.Origin + "/other/reports/1", "not a url", srv.URL + "/../x"} {
		_, err := c.Reports.Download(ctx, link)
		assert.ErrorIs(t, err, ovation.ErrValidation, link)
	}

	// 422 on a report that does not exist.
	_, err = c.Reports.UploadContent(ctx, "1", &ovation.ReportUploadParams{RequisitionIdentifier: req.Identifier, Content: pdf})
	require.ErrorIs(t, err, ovation.ErrValidation)
	d, _ := ovation.ErrorDetailsOf(err)
	assert.Equal(t, []string{"Report not found"}, d.Messages)
}

func TestWebhookWrongCredentialsAndRetry(t *testing.T) {
	c, srv := start(t)
	ctx := context.Background()
	rc := startReceiver(t, "ovation", "a-long-webhook-password")
	_, err := srv.AddWebhookEndpoint(789, ovationtest.WebhookEndpoint{TargetURL: rc.url, Event: "requisition_signed_accession", Username: "ovation", Password: "wrong-password-xx"})
	require.NoError(t, err)
	_, err = srv.AddWebhookEndpoint(789, ovationtest.WebhookEndpoint{TargetURL: rc.url, Event: "requisition_signed_accession", Username: "ovation", Password: "a-long-webhook-password"})
	require.NoError(t, err)
	rc.fail = 1 // the good endpoint's first delivery fails: sync mode answers 500

	_, err = c.Requisitions.Create(ctx, tid, &ovation.RequisitionCreateParams{Requisition: twoSamples(), MarkAsSigned: ovation.Ptr(true)})
	require.NoError(t, err)
	ds := srv.Deliveries()
	require.Len(t, ds, 2)
	assert.Equal(t, 401, ds[0].Status, "wrong Basic credentials")
	assert.Equal(t, 500, ds[1].Status, "sync handler failure asks Ovation to retry")
	assert.Empty(t, rc.got())

	page, err := c.WebhookEvents.List(ctx, &ovation.WebhookEventListParams{OrganizationID: "123", EventStatus: ovation.EventStatusSendFailed, PerPage: 10})
	require.NoError(t, err)
	assert.Equal(t, "eventStatus=send-failed&perPage=10", last(t, srv, ovationtest.RouteListWebhookEvents).RawQuery)
	require.Len(t, page.WebhookEndpointEvents, 2)
	assert.Len(t, page.WebhookEndpoints, 2)
	_, err = c.WebhookEvents.Retry(ctx, "123", []ovation.ID{page.WebhookEndpointEvents[1].ID})
	require.NoError(t, err)
	assert.JSONEq(t, `{"webhookEndpointEventIds":[`+string(page.WebhookEndpointEvents[1].ID)+`]}`, string(last(t, srv, ovationtest.RouteRetryWebhookEvents).Body))
	require.Len(t, rc.got(), 1)
	assert.Equal(t, ovation.EventTypeRequisitionSignedAccession, rc.got()[0].Type)

	// The same body again (Ovation's own retry of a delivery it counted as failed) is a duplicate.
	_, err = c.WebhookEvents.Retry(ctx, "123", []ovation.ID{page.WebhookEndpointEvents[1].ID})
	require.NoError(t, err)
	assert.Len(t, rc.got(), 1, "deduplicated")

	n := 0
	for e, err := range c.WebhookEvents.All(ctx, &ovation.WebhookEventListParams{OrganizationID: "123", PerPage: 1}) {
		require.NoError(t, err)
		assert.NotEmpty(t, e.ID)
		n++
	}
	assert.Equal(t, 2, n)
	_, err = c.WebhookEvents.Retry(ctx, "123", []ovation.ID{"424242"})
	assert.ErrorIs(t, err, ovation.ErrValidation)
}

func TestWebhookVerifierConfig(t *testing.T) {
	_, err := ovation.NewWebhookVerifier(nil)
	assert.ErrorIs(t, err, ovation.ErrValidation)
	_, err = ovation.NewWebhookVerifier([]webhook.BasicCredentials{{Username: "u"}})
	assert.ErrorIs(t, err, ovation.ErrValidation)
	v, err := ovation.NewWebhookVerifier([]webhook.BasicCredentials{{Username: "u", Password: "p-long-enough-password"}})
	require.NoError(t, err)
	_, err = ovation.NewWebhookHandler(v, nil)
	assert.ErrorIs(t, err, ovation.ErrValidation)
	_, err = ovation.NewWebhookHandler(nil, func(context.Context, *ovation.Event) error { return nil })
	assert.ErrorIs(t, err, ovation.ErrValidation)
}

// The default mode answers Ovation at once and processes on a worker.
func TestWebhookAsyncDefault(t *testing.T) {
	c, srv := start(t)
	ctx := context.Background()
	v, err := ovation.NewWebhookVerifier([]webhook.BasicCredentials{{Username: "ovation", Password: "a-long-webhook-password"}})
	require.NoError(t, err)
	got := make(chan *ovation.Event, 1)
	release := make(chan struct{})
	h, err := ovation.NewWebhookHandler(v, func(_ context.Context, e *ovation.Event) error {
		<-release // still processing when Ovation already has its answer
		got <- e
		return nil
	})
	require.NoError(t, err)
	ts := httptest.NewServer(h)
	defer ts.Close()
	_, err = srv.AddWebhookEndpoint(789, ovationtest.WebhookEndpoint{TargetURL: ts.URL, Event: "requisition_signed_accession", Username: "ovation", Password: "a-long-webhook-password"})
	require.NoError(t, err)
	_, err = c.Requisitions.Create(ctx, tid, &ovation.RequisitionCreateParams{Requisition: twoSamples(), MarkAsSigned: ovation.Ptr(true)})
	require.NoError(t, err)
	require.Len(t, srv.Deliveries(), 1)
	assert.Equal(t, 200, srv.Deliveries()[0].Status, "answered before processing")
	close(release)
	e := <-got
	assert.Equal(t, ovation.EventTypeRequisitionSignedAccession, e.Type)
	require.NoError(t, h.Shutdown(ctx))
}

// The inbox mode stores the delivery before answering; a worker processes it.
func TestWebhookInboxMode(t *testing.T) {
	c, srv := start(t)
	ctx := context.Background()
	ib, err := dispatch.NewMemoryInbox(time.Hour)
	require.NoError(t, err)
	v, err := ovation.NewWebhookVerifier([]webhook.BasicCredentials{{Username: "ovation", Password: "a-long-webhook-password"}})
	require.NoError(t, err)
	got := make(chan *ovation.Event, 1)
	h, err := ovation.NewWebhookHandler(v, func(_ context.Context, e *ovation.Event) error { got <- e; return nil }, dispatch.WithInbox(ib))
	require.NoError(t, err)
	ts := httptest.NewServer(h)
	defer ts.Close()
	_, err = srv.AddWebhookEndpoint(789, ovationtest.WebhookEndpoint{TargetURL: ts.URL, Event: "requisition_signed_accession", Username: "ovation", Password: "a-long-webhook-password"})
	require.NoError(t, err)
	_, err = c.Requisitions.Create(ctx, tid, &ovation.RequisitionCreateParams{Requisition: twoSamples(), MarkAsSigned: ovation.Ptr(true)})
	require.NoError(t, err)
	e := <-got
	assert.Equal(t, ovation.EventTypeRequisitionSignedAccession, e.Type)
	require.NoError(t, h.WaitIdle(ctx))
	recs, err := ib.Records(ctx, "ovation")
	require.NoError(t, err)
	assert.Len(t, recs, 1, "stored under the ovation source")
	require.NoError(t, h.Shutdown(ctx))
}
