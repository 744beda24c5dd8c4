package workpath_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"strings"

	"github.com/labwire/labwire/workpath"
)

// exampleAppointment creates an intake on the auto-publishing order form and returns the
// appointment it became.
func exampleAppointment(c *workpath.Client) int64 {
	res, err := c.Intakes.Create(context.Background(), exampleIntake())
	if err != nil {
		log.Fatal(err)
	}
	return *res.Object.Appointment
}

func ExampleAppointmentsService_Get() {
	srv, c := exampleClient()
	defer srv.Close()
	a, err := c.Appointments.Get(context.Background(), exampleAppointment(c))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(a.ID, a.Status, a.Type, len(a.Services), a.StartTime.IsZero())
	// Output:
	// 10003 Published Single 1 true
}

// Update sends only the fields set; the status must be one of the documented ones, spelt
// exactly.
func ExampleAppointmentsService_Update() {
	srv, c := exampleClient()
	defer srv.Close()
	ctx := context.Background()
	id := exampleAppointment(c)
	a, err := c.Appointments.Update(ctx, id, &workpath.AppointmentUpdateParams{
		SpecialistsNeeded: workpath.Ptr(2),
		RequisitionID:     workpath.Ptr("REQ-2024-0001"),
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(a.SpecialistsNeeded, a.RequisitionID)

	_, err = c.Appointments.Update(ctx, id, &workpath.AppointmentUpdateParams{Status: workpath.Ptr(workpath.AppointmentStatus("cancelled"))})
	var ve *workpath.ValidationError
	fmt.Println(errors.As(err, &ve), ve.Field)
	// Output:
	// 2 REQ-2024-0001
	// true Status
}

// Cancel answers only a request receipt; read the appointment for its new status.
func ExampleAppointmentsService_Cancel() {
	srv, c := exampleClient()
	defer srv.Close()
	ctx := context.Background()
	id := exampleAppointment(c)
	if _, err := c.Appointments.Cancel(ctx, id); err != nil {
		log.Fatal(err)
	}
	a, err := c.Appointments.Get(ctx, id)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(a.Status, a.Status.IsTerminal())
	// Output:
	// Cancelled true
}

// List returns one page; All walks every page.
func ExampleAppointmentsService_List() {
	srv, c := exampleClient()
	defer srv.Close()
	ctx := context.Background()
	for range 3 {
		exampleAppointment(c)
	}
	page, err := c.Appointments.List(ctx, &workpath.AppointmentListParams{
		Page: 2, Limit: 2, Unscheduled: workpath.UnscheduledInclude,
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("page", page.Page, "of", page.Limit, "per page:", len(page.Appointments), "appointment")
	// Output:
	// page 2 of 2 per page: 1 appointment
}

// Adding a tag the appointment has already changes nothing, so AddTag is retried safely.
func ExampleAppointmentsService_AddTag() {
	srv, c := exampleClient()
	defer srv.Close()
	ctx := context.Background()
	id := exampleAppointment(c)
	for range 2 {
		if _, err := c.Appointments.AddTag(ctx, id, &workpath.TagAddParams{ID: 7}); err != nil {
			log.Fatal(err)
		}
	}
	a, err := c.Appointments.Get(ctx, id)
	if err != nil {
		log.Fatal(err)
	}
	for _, t := range a.Tags {
		fmt.Println(t.ID, t.Name)
	}
	// Output:
	// 7 Tag 7
}

func ExampleAppointmentsService_DeleteTag() {
	srv, c := exampleClient()
	defer srv.Close()
	ctx := context.Background()
	id := exampleAppointment(c)
	if _, err := c.Appointments.AddTag(ctx, id, &workpath.TagAddParams{ID: 7}); err != nil {
		log.Fatal(err)
	}
	if _, err := c.Appointments.DeleteTag(ctx, id, 7); err != nil {
		log.Fatal(err)
	}
	a, err := c.Appointments.Get(ctx, id)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(a.Tags), "tags")
	// Output:
	// 0 tags
}

func ExampleAppointmentsService_UpdateNote() {
	srv, c := exampleClient()
	defer srv.Close()
	ctx := context.Background()
	id := exampleAppointment(c)
	n, err := c.Appointments.AddNote(ctx, id, &workpath.NoteParams{Title: "Access", Type: "Warning", Body: "Ring the bell twice."})
	if err != nil {
		log.Fatal(err)
	}
	n, err = c.Appointments.UpdateNote(ctx, id, n.ID, &workpath.NoteParams{Title: "Access", Type: "Info", Body: "Use the side door."})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(n.ID, n.Type, n.Title)
	// Output:
	// 10004 Info Access
}

func ExampleAppointmentsService_DeleteNote() {
	srv, c := exampleClient()
	defer srv.Close()
	ctx := context.Background()
	id := exampleAppointment(c)
	n, err := c.Appointments.AddNote(ctx, id, &workpath.NoteParams{Title: "Access", Type: "Warning", Body: "Ring the bell twice."})
	if err != nil {
		log.Fatal(err)
	}
	if _, err := c.Appointments.DeleteNote(ctx, id, n.ID); err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(srv.Notes(id)), "notes")
	// Output:
	// 0 notes
}

// An appointment document has a title (Name); the content is streamed and sent once.
func ExampleAppointmentsService_UploadDocument() {
	srv, c := exampleClient()
	defer srv.Close()
	pdf := strings.NewReader("%PDF-1.4 synthetic results\n%%EOF\n")
	doc, err := c.Appointments.UploadDocument(context.Background(), exampleAppointment(c), &workpath.DocumentUpload{
		Filename: "results.pdf", ContentType: "application/pdf", Content: pdf, Size: pdf.Size(), Name: "Lab results",
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(doc.ID, doc.Name, doc.Documentable)
	// Output:
	// 10004 Lab results appointment
}

func ExampleAppointmentsService_DeleteDocument() {
	srv, c := exampleClient()
	defer srv.Close()
	ctx := context.Background()
	id := exampleAppointment(c)
	pdf := strings.NewReader("%PDF-1.4 synthetic results\n%%EOF\n")
	doc, err := c.Appointments.UploadDocument(ctx, id, &workpath.DocumentUpload{Filename: "results.pdf", Content: pdf})
	if err != nil {
		log.Fatal(err)
	}
	if _, err := c.Appointments.DeleteDocument(ctx, id, doc.ID); err != nil {
		log.Fatal(err)
	}
	a, err := c.Appointments.Get(ctx, id)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(a.Documents), "documents")
	// Output:
	// 0 documents
}

// AddData attaches collected data, such as the shipping id of the sample.
func ExampleAppointmentsService_AddData() {
	srv, c := exampleClient()
	defer srv.Close()
	ctx := context.Background()
	id := exampleAppointment(c)
	_, err := c.Appointments.AddData(ctx, id, &workpath.AppointmentDataParams{Value: "1Z999AA10123456784", Label: "Shipping ID", Type: "shipping"})
	if err != nil {
		log.Fatal(err)
	}
	a, err := c.Appointments.Get(ctx, id)
	if err != nil {
		log.Fatal(err)
	}
	for _, d := range a.Data {
		fmt.Println(d.Label, d.Type)
	}
	// Output:
	// Shipping ID shipping
}
