package ovation_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/labwire/labwire/ovation"
	"github.com/labwire/labwire/ovation/ovationtest"
)

// newRequisition creates a requisition of two samples in template 789 and returns it; the
// template autogenerates its identifier.
func newRequisition(client *ovation.Client) *ovation.Requisition {
	req, err := client.Requisitions.Create(context.Background(), "789", &ovation.RequisitionCreateParams{
		Requisition: &ovation.Requisition{
			RequestedTests: []ovation.RequestedTest{{PanelCode: "COVID"}},
			Physician:      &ovation.Physician{NPI: "1234567893"},
			Samples: []ovation.Sample{
				{Identifier: "S-1", Group: "Swab", Label: "NP Swab"},
				{Identifier: "S-2", Group: "Blood", Label: "Serum"},
			},
		},
	})
	if err != nil {
		log.Fatal(err)
	}
	return req
}

// Create answers the requisition with what Ovation set: its id, identifier and statuses.
// markAsSigned signs it only when the template's required fields are all there.
func ExampleRequisitionsService_Create() {
	srv, client := fakeOvation()
	defer srv.Close()
	req, err := client.Requisitions.Create(context.Background(), "789", &ovation.RequisitionCreateParams{
		Requisition: &ovation.Requisition{
			RequestedTests: []ovation.RequestedTest{{PanelCode: "FLU"}},
			Samples:        []ovation.Sample{{Identifier: "S-1", Group: "Swab", Label: "NP Swab"}},
		},
		MarkAsSigned: ovation.Ptr(true), // patient and physician are missing: not signed
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(req.ID, req.Identifier, req.Status, req.AccessionStatus)
	fmt.Println(req) // a requisition prints its ids, never patient data
	// Output:
	// 26355 REQ-26355 received incomplete
	// ovation.Requisition{id:26355, identifier:REQ-26355, status:received, accession_status:incomplete, requested_tests:1, samples:1, PHI redacted}
}

func ExampleRequisitionsService_Get() {
	srv, client := fakeOvation()
	defer srv.Close()
	created := newRequisition(client)
	req, err := client.Requisitions.Get(context.Background(), "789", created.Identifier)
	if err != nil {
		log.Fatal(err)
	}
	for _, s := range req.Samples {
		fmt.Println(req.Identifier, s.Identifier, s.Group)
	}
	// Output:
	// REQ-26355 S-1 Swab
	// REQ-26355 S-2 Blood
}

// Update merges the values given (samples by identifier); a PUT, retried like a read.
func ExampleRequisitionsService_Update() {
	srv, client := fakeOvation()
	defer srv.Close()
	ctx := context.Background()
	created := newRequisition(client)
	req, err := client.Requisitions.Update(ctx, "789", created.Identifier, &ovation.RequisitionUpdateParams{
		Requisition: &ovation.Requisition{Diagnosis: []string{"U07.1"}},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(req.Identifier, req.Diagnosis, len(req.Samples), "samples")
	// Output:
	// REQ-26355 [U07.1] 2 samples
}

// Delete archives: it hides a requisition from gets and lists; Ovation does not erase it.
func ExampleRequisitionsService_Delete() {
	srv, client := fakeOvation()
	defer srv.Close()
	ctx := context.Background()
	created := newRequisition(client)
	msg, err := client.Requisitions.Delete(ctx, "789", created.Identifier)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(msg.Message)
	_, err = client.Requisitions.Get(ctx, "789", created.Identifier)
	fmt.Println(errors.Is(err, ovation.ErrNotFound))
	// Output:
	// Requisition successfully archived
	// true
}

// All walks every page, decoding each as a stream; break stops the I/O.
func ExampleRequisitionsService_All() {
	srv, client := fakeOvation()
	defer srv.Close()
	for range 3 {
		newRequisition(client)
	}
	for r, err := range client.Requisitions.All(context.Background(), "789", &ovation.RequisitionListParams{PerPage: 2}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(r.Identifier, r.AccessionStatus)
	}
	fmt.Println(len(srv.RequestsMatching(ovationtest.RouteListRequisitions)), "pages")
	// Output:
	// REQ-26355 incomplete
	// REQ-26356 incomplete
	// REQ-26357 incomplete
	// 2 pages
}
