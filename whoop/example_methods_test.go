package whoop_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/labwire/labwire/whoop"
	"github.com/labwire/labwire/whoop/whooptest"
)

// newFakeClient returns a client of the fake from fakeWHOOP.
func newFakeClient(srv *whooptest.Server) *whoop.Client {
	client, err := whoop.NewClient(whoop.WithBaseURL(srv.URL), whoop.WithClientCredentials("lab-client", "lab-secret"))
	if err != nil {
		log.Fatal(err)
	}
	return client
}

// NewClient validates every option and names the one that is wrong; credentials are
// required and given once.
func ExampleNewClient() {
	client, err := whoop.NewClient(
		whoop.WithClientCredentials("lab-client", "lab-secret"),
		whoop.WithMaxRetries(3),
		whoop.WithAppInfo("lab-portal", "1.4.0"),
	)
	fmt.Println(client != nil, err)

	_, err = whoop.NewClient()
	fmt.Println(err)

	_, err = whoop.NewClient(whoop.WithClientCredentials("lab-client", "lab-secret"), whoop.WithBearerToken("t0k3n"))
	fmt.Println(err)

	_, err = whoop.NewClient(whoop.WithBearerToken("t0k3n"), whoop.WithBaseURL("http://api.example.com/developer"))
	var ve *whoop.ValidationError
	fmt.Println(errors.As(err, &ve), ve.Field, errors.Is(err, whoop.ErrValidation))
	// Output:
	// true <nil>
	// whoop: invalid credentials: required: use WithClientCredentials, WithBearerToken or WithTokenSource
	// whoop: invalid WithBearerToken: conflicts with WithClientCredentials: use only one of WithClientCredentials and WithBearerToken
	// true WithBaseURL true
}

func ExampleRequisitionsService_Get() {
	srv, requisitionID := fakeWHOOP()
	defer srv.Close()
	client := newFakeClient(srv)

	req, err := client.Requisitions.Get(context.Background(), requisitionID)
	if err != nil {
		log.Fatal(err)
	}
	for _, sr := range req.ServiceRequests {
		fmt.Println(sr.Code, sr.Status)
	}
	// Output:
	// LIPID_PANEL active
	// CBC active
}

// UpdateStatus sets the status of every service request of a requisition at once.
func ExampleRequisitionsService_UpdateStatus() {
	srv, requisitionID := fakeWHOOP()
	defer srv.Close()
	client := newFakeClient(srv)

	err := client.Requisitions.UpdateStatus(context.Background(), requisitionID, &whoop.RequisitionUpdateStatusParams{
		TaskBusinessStatus: whoop.TaskBusinessStatusOrderConfirmed,
	})
	if err != nil {
		log.Fatal(err)
	}
	req, _ := srv.Requisition(requisitionID)
	for _, sr := range req.ServiceRequests {
		fmt.Println(sr.Code, sr.TaskBusinessStatus)
	}
	// Output:
	// LIPID_PANEL ORDER_CONFIRMED
	// CBC ORDER_CONFIRMED
}

func ExampleServiceRequestsService_Get() {
	srv, requisitionID := fakeWHOOP()
	defer srv.Close()
	client := newFakeClient(srv)
	req, _ := srv.Requisition(requisitionID)

	sr, err := client.ServiceRequests.Get(context.Background(), req.ServiceRequests[1].ID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(sr.Code, sr.Status, sr.TaskBusinessStatus == "")
	// Output:
	// CBC active true
}

// CheckTransition reads the service request first and refuses a move the documented
// workflow does not allow, before sending it.
func ExampleServiceRequestsService_UpdateStatus() {
	srv, requisitionID := fakeWHOOP()
	defer srv.Close()
	client := newFakeClient(srv)
	req, _ := srv.Requisition(requisitionID)
	id := req.ServiceRequests[0].ID
	ctx := context.Background()

	sr, err := client.ServiceRequests.UpdateStatus(ctx, id, &whoop.ServiceRequestUpdateStatusParams{
		TaskBusinessStatus: whoop.TaskBusinessStatusOrderConfirmed,
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(sr.TaskBusinessStatus)

	_, err = client.ServiceRequests.UpdateStatus(ctx, id, &whoop.ServiceRequestUpdateStatusParams{
		TaskBusinessStatus: whoop.TaskBusinessStatusFullResultsReady,
		CheckTransition:    true,
	})
	fmt.Println(errors.Is(err, whoop.ErrInvalidTransition))
	// Output:
	// ORDER_CONFIRMED
	// true
}

// Lab values are decimals that keep their digits: 5.20 reaches WHOOP as 5.20.
func ExampleServiceRequestsService_SubmitResults() {
	srv, requisitionID := fakeWHOOP()
	defer srv.Close()
	client := newFakeClient(srv)
	req, _ := srv.Requisition(requisitionID)
	id := req.ServiceRequests[0].ID

	err := client.ServiceRequests.SubmitResults(context.Background(), id, &whoop.ServiceRequestSubmitResultsParams{
		Status: whoop.DiagnosticReportStatusFinal,
		Observations: []whoop.Observation{
			{Code: "HBA1C", ValueNumeric: whoop.MustParseDecimal("5.20"), Unit: "%"},
			{Code: "BLOOD_TYPE", ValueText: whoop.Ptr("A+")},
		},
	})
	if err != nil {
		log.Fatal(err)
	}
	for _, o := range srv.Results(id)[0].Observations {
		fmt.Println(o.Code, o.ValueNumeric, o.ValueText, o.Unit)
	}
	// Output:
	// HBA1C 5.20  %
	// BLOOD_TYPE  A+
}

// AddTestData asks a non-production deployment for a test requisition; WHOOP then sends
// lab_requisition.created to your webhook URL.
func ExampleDevelopmentService_AddTestData() {
	srv, _ := fakeWHOOP()
	defer srv.Close()
	client := newFakeClient(srv)

	if err := client.Development.AddTestData(context.Background()); err != nil {
		log.Fatal(err)
	}
	fmt.Println("requisitions:", len(srv.RequisitionIDs("lab-client")))

	prod, err := whooptest.NewServer(whooptest.WithProduction(),
		whooptest.WithPartner(whooptest.Partner{ClientID: "lab-client", ClientSecret: "lab-secret", WebhookSecret: "s"}))
	if err != nil {
		log.Fatal(err)
	}
	defer prod.Close()
	err = newFakeClient(prod).Development.AddTestData(context.Background())
	fmt.Println("in production:", errors.Is(err, whoop.ErrNotFound))
	// Output:
	// requisitions: 2
	// in production: true
}

// Do reaches a route this package does not wrap, through the same credentials, retries and
// logging. The route is a template; Params fill it, escaped.
func ExampleClient_Do() {
	srv, requisitionID := fakeWHOOP()
	defer srv.Close()
	client := newFakeClient(srv)

	var out struct {
		ID              string `json:"id"`
		ServiceRequests []struct {
			Code string `json:"code"`
		} `json:"service_requests"`
	}
	resp, err := client.Do(context.Background(), &whoop.RawRequest{
		Method: http.MethodGet,
		Route:  "/v2/partner/requisition/{id}",
		Params: []string{requisitionID},
	}, &out)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(resp.StatusCode, out.ID == requisitionID, len(out.ServiceRequests))

	_, err = client.Do(context.Background(), &whoop.RawRequest{Method: "GET", Route: "/v2/partner/requisition/{id}",
		Params: []string{"e72719d6-0dbb-4eb3-9ccc-781b563fc3d3"}}, nil)
	var apiErr *whoop.APIError
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.StatusCode, apiErr.Message)
	}
	// Output:
	// 200 true 2
	// 404 not found
}

// ParseEvent decodes a body the verifier accepted; NewWebhookHandler does both.
func ExampleParseEvent() {
	e, err := whoop.ParseEvent([]byte(`{"event_type":"lab_requisition.created","resource_id":"00000000-0000-4000-8000-000000000001"}`))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(e.Type, e.Type.IsKnown(), e.ResourceID)

	_, err = whoop.ParseEvent([]byte(`{"event_type":"lab_requisition.created"}`))
	fmt.Println(errors.Is(err, whoop.ErrInvalidEvent))
	// Output:
	// lab_requisition.created true 00000000-0000-4000-8000-000000000001
	// true
}

// A verifier checks the WHOOP-Signed header against your signing secrets (two during a
// rotation); an empty secret, what an unset environment variable gives, is refused.
func ExampleNewWebhookVerifier() {
	v, err := whoop.NewWebhookVerifier([]string{"lab-webhook-secret"})
	fmt.Println(v != nil, err)

	_, err = whoop.NewWebhookVerifier([]string{"lab-webhook-secret", ""})
	var ve *whoop.ValidationError
	fmt.Println(errors.As(err, &ve), ve.Field)

	// Deliveries from the fake are signed as WHOOP signs them.
	srv, requisitionID := fakeWHOOP()
	defer srv.Close()
	var got string
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r.Header.Get(whoop.SignatureHeader)
		w.WriteHeader(http.StatusNoContent)
	}))
	defer receiver.Close()
	_, err = srv.SendWebhook(context.Background(), "lab-client", receiver.URL, whooptest.Event{
		Type: whooptest.EventLabRequisitionCreated, ResourceID: requisitionID})
	fmt.Println(err, len(got), strings.ToLower(got) == got)
	// Output:
	// true <nil>
	// true NewWebhookVerifier secrets[1]
	// <nil> 64 true
}
