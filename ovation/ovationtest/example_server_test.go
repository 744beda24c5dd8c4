package ovationtest_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/labwire/labwire/ovation"
	"github.com/labwire/labwire/ovation/ovationtest"
)

// startFake starts a fake (template 789 of organization 123) with a fixed clock and returns
// it with a client on it. The caller closes the fake.
func startFake(opts ...ovationtest.Option) (*ovationtest.Server, *ovation.Client) {
	opts = append([]ovationtest.Option{ovationtest.WithClock(func() time.Time {
		return time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	})}, opts...)
	srv, err := ovationtest.NewServer(opts...)
	if err != nil {
		log.Fatal(err)
	}
	client, err := ovation.NewClient(
		ovation.WithBaseURL(srv.URL),
		ovation.WithAPIKey(ovationtest.DefaultAPIKey),
		ovation.WithRetryWait(time.Millisecond, 10*time.Millisecond),
	)
	if err != nil {
		log.Fatal(err)
	}
	return srv, client
}

// newRequisition creates a requisition of two samples in template 789 and returns its
// identifier.
func newRequisition(client *ovation.Client) string {
	req, err := client.Requisitions.Create(context.Background(), "789", &ovation.RequisitionCreateParams{
		Requisition: &ovation.Requisition{
			RequestedTests: []ovation.RequestedTest{{PanelCode: "COVID"}},
			Physician:      &ovation.Physician{NPI: "1234567893"},
			Samples: []ovation.Sample{
				{Identifier: "S-1", Group: "Swab", Label: "NP Swab"},
				{Identifier: "S-2", Group: "Blood", Label: "Serum"},
			},
		},
	})
	if err != nil {
		log.Fatal(err)
	}
	return req.Identifier
}

// newReceiver starts a webhook receiver that answers 204.
func newReceiver() *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) }))
}

// WithTemplate replaces the default template: your own ids, options and required fields.
func ExampleNewServer() {
	srv, client := startFake(ovationtest.WithTemplate(ovationtest.Template{
		ID: 555, OrganizationID: 77, Name: "Lipid panel", PanelCodes: []string{"LIPID"},
		SampleLabels: []string{"Serum"}, IdentifierPrefix: "LIP-", AutogenerateIdentifiers: true,
	}), ovationtest.WithAPIKey("lab-api-key"))
	defer srv.Close()
	_, err := client.ProjectTemplates.List(context.Background(), "77")
	fmt.Println(errors.Is(err, ovation.ErrUnauthorized), "(the client has the default key)")

	_, err = ovationtest.NewServer(ovationtest.WithTemplate(ovationtest.Template{ID: 555}))
	fmt.Println(err)
	// Output:
	// true (the client has the default key)
	// ovationtest: WithTemplate: ID and OrganizationID must be positive
}

// BaseURL is the fake's origin plus /api/v3, as production's base URL ends: give it to
// ovation.WithBaseURL.
func ExampleServer_BaseURL() {
	srv, err := ovationtest.NewServer()
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	client, err := ovation.NewClient(ovation.WithBaseURL(srv.URL), ovation.WithAPIKey(ovationtest.DefaultAPIKey))
	if err != nil {
		log.Fatal(err)
	}
	labels, err := client.ProjectTemplates.SampleLabels(context.Background(), "789")
	fmt.Println(strings.HasSuffix(srv.BaseURL(), "/api/v3"), len(labels), err)
	// Output:
	// true 2 <nil>
}

func ExampleServer_Close() {
	srv, client := startFake()
	srv.Close()
	_, err := client.ProjectTemplates.List(context.Background(), "")
	fmt.Println(err != nil)
	// Output:
	// true
}

// AddWebhookEndpoint subscribes a receiver without the API; deliveries carry its HTTP Basic
// credentials.
func ExampleServer_AddWebhookEndpoint() {
	srv, client := startFake()
	defer srv.Close()
	users := make(chan string, 1)
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		user, _, _ := r.BasicAuth()
		users <- user
		w.WriteHeader(http.StatusNoContent)
	}))
	defer receiver.Close()
	id, err := srv.AddWebhookEndpoint(ovationtest.DefaultTemplateID, ovationtest.WebhookEndpoint{
		TargetURL: receiver.URL, Event: "report_ready_for_generation", Username: "ovation", Password: "webhook-password-1234",
	})
	if err != nil {
		log.Fatal(err)
	}
	if _, err := srv.ReadyReport(ovationtest.DefaultTemplateID, newRequisition(client)); err != nil {
		log.Fatal(err)
	}
	fmt.Println(id, <-users)

	_, err = srv.AddWebhookEndpoint(1, ovationtest.WebhookEndpoint{TargetURL: receiver.URL, Event: "report_signed", Username: "u", Password: "p"})
	fmt.Println(err)
	// Output:
	// 26355 ovation
	// ovationtest: AddWebhookEndpoint: unknown template
}

// Deliveries records each attempt and the receiver's answer; a failed one is left for the
// retry route.
func ExampleServer_Deliveries() {
	srv, client := startFake()
	defer srv.Close()
	receiver := newReceiver()
	defer receiver.Close()
	for _, ev := range []string{"report_ready_for_generation", "report_signed"} {
		if _, err := srv.AddWebhookEndpoint(ovationtest.DefaultTemplateID, ovationtest.WebhookEndpoint{
			TargetURL: receiver.URL, Event: ev, Username: "ovation", Password: "webhook-password-1234"}); err != nil {
			log.Fatal(err)
		}
	}
	identifier := newRequisition(client)
	reportID, err := srv.ReadyReport(ovationtest.DefaultTemplateID, identifier)
	if err != nil {
		log.Fatal(err)
	}
	if _, err := client.Reports.UploadContent(context.Background(), ovation.IDFromInt(reportID), &ovation.ReportUploadParams{
		RequisitionIdentifier: identifier, Content: []byte("%PDF-1.7 synthetic report")}); err != nil {
		log.Fatal(err)
	}
	for _, d := range srv.Deliveries() {
		fmt.Println(d.EventID, d.EventType, d.Status)
	}
	// Output:
	// 26359 report_ready_for_generation 204
	// 26360 report_signed 204
}

// ReadyReport is Ovation making a report once a workflow finished: it answers the report id
// and sends report_ready_for_generation.
func ExampleServer_ReadyReport() {
	srv, client := startFake()
	defer srv.Close()
	identifier := newRequisition(client)
	reportID, err := srv.ReadyReport(ovationtest.DefaultTemplateID, identifier)
	if err != nil {
		log.Fatal(err)
	}
	req, err := client.Requisitions.Get(context.Background(), "789", identifier)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(reportID, req.ReportingStatus)

	_, err = srv.ReadyReport(ovationtest.DefaultTemplateID, "REQ-0")
	fmt.Println(err)
	// Output:
	// 26356 sent-for-generation
	// ovationtest: ReadyReport: no such requisition
}

// ReportContent is the PDF a client put to a report, for assertions.
func ExampleServer_ReportContent() {
	srv, client := startFake()
	defer srv.Close()
	identifier := newRequisition(client)
	reportID, err := srv.ReadyReport(ovationtest.DefaultTemplateID, identifier)
	if err != nil {
		log.Fatal(err)
	}
	_, ok := srv.ReportContent(reportID)
	fmt.Println(ok)
	if _, err := client.Reports.UploadContent(context.Background(), ovation.IDFromInt(reportID), &ovation.ReportUploadParams{
		RequisitionIdentifier: identifier, Content: []byte("%PDF-1.7 synthetic report")}); err != nil {
		log.Fatal(err)
	}
	pdf, ok := srv.ReportContent(reportID)
	fmt.Println(ok, string(pdf[:8]))
	// Output:
	// false
	// true %PDF-1.7
}

// RunWorkflow is the lab finishing a workflow over a requisition's samples: one result per
// sample, and test_result_ready sent.
func ExampleServer_RunWorkflow() {
	srv, client := startFake()
	defer srv.Close()
	ctx := context.Background()
	id, err := srv.RunWorkflow(ovationtest.DefaultTemplateID, newRequisition(client), 42, "COVID PCR", []ovationtest.TestResult{
		{TargetName: "N1", PanelCode: "COVID", Result: "Not detected"},
	})
	if err != nil {
		log.Fatal(err)
	}
	wf, err := client.Workflows.Get(ctx, ovation.IDFromInt(id))
	if err != nil {
		log.Fatal(err)
	}
	res, err := client.WorkflowSampleResults.Get(ctx, wf.Samples[1].WorkflowSampleResultIDs[0])
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(wf.Name, len(wf.Samples), res.TestResults[0].TargetName, res.TestResults[0].Result)
	// Output:
	// COVID PCR 2 N1 Not detected
}

// A test asserts PendingFaults is empty to know every scripted fault was exercised.
func ExampleServer_PendingFaults() {
	srv, client := startFake()
	defer srv.Close()
	srv.Script(
		ovationtest.Fault{Route: ovationtest.RouteListTemplates, Status: http.StatusTooManyRequests, RetryAfter: "0"},
		ovationtest.Fault{Route: ovationtest.RouteCreateRequisition, Status: http.StatusBadGateway},
	)
	if _, err := client.ProjectTemplates.List(context.Background(), ""); err != nil {
		log.Fatal(err)
	}
	for _, f := range srv.PendingFaults() {
		fmt.Println(f.Route, f.Status)
	}
	// Output:
	// POST /project_templates/{tid}/requisitions 502
}

// Requests holds every request, the faulted ones too. They hold the API key and what was
// sent: assert on them, never log them.
func ExampleServer_Requests() {
	srv, client := startFake()
	defer srv.Close()
	srv.Script(ovationtest.Fault{Route: ovationtest.RouteCreateRequisition, Status: http.StatusInternalServerError})
	_, err := client.Requisitions.Create(context.Background(), "789", &ovation.RequisitionCreateParams{Requisition: &ovation.Requisition{
		RequestedTests: []ovation.RequestedTest{{PanelCode: "FLU"}},
		Samples:        []ovation.Sample{{Identifier: "S-1", Label: "NP Swab"}},
	}})
	fmt.Println(errors.Is(err, ovation.ErrOutcomeUnknown)) // a create is never retried blindly
	for _, r := range srv.Requests() {
		fmt.Println(r.Method, r.Path, r.Fault != nil, r.Handled)
	}
	// Output:
	// true
	// POST /api/v3/project_templates/789/requisitions true false
}

// RequestsMatching takes a route pattern: what one route received.
func ExampleServer_RequestsMatching() {
	srv, client := startFake()
	defer srv.Close()
	_, err := client.Requisitions.List(context.Background(), "789", &ovation.RequisitionListParams{
		AccessionStatus: []ovation.AccessionStatus{ovation.AccessionStatusComplete, ovation.AccessionStatusSigned},
		PerPage:         100,
	})
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range srv.RequestsMatching(ovationtest.RouteListRequisitions) {
		fmt.Println(r.Method, r.RawQuery)
	}
	// Output:
	// GET accessionStatus=complete%2Csigned&perPage=100
}

// Client is an HTTP client for the fake; a request without the API key is answered 401.
func ExampleServer_Client() {
	srv, err := ovationtest.NewServer()
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	resp, err := srv.Client().Get(srv.URL + "/project_templates/789/requisitions/R-1")
	if err != nil {
		log.Fatal(err)
	}
	resp.Body.Close()
	fmt.Println(resp.StatusCode, "without an API key")
	// Output:
	// 401 without an API key
}
