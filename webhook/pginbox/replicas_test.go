package pginbox

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/labwire/labwire/webhook/dispatch"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Issue 13: three inbox instances, as three replicas behind a load
// balancer, receive the same 5,000 deliveries with 30 % duplicates (sent
// concurrently, each copy to a random replica); each delivery is processed
// exactly once, and its effect committed once.
func TestThreeReplicasProcessEachDeliveryExactlyOnce(t *testing.T) {
	t.Parallel()
	const unique, dupPercent, senders = 5000, 30, 8
	table := testTable(t)
	ctx := context.Background()

	var mu sync.Mutex
	calls := map[string]int{}
	var failures atomic.Int32
	process := ProcessTx(func(ctx context.Context, tx pgx.Tx, e dispatch.Event) error {
		if _, err := tx.Exec(ctx, `INSERT INTO `+table+`_effects (body) VALUES ($1)`, e.Body); err != nil {
			failures.Add(1) // a second processing would violate the primary key
			return err
		}
		mu.Lock()
		calls[string(e.Body)]++
		mu.Unlock()
		return nil
	})
	var handlers []*dispatch.Handler
	var inboxes []*Inbox
	for i := range 3 {
		ib := newInbox(t, table, 16, WithTransactional())
		if i == 0 {
			_, err := ib.pool.Exec(ctx, `CREATE TABLE `+table+`_effects (body bytea PRIMARY KEY)`)
			require.NoError(t, err)
		}
		h, err := dispatch.NewEventHandler(newVerifier(t), process, dispatch.WithInbox(ib),
			dispatch.WithSource("partner"), dispatch.WithWorkers(3), dispatch.WithPollInterval(50*time.Millisecond))
		require.NoError(t, err)
		inboxes, handlers = append(inboxes, ib), append(handlers, h)
	}

	var sends []string
	for i := range unique {
		body := fmt.Sprintf(`{"id":"evt_%05d","type":"order.created"}`, i)
		sends = append(sends, body)
		if i%100 < dupPercent {
			sends = append(sends, body)
		}
	}
	rand.Shuffle(len(sends), func(i, j int) { sends[i], sends[j] = sends[j], sends[i] })
	var next atomic.Int64
	var non2xx atomic.Int32
	var wg sync.WaitGroup
	for range senders {
		wg.Go(func() {
			for {
				i := next.Add(1) - 1
				if i >= int64(len(sends)) {
					return
				}
				if code := serve(handlers[rand.IntN(3)], delivery(sends[i])); code != 200 {
					non2xx.Add(1)
				}
			}
		})
	}
	wg.Wait()
	assert.Zero(t, non2xx.Load(), "every delivery and duplicate acknowledged")

	wctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	for _, h := range handlers {
		require.NoError(t, h.WaitIdle(wctx))
	}
	for _, h := range handlers {
		require.NoError(t, h.Shutdown(ctx))
	}
	mu.Lock()
	defer mu.Unlock()
	assert.Len(t, calls, unique)
	for body, n := range calls {
		if n != 1 {
			t.Errorf("%s processed %d times", body, n)
		}
	}
	assert.Zero(t, failures.Load())
	var effects int
	require.NoError(t, inboxes[0].pool.QueryRow(ctx, `SELECT count(*) FROM `+table+`_effects`).Scan(&effects))
	assert.Equal(t, unique, effects)
	stats, err := inboxes[0].Stats(ctx, "partner")
	require.NoError(t, err)
	assert.Equal(t, map[dispatch.InboxState]int64{dispatch.InboxCompleted: unique}, stats)
	t.Logf("%d deliveries (%d unique) through 3 replicas", len(sends), unique)
}
