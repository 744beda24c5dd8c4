package ovation_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"

	"github.com/labwire/labwire/ovation"
	"github.com/labwire/labwire/ovation/ovationtest"
)

// UploadContent puts the PDF of a report Ovation created (the id comes with
// report_ready_for_generation); the report is then signed.
func ExampleReportsService_UploadContent() {
	srv, client := fakeOvation()
	defer srv.Close()
	ctx := context.Background()
	req := newRequisition(client)
	reportID, err := srv.ReadyReport(789, req.Identifier) // Ovation makes the report
	if err != nil {
		log.Fatal(err)
	}
	msg, err := client.Reports.UploadContent(ctx, ovation.IDFromInt(reportID), &ovation.ReportUploadParams{
		RequisitionIdentifier: req.Identifier, Content: []byte("%PDF-1.7 synthetic report"),
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(msg.Message)
	got, err := client.Requisitions.Get(ctx, "789", req.Identifier)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(got.ReportingStatus, got.Status)

	_, err = client.Reports.UploadContent(ctx, "1", &ovation.ReportUploadParams{
		RequisitionIdentifier: req.Identifier, Content: []byte("%PDF-1.7 synthetic report"),
	})
	if d, ok := ovation.ErrorDetailsOf(err); ok {
		fmt.Println(errors.Is(err, ovation.ErrValidation), d.All())
	}
	// Output:
	// Report successfully uploaded
	// signed complete
	// true [Report not found]
}

// Download fetches the PDF a report_signed event links to, with the client's key; a link
// to another host is refused before sending, so the key never leaves.
func ExampleReportsService_Download() {
	srv, client := fakeOvation()
	defer srv.Close()
	ctx := context.Background()
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) }))
	defer receiver.Close()
	if _, err := srv.AddWebhookEndpoint(789, ovationtest.WebhookEndpoint{
		TargetURL: receiver.URL, Event: "report_signed", Username: "ovation", Password: "webhook-password-1234",
	}); err != nil {
		log.Fatal(err)
	}
	req := newRequisition(client)
	reportID, err := srv.ReadyReport(789, req.Identifier)
	if err != nil {
		log.Fatal(err)
	}
	if _, err := client.Reports.UploadContent(ctx, ovation.IDFromInt(reportID), &ovation.ReportUploadParams{
		RequisitionIdentifier: req.Identifier, Content: []byte("%PDF-1.7 synthetic report"),
	}); err != nil {
		log.Fatal(err)
	}
	e, err := ovation.ParseEvent(srv.Deliveries()[0].Body) // what your webhook handler received
	if err != nil {
		log.Fatal(err)
	}
	pdf, err := client.Reports.Download(ctx, e.ReportDownloadLink)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(e.Type, len(pdf), "bytes", string(pdf[:8]))

	_, err = client.Reports.Download(ctx, "https://elsewhere.example/reports/1/download")
	fmt.Println(errors.Is(err, ovation.ErrValidation))
	// Output:
	// report_signed 25 bytes %PDF-1.7
	// true
}

// Upload attaches a PDF to a sample, or asks for a link to upload one to.
func ExampleResourcesService_Upload() {
	srv, client := fakeOvation()
	defer srv.Close()
	ctx := context.Background()
	req := newRequisition(client)
	res, err := client.Resources.Upload(ctx, &ovation.ResourceUploadParams{
		OrganizationID: "123", RequisitionIdentifier: req.Identifier, SampleIdentifier: "S-1",
		ResourceGroupName: "Chain of custody", FileContent: []byte("%PDF-1.7 synthetic form"),
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(res.Message)

	res, err = client.Resources.Upload(ctx, &ovation.ResourceUploadParams{
		OrganizationID: "123", RequisitionIdentifier: req.Identifier, SampleIdentifier: "S-2",
		ResourceGroupName: "Chain of custody", ReturnUploadLink: true,
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(res.UploadLink != "") // the link grants access: never log it

	_, err = client.Resources.Upload(ctx, &ovation.ResourceUploadParams{
		OrganizationID: "123", RequisitionIdentifier: req.Identifier, SampleIdentifier: "S-1",
		ResourceGroupName: "Chain of custody", FileContent: []byte("GIF89a"),
	})
	var ve *ovation.ValidationError
	fmt.Println(errors.As(err, &ve), ve.Field)
	// Output:
	// Resource Chain of custody successfully uploaded.
	// true
	// true FileContent
}
