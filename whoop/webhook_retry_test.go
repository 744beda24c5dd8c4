package whoop_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/labwire/labwire/internal/dispatchtest"
	"github.com/labwire/labwire/internal/wiretest"
	"github.com/labwire/labwire/webhook"
	"github.com/labwire/labwire/webhook/dispatch"
	"github.com/labwire/labwire/whoop"
	"github.com/labwire/labwire/whoop/whooptest"
)

// retryCanary is patient data planted in the requisition, the results and the handler's
// errors: no log line or dead-letter error may show it.
const retryCanary = "CANARY-Whoop-Patient-Retry"

// retryWorld is a WHOOP fake with one requisition of one service request, a client on it,
// and a receiver URL running whoop.NewWebhookHandler with handle, fast retries, a dead
// letter and a logger.
type retryWorld struct {
	srv    *whooptest.Server
	client *whoop.Client
	req    whooptest.LabRequisition
	h      *dispatch.Handler
	inbox  *dispatch.MemoryInbox
	url    string
	dead   *dispatchtest.DeadLetters
	logs   *wiretest.Logs
}

func newRetryWorld(t *testing.T, mode dispatchtest.DeliveryMode, handle func(w *retryWorld, ctx context.Context, e *whoop.Event) error) *retryWorld {
	t.Helper()
	w := &retryWorld{srv: whooptest.Start(t), dead: &dispatchtest.DeadLetters{}}
	var err error
	w.req, err = w.srv.AddRequisition(whooptest.DefaultClientID, whooptest.LabRequisition{
		Patient:         []byte(`{"id":"569250ea-0a6b-49ab-804b-13cf486aacc7","first_name":"` + retryCanary + `"}`),
		ServiceRequests: []whooptest.ServiceRequest{{Code: "LIPID_PANEL"}},
	})
	require.NoError(t, err)
	w.client, err = whoop.NewClient(whoop.WithBaseURL(w.srv.URL),
		whoop.WithClientCredentials(whooptest.DefaultClientID, whooptest.DefaultClientSecret))
	require.NoError(t, err)
	v, err := whoop.NewWebhookVerifier([]string{whooptest.DefaultWebhookSecret})
	require.NoError(t, err)
	logger, logs := wiretest.NewLogs()
	w.logs = logs
	modeOpts, ib := mode.Options(t)
	w.inbox = ib
	w.h, err = whoop.NewWebhookHandler(v, func(ctx context.Context, e *whoop.Event) error { return handle(w, ctx, e) },
		append([]dispatch.HandlerOption{
			dispatch.WithRetries(3, time.Millisecond, 5*time.Millisecond),
			dispatch.WithDeadLetter(w.dead.Add),
			dispatch.WithLogger(logger),
		}, modeOpts...)...)
	require.NoError(t, err)
	ts := httptest.NewServer(w.h)
	t.Cleanup(func() {
		ts.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		assert.NoError(t, w.h.Shutdown(ctx))
	})
	w.url = ts.URL
	return w
}

// submit sends results for the requisition's service request, as a handler would.
func (w *retryWorld) submit(ctx context.Context, e *whoop.Event) error {
	req, err := w.client.Requisitions.Get(ctx, e.ResourceID)
	if err != nil {
		return err
	}
	return w.client.ServiceRequests.SubmitResults(ctx, req.ServiceRequests[0].ID, &whoop.ServiceRequestSubmitResultsParams{
		Status:       whoop.DiagnosticReportStatusFinal,
		Observations: []whoop.Observation{{Code: "HDL", ValueText: whoop.Ptr(retryCanary)}},
	})
}

// deliver sends the lab_requisition.created event as WHOOP does, signed by the fake.
func (w *retryWorld) deliver(t *testing.T) {
	t.Helper()
	status, err := w.srv.SendWebhook(context.Background(), whooptest.DefaultClientID, w.url,
		whooptest.Event{Type: whooptest.EventType(whoop.EventTypeLabRequisitionCreated), ResourceID: w.req.ID})
	require.NoError(t, err)
	require.Equal(t, http.StatusNoContent, status)
}

// Issue 17: a SubmitResults answered 503 may have created the report. The handler returns
// the client's error; the runtime sends it to the dead letter as outcome_unknown after that
// one request, instead of submitting the results again, in the default mode and in inbox
// mode. A plain failure is retried, and its retry submits once.
func TestWebhookRetryRule(t *testing.T) {
	t.Parallel()
	for _, mode := range dispatchtest.DeliveryModes {
		t.Run(mode.Name+"/outcome unknown is dead-lettered after one write", func(t *testing.T) {
			t.Parallel()
			var calls atomic.Int32
			w := newRetryWorld(t, mode, func(w *retryWorld, ctx context.Context, e *whoop.Event) error {
				calls.Add(1)
				return w.submit(ctx, e)
			})
			w.srv.Script(whooptest.Fault{Route: whooptest.RouteSubmitResults, Status: http.StatusServiceUnavailable})
			w.deliver(t)
			require.NoError(t, w.h.WaitIdle(context.Background()))

			assert.Equal(t, 1, len(w.srv.RequestsMatching(whooptest.RouteSubmitResults)), "the write reached WHOOP once") // not Len: it would print the token
			assert.Empty(t, w.srv.PendingFaults(), "the 503 was answered")
			assert.Equal(t, int32(1), calls.Load(), "the handler ran once")
			dead := w.dead.Errors()
			require.Len(t, dead, 1)
			assert.ErrorIs(t, dead[0], whoop.ErrOutcomeUnknown)
			assert.ErrorIs(t, dead[0], dispatch.ErrOutcomeUnknown)
			assert.Equal(t, "outcome_unknown", dispatch.Category(dead[0]))
			if w.inbox != nil {
				recs, err := w.inbox.DeadLetters(context.Background(), "whoop")
				require.NoError(t, err)
				require.Len(t, recs, 1, "the inbox keeps the event")
				assert.Equal(t, "outcome_unknown", recs[0].LastCause)
				assert.Equal(t, 1, recs[0].Attempts)
			}
			fails := dispatchtest.FailureRecords(t, w.logs)
			require.Len(t, fails, 1)
			assert.Equal(t, "outcome_unknown", fails[0]["category"])
			assert.Equal(t, "lab_requisition.created", fails[0]["event_type"])
			assert.Equal(t, false, fails[0]["retryable"])
			wiretest.Canaries{retryCanary, w.req.ServiceRequests[0].ID}.AssertLogs(t, w.logs)
			wiretest.Canaries{retryCanary}.AssertError(t, dead[0])
		})

		t.Run(mode.Name+"/a plain failure is retried", func(t *testing.T) {
			t.Parallel()
			var calls atomic.Int32
			done := make(chan struct{}, 1)
			w := newRetryWorld(t, mode, func(w *retryWorld, ctx context.Context, e *whoop.Event) error {
				if calls.Add(1) == 1 {
					return fmt.Errorf("store results of %s: %w", retryCanary, errors.New("database unavailable"))
				}
				defer func() { done <- struct{}{} }()
				return w.submit(ctx, e)
			})
			w.deliver(t)
			select {
			case <-done:
			case <-time.After(10 * time.Second):
				t.Fatal("the failed event was not retried")
			}
			require.NoError(t, w.h.WaitIdle(context.Background()))

			assert.Equal(t, int32(2), calls.Load(), "one failure, one retry")
			assert.Equal(t, 1, len(w.srv.RequestsMatching(whooptest.RouteSubmitResults)), "the retry submitted once")
			assert.Equal(t, 1, len(w.srv.Results(w.req.ServiceRequests[0].ID)), "one report")
			assert.Empty(t, w.dead.Errors())
			fails := dispatchtest.FailureRecords(t, w.logs)
			require.Len(t, fails, 1)
			assert.Equal(t, "error", fails[0]["category"])
			assert.Equal(t, "lab_requisition.created", fails[0]["event_type"])
			assert.Contains(t, fails[0]["msg"], "retry scheduled")
			wiretest.Canaries{retryCanary}.AssertLogs(t, w.logs)
		})
	}
}

// Issue 17 item 4: every failure line names the event type, as a fixed word: a documented
// type as it is, anything else (an unknown type, which could hold anything, a body that is
// not an event) as "unknown". Neither the body nor the handler's error shows in the logs.
func TestWebhookFailureLogsEventType(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, body, want string }{
		{"requisition created", `{"event_type":"lab_requisition.created","resource_id":"r-1","member":"` + retryCanary + `"}`, "lab_requisition.created"},
		{"report review", `{"event_type":"clinical_report_review.requested","resource_id":"r-1"}`, "clinical_report_review.requested"},
		{"escaped known type", `{"event_type":"lab_requisition\u002ecreated","resource_id":"r-1"}`, "lab_requisition.created"},
		{"unknown type holding PHI", `{"event_type":"` + retryCanary + `","resource_id":"r-1"}`, "unknown"},
		{"type not a string", `{"event_type":["` + retryCanary + `"],"resource_id":"r-1"}`, "unknown"},
		{"no type", `{"resource_id":"` + retryCanary + `"}`, "unknown"},
		{"not JSON", `event_type=` + retryCanary, "unknown"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			logger, logs := wiretest.NewLogs()
			v, err := whoop.NewWebhookVerifier([]string{signingSecret})
			require.NoError(t, err)
			h, err := whoop.NewWebhookHandler(v, func(context.Context, *whoop.Event) error {
				return dispatch.Permanent(errors.New("cannot store " + retryCanary))
			}, dispatch.WithLogger(logger))
			require.NoError(t, err)
			req := httptest.NewRequest(http.MethodPost, "/webhooks/whoop", strings.NewReader(tc.body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set(whoop.SignatureHeader, webhook.SignBody(signingSecret, []byte(tc.body)))
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			require.Equal(t, http.StatusNoContent, rec.Code)
			require.NoError(t, h.WaitIdle(context.Background()))
			require.NoError(t, h.Shutdown(context.Background()))

			fails := dispatchtest.FailureRecords(t, logs)
			require.Len(t, fails, 1)
			assert.Equal(t, tc.want, fails[0]["event_type"])
			assert.Equal(t, "permanent", fails[0]["category"])
			wiretest.Canaries{retryCanary}.AssertLogs(t, logs)
		})
	}
}
