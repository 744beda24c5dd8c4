package dispatch

import (
	"context"
	"errors"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAsyncHandler(t *testing.T) {
	t.Parallel()
	now := time.Unix(vecT, 0)
	v := newTS(t, now, []string{vecSecret})

	t.Run("answers_at_once_and_processes", func(t *testing.T) {
		t.Parallel()
		got := make(chan Event, 1)
		h, err := NewEventHandler(v, func(_ context.Context, e Event) error { got <- e; return nil }, WithSuccessStatus(204))
		require.NoError(t, err)
		r := signedRequest(now, vecBody, vecSecret)
		r.Header.Set("X-Trace", "abc")
		assert.Equal(t, 204, serve(h, r).Code)
		e := <-got
		assert.Equal(t, vecBody, string(e.Body))
		assert.Equal(t, vecKey, e.Delivery.Key(e.Body))
		assert.Equal(t, "abc", e.Header.Get("X-Trace"))
		require.NoError(t, h.Shutdown(context.Background()))
	})

	t.Run("queue_full_is_503_and_releases_key", func(t *testing.T) {
		t.Parallel()
		started, unblock := make(chan struct{}, 8), make(chan struct{})
		d, err := NewMemoryDeduper(time.Hour, 100)
		require.NoError(t, err)
		h, err := NewEventHandler(v, func(context.Context, Event) error {
			started <- struct{}{}
			<-unblock
			return nil
		}, WithWorkers(1), WithQueueSize(1), WithDeduper(d))
		require.NoError(t, err)
		body := func(i int) string { return `{"id":"evt_` + strconv.Itoa(i) + `"}` }
		assert.Equal(t, 200, serve(h, signedRequest(now, body(1), vecSecret)).Code)
		<-started // the worker holds delivery 1
		assert.Equal(t, 200, serve(h, signedRequest(now, body(2), vecSecret)).Code, "queued")
		assert.Equal(t, 503, serve(h, signedRequest(now, body(3), vecSecret)).Code, "queue full")
		assert.Equal(t, 2, d.Len(), "the refused delivery's key was released")
		close(unblock)
		require.NoError(t, h.Shutdown(context.Background()))
		assert.Len(t, started, 1, "delivery 2 was drained before Shutdown returned")
	})

	t.Run("shutdown_drains_then_refuses", func(t *testing.T) {
		t.Parallel()
		var mu sync.Mutex
		var processed []string
		h, err := NewEventHandler(v, func(_ context.Context, e Event) error {
			mu.Lock()
			defer mu.Unlock()
			processed = append(processed, string(e.Body))
			return nil
		}, WithWorkers(2), WithQueueSize(32))
		require.NoError(t, err)
		for i := range 20 {
			require.Equal(t, 200, serve(h, signedRequest(now, `{"n":`+strconv.Itoa(i)+`}`, vecSecret)).Code)
		}
		require.NoError(t, h.Shutdown(context.Background()))
		mu.Lock()
		assert.Len(t, processed, 20)
		mu.Unlock()
		assert.Equal(t, 503, serve(h, signedRequest(now, vecBody, vecSecret)).Code)
		require.NoError(t, h.Shutdown(context.Background()), "idempotent")
	})

	t.Run("shutdown_deadline_cancels_workers", func(t *testing.T) {
		t.Parallel()
		started := make(chan struct{})
		h, err := NewEventHandler(v, func(ctx context.Context, _ Event) error {
			close(started)
			<-ctx.Done()
			return ctx.Err()
		}, WithWorkers(1))
		require.NoError(t, err)
		require.Equal(t, 200, serve(h, signedRequest(now, vecBody, vecSecret)).Code)
		<-started
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		require.ErrorIs(t, h.Shutdown(ctx), context.Canceled)
		require.NoError(t, h.Shutdown(context.Background()), "workers exit once cancelled")
	})

	t.Run("failure_and_panic_release_key", func(t *testing.T) {
		t.Parallel()
		mem, err := NewMemoryDeduper(time.Hour, 100)
		require.NoError(t, err)
		d := &signallingDeduper{MemoryDeduper: mem, released: make(chan struct{}, 4)}
		log, logs := newLogger()
		calls := 0
		h, err := NewEventHandler(v, func(_ context.Context, e Event) error {
			calls++
			switch calls {
			case 1:
				return errors.New("canary-process-error with PHI")
			case 2:
				panic("canary-panic")
			}
			return nil
		}, WithWorkers(1), WithDeduper(d), WithLogger(log), WithRetries(1, time.Second, time.Second))
		require.NoError(t, err)
		require.Equal(t, 200, serve(h, signedRequest(now, vecBody, vecSecret)).Code)
		<-d.released // failure released the key
		require.Equal(t, 200, serve(h, signedRequest(now, vecBody, vecSecret)).Code)
		<-d.released // panic released the key; the worker survived
		require.Equal(t, 200, serve(h, signedRequest(now, vecBody, vecSecret)).Code)
		require.NoError(t, h.Shutdown(context.Background()))
		assert.Equal(t, 3, calls, "each failure let the retry through")
		assert.Equal(t, 1, mem.Len())
		assert.Contains(t, logs.String(), `"category":"error"`)
		assert.Contains(t, logs.String(), `"category":"panic"`)
		assert.NotContains(t, logs.String(), "canary")
	})
}

// signallingDeduper reports each Release on a channel, after it happened.
type signallingDeduper struct {
	*MemoryDeduper
	released chan struct{}
}

func (s *signallingDeduper) Release(ctx context.Context, key string) error {
	err := s.MemoryDeduper.Release(ctx, key)
	s.released <- struct{}{}
	return err
}
