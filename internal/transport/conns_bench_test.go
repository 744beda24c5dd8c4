package transport

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httptrace"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Issue 8 item 10: how many new connections 64 concurrent calls open beyond the 64 they
// need (churn), per 1000 calls, for
// MaxIdleConnsPerHost 16 (the old default), 64 and 100. A connection that finds no room in
// the idle pool when its call ends is closed, and a later call dials (and, over TLS,
// handshakes) again. Run:
//
//	go test -run '^$' -bench BenchmarkConcurrentConnReuse -benchtime 50000x -count 5 ./internal/transport
func BenchmarkConcurrentConnReuse(b *testing.B) {
	for _, idle := range []int{16, 64, 100} {
		b.Run(fmt.Sprintf("idle=%d", idle), func(b *testing.B) {
			var serverConns atomic.Int64
			srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				_, _ = w.Write([]byte(`{"id":"x"}`))
			}))
			srv.Config.ConnState = func(_ net.Conn, st http.ConnState) {
				if st == http.StateNew {
					serverConns.Add(1)
				}
			}
			srv.Start()
			defer srv.Close()
			tr := newHardenedTransport()
			tr.MaxIdleConnsPerHost = idle
			defer tr.CloseIdleConnections()
			s := socketSettings(srv)
			s.HTTPClient = &http.Client{Transport: tr}
			c := newClient(b, s)

			var dialed atomic.Int64
			ctx := httptrace.WithClientTrace(context.Background(), &httptrace.ClientTrace{
				GotConn: func(info httptrace.GotConnInfo) {
					if !info.Reused {
						dialed.Add(1)
					}
				},
			})
			const workers = 64
			var next atomic.Int64
			b.ResetTimer()
			var wg sync.WaitGroup
			for range workers {
				wg.Go(func() {
					for next.Add(1) <= int64(b.N) {
						var out struct{ ID string }
						if _, err := c.Do(ctx, get("/orders"), &out); err != nil {
							b.Error(err)
							return
						}
					}
				})
			}
			wg.Wait()
			b.StopTimer()
			// The first 64 connections are needed by any setting; the rest is churn.
			b.ReportMetric(float64(max(dialed.Load()-workers, 0))*1000/float64(b.N), "churn/1000calls")
			b.ReportMetric(float64(serverConns.Load()), "serverconns")
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
	var conns atomic.Int64
	var mu sync.Mutex
	arrived := map[string]int{}
	release := map[string]chan struct{}{"1": make(chan struct{}), "2": make(chan struct{})}
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
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
	srv.Config.ConnState = func(_ net.Conn, st http.ConnState) {
		if st == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)
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
