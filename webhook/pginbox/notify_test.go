package pginbox

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Issue 17: the listener's reconnect backoff starts again after a good
// connection: a server that drops the listener's connection once an hour
// is reconnected to at once every time, not after a wait that doubled
// with every drop since the process started. The log lines name the table.
func TestListenerBackoffResetsAfterAGoodConnect(t *testing.T) {
	t.Parallel()
	table := testTable(t)
	log, logs := newTestLogger()
	ib := newInbox(t, table, 4, WithLogger(log))
	ib.Notify()
	watcher := newPool(t, 1)
	ctx := context.Background()
	listener := func() (pid int32) {
		t.Helper()
		require.Eventually(t, func() bool {
			err := watcher.QueryRow(ctx, `SELECT pid FROM pg_stat_activity WHERE query = $1 AND state = 'idle'`, "LISTEN "+ib.t.listen).Scan(&pid)
			return err == nil
		}, 30*time.Second, 5*time.Millisecond)
		return pid
	}
	pid := listener()
	for drop := 1; drop <= 4; drop++ {
		terminatePID(t, uint32(pid))
		require.Eventually(t, func() bool { return strings.Count(logs.String(), "listener reconnecting") == drop },
			30*time.Second, 5*time.Millisecond)
		next := listener()
		require.NotEqual(t, pid, next)
		pid = next
	}
	lines := strings.Split(strings.TrimSpace(logs.String()), "\n")
	require.Len(t, lines, 4)
	for _, line := range lines {
		var rec map[string]any
		require.NoError(t, json.Unmarshal([]byte(line), &rec))
		assert.Equal(t, float64(listenMinWait), rec["retry_in"], "the first wait after a good connection")
		assert.Equal(t, table, rec["store"])
		assert.Contains(t, rec["error"], table)
	}
}
