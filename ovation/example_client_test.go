package ovation_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"
	"time"

	"github.com/labwire/labwire/ovation"
	"github.com/labwire/labwire/ovation/ovationtest"
)

// NewClient needs the API key; the environment picks the base URL, and every option is
// checked and named when wrong.
func ExampleNewClient() {
	client, err := ovation.NewClient(ovation.WithAPIKey("your-api-key"), ovation.WithEnvironment(ovation.Sandbox))
	fmt.Println(client != nil, err)
	fmt.Println(ovation.Sandbox.BaseURL())

	_, err = ovation.NewClient()
	fmt.Println(errors.Is(err, ovation.ErrValidation))

	_, err = ovation.NewClient(ovation.WithAPIKey("your-api-key"), ovation.WithBaseURL("http://lab-services.example.com/api/v3"))
	var ve *ovation.ValidationError
	fmt.Println(errors.As(err, &ve), ve.Field)
	// Output:
	// true <nil>
	// https://lab-services-sandbox.ovation.io/api/v3
	// true
	// true WithBaseURL
}

// Do reaches a route this package does not wrap, through the same key, retries and errors.
func ExampleClient_Do() {
	srv, client := fakeOvation()
	defer srv.Close()
	var out struct {
		Templates []struct {
			ID   int64  `json:"id"`
			Name string `json:"name"`
		} `json:"project_templates"`
	}
	resp, err := client.Do(context.Background(), &ovation.RawRequest{Method: http.MethodGet, Route: "/project_templates"}, &out)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(resp.StatusCode, out.Templates[0].ID, out.Templates[0].Name)

	_, err = client.Do(context.Background(), &ovation.RawRequest{Method: http.MethodGet,
		Route: "/project_templates/{id}/requisition_schema", Params: []string{"999"}}, nil)
	fmt.Println(errors.Is(err, ovation.ErrNotFound))
	// Output:
	// 200 789 COVID-19 PCR
	// true
}

// A middleware names spans and metrics after the call (operation, route template), never the
// URL with its ids; a retry is another attempt of the same call.
func ExampleCallInfoFromContext() {
	srv, err := ovationtest.NewServer()
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	metrics := func(req *http.Request, next func(*http.Request) (*http.Response, error)) (*http.Response, error) {
		resp, err := next(req)
		if info, ok := ovation.CallInfoFromContext(req.Context()); ok && err == nil {
			fmt.Println(info.Vendor, info.Operation, info.Route, info.Attempt, resp.StatusCode)
		}
		return resp, err
	}
	client, err := ovation.NewClient(
		ovation.WithBaseURL(srv.URL),
		ovation.WithAPIKey(ovationtest.DefaultAPIKey),
		ovation.WithRetryWait(time.Millisecond, 10*time.Millisecond),
		ovation.WithMiddleware(metrics),
	)
	if err != nil {
		log.Fatal(err)
	}
	srv.Script(ovationtest.Fault{Route: ovationtest.RouteSampleLabels, Status: http.StatusServiceUnavailable})
	if _, err := client.ProjectTemplates.SampleLabels(context.Background(), "789"); err != nil {
		log.Fatal(err)
	}
	// Output:
	// ovation project_templates.sample_labels /project_templates/{id}/sample_labels 1 503
	// ovation project_templates.sample_labels /project_templates/{id}/sample_labels 2 200
}
