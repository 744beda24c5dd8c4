package main

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/labwire/labwire/webhook"
	"github.com/labwire/labwire/webhook/dispatch"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// -inbox memory: the WHOOP delivery is stored in the inbox before the 204,
// its duplicate acknowledged without a second line.
func TestReceiverWhoopThroughInbox(t *testing.T) {
	t.Parallel()
	ib, err := dispatch.NewMemoryInbox(time.Hour)
	require.NoError(t, err)
	out := &syncBuffer{}
	mux, routes, err := newMux(getenvFrom(map[string]string{"WHOOP_WEBHOOK_SECRET": testEnv["WHOOP_WEBHOOK_SECRET"]}),
		newEventPrinter(out), slog.New(slog.DiscardHandler), dispatch.WithInbox(ib))
	require.NoError(t, err)
	require.Len(t, routes, 1)
	sig := webhook.SignBody(testEnv["WHOOP_WEBHOOK_SECRET"], []byte(whoopBody))
	for range 2 {
		assert.Equal(t, 204, post(t, mux, "/webhooks/whoop", whoopBody, map[string]string{"WHOOP-Signed": sig}))
	}
	recs, err := ib.Records(context.Background(), "whoop")
	require.NoError(t, err)
	require.Len(t, recs, 1, "stored once, under the whoop source")
	require.NoError(t, routes[0].handler.(*dispatch.Handler).WaitIdle(context.Background()))
	require.NoError(t, routes[0].shutdown(context.Background()))
	assert.Equal(t, "accepted vendor=whoop type=lab_requisition.created id=e72719d6-0dbb-4eb3-9ccc-781b563fc3d3\n", out.String())
}

func TestReceiverInboxFlag(t *testing.T) {
	t.Parallel()
	for arg, want := range map[string]string{
		"postgres://localhost/labs": "webhook/pginbox",
		"redis://x":                 `want "memory"`,
	} {
		var stderr bytes.Buffer
		err := run(context.Background(), []string{"-inbox", arg}, getenvFrom(testEnv), &bytes.Buffer{}, &stderr)
		require.Error(t, err)
		assert.Contains(t, err.Error(), want)
		assert.Equal(t, 2, exitStatus(&stderr, err))
	}
}

// Issue 8 item 9: an example users copy imports no internal package.
func TestReceiverImportsNoInternalPackage(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	for _, f := range files {
		src, err := os.ReadFile(f)
		require.NoError(t, err)
		assert.False(t, strings.Contains(string(src), `"github.com/labwire/labwire/`+"internal/"), f)
	}
}
