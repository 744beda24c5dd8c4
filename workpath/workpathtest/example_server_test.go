package workpathtest_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/labwire/labwire/workpath"
	"github.com/labwire/labwire/workpath/workpathtest"
)

// startFake starts a fake and returns it with a workpath client holding both of the default
// credential's auth modes (Bearer for the API, Basic for /api-keys and /webhooks). The caller
// closes the fake.
func startFake(opts ...workpathtest.Option) (*workpathtest.Server, *workpath.Client) {
	srv, err := workpathtest.NewServer(opts...)
	if err != nil {
		log.Fatal(err)
	}
	c, err := workpath.NewClient(
		workpath.WithBaseURL(srv.URL),
		workpath.WithClientCredentials(workpathtest.DefaultAPIKey, workpathtest.DefaultAPIPassword, workpath.TokenAuthBasic),
		workpath.WithAPIKeyAuth(workpathtest.DefaultAPIKey, workpathtest.DefaultAPIPassword),
		workpath.WithRetryWait(time.Millisecond, 10*time.Millisecond),
	)
	if err != nil {
		log.Fatal(err)
	}
	return srv, c
}

// newIntake creates an intake for a synthetic patient on orderForm and returns its id.
func newIntake(c *workpath.Client, orderForm int64) *workpath.Intake {
	res, err := c.Intakes.Create(context.Background(), &workpath.IntakeCreateParams{
		OrderForm: orderForm,
		Patient: &workpath.Patient{FirstName: "Testy", LastName: "McTestface", Phone: "+18045551234",
			Email: "testy@example.test", BiologicalSex: workpath.BiologicalSexFemale},
		Services: []workpath.IntakeService{{ID: workpathtest.DefaultService}},
	})
	if err != nil {
		log.Fatal(err)
	}
	return res.Object
}

// newReceiver starts a webhook receiver that answers 204.
func newReceiver() *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNoContent)
	}))
}

// NewServer checks its options; WithCredential replaces the default credential.
func ExampleNewServer() {
	srv, err := workpathtest.NewServer(
		workpathtest.WithCredential(workpathtest.Credential{ClientID: "lab", Key: "lab-key", Password: "lab-password"}),
		workpathtest.WithTokenTTL(time.Minute),
	)
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	c, err := workpath.NewClient(workpath.WithBaseURL(srv.URL), workpath.WithClientCredentials("lab-key", "lab-password", workpath.TokenAuthBasic))
	if err != nil {
		log.Fatal(err)
	}
	services, err := c.Services.List(context.Background())
	fmt.Println(len(services), err)

	_, err = workpathtest.NewServer(workpathtest.WithCredential(workpathtest.Credential{Key: "no-client"}))
	fmt.Println(err)
	// Output:
	// 1 <nil>
	// workpathtest: WithCredential: ClientID, Key and Password are required
}

// AddWebhook subscribes a receiver without going through POST /webhooks; the fake signs
// each delivery with the subscription's secret.
func ExampleServer_AddWebhook() {
	srv, c := startFake(workpathtest.WithCredential(workpathtest.Credential{
		ClientID: "lab", Key: workpathtest.DefaultAPIKey, Password: workpathtest.DefaultAPIPassword}))
	defer srv.Close()
	receiver := newReceiver()
	defer receiver.Close()
	sub := srv.AddWebhook("lab", receiver.URL)
	fmt.Println(sub.Create, sub.Modify, sub.Destroy, sub.Secret != "")

	newIntake(c, workpathtest.DefaultOrderForm)
	for _, d := range srv.Deliveries() {
		fmt.Println(d.WebhookID == sub.ID, d.Action, d.StatusCode)
	}
	// Output:
	// true true true true
	// true create 204
}

// Appointment reads the fake's copy, for assertions.
func ExampleServer_Appointment() {
	srv, c := startFake()
	defer srv.Close()
	in := newIntake(c, workpathtest.DefaultOrderForm)
	a, ok := srv.Appointment(*in.Appointment)
	fmt.Println(ok, a.ID, a.Status, a.Type)
	_, ok = srv.Appointment(1)
	fmt.Println(ok)
	// Output:
	// true 10003 Published Single
	// false
}

// Client is an HTTP client for the fake, for tests that speak to it without the workpath
// package.
func ExampleServer_Client() {
	srv, err := workpathtest.NewServer()
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	resp, err := srv.Client().Get(srv.URL + "/services")
	if err != nil {
		log.Fatal(err)
	}
	resp.Body.Close()
	fmt.Println(resp.StatusCode, "without a token")
	// Output:
	// 401 without a token
}

func ExampleServer_Close() {
	srv, c := startFake()
	srv.Close()
	_, err := c.Services.List(context.Background())
	fmt.Println(err != nil)
	// Output:
	// true
}

// An intake on ManualOrderForm waits for an office user to convert it; ConvertIntake is that
// user, and sends the create webhook.
func ExampleServer_ConvertIntake() {
	srv, c := startFake()
	defer srv.Close()
	in := newIntake(c, workpathtest.ManualOrderForm)
	fmt.Println(in.Appointment == nil)

	id, ok := srv.ConvertIntake(in.ID)
	fmt.Println(id, ok)
	_, ok = srv.ConvertIntake(in.ID)
	fmt.Println(ok, "(already converted)")
	// Output:
	// true
	// 10003 true
	// false (already converted)
}

// Deliveries records each webhook POST with its signature and the receiver's answer.
func ExampleServer_Deliveries() {
	srv, c := startFake()
	defer srv.Close()
	receiver := newReceiver()
	defer receiver.Close()
	if _, err := c.WebhookEndpoints.Create(context.Background(), &workpath.WebhookEndpointParams{URL: receiver.URL, Create: true, Modify: true}); err != nil {
		log.Fatal(err)
	}
	in := newIntake(c, workpathtest.DefaultOrderForm)
	srv.SetStatus(*in.Appointment, "Accepted")
	for _, d := range srv.Deliveries() {
		fmt.Println(d.Action, d.StatusCode, strings.HasPrefix(d.Signature, "t="))
	}
	// Output:
	// create 204 true
	// modify 204 true
}

// DestroyAppointment stands for a deletion in Workpath's web app (no API route deletes one).
func ExampleServer_DestroyAppointment() {
	srv, c := startFake()
	defer srv.Close()
	id := *newIntake(c, workpathtest.DefaultOrderForm).Appointment
	fmt.Println(srv.DestroyAppointment(id))
	_, err := c.Appointments.Get(context.Background(), id)
	fmt.Println(errors.Is(err, workpath.ErrNotFound))
	// Output:
	// true
	// true
}

// After ExpireTokens the next Bearer call is answered 401; the client fetches a new token and
// replays the call once.
func ExampleServer_ExpireTokens() {
	srv, c := startFake()
	defer srv.Close()
	ctx := context.Background()
	if _, err := c.Services.List(ctx); err != nil {
		log.Fatal(err)
	}
	srv.ExpireTokens()
	_, err := c.Services.List(ctx)
	fmt.Println(err, srv.TokensIssued(), "tokens issued")
	// Output:
	// <nil> 2 tokens issued
}

func ExampleServer_Intake() {
	srv, c := startFake()
	defer srv.Close()
	in := newIntake(c, workpathtest.ManualOrderForm)
	got, ok := srv.Intake(in.ID)
	fmt.Println(ok, got.OrderForm, len(got.Services), got.Appointment == nil)
	// Output:
	// true 2 1 true
}

// Notes are kept per appointment, not in its JSON.
func ExampleServer_Notes() {
	srv, c := startFake()
	defer srv.Close()
	id := *newIntake(c, workpathtest.DefaultOrderForm).Appointment
	_, err := c.Appointments.AddNote(context.Background(), id, &workpath.NoteParams{Title: "Access", Type: "Warning", Body: "Ring twice."})
	if err != nil {
		log.Fatal(err)
	}
	for _, n := range srv.Notes(id) {
		fmt.Println(n.ID, n.Type, n.Title)
	}
	// Output:
	// 10004 Warning Access
}

// A test asserts PendingFaults is empty to know every scripted fault was exercised.
func ExampleServer_PendingFaults() {
	srv, c := startFake()
	defer srv.Close()
	srv.Script(
		workpathtest.Fault{Route: workpathtest.RouteListServices, Status: http.StatusServiceUnavailable},
		workpathtest.Fault{Route: workpathtest.RouteCreateIntake, Status: http.StatusInternalServerError},
	)
	if _, err := c.Services.List(context.Background()); err != nil {
		log.Fatal(err)
	}
	for _, f := range srv.PendingFaults() {
		fmt.Println(f.Route, f.Status)
	}
	// Output:
	// POST /intakes 500
}

// Requests holds every request, the token request and the faulted ones too. They hold
// credentials and patient data: assert on them, never log them.
func ExampleServer_Requests() {
	srv, c := startFake()
	defer srv.Close()
	srv.Script(workpathtest.Fault{Route: workpathtest.RouteListServices, Status: http.StatusServiceUnavailable})
	if _, err := c.Services.List(context.Background()); err != nil {
		log.Fatal(err)
	}
	for _, r := range srv.Requests() {
		fmt.Println(r.Method, r.Path, r.Fault != nil)
	}
	// Output:
	// POST /oauth/token false
	// GET /services true
	// GET /services false
}

// RequestsMatching takes a route pattern: what one route received, with its body.
func ExampleServer_RequestsMatching() {
	srv, c := startFake()
	defer srv.Close()
	if _, err := c.WebhookEndpoints.Create(context.Background(), &workpath.WebhookEndpointParams{URL: "https://lab.example.test/hooks", Destroy: true}); err != nil {
		log.Fatal(err)
	}
	for _, r := range srv.RequestsMatching(workpathtest.RouteCreateWebhook) {
		fmt.Println(r.Header.Get("Content-Type"), string(r.Body))
	}
	// Output:
	// application/json {"url":"https://lab.example.test/hooks","create":false,"modify":false,"destroy":true}
}

// Script queues faults answered before authentication: a 429 with Retry-After, then a
// connection dropped after the fake handled the request, which a client cannot tell from a
// lost answer.
func ExampleServer_Script() {
	srv, c := startFake()
	defer srv.Close()
	srv.Script(
		workpathtest.Fault{Route: workpathtest.RouteListServices, Status: http.StatusTooManyRequests, RetryAfter: "0"},
		workpathtest.Fault{Route: workpathtest.RouteCreateWebhook, Drop: workpathtest.DropAfterHandler},
	)
	ctx := context.Background()
	services, err := c.Services.List(ctx)
	fmt.Println(len(services), err)

	_, err = c.WebhookEndpoints.Create(ctx, &workpath.WebhookEndpointParams{URL: "https://lab.example.test/hooks", Modify: true})
	fmt.Println(errors.Is(err, workpath.ErrOutcomeUnknown))
	hooks, err := c.WebhookEndpoints.List(ctx) // look before creating again
	fmt.Println(len(hooks), err)
	// Output:
	// 1 <nil>
	// true
	// 1 <nil>
}

// SetStatus is the specialist's app moving the appointment; it sends the modify webhook.
func ExampleServer_SetStatus() {
	srv, c := startFake()
	defer srv.Close()
	id := *newIntake(c, workpathtest.DefaultOrderForm).Appointment
	for _, st := range []string{"Accepted", "On The Way", "on the way"} {
		fmt.Println(st, srv.SetStatus(id, st))
	}
	a, err := c.Appointments.Get(context.Background(), id)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(a.Status)
	// Output:
	// Accepted true
	// On The Way true
	// on the way false
	// On The Way
}

// A client caches its token: many calls, one token.
func ExampleServer_TokensIssued() {
	srv, c := startFake()
	defer srv.Close()
	for range 3 {
		if _, err := c.Services.List(context.Background()); err != nil {
			log.Fatal(err)
		}
	}
	fmt.Println(srv.TokensIssued())
	// Output:
	// 1
}

// The fake answers Workpath's documented validation messages, as {"error": message}.
func ExampleMessageMissing() {
	srv, err := workpathtest.NewServer()
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	req, err := http.NewRequest(http.MethodPost, srv.URL+"/webhooks", strings.NewReader(`{"create":true}`))
	if err != nil {
		log.Fatal(err)
	}
	req.SetBasicAuth(workpathtest.DefaultAPIKey, workpathtest.DefaultAPIPassword)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		log.Fatal(err)
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(resp.StatusCode, strings.Contains(string(body), workpathtest.MessageMissing("url")))
	fmt.Println(workpathtest.MessageMissing("url"))
	// Output:
	// 400 true
	// url missing from payload.
}

// A patient with one of first and last name gets Workpath's name message; the workpath client
// refuses it before sending, so this goes through Client.Do.
func ExampleMessageName() {
	srv, c := startFake()
	defer srv.Close()
	_, err := c.Do(context.Background(), &workpath.RawRequest{Method: http.MethodPost, Route: "/intakes",
		Body: map[string]any{"order_form": workpathtest.DefaultOrderForm, "patient": map[string]any{"first_name": "Testy", "phone": "+18045551234"}}}, nil)
	var apiErr *workpath.APIError
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.StatusCode, apiErr.Message == workpathtest.MessageName("Last Name"))
	}
	fmt.Println(workpathtest.MessageName("Last Name"))
	// Output:
	// 400 true
	// Name needs to be sent as First Name and Last Name, Last Name is missing.
}
