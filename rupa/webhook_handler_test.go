package rupa_test

import (
	"context"
	"crypto/subtle"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/labwire/labwire/rupa"
	"github.com/labwire/labwire/rupa/rupatest"
	"github.com/labwire/labwire/webhook"
	"github.com/labwire/labwire/webhook/dispatch"
)

// The signature scheme is the test's choice: Rupa's is not public.
const (
	sigHeader = "X-Test-Signature"
	sigSecret = "rupa-webhook-secret-for-tests-0123"
)

func verifier(t *testing.T) *webhook.Verifier {
	t.Helper()
	v, err := webhook.NewBodyHMAC(sigHeader, []string{sigSecret})
	require.NoError(t, err)
	return v
}

func sender(t *testing.T) *rupatest.Sender {
	t.Helper()
	s, err := rupatest.NewSender(rupatest.SignBodyHMAC(sigHeader, sigSecret), nil, nil)
	require.NoError(t, err)
	return s
}

// recorder collects what the handlers received.
type recorder struct {
	mu      sync.Mutex
	results []*rupa.OrderNewResult
	other   []*rupa.Event
	done    chan struct{}
}

func newRecorder() *recorder { return &recorder{done: make(chan struct{}, 64)} }

func (r *recorder) handlers() rupa.EventRouter {
	return rupa.EventRouter{
		OrderNewResult: func(_ context.Context, n *rupa.OrderNewResult) error {
			r.mu.Lock()
			r.results = append(r.results, n)
			r.mu.Unlock()
			r.done <- struct{}{}
			return nil
		},
		Default: func(_ context.Context, e *rupa.Event) error {
			r.mu.Lock()
			r.other = append(r.other, e)
			r.mu.Unlock()
			r.done <- struct{}{}
			return nil
		},
	}
}

func (r *recorder) wait(t *testing.T, n int) {
	t.Helper()
	for range n {
		select {
		case <-r.done:
		case <-time.After(5 * time.Second):
			t.Fatal("the event was not handed on")
		}
	}
}

func serve(t *testing.T, h *dispatch.Handler) string {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(func() {
		srv.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = h.Shutdown(ctx)
	})
	return srv.URL
}

func TestWebhookHandlerDispatchesAndDeduplicates(t *testing.T) {
	t.Parallel()
	for _, mode := range []struct {
		name string
		opts []dispatch.HandlerOption
	}{{"async", nil}, {"sync", []dispatch.HandlerOption{dispatch.WithSync()}}} {
		t.Run(mode.name, func(t *testing.T) {
			t.Parallel()
			rec := newRecorder()
			h, err := rupa.NewWebhookHandler(verifier(t), rec.handlers().Dispatch, mode.opts...)
			require.NoError(t, err)
			url := serve(t, h)
			s := sender(t)
			var b rupatest.EventBuilder
			ctx := context.Background()

			e := b.OrderNewResult(rupatest.Order{Practitioner: rupatest.Practitioner{ClinicID: "cli_A"}})
			status, err := s.Send(ctx, url, e)
			require.NoError(t, err)
			assert.Equal(t, http.StatusOK, status)
			rec.wait(t, 1)

			status, err = s.Send(ctx, url, e)
			require.NoError(t, err)
			assert.Equal(t, http.StatusOK, status, "a redelivery is acknowledged")

			other := b.OrderEvent("order.some_future_type", rupatest.Order{})
			status, err = s.Send(ctx, url, other)
			require.NoError(t, err)
			assert.Equal(t, http.StatusOK, status)
			rec.wait(t, 1)

			rec.mu.Lock()
			defer rec.mu.Unlock()
			require.Len(t, rec.results, 1, "the redelivery was not handed on")
			n := rec.results[0]
			assert.Equal(t, e.ID, n.Event.ID)
			assert.Equal(t, e.Object.ID, n.Order.ID)
			clinic, err := n.ClinicID()
			require.NoError(t, err)
			assert.Equal(t, "cli_A", clinic)
			require.Len(t, rec.other, 1)
			assert.Equal(t, rupa.EventType("order.some_future_type"), rec.other[0].Type, "other types pass through unchanged")
		})
	}
}

func TestWebhookHandlerRefusesUnverified(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	h, err := rupa.NewWebhookHandler(verifier(t), rupa.EventRouter{
		Default: func(context.Context, *rupa.Event) error { calls.Add(1); return nil },
	}.Dispatch, dispatch.WithSync())
	require.NoError(t, err)
	url := serve(t, h)
	var b rupatest.EventBuilder
	e := b.OrderNewResult(rupatest.Order{})
	ctx := context.Background()

	unsigned, err := rupatest.NewSender(func(http.Header, []byte, time.Time) error { return nil }, nil, nil)
	require.NoError(t, err)
	status, err := unsigned.Send(ctx, url, e)
	require.NoError(t, err)
	assert.Equal(t, http.StatusUnauthorized, status)

	wrong, err := rupatest.NewSender(rupatest.SignBodyHMAC(sigHeader, "another-secret-0123456789abcdef"), nil, nil)
	require.NoError(t, err)
	status, err = wrong.Send(ctx, url, e)
	require.NoError(t, err)
	assert.Equal(t, http.StatusUnauthorized, status)

	otherScheme, err := rupatest.NewSender(rupatest.SignTimestampedHMAC(sigHeader, sigSecret), nil, nil)
	require.NoError(t, err)
	status, err = otherScheme.Send(ctx, url, e)
	require.NoError(t, err)
	assert.NotEqual(t, http.StatusOK, status, "a delivery signed another way is refused")
	assert.Zero(t, calls.Load(), "nothing unverified was handed on")

	status, err = sender(t).Send(ctx, url, e)
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, status)
	assert.Equal(t, int32(1), calls.Load())
}

func TestWebhookHandlerNeedsVerifierAndHandlers(t *testing.T) {
	t.Parallel()
	_, err := rupa.NewWebhookHandler(nil, newRecorder().handlers().Dispatch)
	var ve *rupa.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "verifier", ve.Field)
	_, err = rupa.NewWebhookHandler(verifier(t), nil)
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "handle", ve.Field)
	_, err = rupa.NewWebhookHandler(verifier(t), newRecorder().handlers().Dispatch, dispatch.WithQueueSize(-1))
	require.ErrorIs(t, err, webhook.ErrInvalidConfig, "webhook's configuration errors come through")
}

// In sync mode a failing handler answers 500, so Rupa redelivers, and the redelivery is
// processed (the event id was released).
func TestWebhookHandlerSyncFailureIsRedelivered(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	h, err := rupa.NewWebhookHandler(verifier(t), rupa.EventRouter{
		OrderNewResult: func(context.Context, *rupa.OrderNewResult) error {
			if calls.Add(1) == 1 {
				return errors.New("database unavailable")
			}
			return nil
		},
	}.Dispatch, dispatch.WithSync())
	require.NoError(t, err)
	url := serve(t, h)
	var b rupatest.EventBuilder
	made, status, err := sender(t).Deliver(context.Background(), url, b.OrderNewResult(rupatest.Order{}), 5, nil)
	require.NoError(t, err)
	assert.Equal(t, 2, made)
	assert.Equal(t, http.StatusOK, status)
	assert.Equal(t, int32(2), calls.Load())
}

func TestWebhookInboxHandler(t *testing.T) {
	t.Parallel()
	ib, err := dispatch.NewMemoryInbox(4 * 24 * time.Hour)
	require.NoError(t, err)
	rec := newRecorder()
	h, err := rupa.NewWebhookHandler(verifier(t), rec.handlers().Dispatch, dispatch.WithInbox(ib))
	require.NoError(t, err)
	url := serve(t, h)
	var b rupatest.EventBuilder
	e := b.OrderNewResult(rupatest.Order{})
	for range 3 {
		status, err := sender(t).Send(context.Background(), url, e)
		require.NoError(t, err)
		assert.Equal(t, http.StatusOK, status)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	require.NoError(t, h.WaitIdle(ctx))
	rec.mu.Lock()
	defer rec.mu.Unlock()
	assert.Len(t, rec.results, 1, "three deliveries of one event id, processed once")
}

// A verified body that is not a Rupa event is a permanent failure: the dead letter gets it
// at once, without retries.
func TestWebhookHandlerInvalidEventIsPermanent(t *testing.T) {
	t.Parallel()
	dead := make(chan error, 1)
	var calls atomic.Int32
	h, err := rupa.NewWebhookHandler(verifier(t), rupa.EventRouter{
		Default: func(context.Context, *rupa.Event) error { calls.Add(1); return nil },
	}.Dispatch, dispatch.WithRetries(5, time.Millisecond, time.Millisecond),
		dispatch.WithDeadLetter(func(_ context.Context, _ dispatch.Event, err error) { dead <- err }))
	require.NoError(t, err)
	url := serve(t, h)
	status, err := sender(t).SendBody(context.Background(), url, []byte(`{'id': 'evt_1'}`))
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, status)
	select {
	case err := <-dead:
		require.ErrorIs(t, err, rupa.ErrInvalidEvent)
		require.ErrorIs(t, err, dispatch.ErrPermanent)
	case <-time.After(5 * time.Second):
		t.Fatal("no dead letter")
	}
	assert.Zero(t, calls.Load())
}

// tokenScheme is a user's own scheme: a shared token in a header (Rupa's real scheme is not
// public; a user writes what Rupa tells them).
type tokenScheme struct{ token string }

func (s tokenScheme) Verify(h http.Header, _ []byte, _ time.Time) (webhook.Delivery, error) {
	if subtle.ConstantTimeCompare([]byte(h.Get("X-Rupa-Token")), []byte(s.token)) != 1 {
		return webhook.Delivery{}, webhook.ErrNoValidSignature
	}
	return webhook.Delivery{}, nil
}

func TestWebhookHandlerWithOwnScheme(t *testing.T) {
	t.Parallel()
	v, err := webhook.NewVerifier(tokenScheme{token: "tok-0123456789abcdef"})
	require.NoError(t, err)
	rec := newRecorder()
	h, err := rupa.NewWebhookHandler(v, rec.handlers().Dispatch, dispatch.WithSync())
	require.NoError(t, err)
	url := serve(t, h)
	var b rupatest.EventBuilder
	e := b.OrderNewResult(rupatest.Order{})
	own, err := rupatest.NewSender(func(h http.Header, _ []byte, _ time.Time) error {
		h.Set("X-Rupa-Token", "tok-0123456789abcdef")
		return nil
	}, nil, nil)
	require.NoError(t, err)
	for range 2 {
		status, err := own.Send(context.Background(), url, e)
		require.NoError(t, err)
		assert.Equal(t, http.StatusOK, status)
	}
	status, err := sender(t).Send(context.Background(), url, e)
	require.NoError(t, err)
	assert.Equal(t, http.StatusUnauthorized, status)
	rec.mu.Lock()
	defer rec.mu.Unlock()
	assert.Len(t, rec.results, 1, "deduplicated by event id even though the scheme yields no delivery id")
}

func TestEventRouterDispatch(t *testing.T) {
	t.Parallel()
	var b rupatest.EventBuilder
	parse := func(e rupatest.Event) *rupa.Event {
		ev, err := rupa.ParseEvent(e.JSON())
		require.NoError(t, err)
		return ev
	}
	result := parse(b.OrderNewResult(rupatest.Order{}))
	other := parse(b.OrderEvent("order.other", rupatest.Order{}))
	var got []string
	h := rupa.EventRouter{Types: map[rupa.EventType]func(context.Context, *rupa.Event) error{
		rupa.EventTypeOrderNewResult: func(_ context.Context, e *rupa.Event) error { got = append(got, "generic "+string(e.Type)); return nil },
		"order.other":                func(_ context.Context, e *rupa.Event) error { got = append(got, "other"); return nil },
	}}
	require.NoError(t, h.Dispatch(context.Background(), result))
	require.NoError(t, h.Dispatch(context.Background(), other))
	assert.Equal(t, []string{"generic order.new_result", "other"}, got, "Types serves order.new_result when OrderNewResult is nil")

	none := rupa.EventRouter{OrderNewResult: func(context.Context, *rupa.OrderNewResult) error { return nil }}
	assert.NoError(t, none.Dispatch(context.Background(), other), "no Default: other types are acknowledged")

	// An order.new_result whose object is not an order cannot be typed: permanent.
	bad, err := rupa.ParseEvent([]byte(`{"id":"evt_1","type":"order.new_result","data":{"object":{"id":"pat_1","type":"patient"}}}`))
	require.NoError(t, err)
	err = none.Dispatch(context.Background(), bad)
	require.ErrorIs(t, err, rupa.ErrUnexpectedType)
	require.ErrorIs(t, err, dispatch.ErrPermanent)
}
