package main

import (
	"bytes"
	"context"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/labwire/labwire/webhook"
)

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

const (
	secret = "whoop-signing-secret-0123456789"
	body   = `{"event_type":"lab_requisition.created","resource_id":"e72719d6-0dbb-4eb3-9ccc-781b563fc3d3"}`
)

func TestReceiverOnPostgresInbox(t *testing.T) {
	dsn := os.Getenv("LABWIRE_PGINBOX_DSN")
	if dsn == "" {
		t.Skip("LABWIRE_PGINBOX_DSN is not set; see webhook/pginbox/pgtest.sh")
	}
	table := "example_receiver_" + strings.ToLower(time.Now().Format("150405"))
	ctx, cancel := context.WithCancel(context.Background())
	out, logs := &syncBuffer{}, &syncBuffer{}
	ready := make(chan string, 1)
	done := make(chan error, 1)
	getenv := func(k string) string { return map[string]string{"WHOOP_WEBHOOK_SECRET": secret}[k] }
	go func() {
		done <- run(ctx, []string{"-addr", "127.0.0.1:0", "-inbox", dsn, "-migrate", "-table", table}, getenv, out, logs, ready)
	}()
	var addr string
	select {
	case addr = <-ready:
	case err := <-done:
		t.Fatal(err)
	}
	for range 2 { // a delivery and WHOOP's duplicate
		req, err := http.NewRequest(http.MethodPost, "http://"+addr+"/webhooks/whoop", strings.NewReader(body))
		require.NoError(t, err)
		req.Header.Set("WHOOP-Signed", webhook.SignBody(secret, []byte(body)))
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		assert.Equal(t, http.StatusNoContent, resp.StatusCode)
	}
	require.Eventually(t, func() bool { return strings.Contains(out.String(), "processed") }, 30*time.Second, 10*time.Millisecond)
	cancel()
	require.NoError(t, <-done)
	assert.Equal(t, "processed vendor=whoop type=lab_requisition.created id=e72719d6-0dbb-4eb3-9ccc-781b563fc3d3\n", out.String())
	assert.NotContains(t, logs.String(), secret)
	drop(t, dsn, table)
}

// Without -migrate, a table that was never migrated is refused at startup,
// by name and SQLSTATE, instead of failing every delivery.
func TestReceiverRefusesAnUnmigratedTable(t *testing.T) {
	dsn := os.Getenv("LABWIRE_PGINBOX_DSN")
	if dsn == "" {
		t.Skip("LABWIRE_PGINBOX_DSN is not set; see webhook/pginbox/pgtest.sh")
	}
	t.Parallel()
	getenv := func(k string) string { return map[string]string{"WHOOP_WEBHOOK_SECRET": secret}[k] }
	err := run(context.Background(), []string{"-addr", "127.0.0.1:0", "-inbox", dsn, "-table", "never_migrated_inbox"}, getenv, &bytes.Buffer{}, &bytes.Buffer{}, nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "never_migrated_inbox")
	assert.Contains(t, err.Error(), "SQLSTATE 42P01")
}

func TestReceiverFlags(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		args []string
		env  string
		want string
	}{
		{nil, secret, "-inbox is required"},
		{[]string{"-inbox", "postgres://localhost/x"}, "", "WHOOP_WEBHOOK_SECRET"},
		{[]string{"-inbox", "postgres://localhost/x", "-table", "Bad-Name"}, secret, "WithTable"},
	} {
		getenv := func(k string) string { return map[string]string{"WHOOP_WEBHOOK_SECRET": c.env}[k] }
		err := run(context.Background(), c.args, getenv, &bytes.Buffer{}, &bytes.Buffer{}, nil)
		require.Error(t, err)
		assert.Contains(t, err.Error(), c.want)
	}
}
