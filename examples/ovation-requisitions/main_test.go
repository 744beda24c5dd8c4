package main

import (
	"bytes"
	"context"
	"errors"
	"io"
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

// TestOffline checks the offline run's output line by line.
func TestOffline(t *testing.T) {
	var out bytes.Buffer
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	require.NoError(t, runOffline(ctx, &out))
	want := []string{
		`ovation-requisitions: offline, Ovation fake at http://127\.0\.0\.1:\d+/api/v3 \(set OVATION_BASE_URL for a real server\)`,
		`schema: 2 panel codes, 2 sample labels, 3 fields required to complete`,
		`requisition (REQ-\d+) created: 2 samples, accession complete`,
		`requisitions listed: 5 created today, 2 per page \(3 pages\), ours included: true`,
		`webhook report_ready_for_generation: report (\d+)`,
		`report \d+ content put`,
		`webhook report_signed: requisition REQ-\d+`,
		`done`,
	}
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	require.Len(t, lines, len(want), out.String())
	for i, re := range want {
		assert.Regexp(t, "^"+re+"$", lines[i])
	}
	assert.Equal(t, strings.Fields(lines[2])[1], strings.Fields(lines[6])[3], "the signed report is the new requisition's")
	assert.Equal(t, strings.Fields(lines[4])[3], strings.Fields(lines[5])[1], "the content is put to the announced report")
	assert.NotContains(t, out.String(), "Patient", "no patient data printed")
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
	assert.Contains(t, out.String(), "ovation-requisitions: online, "+srv.URL+"\n")
	assert.Contains(t, out.String(), "requisitions listed: 1 created today, 100 per page (1 page), ours included: true")
	assert.Contains(t, out.String(), "not waiting for report_signed")
	assert.True(t, strings.HasSuffix(out.String(), "\ndone\n"))
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
	m := regexp.MustCompile(`requisition (\S+) created:`).FindStringSubmatch(out.String())
	require.Len(t, m, 2)
	ident := m[1]
	_, err = srv.ReadyReport(789, ident)
	require.NoError(t, err)
	require.NoError(t, <-done)
	assert.Contains(t, out.String(), "webhook report_signed: requisition "+ident+"\ndone\n")
	for _, d := range srv.Deliveries() {
		assert.Equal(t, 200, d.Status)
	}
}

// TestOnlineChecks: each configuration error names what to set, is found before anything
// is printed, and makes the program print the usage, which lists every variable it reads,
// and exit 2.
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
	for want, over := range map[string]map[string]string{
		"OVATION_ALLOW_PRODUCTION":    nil,
		"OVATION_API_KEY":             {"OVATION_API_KEY": ""},
		"OVATION_PROJECT_TEMPLATE_ID": {"OVATION_PROJECT_TEMPLATE_ID": ""},
		"OVATION_WEBHOOK_URL":         {"OVATION_ALLOW_PRODUCTION": "1", "OVATION_WEBHOOK_URL": "/relative"},
	} {
		var out bytes.Buffer
		err := runOnline(context.Background(), &out, configFromEnv(get(over), ""))
		require.ErrorContains(t, err, want)
		assert.Empty(t, out.String())
		var stderr bytes.Buffer
		assert.Equal(t, 2, exitStatus(&stderr, err))
		assert.True(t, strings.HasPrefix(stderr.String(), "ovation-requisitions: "+err.Error()+"\n\nusage: "), stderr.String())
		for _, v := range []string{"OVATION_BASE_URL", "OVATION_API_KEY", "OVATION_PROJECT_TEMPLATE_ID", "OVATION_WEBHOOK_URL",
			"OVATION_WEBHOOK_USERNAME", "OVATION_WEBHOOK_PASSWORD", "OVATION_ALLOW_PRODUCTION"} {
			assert.Contains(t, stderr.String(), "\n  "+v+" ", "the usage lists %s", v)
		}
	}
	assert.Equal(t, 1, exitStatus(io.Discard, errors.New("no report_signed before the deadline")), "any other error exits 1")
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
