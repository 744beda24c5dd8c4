package dispatch

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/labwire/labwire/webhook"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// flakyInbox is a MemoryInbox whose Claim fails while down is set.
type flakyInbox struct {
	*MemoryInbox
	down   atomic.Bool
	claims atomic.Int64
}

var errStoreDown = errors.New("store down")

func (f *flakyInbox) Claim(ctx context.Context, source string, n int, lease time.Duration) ([]Lease, error) {
	f.claims.Add(1)
	if f.down.Load() {
		return nil, errStoreDown
	}
	return f.MemoryInbox.Claim(ctx, source, n, lease)
}

// A store that is down for 2 min 15 s, with 4 workers polling every 100 ms (some 4,800
// failed claims), gives one error line when it goes down, one per 30 s while it stays down,
// and one info line when claims work again; the rest is at debug level.
func TestInboxClaimFailuresLoggedOncePerOutage(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		v, err := webhook.NewBodyHMAC("X-Signature", []string{"a-signing-secret-of-at-least-24-bytes"})
		require.NoError(t, err)
		ib := &flakyInbox{MemoryInbox: mustMemoryInbox(t)}
		ib.down.Store(true)
		log, logs := newLogger()
		h, err := NewEventHandler(v, nopProcess, WithInbox(ib), WithSource("s"), WithWorkers(4),
			WithPollInterval(100*time.Millisecond), WithLogger(log))
		require.NoError(t, err)

		time.Sleep(2*time.Minute + 15*time.Second)
		synctest.Wait()
		down := ib.claims.Load()
		ib.down.Store(false)
		time.Sleep(time.Second)
		synctest.Wait()
		require.NoError(t, h.Shutdown(context.Background()))

		assert.Greater(t, down, int64(4000), "the workers kept trying")
		lines := strings.Split(strings.TrimSpace(logs.String()), "\n")
		var errorsLogged, recovered int
		for _, l := range lines {
			switch {
			case strings.Contains(l, `"level":"ERROR"`) && strings.Contains(l, "dispatch: inbox claim failed"):
				errorsLogged++
			case strings.Contains(l, `"level":"INFO"`) && strings.Contains(l, "dispatch: inbox claims work again"):
				recovered++
				assert.Contains(t, l, `"failures":`+strconv.FormatInt(down, 10))
			}
		}
		assert.Equal(t, 5, errorsLogged, "at 0, 30, 60, 90 and 120 s")
		assert.Equal(t, 1, recovered)
		assert.NotContains(t, logs.String(), errStoreDown.Error(), "store error texts are not logged")
	})
}
