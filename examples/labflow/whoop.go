package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/labwire/labwire/whoop"
	"github.com/labwire/labwire/whoop/whooptest"
)

// setupWHOOP starts the WHOOP fake, the lab's WHOOP client and its webhook route.
func (w *world) setupWHOOP(mux *http.ServeMux) error {
	fake, err := whooptest.NewServer(whooptest.WithWebhookClient(w.webhookClient()))
	if err != nil {
		return err
	}
	w.whoopFake = fake
	st := w.stats.calls[vendorWHOOP]
	w.whoop, err = whoop.NewClient(
		whoop.WithBaseURL(fake.URL),
		whoop.WithClientCredentials(whooptest.DefaultClientID, whooptest.DefaultClientSecret),
		whoop.WithMiddleware(st.middleware),
		whoop.WithLogger(st.logger()),
		whoop.WithMaxRetries(maxRetries),
		whoop.WithRetryWait(w.cfg.retryMin, w.cfg.retryMax),
		whoop.WithAppInfo("labflow", "1"),
	)
	if err != nil {
		return err
	}
	v, err := whoop.NewWebhookVerifier([]string{whooptest.DefaultWebhookSecret})
	if err != nil {
		return err
	}
	opts, err := w.hookOptions(vendorWHOOP)
	if err != nil {
		return err
	}
	hs := w.stats.hooks[vendorWHOOP]
	h, err := whoop.NewWebhookHandler(v, func(ctx context.Context, e *whoop.Event) error {
		hs.processed.Add(1)
		if e.Type != whoop.EventTypeLabRequisitionCreated {
			return nil
		}
		return w.events.post(whoopKey(e.ResourceID), e)
	}, opts...)
	if err != nil {
		return err
	}
	w.handlers = append(w.handlers, h)
	return fake.SetWebhookURL(whooptest.DefaultClientID, w.route(mux, vendorWHOOP, h))
}

func whoopKey(requisitionID string) string { return "whoop:" + requisitionID }

// newWHOOPOrder plays WHOOP: a member orders two tests, WHOOP stores the requisition and
// (in the order's first step) sends lab_requisition.created.
func (w *world) newWHOOPOrder() (whooptest.LabRequisition, error) {
	req, err := w.whoopFake.AddRequisition(whooptest.DefaultClientID, whooptest.LabRequisition{
		ServiceRequests: []whooptest.ServiceRequest{
			{Code: "LIPID_PANEL", TaskDescription: "Fasting lipid panel"},
			{Code: "CBC", TaskDescription: "Complete blood count"},
		},
	})
	if err != nil {
		return req, err
	}
	if w.cfg.faults {
		w.scriptWHOOPFaults(req)
	}
	return req, nil
}

// scriptWHOOPFaults queues this order's faults on its own paths, so that concurrent orders
// do not take each other's and no call meets more than its retry budget.
func (w *world) scriptWHOOPFaults(req whooptest.LabRequisition) {
	sr1, sr2 := req.ServiceRequests[0].ID, req.ServiceRequests[1].ID
	w.whoopFake.Script(
		// A read is retried through 5xx and dropped connections.
		whooptest.Fault{Route: "GET /v2/partner/requisition/" + req.ID, Status: http.StatusInternalServerError},
		whooptest.Fault{Route: "GET /v2/partner/requisition/" + req.ID, Drop: whooptest.DropAfterHandler},
		// A write answered 503 is not retried (WHOOP may have applied it): the lab reads the
		// service request back before writing again.
		whooptest.Fault{Route: "PATCH /v2/partner/service-request/" + sr1 + "/status", Status: http.StatusServiceUnavailable},
		// A write applied whose answer was lost: the read-back shows it done.
		whooptest.Fault{Route: "PATCH /v2/partner/service-request/" + sr2 + "/status", Drop: whooptest.DropAfterHandler},
		// A 429 is retried for every method, after its Retry-After.
		whooptest.Fault{Route: "POST /v2/partner/service-request/" + sr1 + "/results", Status: http.StatusTooManyRequests, RetryAfter: "1"},
	)
}

// receiveRequisition sends lab_requisition.created from the fake and waits until the
// lab's handler verified and processed it.
func (w *world) receiveRequisition(ctx context.Context, id string) error {
	status, err := w.whoopFake.SendWebhook(ctx, whooptest.DefaultClientID, "", whooptest.Event{Type: whooptest.EventLabRequisitionCreated, ResourceID: id})
	if err != nil {
		return err
	}
	if status != http.StatusNoContent {
		return fmt.Errorf("the receiver answered %d, WHOOP expects 204", status)
	}
	_, err = w.events.wait(ctx, whoopKey(id), nil)
	w.events.close(whoopKey(id))
	return err
}

// setStatuses moves every service request of the requisition to st.
func (w *world) setStatuses(ctx context.Context, req *whoop.LabRequisition, st whoop.TaskBusinessStatus) error {
	for _, sr := range req.ServiceRequests {
		if err := w.setStatus(ctx, sr.ID, st); err != nil {
			return fmt.Errorf("service request %s to %s: %w", sr.ID, st, err)
		}
	}
	return nil
}

// setStatus moves one service request to st. When the outcome of the PATCH is unknown
// (a 5xx or a lost answer: the client never retries a write it may have delivered), it
// reads the service request back and sends the PATCH again only if it did not apply.
func (w *world) setStatus(ctx context.Context, id string, st whoop.TaskBusinessStatus) error {
	p := &whoop.ServiceRequestUpdateStatusParams{TaskBusinessStatus: st}
	_, err := w.whoop.ServiceRequests.UpdateStatus(ctx, id, p)
	if !errors.Is(err, whoop.ErrOutcomeUnknown) {
		return err
	}
	w.stats.reconciled.Add(1)
	got, gerr := w.whoop.ServiceRequests.Get(ctx, id)
	if gerr != nil {
		return errors.Join(err, gerr)
	}
	if got.TaskBusinessStatus == st {
		return nil
	}
	_, err = w.whoop.ServiceRequests.UpdateStatus(ctx, id, p)
	return err
}

// submitResults submits one report per service request. A submission whose outcome is
// unknown is not sent again: WHOOP has no idempotency key and no route to read reports
// back, so a second POST could create a second report. The order then stops with an
// error that says so (the faults labflow scripts on this route are 429s, which the client
// retries safely).
func (w *world) submitResults(ctx context.Context, req *whoop.LabRequisition, status whoop.DiagnosticReportStatus) (int, error) {
	n := 0
	for _, sr := range req.ServiceRequests {
		obs := resultsFor(sr.Code, status)
		err := w.whoop.ServiceRequests.SubmitResults(ctx, sr.ID, &whoop.ServiceRequestSubmitResultsParams{Status: status, Observations: obs})
		if errors.Is(err, whoop.ErrOutcomeUnknown) {
			return n, fmt.Errorf("service request %s: %s results may or may not have been recorded; check with WHOOP before submitting again: %w", sr.ID, status, err)
		}
		if err != nil {
			return n, fmt.Errorf("service request %s: %w", sr.ID, err)
		}
		n += len(obs)
	}
	return n, nil
}

// syntheticResults are made-up results per test code: the first observation goes in the
// partial report, all of them in the final one.
var syntheticResults = map[string][]whoop.Observation{
	"LIPID_PANEL": {
		{Code: "TOTAL_CHOLESTEROL", ValueNumeric: whoop.MustParseDecimal("185"), Unit: "mg/dL"},
		{Code: "HDL", ValueNumeric: whoop.MustParseDecimal("52"), Unit: "mg/dL"},
		{Code: "LDL", ValueNumeric: whoop.MustParseDecimal("110"), Unit: "mg/dL"},
	},
	"CBC": {
		{Code: "WBC", ValueNumeric: whoop.MustParseDecimal("6.10"), Unit: "10^3/uL"},
		{Code: "HGB", ValueNumeric: whoop.MustParseDecimal("14.2"), Unit: "g/dL"},
	},
}

func resultsFor(code string, status whoop.DiagnosticReportStatus) []whoop.Observation {
	all, ok := syntheticResults[code]
	if !ok {
		all = []whoop.Observation{{Code: "RESULT", ValueText: whoop.Ptr("Not detected")}}
	}
	obsStatus, obs := whoop.ObservationStatusFinal, all
	if status == whoop.DiagnosticReportStatusPartial {
		obsStatus, obs = whoop.ObservationStatusPreliminary, all[:1]
	}
	out := make([]whoop.Observation, len(obs))
	for i, o := range obs {
		o.Status = obsStatus
		out[i] = o
	}
	return out
}
