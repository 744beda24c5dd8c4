package rupa_test

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
	"github.com/labwire/labwire/rupa"
	"github.com/labwire/labwire/rupa/rupatest"
	"github.com/labwire/labwire/webhook/dispatch"
)

// retryCanary is patient data planted in the event, the order intent and the handler's
// errors: no log line or dead-letter error may show it.
const retryCanary = "CANARY-Rupa-Patient-Retry"

// retryWorld is a Rupa fake, a practitioner's client on it, and a receiver URL running
// rupa.NewWebhookHandler with handle for order.new_result, fast retries, a dead letter and
// a logger.
type retryWorld struct {
	srv    *rupatest.Server
	client *rupa.Client
	intent *rupa.OrderIntentCreateParams
	h      *dispatch.Handler
	inbox  *dispatch.MemoryInbox
	url    string
	dead   *dispatchtest.DeadLetters
	logs   *wiretest.Logs
}

func newRetryWorld(t *testing.T, mode dispatchtest.DeliveryMode, handle func(w *retryWorld, ctx context.Context, n *rupa.OrderNewResult) error) *retryWorld {
	t.Helper()
	w := &retryWorld{dead: &dispatchtest.DeadLetters{}}
	w.srv, w.client = connect(t)
	w.intent = newPatientParams()
	w.intent.PatientData.FirstName = retryCanary
	logger, logs := wiretest.NewLogs()
	w.logs = logs
	modeOpts, ib := mode.Options(t)
	w.inbox = ib
	var err error
	w.h, err = rupa.NewWebhookHandler(verifier(t), rupa.EventRouter{
		OrderNewResult: func(ctx context.Context, n *rupa.OrderNewResult) error { return handle(w, ctx, n) },
	}.Dispatch, append([]dispatch.HandlerOption{
		dispatch.WithRetries(3, time.Millisecond, 5*time.Millisecond),
		dispatch.WithDeadLetter(w.dead.Add),
		dispatch.WithLogger(logger),
	}, modeOpts...)...)
	require.NoError(t, err)
	w.url = serve(t, w.h)
	return w
}

// retest creates an order intent for a retest, as a handler would.
func (w *retryWorld) retest(ctx context.Context, _ *rupa.OrderNewResult) error {
	_, err := w.client.OrderIntents.Create(ctx, w.intent)
	return err
}

// deliver sends an order.new_result of the canary patient's order, signed, as Rupa does.
func (w *retryWorld) deliver(t *testing.T) {
	t.Helper()
	var b rupatest.EventBuilder
	e := b.OrderNewResult(rupatest.Order{NotesToPatient: retryCanary})
	status, err := sender(t).Send(context.Background(), w.url, e)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, status)
}

// Issue 17: an OrderIntents.Create answered 503 may have created the order intent. The
// handler returns the client's error; the runtime sends it to the dead letter as
// outcome_unknown after that one request, instead of creating another, in the default mode
// and in inbox mode. A plain failure is retried, and its retry creates once.
func TestWebhookRetryRule(t *testing.T) {
	t.Parallel()
	for _, mode := range dispatchtest.DeliveryModes {
		t.Run(mode.Name+"/outcome unknown is dead-lettered after one write", func(t *testing.T) {
			t.Parallel()
			var calls atomic.Int32
			w := newRetryWorld(t, mode, func(w *retryWorld, ctx context.Context, n *rupa.OrderNewResult) error {
				calls.Add(1)
				return w.retest(ctx, n)
			})
			w.srv.Script(rupatest.Fault{Route: rupatest.RouteCreateOrderIntent, Status: http.StatusServiceUnavailable})
			w.deliver(t)
			require.NoError(t, w.h.WaitIdle(context.Background()))

			assert.Equal(t, 1, len(w.srv.RequestsMatching(rupatest.RouteCreateOrderIntent)), "the write reached Rupa once") // not Len: it would print the token
			assert.Empty(t, w.srv.PendingFaults(), "the 503 was answered")
			assert.Empty(t, w.srv.OrderIntents())
			assert.Equal(t, int32(1), calls.Load(), "the handler ran once")
			dead := w.dead.Errors()
			require.Len(t, dead, 1)
			assert.ErrorIs(t, dead[0], rupa.ErrOutcomeUnknown)
			assert.ErrorIs(t, dead[0], dispatch.ErrOutcomeUnknown)
			assert.Equal(t, "outcome_unknown", dispatch.Category(dead[0]))
			if w.inbox != nil {
				recs, err := w.inbox.DeadLetters(context.Background(), "rupa")
				require.NoError(t, err)
				require.Len(t, recs, 1, "the inbox keeps the event")
				assert.Equal(t, "outcome_unknown", recs[0].LastCause)
				assert.Equal(t, 1, recs[0].Attempts)
			}
			fails := dispatchtest.FailureRecords(t, w.logs)
			require.Len(t, fails, 1)
			assert.Equal(t, "outcome_unknown", fails[0]["category"])
			assert.Equal(t, "order.new_result", fails[0]["event_type"])
			assert.Equal(t, false, fails[0]["retryable"])
			wiretest.Canaries{retryCanary, "McTestface"}.AssertLogs(t, w.logs)
			wiretest.Canaries{retryCanary, "McTestface"}.AssertError(t, dead[0])
		})

		t.Run(mode.Name+"/a plain failure is retried", func(t *testing.T) {
			t.Parallel()
			var calls atomic.Int32
			done := make(chan struct{}, 1)
			w := newRetryWorld(t, mode, func(w *retryWorld, ctx context.Context, n *rupa.OrderNewResult) error {
				if calls.Add(1) == 1 {
					return fmt.Errorf("store result of %s: %w", retryCanary, errors.New("database unavailable"))
				}
				defer func() { done <- struct{}{} }()
				return w.retest(ctx, n)
			})
			w.deliver(t)
			select {
			case <-done:
			case <-time.After(10 * time.Second):
				t.Fatal("the failed event was not retried")
			}
			require.NoError(t, w.h.WaitIdle(context.Background()))

			assert.Equal(t, int32(2), calls.Load(), "one failure, one retry")
			assert.Equal(t, 1, len(w.srv.RequestsMatching(rupatest.RouteCreateOrderIntent)), "the retry created once")
			assert.Equal(t, 1, len(w.srv.OrderIntents()))
			assert.Empty(t, w.dead.Errors())
			fails := dispatchtest.FailureRecords(t, w.logs)
			require.Len(t, fails, 1)
			assert.Equal(t, "error", fails[0]["category"])
			assert.Equal(t, "order.new_result", fails[0]["event_type"])
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
	var b rupatest.EventBuilder
	order := rupatest.Order{NotesToPatient: retryCanary}
	for _, tc := range []struct{ name, body, want string }{
		{"order.new_result", string(b.OrderNewResult(order).JSON()), "order.new_result"},
		{"unknown type", string(b.OrderEvent("order.shipped", order).JSON()), "unknown"},
		{"unknown type holding PHI", string(b.OrderEvent(retryCanary, order).JSON()), "unknown"},
		{"type not a string", `{"id":"evt_1","type":["` + retryCanary + `"],"created_at":"2024-01-01T00:00:00Z","data":{}}`, "unknown"},
		{"no type", `{"id":"evt_2","note":"` + retryCanary + `"}`, "unknown"},
		{"not JSON", `type=order.new_result&note=` + retryCanary, "unknown"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			logger, logs := wiretest.NewLogs()
			fail := func() error { return dispatch.Permanent(errors.New("cannot store " + retryCanary)) }
			h, err := rupa.NewWebhookHandler(verifier(t), rupa.EventRouter{
				OrderNewResult: func(context.Context, *rupa.OrderNewResult) error { return fail() },
				Default:        func(context.Context, *rupa.Event) error { return fail() },
			}.Dispatch, dispatch.WithLogger(logger))
			require.NoError(t, err)
			req := httptest.NewRequest(http.MethodPost, "/webhooks/rupa", strings.NewReader(tc.body))
			req.Header.Set("Content-Type", "application/json")
			require.NoError(t, rupatest.SignBodyHMAC(sigHeader, sigSecret)(req.Header, []byte(tc.body), time.Now()))
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			require.Equal(t, http.StatusOK, rec.Code)
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
