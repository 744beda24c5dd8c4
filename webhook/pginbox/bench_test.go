package pginbox

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/labwire/labwire/webhook/dispatch"
	"github.com/stretchr/testify/require"
)

// inboxes under comparison: the in-memory inbox (the baseline issue 13
// names) and the Postgres one, on the same machine in the same run.
func benchInboxes(b *testing.B) map[string]func(b *testing.B) dispatch.Inbox {
	return map[string]func(b *testing.B) dispatch.Inbox{
		"memory": func(b *testing.B) dispatch.Inbox {
			ib, err := dispatch.NewMemoryInbox(time.Hour)
			require.NoError(b, err)
			return ib
		},
		"postgres": func(b *testing.B) dispatch.Inbox {
			return newInbox(b, testTable(b), 24)
		},
	}
}

// BenchmarkAck8Senders: 8 concurrent senders post signed deliveries to a
// handler in inbox mode (3 workers processing meanwhile); each op is one
// delivery acknowledged after the inbox stored it. Reports acknowledgements
// per second and the p50/p99 acknowledgement latency.
//
//	go test -run '^$' -bench Ack8Senders -benchtime 20000x .
func BenchmarkAck8Senders(b *testing.B) {
	for _, name := range []string{"memory", "postgres"} {
		b.Run(name, func(b *testing.B) {
			ib := benchInboxes(b)[name](b)
			h, err := dispatch.NewEventHandler(newVerifier(b), func(context.Context, dispatch.Event) error { return nil },
				dispatch.WithInbox(ib), dispatch.WithWorkers(3), dispatch.WithSource("bench"))
			require.NoError(b, err)
			defer func() { _ = h.Shutdown(context.Background()) }()
			var seq atomic.Int64
			var mu sync.Mutex
			var lat []time.Duration
			var failed atomic.Int64
			b.SetParallelism(max(1, 8/runtime.GOMAXPROCS(0))) // 8 senders
			b.ResetTimer()
			start := time.Now()
			b.RunParallel(func(pb *testing.PB) {
				var mine []time.Duration
				for pb.Next() {
					r := delivery(fmt.Sprintf(`{"id":"evt_%d","type":"order.created","pad":"%0200d"}`, seq.Add(1), 0))
					t0 := time.Now()
					if serve(h, r) != 200 {
						failed.Add(1)
					}
					mine = append(mine, time.Since(t0))
				}
				mu.Lock()
				lat = append(lat, mine...)
				mu.Unlock()
			})
			elapsed := time.Since(start)
			b.StopTimer()
			require.Zero(b, failed.Load())
			slices.Sort(lat)
			b.ReportMetric(float64(b.N)/elapsed.Seconds(), "acks/s")
			b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
		})
	}
}

// BenchmarkClaim3Workers: b.N deliveries wait in the inbox; a handler with
// 3 workers and a no-op ProcessFunc claims and completes them all. Reports
// claims (each a claim and a completion) per second, and for Postgres the
// table and index size per million completed rows, measured on the b.N rows
// after VACUUM (the file as churn leaves it) and after VACUUM FULL (the
// completed rows alone), extrapolated linearly. postgres-batch10 claims ten
// rows per round trip (dispatch.WithClaimBatch).
//
//	go test -run '^$' -bench Claim3Workers -benchtime 20000x .
func BenchmarkClaim3Workers(b *testing.B) {
	for _, c := range []struct {
		name, inbox string
		batch       int
	}{{"memory", "memory", 1}, {"postgres", "postgres", 1}, {"postgres-batch10", "postgres", 10}} {
		b.Run(c.name, func(b *testing.B) {
			ib := benchInboxes(b)[c.inbox](b)
			ctx := context.Background()
			var wg sync.WaitGroup
			var next atomic.Int64
			for range 8 {
				wg.Go(func() {
					for {
						i := next.Add(1)
						if i > int64(b.N) {
							return
						}
						_, err := ib.Accept(ctx, msg("bench", fmt.Sprintf("1765000000.%064d", i), fmt.Sprintf(`{"id":"evt_%d","pad":"%0200d"}`, i, 0)))
						if err != nil {
							b.Error(err)
							return
						}
					}
				})
			}
			wg.Wait()
			var done atomic.Int64
			all := make(chan struct{})
			b.ResetTimer()
			start := time.Now()
			h, err := dispatch.NewEventHandler(newVerifier(b), func(context.Context, dispatch.Event) error {
				if done.Add(1) == int64(b.N) {
					close(all)
				}
				return nil
			}, dispatch.WithInbox(ib), dispatch.WithWorkers(3), dispatch.WithSource("bench"), dispatch.WithClaimBatch(c.batch))
			require.NoError(b, err)
			<-all
			require.NoError(b, h.WaitIdle(ctx))
			elapsed := time.Since(start)
			b.StopTimer()
			require.NoError(b, h.Shutdown(ctx))
			b.ReportMetric(float64(b.N)/elapsed.Seconds(), "claims/s")
			if pg, ok := ib.(*Inbox); ok {
				_, err := pg.pool.Exec(ctx, `VACUUM ANALYZE `+pg.t.table)
				require.NoError(b, err)
				var table, indexes int64
				require.NoError(b, pg.pool.QueryRow(ctx, `SELECT pg_table_size($1), pg_indexes_size($1)`, pg.t.raw).Scan(&table, &indexes))
				perM := 1e6 / float64(b.N) / (1 << 20)
				b.ReportMetric(float64(table)*perM, "table-MiB/Mrows")
				b.ReportMetric(float64(indexes)*perM, "index-MiB/Mrows")
				// Each row was written three times (insert, claim, complete):
				// VACUUM frees the old versions for reuse but keeps the file;
				// VACUUM FULL shows what the completed rows themselves take.
				_, err = pg.pool.Exec(ctx, `VACUUM FULL `+pg.t.table)
				require.NoError(b, err)
				require.NoError(b, pg.pool.QueryRow(ctx, `SELECT pg_table_size($1), pg_indexes_size($1)`, pg.t.raw).Scan(&table, &indexes))
				b.ReportMetric(float64(table)*perM, "compact-table-MiB/Mrows")
				b.ReportMetric(float64(indexes)*perM, "compact-index-MiB/Mrows")
			}
		})
	}
}
