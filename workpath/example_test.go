package workpath_test

import (
	"context"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"time"

	"github.com/labwire/labwire/webhook/dispatch"
	"github.com/labwire/labwire/workpath"
	"github.com/labwire/labwire/workpath/workpathtest"
)

// exampleClient starts a fake and returns a client with both credentials on it.
func exampleClient() (*workpathtest.Server, *workpath.Client) {
	srv, err := workpathtest.NewServer()
	if err != nil {
		log.Fatal(err)
	}
	c, err := workpath.NewClient(
		workpath.WithBaseURL(srv.URL), // omit for https://api.workpath.co
		workpath.WithClientCredentials(workpathtest.DefaultAPIKey, workpathtest.DefaultAPIPassword, workpath.TokenAuthBasic),
		workpath.WithAPIKeyAuth(workpathtest.DefaultAPIKey, workpathtest.DefaultAPIPassword),
	)
	if err != nil {
		log.Fatal(err)
	}
	return srv, c
}

func exampleIntake() *workpath.IntakeCreateParams {
	lat, lon := 40.7533488, -73.9788555
	return &workpath.IntakeCreateParams{
		OrderForm: workpathtest.DefaultOrderForm,
		Patient: &workpath.Patient{FirstName: "Testy", LastName: "McTestface", Phone: "+18045551234",
			Email: "testy@example.test", BiologicalSex: workpath.BiologicalSexFemale},
		Services: []workpath.IntakeService{{ID: workpathtest.DefaultService, DiagnosisCodes: []string{"Z00.00"}}},
		Location: &workpath.Address{Street: "200 Park Avenue", City: "New York", State: "NY", Zip: "10166",
			Country: "US", Latitude: &lat, Longitude: &lon},
	}
}

func ExampleNewClient() {
	srv, c := exampleClient()
	defer srv.Close()
	services, err := c.Services.List(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	for _, s := range services {
		fmt.Println(s.ID, s.Name)
	}
	// Output:
	// 1001 Blood Draw
}

// An intake on an order form that auto-publishes becomes an appointment at once.
func ExampleIntakesService_Create() {
	srv, c := exampleClient()
	defer srv.Close()
	ctx := context.Background()
	res, err := c.Intakes.Create(ctx, exampleIntake())
	if err != nil {
		log.Fatal(err)
	}
	in := res.Object // nil if Workpath answered only {"request_id": N}
	appt, err := c.Appointments.Get(ctx, *in.Appointment)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("intake", in.ID, "-> appointment", appt.ID, appt.Status)
	fmt.Println(appt) // patient data never prints
	// Output:
	// intake 10001 -> appointment 10003 Published
	// workpath.Appointment{id:10003, status:Published, type:Single, PHI redacted}
}

func ExampleIntakesService_UploadDocument() {
	srv, c := exampleClient()
	defer srv.Close()
	ctx := context.Background()
	res, err := c.Intakes.Create(ctx, exampleIntake())
	if err != nil {
		log.Fatal(err)
	}
	// Any io.Reader: an *os.File, an HTTP body. It is streamed, never held in memory, and
	// sent once (never retried).
	pdf := strings.NewReader("%PDF-1.4 synthetic requisition\n%%EOF\n")
	doc, err := c.Intakes.UploadDocument(ctx, res.Object.ID, &workpath.DocumentUpload{
		Filename: "requisition.pdf", ContentType: "application/pdf", Content: pdf, Size: pdf.Size(),
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(doc.Name, doc.Documentable, doc.DocumentableID)
	// Output:
	// requisition.pdf intake 10001
}

func ExampleAppointmentsService_All() {
	srv, c := exampleClient()
	defer srv.Close()
	ctx := context.Background()
	for range 3 {
		if _, err := c.Intakes.Create(ctx, exampleIntake()); err != nil {
			log.Fatal(err)
		}
	}
	// These appointments have no time yet: Workpath's default search excludes unscheduled ones.
	p := &workpath.AppointmentListParams{Limit: 2, Unscheduled: workpath.UnscheduledInclude,
		Status: []workpath.AppointmentStatus{workpath.AppointmentStatusPublished}}
	for a, err := range c.Appointments.All(ctx, p) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(a.ID, a.Status)
	}
	// Output:
	// 10003 Published
	// 10006 Published
	// 10009 Published
}

func ExampleAppointmentsService_AddNote() {
	srv, c := exampleClient()
	defer srv.Close()
	ctx := context.Background()
	res, err := c.Intakes.Create(ctx, exampleIntake())
	if err != nil {
		log.Fatal(err)
	}
	n, err := c.Appointments.AddNote(ctx, *res.Object.Appointment, &workpath.NoteParams{
		Title: "Access", Type: "Warning", Body: "Ring the bell twice.",
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(n.ID, n.Type, n.Title)
	// Output:
	// 10004 Warning Access
}

// A check fails before anything is sent, naming the Go field and never the value.
func ExampleValidationError() {
	srv, c := exampleClient()
	defer srv.Close()
	p := exampleIntake()
	p.Patient.Phone = "8045551234" // no country code
	_, err := c.Intakes.Create(context.Background(), p)
	fmt.Println(err)
	// Output:
	// workpath: invalid Patient.Phone: must start with the country code, e.g. "+18045551234"
}

// The authorization-code flow with PKCE, for an app acting for a Workpath user.
func ExampleAuthCodeFlow() {
	srv, err := workpathtest.NewServer()
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	ctx := context.Background()
	flow, err := workpath.NewAuthCodeFlow(workpathtest.DefaultAPIKey, workpathtest.DefaultRedirectURI, workpath.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}
	a, err := flow.Start(nil) // keep a.State and a.Verifier server-side; redirect the user to a.URL
	if err != nil {
		log.Fatal(err)
	}
	// The user signs in; Workpath redirects back (the fake approves at once).
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noFollow.Get(a.URL)
	if err != nil {
		log.Fatal(err)
	}
	resp.Body.Close()
	back, _ := url.Parse(resp.Header.Get("Location"))

	code, err := workpath.ParseRedirect(back.Query(), a.State)
	if err != nil {
		log.Fatal(err)
	}
	tok, err := flow.Exchange(ctx, code, a.Verifier)
	if err != nil {
		log.Fatal(err)
	}
	c, err := workpath.NewClient(workpath.WithBaseURL(srv.URL), workpath.WithBearerToken(tok.AccessToken))
	if err != nil {
		log.Fatal(err)
	}
	services, err := c.Services.List(ctx)
	fmt.Println(len(services), err, tok.RefreshToken == "", tok.ExpiresIn)
	// Output:
	// 1 <nil> true 1800
}

func ExampleParseEvent() {
	body := []byte(`{"type":"Appointment","action":"modify","eventTs":1565712055,"data":{"id":1234,"status":"On The Way"}}`)
	e, err := workpath.ParseEvent(body) // only on bytes a verifier accepted
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(e.Type, e.Action, e.Timestamp.Format(time.RFC3339), e.Appointment.ID, e.Appointment.Status)
	// Output:
	// Appointment modify 2019-08-13T16:00:55Z 1234 On The Way
}

// The receiver of Workpath's webhooks, here fed by the fake's signed deliveries.
func ExampleNewWebhookHandler() {
	srv, c := exampleClient()
	defer srv.Close()
	ctx := context.Background()

	var h http.Handler
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { h.ServeHTTP(w, r) }))
	defer receiver.Close()
	sub, err := c.WebhookEndpoints.Create(ctx, &workpath.WebhookEndpointParams{URL: receiver.URL, Create: true, Modify: true, Destroy: true})
	if err != nil {
		log.Fatal(err)
	}
	v, err := workpath.NewWebhookVerifier([]string{sub.Secret})
	if err != nil {
		log.Fatal(err)
	}
	wh, err := workpath.NewWebhookHandler(v, func(_ context.Context, e *workpath.Event) error {
		fmt.Println(e.Action, e.Appointment.ID, e.Appointment.Status)
		return nil
	}, dispatch.WithSync()) // handle before answering; an error answers 500 so Workpath may redeliver
	if err != nil {
		log.Fatal(err)
	}
	defer wh.Shutdown(ctx)
	h = wh

	res, err := c.Intakes.Create(ctx, exampleIntake())
	if err != nil {
		log.Fatal(err)
	}
	srv.SetStatus(*res.Object.Appointment, "Accepted") // the specialist accepts
	// Output:
	// create 10004 Published
	// modify 10004 Accepted
}

func ExampleClient_Do() {
	srv, c := exampleClient()
	defer srv.Close()
	var out []map[string]any
	if _, err := c.Do(context.Background(), &workpath.RawRequest{Method: "GET", Route: "/services"}, &out); err != nil {
		log.Fatal(err)
	}
	fmt.Println(out[0]["name"])
	// Output:
	// Blood Draw
}
