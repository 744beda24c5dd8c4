package pginbox

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/labwire/labwire/webhook"
	"github.com/labwire/labwire/webhook/dispatch"
)

const (
	childTableEnv = "LABWIRE_PGINBOX_CHILD_TABLE"
	childHangEnv  = "LABWIRE_PGINBOX_CHILD_HANG"
)

// Issue 13: a receiver process killed with SIGKILL while its workers are
// inside the handler, with more deliveries acknowledged and not yet
// processed, loses nothing: a restarted receiver processes every delivery,
// each exactly once.
func TestKilledReceiverProcessLosesNothing(t *testing.T) {
	t.Parallel()
	const n = 40
	table := testTable(t)
	ib := newInbox(t, table, 4)
	ctx := context.Background()
	_, err := ib.pool.Exec(ctx, `CREATE TABLE `+table+`_effects (body bytea PRIMARY KEY)`)
	require.NoError(t, err)

	first := startChild(t, table, true)
	resp, err := http.Post("http://"+first.addr+"/hook", "application/json", nil) // unsigned: refused
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, 401, resp.StatusCode)
	for i := range n {
		require.Equal(t, 200, first.send(t, fmt.Sprintf(`{"id":"evt_%03d"}`, i)), "acknowledged")
	}
	first.waitFor(t, "IN-HANDLER", 2) // both workers are inside the handler, transactions open
	require.NoError(t, first.cmd.Process.Signal(syscall.SIGKILL))
	_ = first.cmd.Wait()
	stats, err := ib.Stats(ctx, "partner")
	require.NoError(t, err)
	assert.Equal(t, int64(n), stats[dispatch.InboxPending]+stats[dispatch.InboxLeased], "everything acknowledged is still in the inbox")

	second := startChild(t, table, false)
	require.Eventually(t, func() bool {
		s, err := ib.Stats(ctx, "partner")
		return err == nil && s[dispatch.InboxCompleted] == n
	}, 2*time.Minute, 20*time.Millisecond, "the restarted receiver finishes everything, including the two killed mid-handler once their leases ran out")
	var effects int
	require.NoError(t, ib.pool.QueryRow(ctx, `SELECT count(*) FROM `+table+`_effects`).Scan(&effects))
	assert.Equal(t, n, effects, "each delivery's effect committed exactly once")
	require.NoError(t, second.cmd.Process.Signal(syscall.SIGTERM))
	require.NoError(t, second.cmd.Wait(), "clean shutdown")
}

type child struct {
	cmd   *exec.Cmd
	addr  string
	lines chan string
}

// startChild re-executes this test binary as a receiver process.
func startChild(t *testing.T, table string, hang bool) *child {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestReceiverChildProcess$", "-test.v")
	cmd.Env = append(os.Environ(), childTableEnv+"="+table)
	if hang {
		cmd.Env = append(cmd.Env, childHangEnv+"=1")
	}
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	c := &child{cmd: cmd, lines: make(chan string, 256)}
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			c.lines <- sc.Text()
		}
		close(c.lines)
	}()
	for line := range c.lines {
		if addr, ok := strings.CutPrefix(line, "LISTENING "); ok {
			c.addr = addr
			return c
		}
	}
	t.Fatal("child exited before listening")
	return nil
}

func (c *child) waitFor(t *testing.T, prefix string, count int) {
	t.Helper()
	timeout := time.After(time.Minute)
	for count > 0 {
		select {
		case line, ok := <-c.lines:
			require.True(t, ok, "child exited")
			if strings.HasPrefix(line, prefix) {
				count--
			}
		case <-timeout:
			t.Fatalf("child never printed %s", prefix)
		}
	}
}

func (c *child) send(t *testing.T, body string) int {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, "http://"+c.addr+"/hook", strings.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("X-Signature", webhook.SignBody(testSecret, []byte(body)))
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

// TestReceiverChildProcess is the receiver process of
// TestKilledReceiverProcessLosesNothing; it runs only when re-executed.
func TestReceiverChildProcess(t *testing.T) {
	table := os.Getenv(childTableEnv)
	if table == "" {
		t.Skip("runs only as the child of TestKilledReceiverProcessLosesNothing")
	}
	hang := os.Getenv(childHangEnv) == "1"
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	ib, err := New(newPool(t, 8), WithTable(table), WithTransactional())
	require.NoError(t, err)
	defer ib.Close()
	h, err := dispatch.NewEventHandler(newVerifier(t), ProcessTx(func(ctx context.Context, tx pgx.Tx, e dispatch.Event) error {
		if _, err := tx.Exec(ctx, `INSERT INTO `+table+`_effects (body) VALUES ($1)`, e.Body); err != nil {
			return err
		}
		if hang {
			fmt.Println("IN-HANDLER")
			select {} // killed here, the transaction open
		}
		return nil
	}), dispatch.WithInbox(ib), dispatch.WithSource("partner"), dispatch.WithWorkers(2),
		dispatch.WithLease(2*time.Second), dispatch.WithPollInterval(50*time.Millisecond))
	require.NoError(t, err)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	mux := http.NewServeMux()
	mux.Handle("POST /hook", h)
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	fmt.Println("LISTENING " + ln.Addr().String())
	<-ctx.Done()
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	require.NoError(t, srv.Shutdown(sctx))
	require.NoError(t, h.Shutdown(sctx))
}
