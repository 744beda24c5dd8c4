package ovation_test

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
	"github.com/labwire/labwire/ovation"
	"github.com/labwire/labwire/ovation/ovationtest"
	"github.com/labwire/labwire/webhook"
	"github.com/labwire/labwire/webhook/dispatch"
)

// retryCanary is patient data planted in the event and the handler's errors (the
// requisition's patient is twoSamples' CANARY-Jane): no log line or dead-letter error may
// show either.
const retryCanary = "CANARY-Ovation-Patient-Retry"

// The HTTP Basic pair Ovation sends, as configured on the webhook endpoint.
const (
	hookUser = "ovation"
	hookPass = "a-long-webhook-password"
)

// retryWorld is an Ovation fake, a client on it, and a receiver URL running
// ovation.NewWebhookHandler with handle, fast retries, a dead letter and a logger.
type retryWorld struct {
	srv    *ovationtest.Server
	client *ovation.Client
	h      *dispatch.Handler
	inbox  *dispatch.MemoryInbox
	url    string
	dead   *dispatchtest.DeadLetters
	logs   *wiretest.Logs
}

func newRetryWorld(t *testing.T, mode dispatchtest.DeliveryMode, handle func(w *retryWorld, ctx context.Context, e *ovation.Event) error) *retryWorld {
	t.Helper()
	w := &retryWorld{dead: &dispatchtest.DeadLetters{}}
	w.client, w.srv = start(t)
	v, err := ovation.NewWebhookVerifier([]webhook.BasicCredentials{{Username: hookUser, Password: hookPass}})
	require.NoError(t, err)
	logger, logs := wiretest.NewLogs()
	w.logs = logs
	modeOpts, ib := mode.Options(t)
	w.inbox = ib
	w.h, err = ovation.NewWebhookHandler(v, func(ctx context.Context, e *ovation.Event) error { return handle(w, ctx, e) },
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

// reorder creates a requisition for a retest, as a handler would.
func (w *retryWorld) reorder(ctx context.Context, _ *ovation.Event) error {
	_, err := w.client.Requisitions.Create(ctx, tid, &ovation.RequisitionCreateParams{Requisition: twoSamples()})
	return err
}

// rejectedBody is a sample_rejected event of the canary patient.
var rejectedBody = `{"eventType":"sample_rejected","eventDetails":"hemolyzed","requisitionIdentifier":"REQ-1",` +
	`"sampleIdentifier":"S-1","patientMRN":"` + retryCanary + `"}`

// deliver POSTs body with the endpoint's HTTP Basic credentials, as Ovation does.
func deliver(t *testing.T, url, body string) {
	t.Helper()
	dispatchtest.Deliver(t, url, body, http.Header{"Authorization": {webhook.BasicAuthHeader(hookUser, hookPass)}})
}

// Issue 17: a Requisitions.Create answered 503 may have created the requisition. The handler
// returns the client's error; the runtime sends it to the dead letter as outcome_unknown
// after that one request, instead of creating it again, in the default mode and in inbox
// mode. A plain failure is retried, and its retry creates once.
func TestWebhookRetryRule(t *testing.T) {
	t.Parallel()
	for _, mode := range dispatchtest.DeliveryModes {
		t.Run(mode.Name+"/outcome unknown is dead-lettered after one write", func(t *testing.T) {
			t.Parallel()
			var calls atomic.Int32
			w := newRetryWorld(t, mode, func(w *retryWorld, ctx context.Context, e *ovation.Event) error {
				calls.Add(1)
				return w.reorder(ctx, e)
			})
			w.srv.Script(ovationtest.Fault{Route: ovationtest.RouteCreateRequisition, Status: http.StatusServiceUnavailable})
			deliver(t, w.url, rejectedBody)
			require.NoError(t, w.h.WaitIdle(context.Background()))

			assert.Equal(t, 1, len(w.srv.RequestsMatching(ovationtest.RouteCreateRequisition)), "the write reached Ovation once") // not Len: it would print the key
			assert.Empty(t, w.srv.PendingFaults(), "the 503 was answered")
			assert.Equal(t, int32(1), calls.Load(), "the handler ran once")
			dead := w.dead.Errors()
			require.Len(t, dead, 1)
			assert.ErrorIs(t, dead[0], ovation.ErrOutcomeUnknown)
			assert.ErrorIs(t, dead[0], dispatch.ErrOutcomeUnknown)
			assert.Equal(t, "outcome_unknown", dispatch.Category(dead[0]))
			if w.inbox != nil {
				recs, err := w.inbox.DeadLetters(context.Background(), "ovation")
				require.NoError(t, err)
				require.Len(t, recs, 1, "the inbox keeps the event")
				assert.Equal(t, "outcome_unknown", recs[0].LastCause)
				assert.Equal(t, 1, recs[0].Attempts)
			}
			fails := dispatchtest.FailureRecords(t, w.logs)
			require.Len(t, fails, 1)
			assert.Equal(t, "outcome_unknown", fails[0]["category"])
			assert.Equal(t, "sample_rejected", fails[0]["event_type"])
			assert.Equal(t, false, fails[0]["retryable"])
			wiretest.Canaries{retryCanary, "CANARY-Jane", "hemolyzed"}.AssertLogs(t, w.logs)
			wiretest.Canaries{retryCanary, "CANARY-Jane"}.AssertError(t, dead[0])
		})

		t.Run(mode.Name+"/a plain failure is retried", func(t *testing.T) {
			t.Parallel()
			var calls atomic.Int32
			done := make(chan struct{}, 1)
			w := newRetryWorld(t, mode, func(w *retryWorld, ctx context.Context, e *ovation.Event) error {
				if calls.Add(1) == 1 {
					return fmt.Errorf("store rejection of %s: %w", retryCanary, errors.New("database unavailable"))
				}
				defer func() { done <- struct{}{} }()
				return w.reorder(ctx, e)
			})
			deliver(t, w.url, rejectedBody)
			select {
			case <-done:
			case <-time.After(10 * time.Second):
				t.Fatal("the failed event was not retried")
			}
			require.NoError(t, w.h.WaitIdle(context.Background()))

			assert.Equal(t, int32(2), calls.Load(), "one failure, one retry")
			assert.Equal(t, 1, len(w.srv.RequestsMatching(ovationtest.RouteCreateRequisition)), "the retry created once")
			assert.Empty(t, w.dead.Errors())
			fails := dispatchtest.FailureRecords(t, w.logs)
			require.Len(t, fails, 1)
			assert.Equal(t, "error", fails[0]["category"])
			assert.Equal(t, "sample_rejected", fails[0]["event_type"])
			assert.Contains(t, fails[0]["msg"], "retry scheduled")
			wiretest.Canaries{retryCanary, "CANARY-Jane"}.AssertLogs(t, w.logs)
		})
	}
}

// Issue 17 item 4: every failure line names the event type, as a fixed word: a documented
// type as it is, anything else (an unknown type, which could hold anything, a body that is
// not an event) as "unknown". Neither the body nor the handler's error shows in the logs.
func TestWebhookFailureLogsEventType(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, body, want string }{
		{"sample rejected", rejectedBody, "sample_rejected"},
		{"test result ready", `{"eventType":"test_result_ready","organizationId":1,"sampleTestResults":[7],"patientMRN":"` + retryCanary + `"}`, "test_result_ready"},
		{"report signed", `{"eventType":"report_signed","requisitionIdentifier":"REQ-1","reportResult":"` + retryCanary + `"}`, "report_signed"},
		{"unknown type holding PHI", `{"eventType":"` + retryCanary + `","requisitionIdentifier":"REQ-1"}`, "unknown"},
		{"type not a string", `{"eventType":{"name":"` + retryCanary + `"}}`, "unknown"},
		{"no type", `{"requisitionIdentifier":"REQ-1","patientMRN":"` + retryCanary + `"}`, "unknown"},
		{"not JSON", `eventType=sample_rejected&patientMRN=` + retryCanary, "unknown"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			logger, logs := wiretest.NewLogs()
			v, err := ovation.NewWebhookVerifier([]webhook.BasicCredentials{{Username: hookUser, Password: hookPass}})
			require.NoError(t, err)
			h, err := ovation.NewWebhookHandler(v, func(context.Context, *ovation.Event) error {
				return dispatch.Permanent(errors.New("cannot store " + retryCanary))
			}, dispatch.WithLogger(logger))
			require.NoError(t, err)
			req := httptest.NewRequest(http.MethodPost, "/webhooks/ovation", strings.NewReader(tc.body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", webhook.BasicAuthHeader(hookUser, hookPass))
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			require.Equal(t, http.StatusOK, rec.Code)
			require.NoError(t, h.WaitIdle(context.Background()))
			require.NoError(t, h.Shutdown(context.Background()))

			fails := dispatchtest.FailureRecords(t, logs)
			require.Len(t, fails, 1)
			assert.Equal(t, tc.want, fails[0]["event_type"])
			assert.Equal(t, "permanent", fails[0]["category"])
			wiretest.Canaries{retryCanary, hookPass}.AssertLogs(t, logs)
		})
	}
}
