package transport

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Issue 8 item 10: how many new connections 64 concurrent calls open per 1000 calls once
// warmed up (the server counts them, so connections dialed by calls racing for one count
// too), for
// MaxIdleConnsPerHost 16 (the old default), 64 and 100. A connection that finds no room in
// the idle pool when its call ends is closed, and a later call dials (and, over TLS,
// handshakes) again. Run:
//
//	go test -run '^$' -bench BenchmarkConcurrentConnReuse -benchtime 50000x -count 5 ./internal/transport
func BenchmarkConcurrentConnReuse(b *testing.B) {
	for _, idle := range []int{16, 64, 100} {
		b.Run(fmt.Sprintf("idle=%d", idle), func(b *testing.B) {
			srv, serverConns := connCountingServer(b, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				_, _ = w.Write([]byte(`{"id":"x"}`))
			}))
			tr := newHardenedTransport()
			tr.MaxIdleConnsPerHost = idle
			defer tr.CloseIdleConnections()
			s := socketSettings(srv)
			s.HTTPClient = &http.Client{Transport: tr}
			c := newClient(b, s)

			const workers = 64
			run := func(calls int64) {
				var next atomic.Int64
				var wg sync.WaitGroup
				for range workers {
					wg.Go(func() {
						for next.Add(1) <= calls {
							var out struct{ ID string }
							if _, err := c.Do(context.Background(), get("/orders"), &out); err != nil {
								b.Error(err)
								return
							}
						}
					})
				}
				wg.Wait()
			}
			run(10 * workers) // warm-up: the connections 64 concurrent calls need, dial races included
			warm := serverConns.Load()
			b.ResetTimer()
			run(int64(b.N))
			b.StopTimer()
			b.ReportMetric(float64(serverConns.Load()-warm)*1000/float64(b.N), "newconns/1000calls")
			b.ReportMetric(float64(warm), "warmconns")
		})
	}
}

// Issue 8 item 10: after 64 calls ran at once, the hardened transport keeps their 64
// connections idle, so a second round of 64 simultaneous calls opens (almost) none: with the
// old MaxIdleConnsPerHost of 16 it had to open at least 48. A barrier in the handler holds
// each round until all 64 calls are in, so each round needs 64 connections at once.
func TestIdlePoolKeepsConcurrentConnections(t *testing.T) {
	t.Parallel()
	const workers = 64
	var mu sync.Mutex
	arrived := map[string]int{}
	release := map[string]chan struct{}{"1": make(chan struct{}), "2": make(chan struct{})}
	srv, conns := connCountingServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		round := r.URL.Query().Get("round")
		mu.Lock()
		arrived[round]++
		if arrived[round] == workers {
			close(release[round])
		}
		mu.Unlock()
		select {
		case <-release[round]:
		case <-r.Context().Done():
			return
		}
		_, _ = w.Write([]byte(`{"id":"x"}`))
	}))
	tr := newHardenedTransport()
	t.Cleanup(tr.CloseIdleConnections)
	s := socketSettings(srv)
	s.HTTPClient = &http.Client{Transport: tr}
	c := newClient(t, s)

	round := func(n string) {
		var wg sync.WaitGroup
		for range workers {
			wg.Go(func() {
				r := get("/orders")
				r.Query = map[string][]string{"round": {n}}
				var out struct{ ID string }
				_, err := c.Do(t.Context(), r, &out)
				assert.NoError(t, err)
			})
		}
		wg.Wait()
	}
	round("1")
	first := conns.Load()
	require.GreaterOrEqual(t, first, int64(workers))
	round("2")
	opened := conns.Load() - first
	assert.Less(t, opened, int64(workers-16), "round two opened %d new connections (MaxIdleConnsPerHost %d)", opened, tr.MaxIdleConnsPerHost)
}
