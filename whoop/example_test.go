package whoop_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http/httptest"
	"time"

	"github.com/labwire/labwire/whoop"
	"github.com/labwire/labwire/whoop/whooptest"
)

// fakeWHOOP starts the in-memory WHOOP fake with one partner and one seeded requisition of
// two tests, and returns it with the requisition id.
func fakeWHOOP() (*whooptest.Server, string) {
	srv, err := whooptest.NewServer(
		whooptest.WithSequentialIDs(),
		whooptest.WithPartner(whooptest.Partner{ClientID: "lab-client", ClientSecret: "lab-secret", WebhookSecret: "lab-webhook-secret"}),
	)
	if err != nil {
		log.Fatal(err)
	}
	req, err := srv.AddRequisition("lab-client", whooptest.LabRequisition{
		Patient: []byte(`{"id":"569250ea-0a6b-49ab-804b-13cf486aacc7"}`),
		ServiceRequests: []whooptest.ServiceRequest{
			{Code: "LIPID_PANEL", TaskDescription: "Fasting lipid panel"},
			{Code: "CBC", TaskDescription: "Complete blood count"},
		},
	})
	if err != nil {
		log.Fatal(err)
	}
	return srv, req.ID
}

// The tutorial flow: fetch a requisition, confirm each service request, mark it attended,
// and submit its results.
func Example() {
	srv, requisitionID := fakeWHOOP()
	defer srv.Close()

	client, err := whoop.NewClient(
		whoop.WithBaseURL(srv.URL), // omit to use https://api.prod.whoop.com/developer
		whoop.WithClientCredentials("lab-client", "lab-secret"),
	)
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()

	req, err := client.Requisitions.Get(ctx, requisitionID)
	if err != nil {
		log.Fatal(err)
	}
	for _, sr := range req.ServiceRequests {
		for _, st := range []whoop.TaskBusinessStatus{
			whoop.TaskBusinessStatusOrderConfirmed,
			whoop.TaskBusinessStatusAppointmentAttended,
		} {
			if _, err := client.ServiceRequests.UpdateStatus(ctx, sr.ID, &whoop.ServiceRequestUpdateStatusParams{
				TaskBusinessStatus: st,
				CheckTransition:    true,
			}); err != nil {
				log.Fatal(err)
			}
		}
		fmt.Println(sr.Code, "attended")
	}

	lipid := req.ServiceRequests[0].ID
	err = client.ServiceRequests.SubmitResults(ctx, lipid, &whoop.ServiceRequestSubmitResultsParams{
		Status: whoop.DiagnosticReportStatusFinal,
		Observations: []whoop.Observation{
			{Code: "TOTAL_CHOLESTEROL", ValueNumeric: whoop.MustParseDecimal("185"), Unit: "mg/dL", Status: whoop.ObservationStatusFinal},
			{Code: "HDL", ValueNumeric: whoop.MustParseDecimal("52"), Unit: "mg/dL", Status: whoop.ObservationStatusFinal},
		},
	})
	if err != nil {
		log.Fatal(err)
	}
	sr, err := client.ServiceRequests.UpdateStatus(ctx, lipid, &whoop.ServiceRequestUpdateStatusParams{
		TaskBusinessStatus: whoop.TaskBusinessStatusFullResultsReady,
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(sr.Code, sr.TaskBusinessStatus, sr.Status)
	fmt.Println("reports stored by the fake:", len(srv.Results(lipid)))
	// Output:
	// LIPID_PANEL attended
	// CBC attended
	// LIPID_PANEL FULL_RESULTS_READY completed
	// reports stored by the fake: 1
}

// Errors match categories with errors.Is and carry details for errors.As; bad arguments
// are refused before anything is sent.
func Example_errors() {
	srv, _ := fakeWHOOP()
	defer srv.Close()
	client, err := whoop.NewClient(whoop.WithBaseURL(srv.URL), whoop.WithClientCredentials("lab-client", "lab-secret"))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()

	_, err = client.Requisitions.Get(ctx, "e72719d6-0dbb-4eb3-9ccc-781b563fc3d3")
	var apiErr *whoop.APIError
	if errors.Is(err, whoop.ErrNotFound) && errors.As(err, &apiErr) {
		fmt.Println("not found:", apiErr.StatusCode, apiErr.Route)
	}

	err = client.ServiceRequests.SubmitResults(ctx, "3fa85f64-5717-4562-b3fc-2c963f66afa6", &whoop.ServiceRequestSubmitResultsParams{
		Status:       whoop.DiagnosticReportStatusFinal,
		Observations: []whoop.Observation{{Code: "HDL", Unit: "mg/dL"}},
	})
	var ve *whoop.ValidationError
	if errors.Is(err, whoop.ErrValidation) && errors.As(err, &ve) {
		fmt.Println("refused before sending:", ve.Field)
	}
	// Output:
	// not found: 404 /v2/partner/requisition/{id}
	// refused before sending: Observations[0].ValueNumeric
}

// The fake can script failures so your code's retry handling is tested offline. A read is
// retried after a 503; a write that WHOOP may have processed is not, and says so.
func Example_retries() {
	srv, requisitionID := fakeWHOOP()
	defer srv.Close()
	client, err := whoop.NewClient(
		whoop.WithBaseURL(srv.URL),
		whoop.WithClientCredentials("lab-client", "lab-secret"),
		whoop.WithRetryWait(time.Millisecond, 10*time.Millisecond),
	)
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()

	srv.Script(whooptest.Fault{Route: whooptest.RouteGetRequisition, Status: 503})
	req, err := client.Requisitions.Get(ctx, requisitionID)
	fmt.Println("read after a 503:", err == nil, len(req.ServiceRequests), "service requests")

	srv.Script(whooptest.Fault{Route: whooptest.RouteSubmitResults, Status: 500})
	err = client.ServiceRequests.SubmitResults(ctx, req.ServiceRequests[0].ID, &whoop.ServiceRequestSubmitResultsParams{
		Status:       whoop.DiagnosticReportStatusPartial,
		Observations: []whoop.Observation{{Code: "HDL", ValueNumeric: whoop.MustParseDecimal("52"), Unit: "mg/dL"}},
	})
	fmt.Println("write after a 500 is outcome-unknown:", errors.Is(err, whoop.ErrOutcomeUnknown))
	fmt.Println("submissions that reached the fake:", len(srv.RequestsMatching(whooptest.RouteSubmitResults)))
	// Output:
	// read after a 503: true 2 service requests
	// write after a 500 is outcome-unknown: true
	// submissions that reached the fake: 1
}

// Receiving WHOOP webhooks: verify the WHOOP-Signed header, answer 204 at once, process on
// a worker.
func ExampleNewWebhookHandler() {
	srv, requisitionID := fakeWHOOP()
	defer srv.Close()

	verifier, err := whoop.NewWebhookVerifier([]string{"lab-webhook-secret"})
	if err != nil {
		log.Fatal(err)
	}
	events := make(chan *whoop.Event, 1)
	handler, err := whoop.NewWebhookHandler(verifier, func(ctx context.Context, e *whoop.Event) error {
		events <- e // fetch e.ResourceID with Requisitions.Get here
		return nil
	})
	if err != nil {
		log.Fatal(err)
	}
	receiver := httptest.NewServer(handler)
	defer receiver.Close()
	defer handler.Shutdown(context.Background())

	status, err := srv.SendWebhook(context.Background(), "lab-client", receiver.URL, whooptest.Event{
		Type: whooptest.EventLabRequisitionCreated, ResourceID: requisitionID,
	})
	if err != nil {
		log.Fatal(err)
	}
	e := <-events
	fmt.Println(status, e.Type, e.ResourceID == requisitionID)
	// Output:
	// 204 lab_requisition.created true
}

func ExampleTaskBusinessStatus_CanTransitionTo() {
	var unconfirmed whoop.TaskBusinessStatus
	fmt.Println(unconfirmed.CanTransitionTo(whoop.TaskBusinessStatusOrderConfirmed))
	fmt.Println(whoop.TaskBusinessStatusOrderConfirmed.CanTransitionTo(whoop.TaskBusinessStatusFullResultsReady))
	fmt.Println(whoop.TaskBusinessStatusAppointmentAttended.CanTransitionTo(whoop.TaskBusinessStatusFullResultsReady))
	fmt.Println(whoop.TaskBusinessStatusOrderIssue.CanTransitionTo(whoop.TaskBusinessStatusOrderConfirmed))
	// Output:
	// true
	// false
	// true
	// false
}
