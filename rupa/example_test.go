package rupa_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"os"

	"github.com/labwire/labwire/rupa"
	"github.com/labwire/labwire/rupa/rupatest"
	"github.com/labwire/labwire/webhook"
	"github.com/labwire/labwire/webhook/dispatch"
)

// Rupa's order.new_result example (corrected to JSON) decodes, and the seed's matching rule
// finds the clinic of the order's practitioner. The patient, clinic and lab test are linked
// but not included, so following those links fails cleanly.
func ExampleParseEvent() {
	body, err := os.ReadFile("testdata/order_new_result.json")
	if err != nil {
		log.Fatal(err)
	}
	e, err := rupa.ParseEvent(body)
	if err != nil {
		log.Fatal(err)
	}
	clinic, err := e.ClinicID()
	if err != nil {
		log.Fatal(err)
	}
	n, err := e.OrderNewResult()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(e.ID, e.Type, n.Order.ID, n.Order.Attributes.Status, "clinic", clinic)
	for _, t := range n.OrderedTests {
		lab, _ := t.LabTest()
		fmt.Println("ordered test", t.ID, "for", lab.ID, "results:", t.Attributes.HasResults())
	}
	_, err = e.Index().Related(n.Order.Resource, rupa.RelPatient)
	fmt.Println(errors.Is(err, rupa.ErrNotIncluded), err)
	fmt.Println(e) // an event prints no patient data
	// Output:
	// evt_9b2m8O7 order.new_result ord_qNJ1nl1 In Progress clinic cli_Epqpo2g
	// ordered test ordts_lv57vnP for labts_N0EW1vP results: false
	// true rupa: order relationship "patient": rupa: linked resource not included (patient)
	// rupa.Event{id:evt_9b2m8O7, type:order.new_result, object:order, included:2, PHI redacted}
}

// Receiving Rupa's events: you supply the verifier (Rupa's scheme is not public; here a body
// HMAC in a header Rupa would tell you about), events are deduplicated by id and handed to
// your function by type. WithSync runs it before answering, so a failure makes Rupa redeliver.
func ExampleNewWebhookHandler() {
	v, err := webhook.NewBodyHMAC("X-Signature", []string{"whsec-from-rupa-0123456789"})
	if err != nil {
		log.Fatal(err)
	}
	h, err := rupa.NewWebhookHandler(v, rupa.EventRouter{
		OrderNewResult: func(ctx context.Context, n *rupa.OrderNewResult) error {
			clinic, err := n.ClinicID()
			if err != nil {
				return err
			}
			fmt.Println("results for", n.Order.ID, "of clinic", clinic, "tests:", len(n.OrderedTests))
			return nil
		},
		Default: func(ctx context.Context, e *rupa.Event) error {
			fmt.Println("other event:", e.Type)
			return nil
		},
	}.Dispatch, dispatch.WithSync())
	if err != nil {
		log.Fatal(err)
	}
	receiver := httptest.NewServer(h)
	defer receiver.Close()

	// Rupa's side, simulated: realistic events, signed as the test chooses.
	b := rupatest.EventBuilder{SequentialIDs: true}
	send, err := rupatest.NewSender(rupatest.SignBodyHMAC("X-Signature", "whsec-from-rupa-0123456789"), nil, nil)
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	e := b.OrderNewResult(rupatest.Order{
		Practitioner: rupatest.Practitioner{ID: "pra_1", ClinicID: "cli_1"},
		Tests:        []rupatest.OrderedTest{{ResultsPDF: "https://results.example/1.pdf"}, {}},
	})
	for range 2 { // Rupa redelivers; the second is acknowledged and not handed on
		status, err := send.Send(ctx, receiver.URL, e)
		fmt.Println(status, err)
	}
	status, _ := send.Send(ctx, receiver.URL, b.OrderEvent("order.something_else", rupatest.Order{}))
	fmt.Println(status)
	forged, _ := rupatest.NewSender(rupatest.SignBodyHMAC("X-Signature", "not-the-secret"), nil, nil)
	status, _ = forged.Send(ctx, receiver.URL, e)
	fmt.Println(status, http.StatusText(status))
	// Output:
	// results for ord_0000001 of clinic cli_1 tests: 2
	// 200 <nil>
	// 200 <nil>
	// other event: order.something_else
	// 200
	// 401 Unauthorized
}

// A practitioner connects their Rupa account (OAuth2 authorization code), and your platform
// creates an order intent for a new patient and sends the practitioner to its checkout.
func ExampleOrderIntentsService_Create() {
	srv, err := rupatest.NewServer(rupatest.WithSequentialIDs())
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	ctx := context.Background()

	oauth, err := rupa.NewAuthCodeFlow(rupa.AuthCodeFlowConfig{
		ClientID: rupatest.DefaultClientID, ClientSecret: rupatest.DefaultClientSecret,
		RedirectURL: rupatest.DefaultRedirectURL,
		TokenURL:    srv.TokenURL(), // Rupa does not publish its token URL: ask Rupa
	})
	if err != nil {
		log.Fatal(err)
	}
	consent, _ := oauth.AuthCodeURL("csrf-state-123")
	fmt.Println(consent)

	code, _ := srv.AuthorizeCode(rupatest.DefaultPractitionerID) // the practitioner came back with ?code=
	tok, err := oauth.Exchange(ctx, &rupa.ExchangeParams{Code: code})
	if err != nil {
		log.Fatal(err)
	}
	client, err := oauth.NewClient(tok, func(refreshed *rupa.Token) { /* store it for this practitioner */ },
		rupa.WithBaseURL(srv.URL)) // omit for https://api.rupahealth.com; rupa.WithEnvironment(rupa.Sandbox) for the sandbox
	if err != nil {
		log.Fatal(err)
	}
	oi, err := client.OrderIntents.Create(ctx, &rupa.OrderIntentCreateParams{
		PatientData: &rupa.PatientData{FirstName: "Testy", LastName: "McTestface", Email: "testy@example.com"},
		LabTests:    []string{"labts_N0EW1vP"},
		ReturnURL:   "https://app.example.com/rupa/return",
		Metadata:    map[string]any{"internal_order_id": "42"},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(oi.ID, oi.URL() == srv.URL+"/checkout/ordin_0000001")

	_, err = client.OrderIntents.Create(ctx, &rupa.OrderIntentCreateParams{
		PatientData: &rupa.PatientData{FirstName: "Testy", LastName: "McTestface", Email: "testy@example.com"},
		Patient:     "pat_NqXmvRr",
		ReturnURL:   "https://app.example.com/rupa/return",
	})
	fmt.Println(err)
	// Output:
	// https://labs.rupahealth.com/oauth/authorize?client_id=rupatest-client&redirect_uri=https%3A%2F%2Fapp.example.com%2Frupa%2Fcallback&response_type=code&state=csrf-state-123
	// ordin_0000001 true
	// rupa: invalid PatientData: give PatientData or Patient, not both
}

// Rupa's validation errors carry messages per field; they may echo what was sent, so they
// are never part of Error().
func ExampleErrorDetailsOf() {
	srv, err := rupatest.NewServer()
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	access, _, _ := srv.IssueToken(rupatest.DefaultPractitionerID)
	client, err := rupa.NewClient(rupa.WithBaseURL(srv.URL), rupa.WithBearerToken(access))
	if err != nil {
		log.Fatal(err)
	}
	_, err = client.OrderIntents.Create(context.Background(), &rupa.OrderIntentCreateParams{
		Patient: "pat_unknown", ReturnURL: "https://app.example.com/rupa/return",
	})
	fmt.Println(err)
	if d, ok := rupa.ErrorDetailsOf(err); ok {
		fmt.Println(d.Code, d.Fields["patient"])
	}
	// Output:
	// rupa: POST /order-intents/: 400 bad request
	// RupaValidationError [Patient not found.]
}

// All walks every page of the clinic's patients, fetching the next page only when the loop
// needs it.
func ExamplePatientsService_All() {
	srv, err := rupatest.NewServer(rupatest.WithPageSize(2), rupatest.WithSequentialIDs())
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	for _, name := range []string{"Ann", "Bea", "Cal"} {
		if _, err := srv.AddPatient(rupatest.DefaultClinicID, rupatest.Patient{FirstName: name, Email: name + "@example.com"}); err != nil {
			log.Fatal(err)
		}
	}
	access, _, _ := srv.IssueToken(rupatest.DefaultPractitionerID)
	client, err := rupa.NewClient(rupa.WithBaseURL(srv.URL), rupa.WithBearerToken(access))
	if err != nil {
		log.Fatal(err)
	}
	for p, err := range client.Patients.All(context.Background(), nil) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(p.ID, p) // a patient prints its id, never its data
	}
	fmt.Println(len(srv.RequestsMatching(rupatest.RouteListPatients)), "pages")
	// Output:
	// pat_0000001 rupa.Patient{id:pat_0000001, type:patient, PHI redacted}
	// pat_0000002 rupa.Patient{id:pat_0000002, type:patient, PHI redacted}
	// pat_0000003 rupa.Patient{id:pat_0000003, type:patient, PHI redacted}
	// 2 pages
}

// Do reaches a route this package does not wrap, through the same credentials, retries and
// error types. Rupa's order route is referenced but not documented; the fake does not serve
// it.
func ExampleClient_Do() {
	srv, err := rupatest.NewServer()
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	access, _, _ := srv.IssueToken(rupatest.DefaultPractitionerID)
	client, err := rupa.NewClient(rupa.WithBaseURL(srv.URL), rupa.WithBearerToken(access))
	if err != nil {
		log.Fatal(err)
	}
	var out map[string]any
	_, err = client.Do(context.Background(), &rupa.RawRequest{Method: "GET", Route: "/orders/{id}", Params: []string{"ord_qNJ1nl1"}}, &out,
		rupa.WithHeader("Accept", "application/vnd.api+json"))
	fmt.Println(errors.Is(err, rupa.ErrNotFound), err)
	// Output:
	// true rupa: GET /orders/{id}: 404 not found
}
