package main

import (
	"context"
	"io"

	"github.com/labwire/labwire/whoop"
)

// syntheticResults are the made-up results this example submits per test code: the first
// observation goes in the partial report, all of them in the final one.
var syntheticResults = map[string][]whoop.Observation{
	"LIPID_PANEL": {
		{Code: "TOTAL_CHOLESTEROL", ValueNumeric: whoop.MustParseDecimal("185"), Unit: "mg/dL", Status: whoop.ObservationStatusFinal},
		{Code: "HDL", ValueNumeric: whoop.MustParseDecimal("52"), Unit: "mg/dL", Status: whoop.ObservationStatusFinal},
		{Code: "LDL", ValueNumeric: whoop.MustParseDecimal("110"), Unit: "mg/dL", Status: whoop.ObservationStatusFinal},
	},
	"CBC": {
		{Code: "WBC", ValueNumeric: whoop.MustParseDecimal("6.1"), Unit: "10^3/uL", Status: whoop.ObservationStatusFinal},
		{Code: "HGB", ValueNumeric: whoop.MustParseDecimal("14.2"), Unit: "g/dL", Status: whoop.ObservationStatusFinal},
	},
}

// fallbackResults is used for a test code without synthetic results above.
var fallbackResults = []whoop.Observation{
	{Code: "RESULT", ValueText: whoop.Ptr("Not detected"), Status: whoop.ObservationStatusFinal},
}

// processRequisition is the tutorial: fetch the requisition, then for each service request
// confirm it, mark it attended, submit partial and then full results.
func processRequisition(ctx context.Context, w io.Writer, c *whoop.Client, requisitionID string) error {
	req, err := c.Requisitions.Get(ctx, requisitionID)
	if err != nil {
		return err
	}
	step(w, "requisition %s fetched: %s", shortID(req.ID), plural(len(req.ServiceRequests), "service request"))
	width := 0
	for _, sr := range req.ServiceRequests {
		width = max(width, len(sr.Code))
	}
	for _, sr := range req.ServiceRequests {
		if err := processServiceRequest(ctx, w, c, sr, width); err != nil {
			return err
		}
	}
	step(w, "requisition %s complete", shortID(req.ID))
	return nil
}

// processServiceRequest prints one line per step, in columns: the test code (padded to
// width), the service request's id, what happened.
func processServiceRequest(ctx context.Context, w io.Writer, c *whoop.Client, sr whoop.ServiceRequest, width int) error {
	line := func(format string, args ...any) {
		step(w, "  %-*s  %s  "+format, append([]any{width, sr.Code, shortID(sr.ID)}, args...)...)
	}
	setStatus := func(st whoop.TaskBusinessStatus) error {
		got, err := c.ServiceRequests.UpdateStatus(ctx, sr.ID, &whoop.ServiceRequestUpdateStatusParams{
			TaskBusinessStatus: st,
			CheckTransition:    true,
		})
		if err != nil {
			return err
		}
		line("→ %s (FHIR %s)", got.TaskBusinessStatus, got.Status)
		return nil
	}
	submit := func(status whoop.DiagnosticReportStatus, obs []whoop.Observation) error {
		err := c.ServiceRequests.SubmitResults(ctx, sr.ID, &whoop.ServiceRequestSubmitResultsParams{Status: status, Observations: obs})
		if err != nil {
			return err
		}
		line("%s report submitted: %s", status, plural(len(obs), "observation"))
		return nil
	}
	obs, ok := syntheticResults[sr.Code]
	if !ok {
		obs = fallbackResults
	}
	partial := make([]whoop.Observation, 1)
	copy(partial, obs)
	partial[0].Status = whoop.ObservationStatusPreliminary

	for _, do := range []func() error{
		func() error { return setStatus(whoop.TaskBusinessStatusOrderConfirmed) },
		func() error { return setStatus(whoop.TaskBusinessStatusAppointmentAttended) },
		func() error { return submit(whoop.DiagnosticReportStatusPartial, partial) },
		func() error { return setStatus(whoop.TaskBusinessStatusPartialResultsReady) },
		func() error { return submit(whoop.DiagnosticReportStatusFinal, obs) },
		func() error { return setStatus(whoop.TaskBusinessStatusFullResultsReady) },
	} {
		if err := do(); err != nil {
			return err
		}
	}
	return nil
}

// awaitAndProcess waits for the first lab_requisition.created and processes its requisition.
func awaitAndProcess(ctx context.Context, w io.Writer, c *whoop.Client, created <-chan string) error {
	select {
	case id := <-created:
		step(w, "webhook lab_requisition.created: requisition %s", shortID(id))
		return processRequisition(ctx, w, c, id)
	case <-ctx.Done():
		return errNoEvent
	}
}
