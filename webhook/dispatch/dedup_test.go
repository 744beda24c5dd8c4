package dispatch

import (
	"context"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMemoryDeduperTTL(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		d, err := NewMemoryDeduper(10*time.Minute, 100)
		require.NoError(t, err)
		fresh, err := d.Claim(ctx, "a")
		require.NoError(t, err)
		assert.True(t, fresh)
		fresh, _ = d.Claim(ctx, "a")
		assert.False(t, fresh, "duplicate inside the TTL")

		time.Sleep(10*time.Minute - time.Nanosecond) // fake time inside the bubble
		fresh, _ = d.Claim(ctx, "a")
		assert.False(t, fresh, "still a duplicate just before expiry")

		time.Sleep(time.Nanosecond)
		fresh, _ = d.Claim(ctx, "a")
		assert.True(t, fresh, "claimable again once expired")
		assert.Equal(t, 1, d.Len())
	})
}

func TestMemoryDeduperRelease(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		d, err := NewMemoryDeduper(time.Minute, 10)
		require.NoError(t, err)
		_, _ = d.Claim(ctx, "a")
		require.NoError(t, d.Release(ctx, "a"))
		require.NoError(t, d.Release(ctx, "unknown"))
		fresh, _ := d.Claim(ctx, "a")
		assert.True(t, fresh, "released key can be claimed again")

		// The stale order entry of the first claim must not evict the
		// second claim when it reaches the front.
		time.Sleep(30 * time.Second)
		_, _ = d.Claim(ctx, "b")
		time.Sleep(31 * time.Second) // "a" (second claim at t=0) expired, "b" not
		fresh, _ = d.Claim(ctx, "b")
		assert.False(t, fresh)
		fresh, _ = d.Claim(ctx, "a")
		assert.True(t, fresh)
	})
}

func TestMemoryDeduperBounded(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	d, err := NewMemoryDeduper(time.Hour, 3)
	require.NoError(t, err)
	for i := range 1000 {
		fresh, err := d.Claim(ctx, strconv.Itoa(i))
		require.NoError(t, err)
		require.True(t, fresh)
		if i%7 == 0 {
			require.NoError(t, d.Release(ctx, strconv.Itoa(i)))
		}
		require.LessOrEqual(t, d.Len(), 3)
		require.LessOrEqual(t, len(d.order), 2*3+1, "order slice stays bounded")
	}
	fresh, _ := d.Claim(ctx, "999")
	assert.False(t, fresh, "the newest keys are kept")
	fresh, _ = d.Claim(ctx, "0")
	assert.True(t, fresh, "the oldest were dropped")
}

func TestMemoryDeduperConstructor(t *testing.T) {
	t.Parallel()
	_, err := NewMemoryDeduper(0, 1)
	require.ErrorIs(t, err, ErrInvalidConfig)
	assert.Contains(t, err.Error(), "ttl")
	_, err = NewMemoryDeduper(time.Minute, 0)
	require.ErrorIs(t, err, ErrInvalidConfig)
	assert.Contains(t, err.Error(), "maxKeys")
}

// TestMemoryDeduperConcurrentClaims: of many concurrent claims of one key,
// exactly one wins.
func TestMemoryDeduperConcurrentClaims(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	d, err := NewMemoryDeduper(time.Hour, 10_000)
	require.NoError(t, err)
	var wins atomic.Int64
	var wg sync.WaitGroup
	for g := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 100 {
				if fresh, _ := d.Claim(ctx, "shared-"+strconv.Itoa(i)); fresh {
					wins.Add(1)
				}
				_, _ = d.Claim(ctx, "own-"+strconv.Itoa(g)+"-"+strconv.Itoa(i))
				if i%10 == 0 {
					_ = d.Release(ctx, "own-"+strconv.Itoa(g)+"-"+strconv.Itoa(i))
				}
			}
		}()
	}
	wg.Wait()
	assert.Equal(t, int64(100), wins.Load())
	assert.LessOrEqual(t, d.Len(), 100+16*100)
}
