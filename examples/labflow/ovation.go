package main

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/labwire/labwire/ovation"
	"github.com/labwire/labwire/ovation/ovationtest"
	"github.com/labwire/labwire/webhook"
)

// The Basic credentials the lab gives Ovation for its webhook endpoints (test values).
const (
	ovationHookUser     = "labflow"
	ovationHookPassword = "labflow-ovation-hook-password"
)

// ovationTemplate is the project template the lab's requisitions go to.
var ovationTemplate = ovation.IDFromInt(ovationtest.DefaultTemplateID)

// setupOvation starts the Ovation fake and the lab's client and registers the lab's
// webhook route for the two report events, with HTTP Basic credentials.
func (w *world) setupOvation(ctx context.Context, mux *http.ServeMux) error {
	fake, err := ovationtest.NewServer(ovationtest.WithWebhookClient(w.webhookClient()))
	if err != nil {
		return err
	}
	w.ovationFake = fake
	st := w.stats.calls[vendorOvation]
	w.ovation, err = ovation.NewClient(
		ovation.WithBaseURL(fake.URL),
		ovation.WithAPIKey(ovationtest.DefaultAPIKey),
		ovation.WithMiddleware(st.middleware),
		ovation.WithLogger(st.logger()),
		ovation.WithMaxRetries(maxRetries),
		ovation.WithRetryWait(w.cfg.retryMin, w.cfg.retryMax),
		ovation.WithAppInfo("labflow", "1"),
	)
	if err != nil {
		return err
	}
	if w.cfg.faults {
		// A quarter of the requisitions meet a 429: concurrent orders share the route's queue.
		for range (w.cfg.orders + 3) / 4 {
			fake.Script(ovationtest.Fault{Route: ovationtest.RouteCreateRequisition, Status: http.StatusTooManyRequests, RetryAfter: "1"})
		}
	}
	v, err := ovation.NewWebhookVerifier([]webhook.BasicCredentials{{Username: ovationHookUser, Password: ovationHookPassword}})
	if err != nil {
		return err
	}
	opts, err := w.hookOptions(vendorOvation)
	if err != nil {
		return err
	}
	hs := w.stats.hooks[vendorOvation]
	h, err := ovation.NewWebhookHandler(v, func(ctx context.Context, e *ovation.Event) error {
		hs.processed.Add(1)
		return w.events.post(ovationKey(e.RequisitionIdentifier), e)
	}, opts...)
	if err != nil {
		return err
	}
	w.handlers = append(w.handlers, h)
	url := w.route(mux, vendorOvation, h)
	for _, ev := range []ovation.EventType{ovation.EventTypeReportReadyForGeneration, ovation.EventTypeReportSigned} {
		if _, err := w.ovation.WebhookEndpoints.Create(ctx, ovationTemplate, &ovation.WebhookEndpointParams{
			TargetURL: url, Username: ovationHookUser, Password: ovationHookPassword, Event: ev,
		}); err != nil {
			return fmt.Errorf("webhook endpoint for %s: %w", ev, err)
		}
	}
	return nil
}

func ovationKey(identifier string) string { return "ovation:" + identifier }

// accession creates the requisition in the LIMS with the two samples drawn at the home
// visit; the template autogenerates the identifier.
func (w *world) accession(ctx context.Context, whoopID string, apptID int64) (string, error) {
	collected := time.Now().UTC().Truncate(time.Second)
	q, err := w.ovation.Requisitions.Create(ctx, ovationTemplate, &ovation.RequisitionCreateParams{
		Requisition: &ovation.Requisition{
			RequestedTests: []ovation.RequestedTest{{PanelCode: "COVID"}, {PanelCode: "FLU"}},
			Patient: &ovation.Patient{Identifier: "MRN-" + whoopID[:8], FirstName: "Testy", LastName: "McTestface",
				DateOfBirth: ovation.Date{Year: 1990, Month: 1, Day: 2}, Gender: ovation.GenderFemale},
			Physician: &ovation.Physician{NPI: "1234567893"},
			Samples: []ovation.Sample{
				{Identifier: fmt.Sprintf("S-%d-1", apptID), Group: "Blood", Label: "Serum", ContainerType: ovation.ContainerTypeTube, CollectionDateTime: collected},
				{Identifier: fmt.Sprintf("S-%d-2", apptID), Group: "Swab", Label: "NP Swab", ContainerType: ovation.ContainerTypeTube, CollectionDateTime: collected},
			},
			CustomAttributes: ovation.CustomAttributes{"whoopRequisition": whoopID},
		},
		MarkAsSigned: ovation.Ptr(true),
	})
	if err != nil {
		return "", err
	}
	return q.Identifier, nil
}

// awaitReportReady plays the LIMS finishing its workflow (Ovation then sends
// report_ready_for_generation) and waits for that webhook.
func (w *world) awaitReportReady(ctx context.Context, identifier string) (ovation.ID, error) {
	done := make(chan struct{})
	go func() { defer close(done); _, _ = w.ovationFake.ReadyReport(ovationtest.DefaultTemplateID, identifier) }()
	defer func() { <-done }()
	e, err := w.waitOvation(ctx, identifier, ovation.EventTypeReportReadyForGeneration)
	if err != nil {
		return "", err
	}
	return e.ReportID, nil
}

// signReport PUTs the report's content; Ovation signs it and sends report_signed.
func (w *world) signReport(ctx context.Context, identifier string, reportID ovation.ID) error {
	if w.cfg.faults {
		// A PUT is idempotent: retried through a 503 and a connection dropped unread.
		path := "PUT /reports/" + reportID.String() // relative to the fake's URL, as every fault route
		w.ovationFake.Script(
			ovationtest.Fault{Route: path, Status: http.StatusServiceUnavailable},
			ovationtest.Fault{Route: path, Drop: ovationtest.DropBeforeBody},
		)
	}
	pdf := fmt.Appendf(nil, "%%PDF-1.4\n%% synthetic labflow report for %s\n%%%%EOF\n", identifier)
	if _, err := w.ovation.Reports.UploadContent(ctx, reportID, &ovation.ReportUploadParams{RequisitionIdentifier: identifier, Content: pdf}); err != nil {
		return err
	}
	_, err := w.waitOvation(ctx, identifier, ovation.EventTypeReportSigned)
	w.events.close(ovationKey(identifier))
	return err
}

func (w *world) waitOvation(ctx context.Context, identifier string, t ovation.EventType) (*ovation.Event, error) {
	v, err := w.events.wait(ctx, ovationKey(identifier), func(v any) bool { return v.(*ovation.Event).Type == t })
	if err != nil {
		return nil, err
	}
	return v.(*ovation.Event), nil
}
