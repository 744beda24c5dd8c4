package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/labwire/labwire/whoop"
	"github.com/labwire/labwire/whoop/whooptest"
)

// testConfig is a run with short waits: the clients' backoff starts at a millisecond (the
// faults' Retry-After of 1 s is still honoured) and the webhook handlers' retries too.
func testConfig(orders int, faults bool, out io.Writer) config {
	cfg := defaultConfig(out)
	cfg.orders, cfg.faults = orders, faults
	cfg.retryMin, cfg.retryMax = time.Millisecond, 1500*time.Millisecond
	cfg.hookRetryMin, cfg.hookRetryMax = time.Millisecond, 10*time.Millisecond
	return cfg
}

// startWorld builds a world for a test; the test closes it after its assertions on the
// fakes.
func startWorld(t *testing.T, cfg config) (*world, context.Context) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	t.Cleanup(cancel)
	w, err := newWorld(ctx, cfg)
	require.NoError(t, err)
	return w, ctx
}

// TestOrdersCompleteUnderFaults runs labflow's core with faults on: every order reaches
// FULL_RESULTS_READY, each service request got exactly one partial and one final report
// (counted by the WHOOP fake), every status was set once, every scripted fault was met,
// and every webhook was delivered twice and processed once.
func TestOrdersCompleteUnderFaults(t *testing.T) {
	t.Parallel()
	const orders = 6
	w, ctx := startWorld(t, testConfig(orders, true, io.Discard))
	res := w.run(ctx)
	require.Zero(t, res.failed, "failed orders: %v", res.errs)

	// WHOOP, on the fake's side.
	ids := w.whoopFake.RequisitionIDs(whooptest.DefaultClientID)
	require.Len(t, ids, orders)
	for _, id := range ids {
		req, ok := w.whoopFake.Requisition(id)
		require.True(t, ok)
		require.Len(t, req.ServiceRequests, 2)
		for _, sr := range req.ServiceRequests {
			got, _ := w.whoopFake.ServiceRequest(sr.ID)
			assert.Equal(t, whooptest.TaskBusinessStatusFullResultsReady, got.TaskBusinessStatus, sr.ID)
			assert.Equal(t, whooptest.ServiceRequestStatusCompleted, got.Status, sr.ID)
			var reports []whooptest.ReportStatus
			for _, r := range w.whoopFake.Results(sr.ID) {
				reports = append(reports, r.Status)
			}
			assert.Equal(t, []whooptest.ReportStatus{whooptest.ReportStatusPartial, whooptest.ReportStatusFinal}, reports,
				"service request %s: one partial and one final report, never twice", sr.ID)
			var changes []whooptest.TaskBusinessStatus
			for _, c := range w.whoopFake.StatusChanges(sr.ID) {
				changes = append(changes, c.TaskBusinessStatus)
			}
			assert.Equal(t, []whooptest.TaskBusinessStatus{
				whooptest.TaskBusinessStatusOrderConfirmed, whooptest.TaskBusinessStatusAppointmentAttended,
				whooptest.TaskBusinessStatusPartialResultsReady, whooptest.TaskBusinessStatusFullResultsReady,
			}, changes, "service request %s", sr.ID)
		}
	}
	checked, wrong := w.checkSubmissions()
	assert.Equal(t, 2*orders, checked)
	assert.Empty(t, wrong)

	// Two PATCHes per order had an unknown outcome (a 503 and a lost answer); both were
	// settled by reading back.
	assert.EqualValues(t, 2*orders, w.stats.reconciled.Load())

	// Every scripted fault was met.
	assert.Empty(t, w.whoopFake.PendingFaults(), "whoop")
	assert.Empty(t, w.workpathFake.PendingFaults(), "workpath")
	assert.Empty(t, w.ovationFake.PendingFaults(), "ovation")
	assert.Empty(t, w.rupaFake.PendingFaults(), "rupa")

	// Webhooks: each sent twice, processed once. The senders' own records count distinct
	// deliveries (the duplicate is made under them, by the delivering HTTP client).
	workpathSent := len(w.workpathFake.Deliveries())
	ovationSent := len(w.ovationFake.Deliveries())
	assert.Equal(t, 7*orders, workpathSent, "workpath: create and six status changes per appointment")
	if !assert.Equal(t, 2*orders, ovationSent, "ovation: report_ready_for_generation and report_signed per requisition") {
		for _, d := range w.ovationFake.Deliveries() {
			t.Logf("ovation delivery %d %s %d %s", d.EventID, d.EventType, d.Status, d.Body)
		}
	}
	for vendor, sent := range map[string]int{
		vendorWHOOP: orders, vendorWorkpath: workpathSent, vendorOvation: ovationSent, vendorRupa: rupaTestsPerOrder * orders,
	} {
		h := w.stats.hooks[vendor]
		assert.EqualValues(t, sent, h.processed.Load(), "%s: processed once each", vendor)
		assert.EqualValues(t, sent, h.duplicates.Load(), "%s: every duplicate dropped", vendor)
		assert.EqualValues(t, 2*sent, h.received.Load(), "%s: every delivery made twice", vendor)
		assert.Zero(t, h.dead.Load(), "%s: nothing dead-lettered", vendor)
	}
	for _, d := range w.ovationFake.Deliveries() {
		assert.Equal(t, 200, d.Status, "ovation delivery %d", d.EventID)
	}

	// Rupa: each ordered test's result synced once for the clinic's practitioner.
	results, applied := w.platform.syncedCount()
	assert.Equal(t, rupaTestsPerOrder*orders, results)
	assert.Equal(t, rupaTestsPerOrder*orders, applied)
	assert.Len(t, w.rupaFake.OrderIntents(), orders)

	// The clients retried (429s, 5xx, drops) on every vendor.
	for _, v := range vendors {
		assert.Positive(t, w.stats.calls[v].retries.Load(), v)
	}
	// The summary labels those failed PATCHes expected, and nothing else failed.
	var summary bytes.Buffer
	w.summary(&summary, res)
	assert.Contains(t, summary.String(), fmt.Sprintf("failed calls: %d (expected: writes with an unknown outcome", 2*orders))
	assert.Contains(t, summary.String(), "faults on")

	// Every order went through every step.
	counts := w.prog.stepCounts()
	for _, k := range orderSteps {
		assert.Equal(t, orders, counts[k], k)
	}
	require.NoError(t, w.close(context.WithoutCancel(ctx)))
}

// TestOneOrderOutput runs the command's core for one order without faults and checks the
// plain-line timeline and the summary.
func TestOneOrderOutput(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	require.NoError(t, run(t.Context(), testConfig(1, false, &out)))
	text := out.String()
	for _, want := range []string{
		"labflow: 1 order, faults off; ",
		"lab_requisition.created received, signature verified: requisition ",
		"requisition fetched: 2 service requests (LIPID_PANEL, CBC)",
		"service requests confirmed: ORDER_CONFIRMED",
		"home draw booked (intake published as appointment): appointment ",
		"specialist visit, appointment webhooks to Complete: 7 webhooks",
		"service requests marked attended: APPOINTMENT_ATTENDED",
		"requisition created in the LIMS with 2 samples: requisition REQ-",
		"report_ready_for_generation received: report ",
		"report content PUT, report_signed received",
		"partial results submitted: 2 observations, PARTIAL_RESULTS_READY",
		"full results submitted: 5 observations, FULL_RESULTS_READY",
		"order intent created by the practitioner (OAuth): ordin_",
		"order.new_result events synced by clinic: 2 results",
		"failed calls: 0\n",
		"1 of 1 orders complete in ",
		"WHOOP fake: 2 service requests, 2 with exactly one partial and one final report at FULL_RESULTS_READY",
	} {
		assert.Contains(t, text, want)
	}
	assert.NotContains(t, text, "\x1b[", "no terminal escapes when the output is not a terminal")
	assert.Regexp(t, `requisition [0-9a-f]{8}… `, text, "a UUID is shown short")
	// The summary's WHOOP line: 14 calls, all first attempts (the token request, the GET of
	// the requisition, and per service request four status PATCHes and two results POSTs),
	// no retries, one webhook received and processed.
	assert.Regexp(t, `(?m)^whoop\s+14\s+14\s+0\s+0\s+1\s+0\s+1$`, text)
	// Nothing that names the synthetic patients is printed.
	for _, name := range []string{"Testy", "McTestface", "Testa", "Rossi", "example.test"} {
		assert.NotContains(t, text, name)
	}
}

// TestProgressRedrawsInPlace checks the terminal mode: the block is drawn, then redrawn
// over itself with the cursor moved up and each line cleared.
func TestProgressRedrawsInPlace(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	p := newProgress(&out, true, 1)
	end := p.begin(0, vendorWHOOP, "k1", "first step")
	p.draw()
	assert.Contains(t, out.String(), " … ")
	assert.NotContains(t, out.String(), "\x1b[1A", "nothing to move over on the first draw")
	end("done")
	p.begin(0, vendorOvation, "k2", "second step")
	out.Reset()
	p.draw()
	got := out.String()
	assert.True(t, strings.HasPrefix(got, "\x1b[1A"), "moves up over the one line drawn before: %q", got)
	assert.Equal(t, 2, strings.Count(got, "\x1b[2K"), "clears each line it writes")
	assert.Contains(t, got, " ✓ ")
	assert.Contains(t, got, "first step: done")
	assert.Equal(t, []string{"k1", "k2"}, p.stepKeys())
	assert.True(t, slices.Contains(p.table(), p.aggLine("k1")))
}

// TestCheckSubmissionsFindsADuplicate submits a report twice on the fake's side and checks
// that the command's own check reports it.
func TestCheckSubmissionsFindsADuplicate(t *testing.T) {
	t.Parallel()
	w, ctx := startWorld(t, testConfig(1, false, io.Discard))
	res := w.run(ctx)
	require.Zero(t, res.failed, "%v", res.errs)
	checked, wrong := w.checkSubmissions()
	require.Equal(t, 2, checked)
	require.Empty(t, wrong)

	id := w.whoopFake.RequisitionIDs(whooptest.DefaultClientID)[0]
	req, _ := w.whoopFake.Requisition(id)
	sr := req.ServiceRequests[1]
	require.NoError(t, w.submitOnce(ctx, sr.ID)) // a second final report, as a blind retry would send
	_, wrong = w.checkSubmissions()
	require.Len(t, wrong, 1)
	assert.Contains(t, wrong[0], sr.ID)
	assert.Contains(t, wrong[0], "3 reports")
	require.NoError(t, w.close(context.WithoutCancel(ctx)))
}

// submitOnce sends one more final report for a service request, for tests.
func (w *world) submitOnce(ctx context.Context, id string) error {
	return w.whoop.ServiceRequests.SubmitResults(ctx, id, &whoop.ServiceRequestSubmitResultsParams{
		Status: whoop.DiagnosticReportStatusFinal, Observations: resultsFor("CBC", whoop.DiagnosticReportStatusFinal),
	})
}

// TestProgressCountsEverySecond checks the plain display of several orders: a count at least
// every tick from the first on, even before any order is done, and one at each tenth of the
// orders done, never a gap longer than a tick (synctest's clock: no real waiting).
func TestProgressCountsEverySecond(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		var out bytes.Buffer
		p := newProgress(&out, false, 10)
		stop, ran := make(chan struct{}), make(chan struct{})
		go func() { p.run(stop, time.Second); close(ran) }()

		end := p.begin(0, vendorWHOOP, stepCreated, "first step")
		time.Sleep(1500 * time.Millisecond)
		end("done")
		p.orderDone(nil) // 1 of 10: a tenth
		time.Sleep(2 * time.Second)
		close(stop)
		<-ran

		assert.Equal(t, []string{
			"  +1.00s   0/10 orders done, 0 failed; 0/130 steps",
			"  +1.50s   1/10 orders done, 0 failed; 1/130 steps",
			"  +2.50s   1/10 orders done, 0 failed; 1/130 steps",
			"  +3.50s   1/10 orders done, 0 failed; 1/130 steps",
		}, strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n"))
	})
}

// TestFailedCallsLabelled checks the summary's line on failed calls: the failures of writes
// settled by reading back are labelled expected, any other is counted as unexpected.
func TestFailedCallsLabelled(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "failed calls: 0", failedCalls(0, 0))
	assert.Equal(t, "failed calls: 400 (expected: writes with an unknown outcome, each settled by reading back)", failedCalls(400, 400))
	assert.Equal(t, "failed calls: 3, 1 of them unexpected (2 expected: writes with an unknown outcome, each settled by reading back)", failedCalls(3, 2))
}

func TestShortID(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "874b4923…", shortID("874b4923-168a-4823-8ffd-dae4109a2199"))
	for _, id := range []string{"REQ-26357", "10004", "ordin_hsXRiW2", ""} {
		assert.Equal(t, id, shortID(id))
	}
}
