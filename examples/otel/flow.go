package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"time"

	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/trace"

	"github.com/labwire/labwire/webhook"
	"github.com/labwire/labwire/webhook/dispatch"
	"github.com/labwire/labwire/whoop"
	"github.com/labwire/labwire/whoop/whooptest"
	"github.com/labwire/labwire/workpath"
	"github.com/labwire/labwire/workpath/workpathtest"
)

// scenario is the synthetic data of one run. The test replaces it with canary values and
// checks that none of them reaches a span or a metric.
type scenario struct {
	RequisitionID    string // a UUID: WHOOP's requisition, fetched and confirmed
	ServiceRequestID string // a UUID
	PatientID        string
	PatientName      string
	PatientBirthDate string // YYYY-MM-DD
	AppointmentID    int64  // a Workpath appointment that does not exist: a 404
	ClientSecret     string // the WHOOP partner's client secret
	WebhookSecret    string // the WHOOP partner's webhook signing secret
}

// demoScenario is the synthetic patient of `go run .`.
func demoScenario() scenario {
	return scenario{
		RequisitionID:    "3fa85f64-5717-4562-b3fc-2c963f66afa6",
		ServiceRequestID: "9b2e7c1a-4d5f-4e8a-9c3b-1a2b3c4d5e6f",
		PatientID:        "patient-0001",
		PatientName:      "Jane Synthetic",
		PatientBirthDate: "1980-01-01",
		AppointmentID:    404404,
		ClientSecret:     "example-client-secret",
		WebhookSecret:    "example-webhook-signing-secret",
	}
}

// partnerID is the WHOOP partner's client id in the fake.
const partnerID = "otel-example-lab"

// flowResult is what the flow did, for main's summary and the test's positive checks
// (the data really went through the instrumented code).
type flowResult struct {
	Requisition *whoop.LabRequisition // as fetched, patient included
	Handled     [][]byte              // the raw body of each ProcessFunc call, in order
	Answers     []int                 // the status of each webhook delivery, in order
}

// runFlow runs the example's flow against the fakes, with tp and mp as the providers:
//
//  1. WHOOP: fetch a requisition (the fake answers 503 once: the client retries) and
//     confirm it, under one span of ours ("lab order").
//  2. Workpath: list the services, then read an appointment that does not exist (404).
//  3. A WHOOP webhook handler with WebhookMetrics receives five deliveries: a requisition
//     created, the same again (duplicate), a review request that fails once (retried,
//     then completed), a forged one (refused, 401) and an unknown event type (dead-lettered).
//
// It writes one line per step to w: metadata only.
func runFlow(ctx context.Context, tp trace.TracerProvider, mp metric.MeterProvider, sc scenario, w io.Writer) (*flowResult, error) {
	res := &flowResult{}
	tracing := ClientTracing(tp)

	// 1. WHOOP, through its fake.
	wfake, err := whooptest.NewServer(whooptest.WithPartner(whooptest.Partner{
		ClientID: partnerID, ClientSecret: sc.ClientSecret, WebhookSecret: sc.WebhookSecret,
	}))
	if err != nil {
		return nil, err
	}
	defer wfake.Close()
	patient, err := json.Marshal(map[string]string{"id": sc.PatientID, "name": sc.PatientName, "birth_date": sc.PatientBirthDate})
	if err != nil {
		return nil, err
	}
	if _, err := wfake.AddRequisition(partnerID, whooptest.LabRequisition{
		ID: sc.RequisitionID, Patient: patient,
		ServiceRequests: []whooptest.ServiceRequest{{ID: sc.ServiceRequestID, Code: "LIPID_PANEL"}},
	}); err != nil {
		return nil, err
	}
	wc, err := whoop.NewClient(
		whoop.WithBaseURL(wfake.URL),
		whoop.WithClientCredentials(partnerID, sc.ClientSecret),
		whoop.WithRetryWait(time.Millisecond, 20*time.Millisecond),
		whoop.WithMiddleware(tracing),
	)
	if err != nil {
		return nil, err
	}

	// 2. Workpath, through its fake, with the same middleware.
	pfake, err := workpathtest.NewServer()
	if err != nil {
		return nil, err
	}
	defer pfake.Close()
	pc, err := workpath.NewClient(
		workpath.WithBaseURL(pfake.URL),
		workpath.WithClientCredentials(workpathtest.DefaultAPIKey, workpathtest.DefaultAPIPassword, workpath.TokenAuthBasic),
		workpath.WithMiddleware(tracing),
	)
	if err != nil {
		return nil, err
	}

	wfake.Script(whooptest.Fault{Route: whooptest.RouteGetRequisition, Status: http.StatusServiceUnavailable})
	if err := labOrder(ctx, tp.Tracer(instrumentationName), wc, pc, sc, w, res); err != nil {
		return nil, err
	}

	// 3. WHOOP webhooks, observed by WebhookMetrics.
	if err := receiveWebhooks(ctx, mp, sc, w, res); err != nil {
		return nil, err
	}
	return res, nil
}

// labOrder makes the vendor calls of one lab order under a span of ours, "lab order": the
// client spans, one per attempt, are its children.
func labOrder(ctx context.Context, tracer trace.Tracer, wc *whoop.Client, pc *workpath.Client, sc scenario, w io.Writer, res *flowResult) (err error) {
	ctx, span := tracer.Start(ctx, "lab order")
	defer func() {
		if err != nil {
			span.SetStatus(codes.Error, "")
		}
		span.End()
	}()

	res.Requisition, err = wc.Requisitions.Get(ctx, sc.RequisitionID)
	if err != nil {
		return fmt.Errorf("whoop: get requisition: %w", err)
	}
	fmt.Fprintf(w, "whoop: requisition fetched (%d service request(s)) after a 503 and a retry\n", len(res.Requisition.ServiceRequests))
	if err := wc.Requisitions.UpdateStatus(ctx, sc.RequisitionID, &whoop.RequisitionUpdateStatusParams{
		TaskBusinessStatus: whoop.TaskBusinessStatusOrderConfirmed,
	}); err != nil {
		return fmt.Errorf("whoop: confirm requisition: %w", err)
	}
	fmt.Fprintln(w, "whoop: requisition confirmed (ORDER_CONFIRMED)")

	services, err := pc.Services.List(ctx)
	if err != nil {
		return fmt.Errorf("workpath: list services: %w", err)
	}
	fmt.Fprintf(w, "workpath: %d service(s) listed\n", len(services))
	if _, err := pc.Appointments.Get(ctx, sc.AppointmentID); !errors.Is(err, workpath.ErrNotFound) {
		return fmt.Errorf("workpath: get appointment: want a 404, got %v", err)
	}
	fmt.Fprintln(w, "workpath: appointment not found (404), as planned")
	return nil
}

// receiveWebhooks runs a WHOOP webhook handler with WebhookMetrics on loopback and sends it
// the five deliveries runFlow describes, then waits until every event is done.
func receiveWebhooks(ctx context.Context, mp metric.MeterProvider, sc scenario, w io.Writer, res *flowResult) error {
	metrics, err := NewWebhookMetrics(mp)
	if err != nil {
		return err
	}
	verifier, err := whoop.NewWebhookVerifier([]string{sc.WebhookSecret})
	if err != nil {
		return err
	}
	var mu sync.Mutex
	reviews := 0
	handle := func(_ context.Context, e *whoop.Event) error {
		mu.Lock()
		defer mu.Unlock()
		res.Handled = append(res.Handled, bytes.Clone(e.RawJSON()))
		switch e.Type {
		case whoop.EventTypeLabRequisitionCreated:
			return nil
		case whoop.EventTypeClinicalReportReviewRequested:
			if reviews++; reviews == 1 {
				return errors.New("review queue unavailable") // retried
			}
			return nil
		default:
			return dispatch.Permanent(errors.New("unknown event type")) // dead-lettered
		}
	}
	h, err := whoop.NewWebhookHandler(verifier, handle,
		dispatch.WithObserver(metrics),
		dispatch.WithSource("whoop"),
		dispatch.WithEventType(whoopEventType),
		dispatch.WithRetries(3, time.Millisecond, 10*time.Millisecond),
		dispatch.WithWorkers(1),
	)
	if err != nil {
		return err
	}
	// On an early return: stop the workers once the server is closed (safe to call twice).
	defer h.Shutdown(context.WithoutCancel(ctx))
	srv := httptest.NewServer(h)
	defer srv.Close()

	event := func(typ string) []byte {
		// WHOOP sends event_type and resource_id; the patient member stands for PHI a sender
		// might add: the handler tolerates it, and nothing of it reaches the telemetry.
		b, _ := json.Marshal(map[string]any{
			"event_type": typ, "resource_id": sc.RequisitionID,
			"patient": map[string]string{"name": sc.PatientName, "birth_date": sc.PatientBirthDate},
		})
		return b
	}
	created := event(string(whoop.EventTypeLabRequisitionCreated))
	deliveries := []struct {
		what   string
		body   []byte
		secret string
	}{
		{"lab_requisition.created", created, sc.WebhookSecret},
		{"the same delivery again (duplicate)", created, sc.WebhookSecret},
		{"clinical_report_review.requested (fails once)", event(string(whoop.EventTypeClinicalReportReviewRequested)), sc.WebhookSecret},
		{"a forged delivery", event(string(whoop.EventTypeLabRequisitionCreated)), "not-the-signing-secret"},
		{"an unknown event type", event("lab_result.amended"), sc.WebhookSecret},
	}
	for _, d := range deliveries {
		status, err := deliver(ctx, srv.Client(), srv.URL, d.body, d.secret)
		if err != nil {
			return fmt.Errorf("webhook: %s: %w", d.what, err)
		}
		res.Answers = append(res.Answers, status)
		fmt.Fprintf(w, "webhook: %s answered %d\n", d.what, status)
	}
	if err := h.WaitIdle(ctx); err != nil {
		return err
	}
	fmt.Fprintln(w, "webhook: every event done")
	return h.Shutdown(ctx)
}

// whoopEventType names a WHOOP event for the metrics: one of the documented types,
// "unknown" or "invalid". A type read from the body is the sender's free text: naming it
// as it is would let any sender create series at will.
func whoopEventType(body []byte) string {
	e, err := whoop.ParseEvent(body)
	switch {
	case err != nil:
		return "invalid"
	case !e.Type.IsKnown():
		return "unknown"
	}
	return string(e.Type)
}

// deliver POSTs body to url signed as WHOOP signs (WHOOP-Signed: hex HMAC-SHA256 of the body)
// with secret, and returns the status.
func deliver(ctx context.Context, hc *http.Client, url string, body []byte, secret string) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(whoop.SignatureHeader, webhook.SignBody(secret, body))
	resp, err := hc.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, nil
}
