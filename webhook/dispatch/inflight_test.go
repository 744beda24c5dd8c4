package dispatch

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// sendConcurrently serves n copies of one signed delivery from n goroutines
// and returns their status codes. Once every copy is either being processed
// or waiting (synctest.Wait), it calls release with how many were already
// answered.
func sendConcurrently(t *testing.T, h http.Handler, n int, now time.Time, release func(answered int32)) []int {
	t.Helper()
	codes := make([]int, n)
	var wg sync.WaitGroup
	var answered atomic.Int32
	for i := range n {
		wg.Go(func() {
			codes[i] = serve(h, signedRequest(now, vecBody, vecSecret)).Code
			answered.Add(1)
		})
	}
	synctest.Wait() // one copy is in the ProcessFunc, the others wait for it
	release(answered.Load())
	wg.Wait()
	return codes
}

func count(codes []int, code int) int {
	n := 0
	for _, c := range codes {
		if c == code {
			n++
		}
	}
	return n
}

// A sender that times out retries while the original is still processed.
// In sync mode the retry used to be acknowledged 200 at once as a
// duplicate; the original then failed (500 to a sender no longer
// listening), and the event was lost. Now every copy waits for the original
// and gets its outcome: here 503, and the next retry is processed.
func TestSyncDuplicateOfInFlightDeliveryIsNotAcknowledgedWhenTheOriginalFails(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		now := time.Unix(vecT, 0)
		gate := make(chan struct{})
		var calls atomic.Int32
		h, err := NewEventHandler(newTS(t, now, []string{vecSecret}), func(context.Context, Event) error {
			if calls.Add(1) == 1 {
				<-gate
				return errors.New("database down")
			}
			return nil
		}, WithSync(), WithDeduper(mustDeduper(t)))
		require.NoError(t, err)
		codes := sendConcurrently(t, h, 50, now, func(int32) { close(gate) })
		assert.Equal(t, int32(1), calls.Load(), "processed once while the copies waited")
		assert.Equal(t, 1, count(codes, http.StatusInternalServerError), "the original")
		assert.Equal(t, 49, count(codes, http.StatusServiceUnavailable), "no copy acknowledged: %v", codes)
		assert.Equal(t, http.StatusOK, serve(h, signedRequest(now, vecBody, vecSecret)).Code, "the next retry is processed")
		assert.Equal(t, int32(2), calls.Load())
	})
}

// 50 concurrent copies of one delivery in sync mode: processed exactly
// once, and every copy is answered 200 only after processing succeeded.
func TestSyncConcurrentDuplicatesProcessedOnceAndAcknowledgedAfterSuccess(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		now := time.Unix(vecT, 0)
		gate := make(chan struct{})
		var calls atomic.Int32
		h, err := NewEventHandler(newTS(t, now, []string{vecSecret}), func(context.Context, Event) error {
			calls.Add(1)
			<-gate
			return nil
		}, WithSync(), WithDeduper(mustDeduper(t)))
		require.NoError(t, err)
		codes := sendConcurrently(t, h, 50, now, func(answered int32) {
			assert.Equal(t, int32(0), answered, "no copy answered before processing finished")
			close(gate)
		})
		assert.Equal(t, int32(1), calls.Load())
		assert.Equal(t, 50, count(codes, http.StatusOK), "%v", codes)
	})
}

// The same for NewHandler: a copy arriving while the wrapped handler is
// still running waits for it; a failure (5xx or panic) is not acknowledged.
func TestNextHandlerDuplicateOfInFlightDeliveryGetsItsOutcome(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		finish func(w http.ResponseWriter)
		want   int
	}{
		{"success", func(w http.ResponseWriter) { w.WriteHeader(http.StatusNoContent) }, http.StatusOK},
		{"failure", func(w http.ResponseWriter) { w.WriteHeader(http.StatusBadGateway) }, http.StatusServiceUnavailable},
		{"panic", func(http.ResponseWriter) { panic(http.ErrAbortHandler) }, http.StatusServiceUnavailable},
	} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				now := time.Unix(vecT, 0)
				gate := make(chan struct{})
				var calls atomic.Int32
				h, err := NewHandler(newTS(t, now, []string{vecSecret}), http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
					calls.Add(1)
					<-gate
					tc.finish(w)
				}), WithDeduper(mustDeduper(t)))
				require.NoError(t, err)
				original := make(chan int, 1)
				go func() {
					defer func() { _ = recover(); original <- 0 }()
					original <- serve(h, signedRequest(now, vecBody, vecSecret)).Code
				}()
				synctest.Wait()
				dup := make(chan int, 1)
				go func() { dup <- serve(h, signedRequest(now, vecBody, vecSecret)).Code }()
				synctest.Wait()
				select {
				case c := <-dup:
					t.Fatalf("duplicate answered %d while the original was in flight", c)
				default:
				}
				close(gate)
				<-original
				assert.Equal(t, tc.want, <-dup)
				assert.Equal(t, int32(1), calls.Load())
			})
		})
	}
}
