package pginbox

import (
	"context"
	"crypto/rand"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/require"

	"github.com/labwire/labwire/webhook"
	"github.com/labwire/labwire/webhook/dispatch"
)

// dsnEnv names the environment variable with the test database's DSN;
// .ci/run always sets it (see pgtest.sh).
const dsnEnv = "LABWIRE_PGINBOX_DSN"

const testSecret = "a-signing-secret-of-at-least-24-bytes"

func testDSN(t testing.TB) string {
	t.Helper()
	dsn := os.Getenv(dsnEnv)
	if dsn == "" {
		t.Skip(dsnEnv + " is not set; start a throwaway cluster with: eval \"$(bash pgtest.sh start /tmp/pginbox-pg)\"")
	}
	return dsn
}

func newPool(t testing.TB, maxConns int) *pgxpool.Pool {
	t.Helper()
	cfg, err := pgxpool.ParseConfig(testDSN(t))
	require.NoError(t, err)
	cfg.MaxConns = int32(maxConns)
	pool, err := pgxpool.NewWithConfig(context.Background(), cfg)
	require.NoError(t, err)
	t.Cleanup(pool.Close)
	return pool
}

var nonIdent = regexp.MustCompile(`[^a-z0-9_]+`)

// testTable is a fresh table name for one test, dropped afterwards.
func testTable(t testing.TB) string {
	t.Helper()
	name := nonIdent.ReplaceAllString(strings.ToLower(t.Name()), "_")
	if len(name) > 30 {
		name = name[:30]
	}
	name = "t_" + name + "_" + strings.ToLower(rand.Text()[:6])
	pool := newPool(t, 2)
	t.Cleanup(func() {
		ctx := context.Background()
		_, _ = pool.Exec(ctx, `DROP TABLE IF EXISTS `+name+`, `+name+`_migrations, `+name+`_effects`)
	})
	return name
}

// newInbox returns a migrated Inbox on table with its own pool.
func newInbox(t testing.TB, table string, maxConns int, opts ...Option) *Inbox {
	t.Helper()
	ib, err := New(newPool(t, maxConns), append([]Option{WithTable(table)}, opts...)...)
	require.NoError(t, err)
	_, err = ib.Migrate(context.Background())
	require.NoError(t, err)
	t.Cleanup(ib.Close)
	return ib
}

// manualClock is an injected clock.
type manualClock struct {
	mu sync.Mutex
	t  time.Time
}

func newManualClock() *manualClock {
	return &manualClock{t: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
}

func (c *manualClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

func (c *manualClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func newVerifier(t testing.TB) *webhook.Verifier {
	t.Helper()
	v, err := webhook.NewBodyHMAC("X-Signature", []string{testSecret})
	require.NoError(t, err)
	return v
}

// delivery is a signed POST of body.
func delivery(body string) *http.Request {
	r := httptest.NewRequest(http.MethodPost, "/hook", strings.NewReader(body))
	r.Header.Set("X-Signature", webhook.SignBody(testSecret, []byte(body)))
	r.Header.Set("Content-Type", "application/json")
	return r
}

func serve(h http.Handler, r *http.Request) int {
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w.Code
}

func msg(source, key, body string) dispatch.InboxMessage {
	return dispatch.InboxMessage{Source: source, Key: key, Event: dispatch.Event{
		Body: []byte(body), Header: http.Header{"X-Trace": {"abc"}},
		Delivery: webhook.Delivery{ID: key, Timestamp: time.Unix(1565712055, 0), SecretIndex: 1},
	}}
}

// lockedBuffer is an io.Writer safe for concurrent loggers.
type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func newTestLogger() (*slog.Logger, *lockedBuffer) {
	b := &lockedBuffer{}
	return slog.New(slog.NewJSONHandler(b, &slog.HandlerOptions{Level: slog.LevelDebug})), b
}

// newNamedPool is newPool whose connections carry application_name name,
// so that a test can drop them (terminate).
func newNamedPool(t testing.TB, maxConns int, name string) *pgxpool.Pool {
	t.Helper()
	cfg, err := pgxpool.ParseConfig(testDSN(t))
	require.NoError(t, err)
	cfg.MaxConns = int32(maxConns)
	cfg.ConnConfig.RuntimeParams["application_name"] = name
	pool, err := pgxpool.NewWithConfig(context.Background(), cfg)
	require.NoError(t, err)
	t.Cleanup(pool.Close)
	return pool
}

// terminate drops every server connection with application_name name, as
// a failover or a network cut does, and reports how many.
func terminate(t testing.TB, name string) int {
	t.Helper()
	var n int
	require.NoError(t, newPool(t, 1).QueryRow(context.Background(),
		`SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = $1`, name).Scan(&n))
	return n
}

// terminatePID drops one server connection.
func terminatePID(t testing.TB, pid uint32) {
	t.Helper()
	var ok bool
	require.NoError(t, newPool(t, 1).QueryRow(context.Background(), `SELECT pg_terminate_backend($1)`, int32(pid)).Scan(&ok))
	require.True(t, ok)
}
