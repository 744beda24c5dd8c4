package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/labwire/labwire/workpath"
)

// step prints one line of progress.
func step(w io.Writer, format string, args ...any) { fmt.Fprintf(w, format+"\n", args...) }

// run is the housecall flow, the same offline and online. events is nil when no receiver
// was set up; otherwise it yields the verified events of the subscription.
func run(ctx context.Context, w io.Writer, c *workpath.Client, cfg config, events <-chan *workpath.Event) (int64, error) {
	res, err := c.Intakes.Create(ctx, intake(cfg))
	if err != nil {
		return 0, fmt.Errorf("creating the intake: %w", err)
	}
	if res.Object == nil {
		return 0, fmt.Errorf("the answer holds only request id %d, not the intake", res.RequestID)
	}
	in := res.Object
	step(w, "intake %d created on order form %d", in.ID, in.OrderForm)

	pdf := requisitionPDF(in.ID)
	doc, err := c.Intakes.UploadDocument(ctx, in.ID, &workpath.DocumentUpload{
		Filename: "requisition.pdf", ContentType: "application/pdf", Content: pdf, Size: pdf.Size(),
	})
	if err != nil {
		return 0, fmt.Errorf("uploading the requisition: %w", err)
	}
	step(w, "requisition uploaded: document %d (%d bytes, streamed)", doc.ID, pdf.Size())

	apptID, err := waitForAppointment(ctx, w, c, in, cfg.poll)
	if err != nil {
		return 0, err
	}
	if events != nil {
		e, err := waitForEvent(ctx, events, apptID, workpath.EventActionCreate)
		if err != nil {
			return 0, err
		}
		step(w, "webhook %s %s: appointment %d is %s", e.Type, e.Action, e.Appointment.ID, e.Appointment.Status)
	} else {
		step(w, "not waiting for webhooks (set WORKPATH_WEBHOOK_URL to a URL that reaches -addr)")
	}

	page, err := c.Appointments.List(ctx, &workpath.AppointmentListParams{Limit: 25, Unscheduled: workpath.UnscheduledInclude, NewestFirst: workpath.Ptr(true)})
	if err != nil {
		return 0, fmt.Errorf("listing appointments: %w", err)
	}
	found := false
	for _, a := range page.Appointments {
		found = found || a.ID == apptID
	}
	step(w, "appointments listed: %d on the first page, ours included: %v", len(page.Appointments), found)

	n, err := c.Appointments.AddNote(ctx, apptID, &workpath.NoteParams{Title: "Access", Type: "Info", Body: "Synthetic test order from labwire's housecall example."})
	if err != nil {
		return 0, fmt.Errorf("adding the note: %w", err)
	}
	step(w, "note %d added to appointment %d", n.ID, apptID)
	return apptID, nil
}

// intake is the synthetic order: a test patient, one service, a location.
func intake(cfg config) *workpath.IntakeCreateParams {
	lat, lon := 37.5407246, -77.4360481
	return &workpath.IntakeCreateParams{
		OrderForm: cfg.orderForm,
		Provider:  &workpath.Provider{FirstName: "Test", LastName: "Provider", NPI: "1234567893"},
		Patient: &workpath.Patient{FirstName: "Testy", LastName: "McTestface", Phone: "+18045550123",
			Email: "testy@example.test", BiologicalSex: workpath.BiologicalSexFemale, Gender: "female"},
		Services:  []workpath.IntakeService{{ID: cfg.serviceID, DiagnosisCodes: []string{"Z00.00"}}},
		StartTime: time.Now().Add(72 * time.Hour).Truncate(time.Hour).UTC(),
		Location: &workpath.Address{Street: "123 Fourth St", City: "Richmond", State: "VA", Zip: "23219",
			Country: "US", Latitude: &lat, Longitude: &lon},
		Notes: "Synthetic test order: do not dispatch.",
	}
}

// requisitionPDF is a small synthetic PDF.
func requisitionPDF(intakeID int64) *strings.Reader {
	return strings.NewReader(fmt.Sprintf("%%PDF-1.4\n%% synthetic requisition for intake %d\n%%%%EOF\n", intakeID))
}

// waitForAppointment reads the intake until Workpath converted it (at once when the order
// form auto-publishes; after an office user verifies it otherwise).
func waitForAppointment(ctx context.Context, w io.Writer, c *workpath.Client, in *workpath.Intake, poll time.Duration) (int64, error) {
	for {
		if in.Appointment != nil {
			step(w, "intake %d → appointment %d", in.ID, *in.Appointment)
			return *in.Appointment, nil
		}
		select {
		case <-ctx.Done():
			return 0, errors.New("the intake was not converted into an appointment in time (does the order form auto-publish?)")
		case <-time.After(poll):
		}
		var err error
		if in, err = c.Intakes.Get(ctx, in.ID); err != nil {
			return 0, fmt.Errorf("reading the intake: %w", err)
		}
	}
}

// waitForEvent returns the first event with action on appointment id.
func waitForEvent(ctx context.Context, events <-chan *workpath.Event, id int64, action workpath.EventAction) (*workpath.Event, error) {
	for {
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("no %s webhook for appointment %d in time", action, id)
		case e := <-events:
			if e.Appointment.ID == id && e.Action == action {
				return e, nil
			}
		}
	}
}
