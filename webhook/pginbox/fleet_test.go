package pginbox

import (
	"bufio"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/labwire/labwire/webhook"
	"github.com/labwire/labwire/webhook/dispatch"
)

// The fleet test (issue 17): receiver processes sharing one Postgres, many
// concurrent senders, duplicates, failing first attempts, a receiver
// SIGKILLed mid-run and restarted, Postgres restarted mid-run, and exact
// accounting at the end. It runs a reduced load by default; the full one:
//
//	LABWIRE_PGINBOX_FLEET=20000 go test -race -run '^TestFleet$' -v .
//
// For figures, leave -race out (it slows every process several times);
// LABWIRE_PGINBOX_FLEET_RATE=1000 paces the senders to 1,000 sends a
// second in all, for latency and drain times at that rate instead of at
// saturation; PGTEST_STOP_MODE=immediate crashes Postgres (recovery from
// the WAL) instead of shutting it down fast. It starts its own throwaway cluster with pgtest.sh (so
// restarting Postgres disturbs no other test) and runs only where
// LABWIRE_PGINBOX_DSN says Postgres tests run. Timings are printed, never
// asserted.
const (
	fleetSizeEnv  = "LABWIRE_PGINBOX_FLEET"
	fleetRateEnv  = "LABWIRE_PGINBOX_FLEET_RATE"
	fleetChildEnv = "LABWIRE_PGINBOX_FLEET_CHILD"

	fleetDefaultSize = 3000 // unique deliveries without LABWIRE_PGINBOX_FLEET
	fleetReceivers   = 3
	fleetSenders     = 32
	fleetDupPercent  = 30
	fleetFailPercent = 5 // of first attempts
	fleetSource      = "fleet"
	fleetTable       = "fleet_inbox"
	fleetPoolConns   = 16 // per receiver: 4 transactional workers + listener + Accepts
)

// fleetChild is what a receiver process is told.
type fleetChild struct {
	DSN, Table string
	Name       string
}

// fleetFails reports whether the first attempt of delivery id fails.
func fleetFails(id string) bool {
	h := fnv.New32a()
	h.Write([]byte(id))
	return h.Sum32()%100 < fleetFailPercent
}

func TestFleet(t *testing.T) {
	testDSN(t) // skips without Postgres
	size := fleetDefaultSize
	if s := os.Getenv(fleetSizeEnv); s != "" {
		n, err := strconv.Atoi(s)
		require.NoError(t, err, fleetSizeEnv)
		size = n
	}
	// Not parallel: it loads the machine, and its figures mean something
	// only alone.
	f := startFleet(t, size)
	f.run(t)
}

type fleet struct {
	dir, dsn string
	pool     *pgxpool.Pool
	size     int
	bodies   []string // by delivery index
	sends    []int    // delivery index per send, duplicates included, shuffled
	addrs    []atomic.Pointer[string]
	children []*fleetProc
	logDir   string

	acked   []atomic.Bool
	acks    []fleetAck
	latMu   sync.Mutex
	refused atomic.Int64 // non-2xx answers and transport errors, each retried
	sent    atomic.Int64 // sends finished (acknowledged)
}

type fleetAck struct {
	at   time.Time     // when the request that was acknowledged began
	took time.Duration // until the answer
}

type fleetProc struct {
	cmd  *exec.Cmd
	done chan struct{}
}

func startFleet(t *testing.T, size int) *fleet {
	t.Helper()
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("bash is needed for pgtest.sh")
	}
	bins, _ := filepath.Glob("/usr/lib/postgresql/*/bin/pg_ctl")
	if len(bins) == 0 {
		t.Skip("no Postgres server binaries for a throwaway cluster")
	}
	// In /tmp, not $TMPDIR: the cluster's owner (postgres, when run as
	// root) must reach it, and a unix socket path must stay short.
	dir, err := os.MkdirTemp("/tmp", "pginbox-fleet-")
	require.NoError(t, err)
	out, err := exec.Command("bash", "pgtest.sh", "start", dir).Output()
	require.NoError(t, err, "pgtest.sh start")
	t.Cleanup(func() { _ = exec.Command("bash", "pgtest.sh", "stop", dir).Run() })
	line := strings.TrimSpace(string(out))
	dsn, ok := strings.CutPrefix(line, "export "+dsnEnv+"=")
	require.True(t, ok, "pgtest.sh printed %q", line)
	f := &fleet{dir: dir, dsn: strings.Trim(dsn, "'"), size: size, logDir: t.TempDir()}

	cfg, err := pgxpool.ParseConfig(f.dsn)
	require.NoError(t, err)
	cfg.MaxConns = 4
	f.pool, err = pgxpool.NewWithConfig(context.Background(), cfg)
	require.NoError(t, err)
	t.Cleanup(f.pool.Close)
	ib, err := New(f.pool, WithTable(fleetTable))
	require.NoError(t, err)
	ctx := context.Background()
	_, err = ib.Migrate(ctx)
	require.NoError(t, err)
	require.NoError(t, ib.Check(ctx))
	_, err = f.pool.Exec(ctx, `CREATE TABLE fleet_effects (id text PRIMARY KEY, attempt int NOT NULL);
		CREATE TABLE fleet_doubles (id text NOT NULL, attempt int NOT NULL)`)
	require.NoError(t, err)

	for i := range size {
		f.bodies = append(f.bodies, fmt.Sprintf(`{"id":"evt_%06d","type":"order.created","order":{"lab":"fleet","tests":["cbc","cmp"],"pad":"%0160d"}}`, i, i))
		f.sends = append(f.sends, i)
		if rand.IntN(100) < fleetDupPercent {
			f.sends = append(f.sends, i)
		}
	}
	rand.Shuffle(len(f.sends), func(i, j int) { f.sends[i], f.sends[j] = f.sends[j], f.sends[i] })
	f.acked = make([]atomic.Bool, size)
	f.addrs = make([]atomic.Pointer[string], fleetReceivers)
	f.children = make([]*fleetProc, fleetReceivers)
	for i := range fleetReceivers {
		f.start(t, i)
	}
	return f
}

// start (re)starts receiver i and waits until it listens.
func (f *fleet) start(t *testing.T, i int) {
	t.Helper()
	spec, err := json.Marshal(fleetChild{DSN: f.dsn, Table: fleetTable, Name: fmt.Sprint("r", i)})
	require.NoError(t, err)
	cmd := exec.Command(os.Args[0], "-test.run=^TestFleetReceiver$")
	cmd.Env = append(os.Environ(), fleetChildEnv+"="+string(spec))
	logf, err := os.OpenFile(filepath.Join(f.logDir, fmt.Sprintf("r%d.log", i)), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	require.NoError(t, err)
	cmd.Stderr = logf
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	p := &fleetProc{cmd: cmd, done: make(chan struct{})}
	go func() { _ = cmd.Wait(); logf.Close(); close(p.done) }()
	t.Cleanup(func() { _ = cmd.Process.Kill(); <-p.done })
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		if addr, ok := strings.CutPrefix(sc.Text(), "LISTENING "); ok {
			f.addrs[i].Store(&addr)
			f.children[i] = p
			go func() { _, _ = io.Copy(io.Discard, out) }()
			return
		}
	}
	t.Fatalf("receiver %d exited before listening", i)
}

func (f *fleet) run(t *testing.T) {
	ctx := context.Background()
	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: fleetSenders, MaxConnsPerHost: 0}}
	defer client.CloseIdleConnections()

	// The senders: 32 at once, as fast as answers come, or paced to
	// LABWIRE_PGINBOX_FLEET_RATE sends a second in all.
	var interval time.Duration
	if r := os.Getenv(fleetRateEnv); r != "" {
		rate, err := strconv.Atoi(r)
		require.NoError(t, err, fleetRateEnv)
		interval = time.Second / time.Duration(rate)
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	for range fleetSenders {
		wg.Go(func() {
			for {
				i := next.Add(1) - 1
				if i >= int64(len(f.sends)) {
					return
				}
				if interval > 0 {
					time.Sleep(time.Until(start.Add(time.Duration(i) * interval)))
				}
				f.send(t, client, f.sends[i])
			}
		})
	}
	sent := make(chan time.Duration, 1)
	go func() { wg.Wait(); sent <- time.Since(start) }()

	// Faults, while the senders send. For each: how long until the rows
	// leased at the fault are finished (its orphans: what the issue's
	// "drain after the kill" measured), and until every delivery received
	// before it is (the backlog, which also depends on how far processing
	// lags the senders). Both are measured in the background.
	sendsTotal := int64(len(f.sends))
	waitSent := func(frac float64) {
		for f.sent.Load() < int64(frac*float64(sendsTotal)) && f.sent.Load() < sendsTotal {
			time.Sleep(10 * time.Millisecond)
		}
	}
	waitSent(0.30)
	victim := f.children[1]
	killed := time.Now()
	require.NoError(t, victim.cmd.Process.Signal(syscall.SIGKILL))
	<-victim.done
	f.addrs[1].Store(nil)
	// Its rows stay leased: their transactions died with it. A claim it
	// sent just before dying commits on the server a moment later.
	time.Sleep(200 * time.Millisecond)
	killAt, killSnap := f.snapshot(t)
	t.Logf("SIGKILL receiver 1 after %d of %d sends; %d rows leased after it", f.sent.Load(), sendsTotal, len(killSnap))
	killOrphans, killBacklog := f.drainOrphans(t, killed, killSnap), f.drainBacklog(t, killed, killAt)
	f.start(t, 1)
	faults := [][2]time.Time{{killed, time.Now().Add(2 * time.Second)}}

	waitSent(0.65)
	restartAt, restartSnap := f.snapshot(t) // the server will abort these rows' transactions
	restarted := time.Now()
	out, err := exec.Command("bash", "pgtest.sh", "restart", f.dir).CombinedOutput()
	require.NoError(t, err, "pgtest.sh restart: %s", out)
	t.Logf("Postgres restarted (%s shutdown, %v) after %d of %d sends; %d rows leased before it",
		cmp.Or(os.Getenv("PGTEST_STOP_MODE"), "fast"), time.Since(restarted).Round(time.Millisecond), f.sent.Load(), sendsTotal, len(restartSnap))
	restartOrphans, restartBacklog := f.drainOrphans(t, restarted, restartSnap), f.drainBacklog(t, restarted, restartAt)
	faults = append(faults, [2]time.Time{restarted, time.Now().Add(2 * time.Second)})

	sendTime := <-sent
	sendsDone := start.Add(sendTime)
	require.Eventually(t, func() bool {
		var open int
		err := f.pool.QueryRow(ctx, `SELECT count(*) FROM `+fleetTable+` WHERE state IN ('pending', 'leased')`).Scan(&open)
		return err == nil && open == 0
	}, 5*time.Minute, 100*time.Millisecond, "the inbox drains")
	finalDrain := time.Since(sendsDone)

	for i, p := range f.children {
		require.NoError(t, p.cmd.Process.Signal(syscall.SIGTERM))
		select {
		case <-p.done:
			assert.Zero(t, p.cmd.ProcessState.ExitCode(), "receiver %d shuts down cleanly", i)
		case <-time.After(time.Minute):
			t.Errorf("receiver %d did not shut down within a minute of SIGTERM", i)
		}
	}

	// Exact accounting, in the database.
	var acked []string
	for i := range f.size {
		if f.acked[i].Load() {
			acked = append(acked, fmt.Sprintf("evt_%06d", i))
		}
	}
	assert.Len(t, acked, f.size, "every delivery acknowledged in the end (senders retry)")
	var effects []string
	rows, err := f.pool.Query(ctx, `SELECT id FROM fleet_effects ORDER BY id`)
	require.NoError(t, err)
	effects, err = pgx.CollectRows(rows, pgx.RowTo[string])
	require.NoError(t, err)
	assert.Equal(t, acked, effects, "every acknowledged delivery's effect committed, and nothing else")
	var doubles int
	require.NoError(t, f.pool.QueryRow(ctx, `SELECT count(*) FROM fleet_doubles`).Scan(&doubles))
	assert.Zero(t, doubles, "no delivery processed twice")
	states := map[string]int{}
	rows, err = f.pool.Query(ctx, `SELECT state, count(*) FROM `+fleetTable+` GROUP BY state`)
	require.NoError(t, err)
	for rows.Next() {
		var s string
		var n int
		require.NoError(t, rows.Scan(&s, &n))
		states[s] = n
	}
	require.NoError(t, rows.Err())
	assert.Equal(t, map[string]int{"completed": f.size}, states, "one row per delivery, duplicates not queued")
	var retried, maxAttempts int
	require.NoError(t, f.pool.QueryRow(ctx, `SELECT count(*) FILTER (WHERE attempts > 1), max(attempts) FROM `+fleetTable).Scan(&retried, &maxAttempts))

	// Latency over every acknowledgement, and over those whose request
	// began outside the faults (from each fault to 2 s after it ended).
	var all, calm []time.Duration
	for _, a := range f.acks {
		all = append(all, a.took)
		if !slices.ContainsFunc(faults, func(w [2]time.Time) bool { return !a.at.Before(w[0]) && a.at.Before(w[1]) }) {
			calm = append(calm, a.took)
		}
	}
	slices.Sort(all)
	slices.Sort(calm)
	pct := func(d []time.Duration, p float64) time.Duration {
		return d[min(len(d)-1, int(p*float64(len(d))))].Round(10 * time.Microsecond)
	}
	pace := "unpaced"
	if interval > 0 {
		pace = fmt.Sprintf("paced to %d/s", time.Second/interval)
	}
	t.Logf("fleet: %d receivers (transactional, dispatch defaults, pool %d), %d senders (%s), %d deliveries + %d duplicates, %d%% of first attempts failing",
		fleetReceivers, fleetPoolConns, fleetSenders, pace, f.size, len(f.sends)-f.size, fleetFailPercent)
	t.Logf("acks: %d in %v: %.0f durable acks/s; latency p50 %v p99 %v max %v; outside the faults (%d acks) p50 %v p99 %v; %d answers refused or failed (retried)",
		len(all), sendTime.Round(time.Millisecond), float64(len(all))/sendTime.Seconds(),
		pct(all, 0.50), pct(all, 0.99), all[len(all)-1].Round(time.Millisecond), len(calm), pct(calm, 0.50), pct(calm, 0.99), f.refused.Load())
	t.Logf("drain after SIGKILL: rows then leased %v, everything received before it %v", <-killOrphans, <-killBacklog)
	t.Logf("drain after Postgres restart: rows then leased %v, everything received before it %v", <-restartOrphans, <-restartBacklog)
	t.Logf("drain after the last send: %v; %d deliveries took more than one attempt (max %d); effects %d, doubles %d",
		finalDrain.Round(time.Millisecond), retried, maxAttempts, len(effects), doubles)
	f.logSummary(t)
}

// send posts delivery i until a receiver acknowledges it, as a sender
// with retries does.
func (f *fleet) send(t *testing.T, client *http.Client, i int) {
	body := f.bodies[i]
	sig := webhook.SignBody(testSecret, []byte(body))
	deadline := time.Now().Add(2 * time.Minute)
	for r := rand.IntN(fleetReceivers); time.Now().Before(deadline); r = (r + 1) % fleetReceivers {
		addr := f.addrs[r].Load()
		if addr == nil {
			continue
		}
		req, err := http.NewRequest(http.MethodPost, "http://"+*addr+"/hook", strings.NewReader(body))
		if err != nil {
			t.Error(err)
			return
		}
		req.Header.Set("X-Signature", sig)
		req.Header.Set("Content-Type", "application/json")
		t0 := time.Now()
		resp, err := client.Do(req)
		if err == nil {
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
		took := time.Since(t0)
		if err == nil && resp.StatusCode/100 == 2 {
			f.acked[i].Store(true)
			f.latMu.Lock()
			f.acks = append(f.acks, fleetAck{t0, took})
			f.latMu.Unlock()
			f.sent.Add(1)
			return
		}
		f.refused.Add(1)
		time.Sleep(20 * time.Millisecond)
	}
	t.Errorf("delivery %d never acknowledged", i)
	f.sent.Add(1)
}

// snapshot reads the database's clock and the rows leased now, just
// before a fault.
func (f *fleet) snapshot(t *testing.T) (time.Time, []int64) {
	t.Helper()
	ctx := context.Background()
	var at time.Time
	require.NoError(t, f.pool.QueryRow(ctx, `SELECT now()`).Scan(&at))
	rows, err := f.pool.Query(ctx, `SELECT id FROM `+fleetTable+` WHERE state = 'leased'`)
	require.NoError(t, err)
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	require.NoError(t, err)
	return at, ids
}

// drainOrphans measures, in the background, from the fault (start), when
// the rows leased at the fault are all finished.
func (f *fleet) drainOrphans(t *testing.T, start time.Time, leased []int64) <-chan time.Duration {
	done := make(chan time.Duration, 1)
	go func() {
		for time.Since(start) < 5*time.Minute {
			var open int
			err := f.pool.QueryRow(context.Background(), `SELECT count(*) FROM `+fleetTable+`
				WHERE id = ANY($1) AND state IN ('pending', 'leased')`, leased).Scan(&open)
			if err == nil && open == 0 {
				done <- time.Since(start).Round(10 * time.Millisecond)
				return
			}
			time.Sleep(20 * time.Millisecond)
		}
		t.Error("rows leased at a fault still open 5 minutes later")
		done <- 0
	}()
	return done
}

// drainBacklog measures, in the background, from the fault (start), when
// every delivery received before it (at, by the database's clock) is
// finished. It looks every 100 ms: with a backlog, counting it reads much
// of the table, and the measurement should not slow what it measures.
func (f *fleet) drainBacklog(t *testing.T, start, at time.Time) <-chan time.Duration {
	done := make(chan time.Duration, 1)
	go func() {
		for time.Since(start) < 5*time.Minute {
			var open int
			err := f.pool.QueryRow(context.Background(), `SELECT count(*) FROM `+fleetTable+`
				WHERE source = $1 AND state IN ('pending', 'leased') AND received_at <= $2`, fleetSource, at).Scan(&open)
			if err == nil && open == 0 {
				done <- time.Since(start).Round(10 * time.Millisecond)
				return
			}
			time.Sleep(100 * time.Millisecond)
		}
		t.Error("deliveries received before a fault still open 5 minutes later")
		done <- 0
	}()
	return done
}

// logSummary counts the receivers' log lines by message (they hold no
// delivery data).
func (f *fleet) logSummary(t *testing.T) {
	counts := map[string]int{}
	files, _ := filepath.Glob(filepath.Join(f.logDir, "*.log"))
	for _, name := range files {
		b, err := os.ReadFile(name)
		require.NoError(t, err)
		for line := range strings.Lines(string(b)) {
			var rec struct {
				Msg, Category, SQLState, Error string
				ErrorType                      string `json:"error_type"`
			}
			if json.Unmarshal([]byte(line), &rec) == nil && rec.Msg != "" {
				counts[strings.Join(slices.DeleteFunc([]string{rec.Msg, rec.Category, rec.SQLState, rec.ErrorType, rec.Error},
					func(s string) bool { return s == "" }), " ")]++
			}
			assert.NotContains(t, line, "evt_", "no delivery content in a log line")
		}
	}
	keys := slices.Sorted(func(yield func(string) bool) {
		for k := range counts {
			if !yield(k) {
				return
			}
		}
	})
	for _, k := range keys {
		t.Logf("receiver log: %4d × %s", counts[k], k)
	}
}

// TestFleetReceiver is one receiver process of TestFleet: a
// transactional inbox on a pool of fleetPoolConns, the dispatch defaults
// otherwise. Its ProcessFunc records each delivery's effect in
// fleet_effects through the claim's transaction, and a second processing
// of a delivery in fleet_doubles; the first attempt of fleetFailPercent %
// of deliveries fails after writing (the write is rolled back).
func TestFleetReceiver(t *testing.T) {
	raw := os.Getenv(fleetChildEnv)
	if raw == "" {
		t.Skip("runs only as a receiver process of TestFleet")
	}
	var spec fleetChild
	require.NoError(t, json.Unmarshal([]byte(raw), &spec))
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	cfg, err := pgxpool.ParseConfig(spec.DSN)
	require.NoError(t, err)
	cfg.MaxConns = fleetPoolConns
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	require.NoError(t, err)
	defer pool.Close()
	logger := slog.New(slog.NewJSONHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	ib, err := New(pool, WithTable(spec.Table), WithTransactional(), WithLogger(logger))
	require.NoError(t, err)
	defer ib.Close()
	require.NoError(t, ib.Check(ctx))
	h, err := dispatch.NewEventHandler(newVerifier(t), ProcessTx(func(ctx context.Context, tx pgx.Tx, e dispatch.Event) error {
		var ev struct{ ID string }
		if err := json.Unmarshal(e.Body, &ev); err != nil {
			return dispatch.Permanent(err)
		}
		tag, err := tx.Exec(ctx, `INSERT INTO fleet_effects (id, attempt) VALUES ($1, $2) ON CONFLICT DO NOTHING`, ev.ID, e.Attempt)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			_, err := tx.Exec(ctx, `INSERT INTO fleet_doubles (id, attempt) VALUES ($1, $2)`, ev.ID, e.Attempt)
			return err
		}
		if e.Attempt == 1 && fleetFails(ev.ID) {
			return fmt.Errorf("first attempt fails")
		}
		return nil
	}), dispatch.WithInbox(ib), dispatch.WithSource(fleetSource), dispatch.WithLogger(logger))
	require.NoError(t, err)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	mux := http.NewServeMux()
	mux.Handle("POST /hook", h)
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	fmt.Println("LISTENING " + ln.Addr().String())
	<-ctx.Done()
	sctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	require.NoError(t, srv.Shutdown(sctx))
	require.NoError(t, h.Shutdown(sctx))
}
