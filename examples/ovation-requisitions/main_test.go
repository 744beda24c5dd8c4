package main

import (
	"bytes"
	"context"
	"net"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/labwire/labwire/ovation/ovationtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestOffline(t *testing.T) {
	var out bytes.Buffer
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	require.NoError(t, runOffline(ctx, &out))
	got := out.String()
	for _, want := range []string{"schema: 2 panel codes", "created REQ-", ": 2 samples", "listed 5 requisitions created today, 2 per page (3 pages); the new one listed: true",
		"received report_ready_for_generation", "put the report content", "received report_signed"} {
		assert.Contains(t, got, want)
	}
	assert.NotContains(t, got, "Patient", "no patient data printed")
}

// syncBuffer is a bytes.Buffer safe for the program and the test to share.
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

func TestOnlineWithoutWebhooksDoesNotWait(t *testing.T) {
	srv := ovationtest.Start(t)
	var out bytes.Buffer
	cfg := configFromEnv(func(k string) string {
		return map[string]string{"OVATION_BASE_URL": srv.URL, "OVATION_API_KEY": ovationtest.DefaultAPIKey, "OVATION_PROJECT_TEMPLATE_ID": "789"}[k]
	}, "127.0.0.1:0")
	require.NoError(t, runOnline(context.Background(), &out, cfg))
	assert.Contains(t, out.String(), "listed 1 requisitions created today, 100 per page (1 pages); the new one listed: true")
	assert.Contains(t, out.String(), "not waiting for report_signed")
	assert.Empty(t, srv.RequestsMatching(ovationtest.RouteCreateWebhookEndpoint))
}

func TestOnlineWithWebhookURL(t *testing.T) {
	srv := ovationtest.Start(t)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := l.Addr().String()
	require.NoError(t, l.Close())
	cfg := configFromEnv(func(k string) string {
		return map[string]string{"OVATION_BASE_URL": srv.URL, "OVATION_API_KEY": ovationtest.DefaultAPIKey,
			"OVATION_PROJECT_TEMPLATE_ID": "789", "OVATION_WEBHOOK_URL": "http://" + addr + "/ovation"}[k]
	}, addr)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	out := &syncBuffer{}
	done := make(chan error, 1)
	go func() { done <- runOnline(ctx, out, cfg) }()
	// Play Ovation: once the requisition exists, announce its report.
	require.Eventually(t, func() bool { return strings.Contains(out.String(), "waiting for Ovation") }, 20*time.Second, 10*time.Millisecond)
	reqs := srv.RequestsMatching(ovationtest.RouteCreateRequisition)
	require.Len(t, reqs, 1)
	page := srv.RequestsMatching(ovationtest.RouteListRequisitions)
	require.NotEmpty(t, page)
	m := regexp.MustCompile(`created (\S+):`).FindStringSubmatch(out.String())
	require.Len(t, m, 2)
	ident := m[1]
	_, err = srv.ReadyReport(789, ident)
	require.NoError(t, err)
	require.NoError(t, <-done)
	assert.Contains(t, out.String(), "received report_signed for "+ident)
	for _, d := range srv.Deliveries() {
		assert.Equal(t, 200, d.Status)
	}
}

func TestOnlineChecks(t *testing.T) {
	base := map[string]string{"OVATION_BASE_URL": "https://lab-services.ovation.io/api/v3", "OVATION_API_KEY": "k", "OVATION_PROJECT_TEMPLATE_ID": "789"}
	get := func(over map[string]string) func(string) string {
		return func(k string) string {
			if v, ok := over[k]; ok {
				return v
			}
			return base[k]
		}
	}
	err := runOnline(context.Background(), &bytes.Buffer{}, configFromEnv(get(nil), ""))
	assert.ErrorContains(t, err, "production")
	err = runOnline(context.Background(), &bytes.Buffer{}, configFromEnv(get(map[string]string{"OVATION_API_KEY": ""}), ""))
	assert.ErrorContains(t, err, "OVATION_API_KEY")
	err = runOnline(context.Background(), &bytes.Buffer{}, configFromEnv(get(map[string]string{"OVATION_PROJECT_TEMPLATE_ID": ""}), ""))
	assert.ErrorContains(t, err, "OVATION_PROJECT_TEMPLATE_ID")
	assert.Len(t, configFromEnv(get(nil), "").password, 48, "a generated webhook password")
}

// The program itself, with OVATION_BASE_URL in its environment.
func TestProgramWithBaseURL(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the program")
	}
	srv := ovationtest.Start(t)
	cmd := exec.Command("go", "run", ".")
	cmd.Env = append(os.Environ(), "OVATION_BASE_URL="+srv.URL, "OVATION_API_KEY="+ovationtest.DefaultAPIKey, "OVATION_PROJECT_TEMPLATE_ID=789")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, string(out))
	assert.Contains(t, string(out), "not waiting for report_signed")
	assert.Len(t, srv.RequestsMatching(ovationtest.RouteCreateRequisition), 1)
}
