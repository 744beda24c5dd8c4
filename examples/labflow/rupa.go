package main

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/labwire/labwire/rupa"
	"github.com/labwire/labwire/rupa/rupatest"
	"github.com/labwire/labwire/webhook"
	"github.com/labwire/labwire/webhook/dispatch"
)

// The practitioner platform's side of Rupa: Rupa's signing scheme is not public, so the
// platform and "Rupa" (the fake's sender) agree on a timestamped HMAC here.
const (
	rupaSignatureHeader = "Rupa-Signature"
	rupaWebhookSecret   = "labflow-rupa-webhook-secret"
)

// rupaTestsPerOrder is how many ordered tests each Rupa order has.
const rupaTestsPerOrder = 2

// setupRupa starts the Rupa fake, connects the platform's practitioner (authorization
// code exchanged for a token, as after the consent redirect), and mounts the platform's
// webhook route.
func (w *world) setupRupa(ctx context.Context, mux *http.ServeMux) error {
	fake, err := rupatest.NewServer()
	if err != nil {
		return err
	}
	w.rupaFake = fake
	st := w.stats.calls[vendorRupa]
	oauth, err := rupa.NewAuthCodeFlow(rupa.AuthCodeFlowConfig{
		ClientID: rupatest.DefaultClientID, ClientSecret: rupatest.DefaultClientSecret,
		RedirectURL: rupatest.DefaultRedirectURL, TokenURL: fake.TokenURL(),
	})
	if err != nil {
		return err
	}
	code, err := fake.AuthorizeCode(rupatest.DefaultPractitionerID)
	if err != nil {
		return err
	}
	tok, err := oauth.Exchange(ctx, &rupa.ExchangeParams{Code: code})
	if err != nil {
		return fmt.Errorf("exchanging the practitioner's code: %w", err)
	}
	w.rupa, err = oauth.NewClient(tok, nil,
		rupa.WithBaseURL(fake.URL),
		rupa.WithMiddleware(st.middleware),
		rupa.WithLogger(st.logger()),
		rupa.WithMaxRetries(maxRetries),
		rupa.WithRetryWait(w.cfg.retryMin, w.cfg.retryMax),
		rupa.WithAppInfo("labflow", "1"),
	)
	if err != nil {
		return err
	}
	if w.cfg.faults {
		for range (w.cfg.orders + 3) / 4 {
			fake.Script(rupatest.Fault{Route: rupatest.RouteCreateOrderIntent, Status: http.StatusTooManyRequests, RetryAfter: "1"})
		}
	}
	w.rupaSender, err = rupatest.NewSender(rupatest.SignTimestampedHMAC(rupaSignatureHeader, rupaWebhookSecret), w.webhookClient(), nil)
	if err != nil {
		return err
	}
	v, err := webhook.NewTimestampedHMAC(rupaSignatureHeader, []string{rupaWebhookSecret})
	if err != nil {
		return err
	}
	opts, err := w.hookOptions(vendorRupa)
	if err != nil {
		return err
	}
	w.platform = &platform{
		clinics: map[string][]string{rupatest.DefaultClinicID: {rupatest.DefaultPractitionerID}},
		synced:  map[syncKey]syncedResult{},
		hooks:   w.stats.hooks[vendorRupa],
		events:  w.events,
	}
	h, err := rupa.NewWebhookHandler(v, rupa.EventRouter{OrderNewResult: w.platform.orderNewResult}.Dispatch, opts...)
	if err != nil {
		return err
	}
	w.handlers = append(w.handlers, h)
	w.rupaHookURL = w.route(mux, vendorRupa, h)
	return nil
}

func rupaKey(orderID string) string { return "rupa:" + orderID }

// platform is the practitioner platform: its practitioners by clinic id (configuration:
// Rupa's practitioner endpoint is not public) and the results it has synced, one entry per
// practitioner and ordered test.
type platform struct {
	clinics map[string][]string
	hooks   *hookStats
	events  *mailbox

	mu      sync.Mutex
	synced  map[syncKey]syncedResult
	applied int // results stored or updated
}

type syncKey struct{ practitioner, orderedTest string }

// syncedResult is the result stored for one key: the created_at of the event it came in
// and what identifies its content.
type syncedResult struct {
	at      time.Time
	version string
}

// resultVersion identifies an ordered test's results: its files as Rupa sent them and
// when the lab's results reached Rupa. A redelivered or repeated result has the same.
func resultVersion(t *rupa.OrderedTest) string {
	a := t.Attributes
	v := string(a.ResultsPDF.RawJSON()) + "|" + string(a.ResultsHL7.RawJSON())
	if a.DateResultsReceivedFromLab != nil {
		v += "|" + a.DateResultsReceivedFromLab.UTC().Format(time.RFC3339Nano)
	}
	return v
}

// orderNewResult matches the order to the platform's practitioners by clinic and stores
// each ordered test's results once; an older event than the one applied is ignored.
func (p *platform) orderNewResult(_ context.Context, n *rupa.OrderNewResult) error {
	p.hooks.processed.Add(1)
	clinic, err := n.ClinicID()
	if err != nil {
		return dispatch.Permanent(err) // a missing link does not appear on a retry
	}
	synced := 0
	p.mu.Lock()
	for _, pra := range p.clinics[clinic] {
		for _, t := range n.OrderedTests {
			if !t.Attributes.HasResults() {
				continue
			}
			k := syncKey{pra, t.ID}
			v := syncedResult{at: n.Event.CreatedAt, version: resultVersion(t)}
			// Store a result once; store it again only when it changed, and never let an
			// older event overwrite a newer one (Rupa's events can arrive out of order).
			if last, ok := p.synced[k]; !ok || (v.version != last.version && !v.at.Before(last.at)) {
				p.synced[k] = v
				p.applied++
			}
			synced++
		}
	}
	p.mu.Unlock()
	return p.events.post(rupaKey(n.Order.ID), synced)
}

// syncedCount returns how many (practitioner, ordered test) results are stored.
func (p *platform) syncedCount() (results, applied int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.synced), p.applied
}

// createOrderIntent is the platform's practitioner putting the second order's tests in a
// Rupa cart.
func (w *world) createOrderIntent(ctx context.Context, i int) (string, error) {
	oi, err := w.rupa.OrderIntents.Create(ctx, &rupa.OrderIntentCreateParams{
		PatientData: &rupa.PatientData{FirstName: "Testa", LastName: "Rossi", Email: fmt.Sprintf("testa+%d@example.test", i)},
		ReturnURL:   "https://platform.example.test/rupa/done",
		Metadata:    map[string]any{"labflow_order": i + 1},
	})
	if err != nil {
		return "", err
	}
	return oi.ID, nil
}

// deliverResults plays Rupa: the order's first result arrives, then the second; each
// arrives as order.new_result, signed, to the platform's URL. It waits until the platform
// has synced both.
func (w *world) deliverResults(ctx context.Context, i int, intentID string) (int, error) {
	orderID := fmt.Sprintf("ord_labflow%05d", i+1)
	tests := make([]rupatest.OrderedTest, rupaTestsPerOrder)
	for j := range tests {
		tests[j] = rupatest.OrderedTest{ID: fmt.Sprintf("ordts_lf%05d%d", i+1, j), LabTestID: fmt.Sprintf("labts_lf%d", j)}
	}
	order := rupatest.Order{ID: orderID, PatientID: fmt.Sprintf("pat_lf%05d", i+1), OrderIntentID: intentID, Tests: tests}
	var b rupatest.EventBuilder
	key := rupaKey(orderID)
	defer w.events.close(key)
	sent := 0
	for j := range tests {
		order.Tests[j].ResultsPDF = fmt.Sprintf("https://results.example.test/%s.pdf", tests[j].ID)
		order.Tests[j].ResultsReceived = time.Now().UTC()
		status, err := w.rupaSender.Send(ctx, w.rupaHookURL, b.OrderNewResult(order))
		if err != nil {
			return sent, err
		}
		if status/100 != 2 {
			return sent, fmt.Errorf("the platform answered %d", status)
		}
		sent++
		if _, err := w.events.wait(ctx, key, func(v any) bool { return v.(int) == j+1 }); err != nil {
			return sent, err
		}
	}
	return sent, nil
}
