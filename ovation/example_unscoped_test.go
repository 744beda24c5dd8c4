package ovation_test

import (
	"context"
	"fmt"
	"log"

	"github.com/labwire/labwire/ovation"
)

// Without a template, Ovation infers it; the fake infers it when the organization has one.
func ExampleUnscopedRequisitionsService_Create() {
	srv, client := fakeOvation()
	defer srv.Close()
	req, err := client.UnscopedRequisitions.Create(context.Background(), &ovation.UnscopedCreateParams{
		OrganizationID: "123",
		Requisition: &ovation.Requisition{
			RequestedTests: []ovation.RequestedTest{{PanelCode: "COVID"}},
			Samples:        []ovation.Sample{{Identifier: "S-1", Label: "NP Swab"}},
		},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(req.Identifier, req.TemplateID)
	// Output:
	// REQ-26355 789
}

func ExampleUnscopedRequisitionsService_Get() {
	srv, client := fakeOvation()
	defer srv.Close()
	created := newRequisition(client)
	req, err := client.UnscopedRequisitions.Get(context.Background(), "123", created.Identifier)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(req.Identifier, req.TemplateID, len(req.Samples))
	// Output:
	// REQ-26355 789 2
}

// List is one page of the organization's requisitions, every template's.
func ExampleUnscopedRequisitionsService_List() {
	srv, client := fakeOvation()
	defer srv.Close()
	for range 3 {
		newRequisition(client)
	}
	page, err := client.UnscopedRequisitions.List(context.Background(), &ovation.UnscopedListParams{
		OrganizationID:        "123",
		RequisitionListParams: ovation.RequisitionListParams{Page: 2, PerPage: 2},
	})
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range page.Requisitions {
		fmt.Println(r.Identifier)
	}
	fmt.Println(page.Meta.CurrentPage, page.Meta.TotalEntries)
	// Output:
	// REQ-26357
	// 2 3
}

func ExampleUnscopedRequisitionsService_All() {
	srv, client := fakeOvation()
	defer srv.Close()
	for range 3 {
		newRequisition(client)
	}
	n := 0
	for _, err := range client.UnscopedRequisitions.All(context.Background(), &ovation.UnscopedListParams{
		OrganizationID: "123", ProjectTemplateID: "789",
		RequisitionListParams: ovation.RequisitionListParams{
			PerPage:         1,
			AccessionStatus: []ovation.AccessionStatus{ovation.AccessionStatusIncomplete},
		},
	}) {
		if err != nil {
			log.Fatal(err)
		}
		n++
	}
	fmt.Println(n, "requisitions")
	// Output:
	// 3 requisitions
}
