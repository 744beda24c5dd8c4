package workpath_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/labwire/labwire/internal/dispatchtest"
	"github.com/labwire/labwire/internal/wiretest"
	"github.com/labwire/labwire/webhook"
	"github.com/labwire/labwire/webhook/dispatch"
	"github.com/labwire/labwire/workpath"
	"github.com/labwire/labwire/workpath/workpathtest"
)

// retryCanary is patient data planted in the event, the intake and the handler's errors:
// no log line or dead-letter error may show it.
const retryCanary = "CANARY-Workpath-Patient-Retry"

// retryWorld is a Workpath fake, a client on it, and a receiver URL running
// workpath.NewWebhookHandler with handle, fast retries, a dead letter and a logger.
type retryWorld struct {
	srv    *workpathtest.Server
	client *workpath.Client
	intake *workpath.IntakeCreateParams
	h      *dispatch.Handler
	inbox  *dispatch.MemoryInbox
	url    string
	dead   *dispatchtest.DeadLetters
	logs   *wiretest.Logs
}

func newRetryWorld(t *testing.T, mode dispatchtest.DeliveryMode, handle func(w *retryWorld, ctx context.Context, e *workpath.Event) error) *retryWorld {
	t.Helper()
	w := &retryWorld{dead: &dispatchtest.DeadLetters{}}
	w.srv, w.client = newClient(t)
	w.intake = intakeParams(t)
	w.intake.Notes = "follow-up for " + retryCanary
	v, err := workpath.NewWebhookVerifier([]string{testSecret})
	require.NoError(t, err)
	logger, logs := wiretest.NewLogs()
	w.logs = logs
	modeOpts, ib := mode.Options(t)
	w.inbox = ib
	w.h, err = workpath.NewWebhookHandler(v, func(ctx context.Context, e *workpath.Event) error { return handle(w, ctx, e) },
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

// book creates the follow-up intake for the appointment of e, as a handler would.
func (w *retryWorld) book(ctx context.Context, _ *workpath.Event) error {
	_, err := w.client.Intakes.Create(ctx, w.intake)
	return err
}

// eventBody is a modify event of appointment 4242 whose subject is the canary.
func eventBody(now time.Time) string {
	return `{"type":"Appointment","action":"modify","eventTs":` + strconv.FormatInt(now.Unix(), 10) +
		`,"data":{"id":4242,"status":"Accepted","subject":{"name":"` + retryCanary + `"}}}`
}

// deliver POSTs body signed as Workpath signs (t=<now>, v1=HMAC of "t.body"), as the fake's
// deliveries are.
func deliver(t *testing.T, url, body string) {
	t.Helper()
	dispatchtest.Deliver(t, url, body, http.Header{workpathtest.SignatureHeader: {webhook.SignTimestamped(time.Now(), []byte(body), testSecret)}})
}

// Issue 17: an Intakes.Create answered 503 may have booked the visit. The handler returns
// the client's error; the runtime sends it to the dead letter as outcome_unknown after that
// one request, instead of booking again, in the default mode and in inbox mode. A plain
// failure is retried, and its retry books once.
func TestWebhookRetryRule(t *testing.T) {
	t.Parallel()
	for _, mode := range dispatchtest.DeliveryModes {
		t.Run(mode.Name+"/outcome unknown is dead-lettered after one write", func(t *testing.T) {
			t.Parallel()
			var calls atomic.Int32
			w := newRetryWorld(t, mode, func(w *retryWorld, ctx context.Context, e *workpath.Event) error {
				calls.Add(1)
				return w.book(ctx, e)
			})
			w.srv.Script(workpathtest.Fault{Route: workpathtest.RouteCreateIntake, Status: http.StatusServiceUnavailable})
			deliver(t, w.url, eventBody(time.Now()))
			require.NoError(t, w.h.WaitIdle(context.Background()))

			assert.Equal(t, 1, len(w.srv.RequestsMatching(workpathtest.RouteCreateIntake)), "the write reached Workpath once") // not Len: it would print the token
			assert.Empty(t, w.srv.PendingFaults(), "the 503 was answered")
			assert.Equal(t, int32(1), calls.Load(), "the handler ran once")
			dead := w.dead.Errors()
			require.Len(t, dead, 1)
			assert.ErrorIs(t, dead[0], workpath.ErrOutcomeUnknown)
			assert.ErrorIs(t, dead[0], dispatch.ErrOutcomeUnknown)
			assert.Equal(t, "outcome_unknown", dispatch.Category(dead[0]))
			if w.inbox != nil {
				recs, err := w.inbox.DeadLetters(context.Background(), "workpath")
				require.NoError(t, err)
				require.Len(t, recs, 1, "the inbox keeps the event")
				assert.Equal(t, "outcome_unknown", recs[0].LastCause)
				assert.Equal(t, 1, recs[0].Attempts)
			}
			fails := dispatchtest.FailureRecords(t, w.logs)
			require.Len(t, fails, 1)
			assert.Equal(t, "outcome_unknown", fails[0]["category"])
			assert.Equal(t, "Appointment.modify", fails[0]["event_type"])
			assert.Equal(t, false, fails[0]["retryable"])
			wiretest.Canaries{retryCanary, "Anthony"}.AssertLogs(t, w.logs)
			wiretest.Canaries{retryCanary, "Anthony"}.AssertError(t, dead[0])
		})

		t.Run(mode.Name+"/a plain failure is retried", func(t *testing.T) {
			t.Parallel()
			var calls atomic.Int32
			done := make(chan struct{}, 1)
			w := newRetryWorld(t, mode, func(w *retryWorld, ctx context.Context, e *workpath.Event) error {
				if calls.Add(1) == 1 {
					return fmt.Errorf("store visit of %s: %w", retryCanary, errors.New("database unavailable"))
				}
				defer func() { done <- struct{}{} }()
				return w.book(ctx, e)
			})
			deliver(t, w.url, eventBody(time.Now()))
			select {
			case <-done:
			case <-time.After(10 * time.Second):
				t.Fatal("the failed event was not retried")
			}
			require.NoError(t, w.h.WaitIdle(context.Background()))

			assert.Equal(t, int32(2), calls.Load(), "one failure, one retry")
			assert.Equal(t, 1, len(w.srv.RequestsMatching(workpathtest.RouteCreateIntake)), "the retry booked once")
			assert.Empty(t, w.dead.Errors())
			fails := dispatchtest.FailureRecords(t, w.logs)
			require.Len(t, fails, 1)
			assert.Equal(t, "error", fails[0]["category"])
			assert.Equal(t, "Appointment.modify", fails[0]["event_type"])
			assert.Contains(t, fails[0]["msg"], "retry scheduled")
			wiretest.Canaries{retryCanary}.AssertLogs(t, w.logs)
		})
	}
}

// Issue 17 item 4: every failure line names the event type, as a fixed word:
// "Appointment.<action>" for the known type and actions, anything else (an unknown type or
// action, which could hold anything, a body that is not an event) "unknown". Neither the
// body nor the handler's error shows in the logs.
func TestWebhookFailureLogsEventType(t *testing.T) {
	t.Parallel()
	event := func(typ, action string) string {
		return `{"type":"` + typ + `","action":"` + action + `","eventTs":1565712055,"data":{"id":1,"subject":{"name":"` + retryCanary + `"}}}`
	}
	for _, tc := range []struct{ name, body, want string }{
		{"create", event("Appointment", "create"), "Appointment.create"},
		{"modify", event("Appointment", "modify"), "Appointment.modify"},
		{"destroy", event("Appointment", "destroy"), "Appointment.destroy"},
		{"unknown action holding PHI", event("Appointment", retryCanary), "unknown"},
		{"unknown type holding PHI", event(retryCanary, "modify"), "unknown"},
		{"type not a string", `{"type":["` + retryCanary + `"],"action":"modify","eventTs":1,"data":{"id":1}}`, "unknown"},
		{"no type", `{"action":"modify","eventTs":1,"data":{"id":1,"subject":{"name":"` + retryCanary + `"}}}`, "unknown"},
		{"not JSON", `type=Appointment&name=` + retryCanary, "unknown"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			now := time.Unix(1565712055, 0)
			logger, logs := wiretest.NewLogs()
			h, err := workpath.NewWebhookHandler(verifierAt(t, now), func(context.Context, *workpath.Event) error {
				return dispatch.Permanent(errors.New("cannot store " + retryCanary))
			}, dispatch.WithLogger(logger))
			require.NoError(t, err)
			require.Equal(t, http.StatusOK, post(t, h, tc.body, sign(testSecret, now.Unix(), tc.body)))
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
