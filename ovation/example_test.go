package ovation_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http/httptest"
	"time"

	"github.com/labwire/labwire/ovation"
	"github.com/labwire/labwire/ovation/ovationtest"
	"github.com/labwire/labwire/webhook"
	"github.com/labwire/labwire/webhook/dispatch"
)

// fakeOvation starts the fake with a fixed clock and returns a client on it.
func fakeOvation() (*ovationtest.Server, *ovation.Client) {
	srv, err := ovationtest.NewServer(ovationtest.WithClock(func() time.Time {
		return time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	}))
	if err != nil {
		log.Fatal(err)
	}
	client, err := ovation.NewClient(
		ovation.WithBaseURL(srv.URL), // omit for production, or WithEnvironment(ovation.Sandbox)
		ovation.WithAPIKey(ovationtest.DefaultAPIKey),
	)
	if err != nil {
		log.Fatal(err)
	}
	return srv, client
}

// Create a requisition with two samples, read it back, and list the template's signed
// requisitions.
func Example() {
	srv, client := fakeOvation()
	defer srv.Close()
	ctx := context.Background()

	req, err := client.Requisitions.Create(ctx, "789", &ovation.RequisitionCreateParams{
		Requisition: &ovation.Requisition{
			RequestedTests: []ovation.RequestedTest{{PanelCode: "COVID"}},
			Patient:        &ovation.Patient{LastName: "Doe", DateOfBirth: ovation.Date{Year: 1980, Month: 4, Day: 8}},
			Physician:      &ovation.Physician{NPI: "1234567893"},
			Samples: []ovation.Sample{
				{Identifier: "S-1", Group: "Swab", Label: "NP Swab"},
				{Identifier: "S-2", Group: "Blood", Label: "Serum"},
			},
		},
		MarkAsSigned: ovation.Ptr(true),
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(req.Identifier, req.AccessionStatus, len(req.Samples), "samples")

	for r, err := range client.Requisitions.All(ctx, "789", &ovation.RequisitionListParams{
		AccessionStatus: []ovation.AccessionStatus{ovation.AccessionStatusSigned},
	}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println("listed", r.Identifier, r.CreatedAt.Format(time.DateOnly))
	}
	// Output:
	// REQ-26355 signed 2 samples
	// listed REQ-26355 2026-12-01
}

// The schema lists a template's options and the fields required to complete a requisition.
func ExampleRequisitionsService_Schema() {
	srv, client := fakeOvation()
	defer srv.Close()
	s, err := client.Requisitions.Schema(context.Background(), "789")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(s.Options("requestedTests.panelCode"))
	fmt.Println(s.Options("samples.label"))
	fmt.Println(s.RequiredFields())
	// Output:
	// [COVID FLU]
	// [NP Swab Serum]
	// [patient.dateOfBirth patient.lastName physician.npi]
}

// A 422 carries Ovation's messages per field; Error() never does.
func ExampleErrorDetailsOf() {
	srv, client := fakeOvation()
	defer srv.Close()
	_, err := client.Requisitions.Create(context.Background(), "789", &ovation.RequisitionCreateParams{
		Requisition: &ovation.Requisition{
			RequestedTests: []ovation.RequestedTest{{PanelCode: "LIPID"}},
			Samples:        []ovation.Sample{{Identifier: "S-1", Label: "NP Swab"}},
		},
	})
	fmt.Println(errors.Is(err, ovation.ErrValidation))
	fmt.Println(err)
	if d, ok := ovation.ErrorDetailsOf(err); ok {
		fmt.Println(d.All())
	}
	// Output:
	// true
	// ovation: POST /project_templates/{projectTemplateId}/requisitions: 422 unprocessable entity
	// [requestedTests[0].panelCode: is not a test panel of this template]
}

// Arguments are checked before anything is sent.
func ExampleRequisitionsService_List_perPage() {
	srv, client := fakeOvation()
	defer srv.Close()
	_, err := client.Requisitions.List(context.Background(), "789", &ovation.RequisitionListParams{PerPage: 10000})
	fmt.Println(err)
	fmt.Println(len(srv.Requests()), "requests sent")
	// Output:
	// ovation: invalid PerPage: must be at most 5000
	// 0 requests sent
}

// Receive report_signed: Ovation sends HTTP Basic credentials and waits 10 s for a 2xx;
// in sync mode the handler runs before the answer, and a failure makes Ovation retry.
func ExampleNewWebhookHandler() {
	srv, client := fakeOvation()
	defer srv.Close()
	ctx := context.Background()

	v, err := ovation.NewWebhookVerifier([]webhook.BasicCredentials{{Username: "ovation", Password: "webhook-password-1234"}})
	if err != nil {
		log.Fatal(err)
	}
	signed := make(chan *ovation.Event, 1)
	ready := make(chan *ovation.Event, 1)
	h, err := ovation.NewWebhookHandler(v, func(_ context.Context, e *ovation.Event) error {
		switch e.Type {
		case ovation.EventTypeReportReadyForGeneration:
			ready <- e
		case ovation.EventTypeReportSigned:
			signed <- e
		default: // event types are open: keep a default
		}
		return nil
	}, dispatch.WithSync())
	if err != nil {
		log.Fatal(err)
	}
	receiver := httptest.NewServer(h)
	defer receiver.Close()
	for _, ev := range []ovation.EventType{ovation.EventTypeReportReadyForGeneration, ovation.EventTypeReportSigned} {
		if _, err := client.WebhookEndpoints.Create(ctx, "789", &ovation.WebhookEndpointParams{
			TargetURL: receiver.URL, Username: "ovation", Password: "webhook-password-1234", Event: ev,
		}); err != nil {
			log.Fatal(err)
		}
	}

	req, err := client.Requisitions.Create(ctx, "789", &ovation.RequisitionCreateParams{Requisition: &ovation.Requisition{
		RequestedTests: []ovation.RequestedTest{{PanelCode: "COVID"}},
		Physician:      &ovation.Physician{NPI: "1234567893"},
		Samples:        []ovation.Sample{{Identifier: "S-1", Label: "NP Swab"}},
	}})
	if err != nil {
		log.Fatal(err)
	}
	if _, err := srv.ReadyReport(789, req.Identifier); err != nil { // Ovation made the report
		log.Fatal(err)
	}
	e := <-ready
	if _, err := client.Reports.UploadContent(ctx, e.ReportID, &ovation.ReportUploadParams{
		RequisitionIdentifier: e.RequisitionIdentifier, Content: []byte("%PDF-1.7 ..."),
	}); err != nil {
		log.Fatal(err)
	}
	s := <-signed
	fmt.Println(s.Type, s.RequisitionIdentifier, s.ProviderNPI)
	_ = h.Shutdown(ctx)
	// Output:
	// report_signed REQ-26357 1234567893
}

// ParseEvent decodes any payload strictly; ids come as numbers or strings.
func ExampleParseEvent() {
	e, err := ovation.ParseEvent([]byte(`{"eventType":"report_ready_for_generation","reportId":4401,"projectTemplateId":"789","requisitionIdentifier":"COVID-107"}`))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(e.Type, e.ReportID, e.ProjectTemplateID, e.RequisitionIdentifier)
	fmt.Println(e) // events hold patient data: they print their ids only
	// Output:
	// report_ready_for_generation 4401 789 COVID-107
	// ovation.Event{type:report_ready_for_generation, requisition:COVID-107, report:4401, PHI redacted}
}
