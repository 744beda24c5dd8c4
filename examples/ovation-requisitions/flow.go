package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/labwire/labwire/ovation"
)

// step prints one line of progress.
func step(w io.Writer, format string, args ...any) { fmt.Fprintf(w, format+"\n", args...) }

// plural is "1 sample", "2 samples".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// firstOr is the first option of a schema field, or def when the template lists none.
func firstOr(s *ovation.RequisitionSchema, path, def string) string {
	if opts := s.Options(path); len(opts) > 0 {
		return opts[0]
	}
	return def
}

// newRequisition is a synthetic requisition with two samples, built from the schema's options.
func newRequisition(s *ovation.RequisitionSchema, n int) *ovation.Requisition {
	panel := firstOr(s, "requestedTests.panelCode", "COVID")
	label := firstOr(s, "samples.label", "NP Swab")
	group := firstOr(s, "samples.group", "")
	consent := ovation.MedicalConsentGiven
	stamp := time.Now().UTC().Format("20060102T150405")
	return &ovation.Requisition{
		Identifier:     fmt.Sprintf("LW-%s-%d", stamp, n), // ignored when the template autogenerates identifiers
		RequestedTests: []ovation.RequestedTest{{PanelCode: panel}},
		Patient: &ovation.Patient{Identifier: fmt.Sprintf("SYNTH-%d", n), FirstName: "Test", LastName: "Patient",
			DateOfBirth: ovation.Date{Year: 1980, Month: 4, Day: 8}, Gender: ovation.GenderUnknown},
		Physician:         &ovation.Physician{NPI: "1234567893"},
		HasMedicalConsent: &consent,
		Samples: []ovation.Sample{
			{Identifier: fmt.Sprintf("LW-%s-%d-A", stamp, n), Group: group, Label: label},
			{Identifier: fmt.Sprintf("LW-%s-%d-B", stamp, n), Group: group, Label: label},
		},
	}
}

// createAndList reads the schema, creates count requisitions (the first one printed), and
// lists the template's requisitions created today that are incomplete, complete or signed,
// perPage at a time. It returns the first requisition.
func createAndList(ctx context.Context, w io.Writer, c *ovation.Client, template ovation.ID, count, perPage int) (*ovation.Requisition, error) {
	s, err := c.Requisitions.Schema(ctx, template)
	if err != nil {
		return nil, fmt.Errorf("reading the schema: %w", err)
	}
	step(w, "schema: %d panel codes, %d sample labels, %d fields required to complete",
		len(s.Options("requestedTests.panelCode")), len(s.Options("samples.label")), len(s.RequiredFields()))
	var first *ovation.Requisition
	for i := range count {
		r, err := c.Requisitions.Create(ctx, template, &ovation.RequisitionCreateParams{Requisition: newRequisition(s, i+1)})
		if err != nil {
			if d, ok := ovation.ErrorDetailsOf(err); ok {
				return nil, fmt.Errorf("creating a requisition: %w (%d messages from Ovation)", err, len(d.All()))
			}
			return nil, fmt.Errorf("creating a requisition: %w", err)
		}
		if first == nil {
			first = r
			step(w, "requisition %s created: %s, accession %s", r.Identifier, plural(len(r.Samples), "sample"), r.AccessionStatus)
		}
	}
	today := time.Now().UTC()
	day := ovation.Date{Year: today.Year(), Month: today.Month(), Day: today.Day()}
	p := &ovation.RequisitionListParams{
		StartDate:       ovation.OnDate(day),
		EndDate:         ovation.ThroughDate(day),
		AccessionStatus: []ovation.AccessionStatus{ovation.AccessionStatusIncomplete, ovation.AccessionStatusComplete, ovation.AccessionStatusSigned},
		PerPage:         perPage,
	}
	n, found := 0, false
	for r, err := range c.Requisitions.All(ctx, template, p) {
		if err != nil {
			return nil, fmt.Errorf("listing: %w", err)
		}
		n++
		found = found || r.Identifier == first.Identifier
	}
	step(w, "requisitions listed: %d created today, %d per page (%s), ours included: %v", n, perPage, plural((n+perPage-1)/perPage, "page"), found)
	return first, nil
}

// reportFlow waits for report_ready_for_generation of identifier, puts a synthetic PDF to
// the report, and waits for report_signed.
func reportFlow(ctx context.Context, w io.Writer, c *ovation.Client, events <-chan *ovation.Event, identifier string) error {
	for {
		select {
		case <-ctx.Done():
			return errors.New("no report_signed before the deadline")
		case e := <-events:
			if e.RequisitionIdentifier != identifier {
				continue
			}
			switch e.Type {
			case ovation.EventTypeReportReadyForGeneration, ovation.EventTypeReportCorrectionReadyForGeneration:
				step(w, "webhook %s: report %s", e.Type, e.ReportID)
				if _, err := c.Reports.UploadContent(ctx, e.ReportID, &ovation.ReportUploadParams{
					RequisitionIdentifier: identifier, Content: []byte("%PDF-1.4\n% synthetic labwire report\n"),
				}); err != nil {
					return fmt.Errorf("putting the report content: %w", err)
				}
				step(w, "report %s content put", e.ReportID)
			case ovation.EventTypeReportSigned:
				step(w, "webhook %s: requisition %s", e.Type, e.RequisitionIdentifier)
				return nil
			default:
				step(w, "webhook %s", e.Type)
			}
		}
	}
}
