package rupa_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"
	"time"

	"github.com/labwire/labwire/rupa"
	"github.com/labwire/labwire/rupa/rupatest"
)

// fakeRupa starts the Rupa fake with sequential ids and pages of two patients, adds three
// synthetic patients to the default clinic, and returns it with a client acting as the
// default practitioner. The caller closes the fake.
func fakeRupa(opts ...rupa.Option) (*rupatest.Server, *rupa.Client) {
	srv, err := rupatest.NewServer(rupatest.WithSequentialIDs(), rupatest.WithPageSize(2))
	if err != nil {
		log.Fatal(err)
	}
	for _, name := range []string{"Ann", "Bea", "Cal"} {
		if _, err := srv.AddPatient(rupatest.DefaultClinicID, rupatest.Patient{FirstName: name, LastName: "Test", Email: name + "@example.com"}); err != nil {
			log.Fatal(err)
		}
	}
	access, _, err := srv.IssueToken(rupatest.DefaultPractitionerID)
	if err != nil {
		log.Fatal(err)
	}
	client, err := rupa.NewClient(append([]rupa.Option{
		rupa.WithBaseURL(srv.URL), // omit for https://api.rupahealth.com
		rupa.WithBearerToken(access),
	}, opts...)...)
	if err != nil {
		log.Fatal(err)
	}
	return srv, client
}

// NewClient acts as one practitioner: give their token (WithBearerToken) or, better, a
// source that refreshes it (AuthCodeFlow.NewClient). Options are checked and named when wrong.
func ExampleNewClient() {
	client, err := rupa.NewClient(rupa.WithEnvironment(rupa.Sandbox), rupa.WithBearerToken("practitioner-access-token"))
	fmt.Println(client != nil, err)

	_, err = rupa.NewClient(rupa.WithBearerToken("practitioner-access-token"), rupa.WithBaseURL("http://api.example.com"))
	var ve *rupa.ValidationError
	fmt.Println(errors.As(err, &ve), ve.Field)

	_, err = rupa.NewClient()
	fmt.Println(errors.Is(err, rupa.ErrValidation))
	// Output:
	// true <nil>
	// true WithBaseURL
	// true
}

// A middleware names spans and metrics after the call (operation, route template), never the
// URL and its ids; a retry is another attempt of the same call.
func ExampleCallInfoFromContext() {
	metrics := func(req *http.Request, next func(*http.Request) (*http.Response, error)) (*http.Response, error) {
		resp, err := next(req)
		if info, ok := rupa.CallInfoFromContext(req.Context()); ok && err == nil {
			fmt.Println(info.Vendor, info.Operation, info.Method, info.Route, info.Attempt, resp.StatusCode)
		}
		return resp, err
	}
	srv, client := fakeRupa(rupa.WithMiddleware(metrics), rupa.WithRetryWait(time.Millisecond, 10*time.Millisecond))
	defer srv.Close()
	srv.Script(rupatest.Fault{Route: rupatest.RouteListPatients, Status: http.StatusServiceUnavailable})
	if _, err := client.Patients.List(context.Background(), nil); err != nil {
		log.Fatal(err)
	}
	// Output:
	// rupa patients.list GET /patients 1 503
	// rupa patients.list GET /patients 2 200
}
