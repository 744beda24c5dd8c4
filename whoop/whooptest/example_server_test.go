package whooptest_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"

	"github.com/labwire/labwire/whoop"
	"github.com/labwire/labwire/whoop/whooptest"
)

// startFake starts a fake with sequential ids and a fixed clock, seeds one requisition of
// two service requests for the default partner, and returns the fake, a whoop client of it
// and the requisition. The caller closes the fake.
func startFake() (*whooptest.Server, *whoop.Client, whooptest.LabRequisition) {
	srv, err := whooptest.NewServer(whooptest.WithSequentialIDs(), whooptest.WithClock(fixedClock))
	if err != nil {
		log.Fatal(err)
	}
	req, err := srv.AddRequisition(whooptest.DefaultClientID, whooptest.LabRequisition{
		ServiceRequests: []whooptest.ServiceRequest{{Code: "LIPID_PANEL"}, {Code: "CBC"}},
	})
	if err != nil {
		log.Fatal(err)
	}
	client, err := whoop.NewClient(
		whoop.WithBaseURL(srv.URL),
		whoop.WithClientCredentials(whooptest.DefaultClientID, whooptest.DefaultClientSecret),
	)
	if err != nil {
		log.Fatal(err)
	}
	return srv, client, req
}

// newReceiver starts a webhook receiver that hands each delivery to got and answers 204.
func newReceiver(got func(*http.Request)) *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got(r)
		w.WriteHeader(http.StatusNoContent)
	}))
}

// NewServer checks its options; without WithPartner the fake accepts one default partner.
func ExampleNewServer() {
	srv, err := whooptest.NewServer(
		whooptest.WithPartner(whooptest.Partner{ClientID: "lab-client", ClientSecret: "lab-secret", WebhookSecret: "lab-webhook-secret"}),
		whooptest.WithSequentialIDs(),
		whooptest.WithClock(fixedClock),
	)
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	_, err = srv.IssueToken("lab-client")
	fmt.Println(err)

	_, err = whooptest.NewServer(whooptest.WithTokenTTL(0))
	fmt.Println(err != nil)
	// Output:
	// <nil>
	// true
}

// AddRequisition seeds what WHOOP would have created; empty fields are filled in.
func ExampleServer_AddRequisition() {
	srv, err := whooptest.NewServer(whooptest.WithSequentialIDs(), whooptest.WithClock(fixedClock))
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	req, err := srv.AddRequisition(whooptest.DefaultClientID, whooptest.LabRequisition{
		ServiceRequests: []whooptest.ServiceRequest{
			{Code: "LIPID_PANEL"},
			{Code: "CBC", TaskBusinessStatus: whooptest.TaskBusinessStatusOrderConfirmed},
		},
	})
	if err != nil {
		log.Fatal(err)
	}
	for _, sr := range req.ServiceRequests {
		fmt.Println(sr.Code, sr.Status, sr.Intent, sr.TaskBusinessStatus == "")
	}

	_, err = srv.AddRequisition(whooptest.DefaultClientID, whooptest.LabRequisition{})
	fmt.Println(err != nil)
	// Output:
	// LIPID_PANEL active order true
	// CBC active order false
	// true
}

// Client is an HTTP client for the fake, for tests that speak to it without the whoop
// package.
func ExampleServer_Client() {
	srv, _, _ := startFake()
	defer srv.Close()
	resp, err := srv.Client().Get(srv.URL + "/v2/partner/requisition/00000000-0000-4000-8000-000000000001")
	if err != nil {
		log.Fatal(err)
	}
	resp.Body.Close()
	fmt.Println(resp.StatusCode, "without a token")
	// Output:
	// 401 without a token
}

func ExampleServer_Close() {
	srv, client, req := startFake()
	srv.Close()
	_, err := client.Requisitions.Get(context.Background(), req.ID)
	fmt.Println(err != nil)
	// Output:
	// true
}

// After ExpireTokens the next call is answered 401; the client fetches a new token and
// replays the call once.
func ExampleServer_ExpireTokens() {
	srv, client, req := startFake()
	defer srv.Close()
	ctx := context.Background()
	if _, err := client.Requisitions.Get(ctx, req.ID); err != nil {
		log.Fatal(err)
	}
	srv.ExpireTokens()
	_, err := client.Requisitions.Get(ctx, req.ID)
	fmt.Println(err, srv.TokensIssued(), "tokens issued")
	// Output:
	// <nil> 2 tokens issued
}

// IssueToken gives a token for a client built with WithBearerToken.
func ExampleServer_IssueToken() {
	srv, _, req := startFake()
	defer srv.Close()
	token, err := srv.IssueToken(whooptest.DefaultClientID)
	if err != nil {
		log.Fatal(err)
	}
	client, err := whoop.NewClient(whoop.WithBaseURL(srv.URL), whoop.WithBearerToken(token))
	if err != nil {
		log.Fatal(err)
	}
	got, err := client.Requisitions.Get(context.Background(), req.ID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(got.ServiceRequests), "service requests")

	_, err = srv.IssueToken("someone-else")
	fmt.Println(err != nil)
	// Output:
	// 2 service requests
	// true
}

// A test asserts PendingFaults is empty to know every scripted fault was exercised.
func ExampleServer_PendingFaults() {
	srv, client, req := startFake()
	defer srv.Close()
	srv.Script(
		whooptest.Fault{Route: whooptest.RouteGetRequisition, Status: http.StatusTooManyRequests, RetryAfter: "0"},
		whooptest.Fault{Route: whooptest.RouteSubmitResults, Status: http.StatusInternalServerError},
	)
	if _, err := client.Requisitions.Get(context.Background(), req.ID); err != nil {
		log.Fatal(err)
	}
	for _, f := range srv.PendingFaults() {
		fmt.Println(f.Route, f.Status)
	}
	// Output:
	// POST /v2/partner/service-request/{id}/results 500
}

// Requests holds every request, the token request and the faulted ones too. They hold
// credentials and patient data: assert on them, never log them.
func ExampleServer_Requests() {
	srv, client, req := startFake()
	defer srv.Close()
	srv.Script(whooptest.Fault{Route: whooptest.RouteGetRequisition, Status: http.StatusServiceUnavailable})
	if _, err := client.Requisitions.Get(context.Background(), req.ID); err != nil {
		log.Fatal(err)
	}
	for _, r := range srv.Requests() {
		fmt.Println(r.Method, r.Fault != nil, r.Handled)
	}
	// Output:
	// POST false true
	// GET true false
	// GET false true
}

// RequestsMatching takes a route pattern: what one route received, with its body.
func ExampleServer_RequestsMatching() {
	srv, client, req := startFake()
	defer srv.Close()
	err := client.Requisitions.UpdateStatus(context.Background(), req.ID, &whoop.RequisitionUpdateStatusParams{
		TaskBusinessStatus: whoop.TaskBusinessStatusOrderConfirmed,
	})
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range srv.RequestsMatching(whooptest.RouteUpdateRequisitionStatus) {
		fmt.Println(r.Method, string(r.Body))
	}
	fmt.Println(len(srv.RequestsMatching(whooptest.RouteToken)), "token request")
	// Output:
	// PATCH {"task_business_status":"ORDER_CONFIRMED"}
	// 1 token request
}

// Requisition reads the fake's state, whoever owns the requisition.
func ExampleServer_Requisition() {
	srv, client, req := startFake()
	defer srv.Close()
	err := client.Requisitions.UpdateStatus(context.Background(), req.ID, &whoop.RequisitionUpdateStatusParams{
		TaskBusinessStatus: whoop.TaskBusinessStatusOrderIssue,
		Reason:             whoop.Ptr("kit out of stock"),
	})
	if err != nil {
		log.Fatal(err)
	}
	got, ok := srv.Requisition(req.ID)
	for _, sr := range got.ServiceRequests {
		fmt.Println(ok, sr.Code, sr.Status, sr.TaskBusinessStatus)
	}
	// Output:
	// true LIPID_PANEL revoked ORDER_ISSUE
	// true CBC revoked ORDER_ISSUE
}

// RequisitionIDs lists a partner's requisitions, seeded or made by add-test-data.
func ExampleServer_RequisitionIDs() {
	srv, client, _ := startFake()
	defer srv.Close()
	if err := client.Development.AddTestData(context.Background()); err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(srv.RequisitionIDs(whooptest.DefaultClientID)), "requisitions")
	fmt.Println(len(srv.RequisitionIDs("someone-else")), "for another partner")
	// Output:
	// 2 requisitions
	// 0 for another partner
}

func ExampleServer_ServiceRequest() {
	srv, client, req := startFake()
	defer srv.Close()
	id := req.ServiceRequests[0].ID
	_, err := client.ServiceRequests.UpdateStatus(context.Background(), id, &whoop.ServiceRequestUpdateStatusParams{
		TaskBusinessStatus: whoop.TaskBusinessStatusOrderConfirmed,
	})
	if err != nil {
		log.Fatal(err)
	}
	sr, ok := srv.ServiceRequest(id)
	fmt.Println(ok, sr.Code, sr.Status, sr.TaskBusinessStatus)
	// Output:
	// true LIPID_PANEL active ORDER_CONFIRMED
}

// With a webhook URL set, add-test-data sends lab_requisition.created before it answers.
func ExampleServer_SetWebhookURL() {
	srv, client, _ := startFake()
	defer srv.Close()
	got := make(chan string, 1)
	receiver := newReceiver(func(r *http.Request) { got <- r.Header.Get(whooptest.SignatureHeader) })
	defer receiver.Close()

	if err := srv.SetWebhookURL(whooptest.DefaultClientID, receiver.URL); err != nil {
		log.Fatal(err)
	}
	if err := client.Development.AddTestData(context.Background()); err != nil {
		log.Fatal(err)
	}
	fmt.Println("signature of", len(<-got), "hex digits")
	fmt.Println(srv.SetWebhookURL("someone-else", receiver.URL) != nil)
	// Output:
	// signature of 64 hex digits
	// true
}

// StatusChanges keeps each accepted status update with its reason; a refused move is not
// kept.
func ExampleServer_StatusChanges() {
	srv, client, req := startFake()
	defer srv.Close()
	ctx := context.Background()
	id := req.ServiceRequests[0].ID
	for _, st := range []whoop.TaskBusinessStatus{
		whoop.TaskBusinessStatusOrderConfirmed,
		whoop.TaskBusinessStatusFullResultsReady, // not before the appointment: 400
		whoop.TaskBusinessStatusAppointmentIssue,
	} {
		_, err := client.ServiceRequests.UpdateStatus(ctx, id, &whoop.ServiceRequestUpdateStatusParams{
			TaskBusinessStatus: st, Reason: whoop.Ptr("free text: may name a patient"),
		})
		fmt.Println(st, errors.Is(err, whoop.ErrBadRequest))
	}
	for _, c := range srv.StatusChanges(id) {
		fmt.Println(c.TaskBusinessStatus, c.Reason != "", c.At.Equal(fixedClock()))
	}
	// Output:
	// ORDER_CONFIRMED false
	// FULL_RESULTS_READY true
	// APPOINTMENT_ISSUE false
	// ORDER_CONFIRMED true true
	// APPOINTMENT_ISSUE true true
}

// A client caches its token: many calls, one token.
func ExampleServer_TokensIssued() {
	srv, client, req := startFake()
	defer srv.Close()
	for range 3 {
		if _, err := client.Requisitions.Get(context.Background(), req.ID); err != nil {
			log.Fatal(err)
		}
	}
	fmt.Println(srv.TokensIssued())
	// Output:
	// 1
}
