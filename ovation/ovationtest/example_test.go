package ovationtest_test

import (
	"context"
	"fmt"
	"log"

	"github.com/labwire/labwire/ovation"
	"github.com/labwire/labwire/ovation/ovationtest"
)

// A test points the client at the fake, then checks what reached it.
func Example() {
	srv, err := ovationtest.NewServer()
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	client, err := ovation.NewClient(ovation.WithBaseURL(srv.URL), ovation.WithAPIKey(ovationtest.DefaultAPIKey))
	if err != nil {
		log.Fatal(err)
	}
	_, err = client.Requisitions.Create(context.Background(), "789", &ovation.RequisitionCreateParams{
		Requisition: &ovation.Requisition{
			RequestedTests: []ovation.RequestedTest{{PanelCode: "FLU"}},
			Samples:        []ovation.Sample{{Identifier: "S-1", Label: "NP Swab"}},
		},
	})
	if err != nil {
		log.Fatal(err)
	}
	r := srv.RequestsMatching(ovationtest.RouteCreateRequisition)[0]
	fmt.Println(r.Method, r.Path)
	fmt.Println(string(r.Body))
	// Output:
	// POST /api/v3/project_templates/789/requisitions
	// {"requisition":{"requestedTests":[{"panelCode":"FLU"}],"samples":[{"identifier":"S-1","label":"NP Swab"}]}}
}

// A scripted fault answers before the fake's handler: here a 503, which the client retries.
func ExampleServer_Script() {
	srv, err := ovationtest.NewServer()
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	client, err := ovation.NewClient(ovation.WithBaseURL(srv.URL), ovation.WithAPIKey(ovationtest.DefaultAPIKey),
		ovation.WithRetryWait(1e6, 1e6))
	if err != nil {
		log.Fatal(err)
	}
	srv.Script(ovationtest.Fault{Route: ovationtest.RouteListRequisitions, Status: 503})
	page, err := client.Requisitions.List(context.Background(), "789", nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(page.Requisitions), "requisitions,", len(srv.Requests()), "requests,", len(srv.PendingFaults()), "faults left")
	// Output:
	// 0 requisitions, 2 requests, 0 faults left
}
