package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/labwire/labwire/ovation"
	"github.com/labwire/labwire/rupa/rupatest"
	"github.com/labwire/labwire/whoop"
)

// The steps of an order, by key (stable across orders, for the display and the tests).
const (
	stepCreated   = "whoop.created"
	stepFetched   = "whoop.fetched"
	stepConfirmed = "whoop.confirmed"
	stepBooked    = "workpath.booked"
	stepVisited   = "workpath.visited"
	stepAttended  = "whoop.attended"
	stepAccession = "ovation.accession"
	stepReady     = "ovation.ready"
	stepSigned    = "ovation.signed"
	stepPartial   = "whoop.partial"
	stepFull      = "whoop.full"
	stepIntent    = "rupa.intent"
	stepSynced    = "rupa.synced"
)

// orderSteps are the steps every order goes through.
var orderSteps = []string{stepCreated, stepFetched, stepConfirmed, stepBooked, stepVisited, stepAttended,
	stepAccession, stepReady, stepSigned, stepPartial, stepFull, stepIntent, stepSynced}

// step runs fn as step key of order i on the timeline; fn returns the detail to show.
func (w *world) step(i int, vendor, key, title string, fn func() (string, error)) error {
	end := w.prog.begin(i, vendor, key, title)
	detail, err := fn()
	if err != nil {
		end("failed")
		return fmt.Errorf("%s: %w", title, err)
	}
	end(detail)
	return nil
}

// runOrder is one lab order's life. Every call goes over loopback HTTP to a vendor's fake,
// and every event comes back as a signed webhook the lab verifies.
func (w *world) runOrder(ctx context.Context, i int) error {
	created, err := w.newWHOOPOrder()
	if err != nil {
		return err
	}
	id := created.ID
	var (
		req      *whoop.LabRequisition
		apptID   int64
		ident    string
		reportID ovation.ID
	)
	steps := []struct {
		vendor, key, title string
		fn                 func() (string, error)
	}{
		{vendorWHOOP, stepCreated, "lab_requisition.created received, signature verified", func() (string, error) {
			return "requisition " + shortID(id), w.receiveRequisition(ctx, id)
		}},
		{vendorWHOOP, stepFetched, "requisition fetched", func() (string, error) {
			req, err = w.whoop.Requisitions.Get(ctx, id)
			if err != nil {
				return "", err
			}
			codes := make([]string, len(req.ServiceRequests))
			for i, sr := range req.ServiceRequests {
				codes[i] = sr.Code
			}
			return fmt.Sprintf("%d service requests (%s)", len(codes), strings.Join(codes, ", ")), nil
		}},
		{vendorWHOOP, stepConfirmed, "service requests confirmed", func() (string, error) {
			return string(whoop.TaskBusinessStatusOrderConfirmed), w.setStatuses(ctx, req, whoop.TaskBusinessStatusOrderConfirmed)
		}},
		{vendorWorkpath, stepBooked, "home draw booked (intake published as appointment)", func() (string, error) {
			apptID, err = w.bookHomeDraw(ctx, id)
			return fmt.Sprintf("appointment %d", apptID), err
		}},
		{vendorWorkpath, stepVisited, "specialist visit, appointment webhooks to Complete", func() (string, error) {
			n, err := w.attendHomeDraw(ctx, apptID)
			return fmt.Sprintf("%d webhooks, appointment %d Complete", n, apptID), err
		}},
		{vendorWHOOP, stepAttended, "service requests marked attended", func() (string, error) {
			return string(whoop.TaskBusinessStatusAppointmentAttended), w.setStatuses(ctx, req, whoop.TaskBusinessStatusAppointmentAttended)
		}},
		{vendorOvation, stepAccession, "requisition created in the LIMS with 2 samples", func() (string, error) {
			ident, err = w.accession(ctx, id, apptID)
			return "requisition " + ident, err
		}},
		{vendorOvation, stepReady, "report_ready_for_generation received", func() (string, error) {
			reportID, err = w.awaitReportReady(ctx, ident)
			return "report " + reportID.String(), err
		}},
		{vendorOvation, stepSigned, "report content PUT, report_signed received", func() (string, error) {
			return "report " + reportID.String() + " signed", w.signReport(ctx, ident, reportID)
		}},
		{vendorWHOOP, stepPartial, "partial results submitted", func() (string, error) {
			n, err := w.submitResults(ctx, req, whoop.DiagnosticReportStatusPartial)
			if err != nil {
				return "", err
			}
			return fmt.Sprintf("%d observations, %s", n, whoop.TaskBusinessStatusPartialResultsReady), w.setStatuses(ctx, req, whoop.TaskBusinessStatusPartialResultsReady)
		}},
		{vendorWHOOP, stepFull, "full results submitted", func() (string, error) {
			n, err := w.submitResults(ctx, req, whoop.DiagnosticReportStatusFinal)
			if err != nil {
				return "", err
			}
			return fmt.Sprintf("%d observations, %s", n, whoop.TaskBusinessStatusFullResultsReady), w.setStatuses(ctx, req, whoop.TaskBusinessStatusFullResultsReady)
		}},
	}
	rupaDone := make(chan error, 1)
	go func() { rupaDone <- w.runRupaOrder(ctx, i) }()
	for _, s := range steps {
		if err := w.step(i, s.vendor, s.key, s.title, s.fn); err != nil {
			return errors.Join(fmt.Errorf("order %d: %w", i+1, err), <-rupaDone)
		}
	}
	if err := <-rupaDone; err != nil {
		return fmt.Errorf("order %d: %w", i+1, err)
	}
	return nil
}

// runRupaOrder runs beside the lab order: a practitioner platform orders from Rupa for a
// second patient and syncs the results Rupa reports, by clinic, once each.
func (w *world) runRupaOrder(ctx context.Context, i int) error {
	var intentID string
	if err := w.step(i, vendorRupa, stepIntent, "order intent created by the practitioner (OAuth)", func() (string, error) {
		var err error
		intentID, err = w.createOrderIntent(ctx, i)
		return intentID, err
	}); err != nil {
		return err
	}
	return w.step(i, vendorRupa, stepSynced, "order.new_result events synced by clinic", func() (string, error) {
		n, err := w.deliverResults(ctx, i, intentID)
		return fmt.Sprintf("%d results for clinic %s", n, rupatest.DefaultClinicID), err
	})
}
