package main

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/labwire/labwire/webhook"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var testEnv = map[string]string{
	"WHOOP_WEBHOOK_SECRET":     "whoop-signing-secret-0123456789",
	"WORKPATH_WEBHOOK_SECRET":  "NGRjNjFkMDktZjg0My00YzI1LThjOTgtZjg3NWNlZTBmOGM1",
	"OVATION_WEBHOOK_USERNAME": "ovation-user",
	"OVATION_WEBHOOK_PASSWORD": "ovation-password-0123456789",
	"RUPA_WEBHOOK_SECRET":      "rupa-webhook-secret-0123456789",
}

func getenvFrom(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

// syncBuffer is a concurrency-safe bytes.Buffer.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

const (
	whoopBody    = `{"event_type":"lab_requisition.created","resource_id":"e72719d6-0dbb-4eb3-9ccc-781b563fc3d3"}`
	workpathBody = `{"type":"Appointment","action":"modify","eventTs":%d,"data":{"id":4242,"patient":{"first_name":"Jane"}}}`
	ovationBody  = `{"eventType":"report_signed","requisitionIdentifier":"REQ-77","patientMRN":"MRN-SECRET-1","reportResult":"Detected"}`
	rupaBody     = `{"type":"order.new_result","created_at":"2024-01-01T00:00:00Z","data":{"object":{"id":"ord_123","type":"order","attributes":{"patient_name":"Jane Doe"}}}}`
)

func post(t *testing.T, h http.Handler, path, body string, headers map[string]string) int {
	t.Helper()
	r := httptest.NewRequest(http.MethodPost, path, strings.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	for k, v := range headers {
		r.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w.Code
}

func TestReceiverAllVendors(t *testing.T) {
	t.Parallel()
	out, logs := &syncBuffer{}, &syncBuffer{}
	mux, routes, err := newMux(getenvFrom(testEnv), newEventPrinter(out), slog.New(slog.NewTextHandler(logs, nil)))
	require.NoError(t, err)
	require.Len(t, routes, 4)

	now := time.Now()
	wp := strings.Replace(workpathBody, "%d", "1", 1)
	sig := func(env, body string) string { return webhook.SignBody(testEnv[env], []byte(body)) }

	// Accepted.
	assert.Equal(t, 204, post(t, mux, "/webhooks/whoop", whoopBody, map[string]string{"WHOOP-Signed": sig("WHOOP_WEBHOOK_SECRET", whoopBody)}))
	assert.Equal(t, 200, post(t, mux, "/webhooks/workpath", wp, map[string]string{"WP-Signature": webhook.SignTimestamped(now, []byte(wp), testEnv["WORKPATH_WEBHOOK_SECRET"])}))
	assert.Equal(t, 200, post(t, mux, "/webhooks/ovation", ovationBody, map[string]string{"Authorization": webhook.BasicAuthHeader("ovation-user", "ovation-password-0123456789")}))
	assert.Equal(t, 200, post(t, mux, "/webhooks/rupa", rupaBody, map[string]string{defaultRupaHeader: sig("RUPA_WEBHOOK_SECRET", rupaBody)}))

	// Refused: tampered, wrong secret, stale, unsigned.
	assert.Equal(t, 401, post(t, mux, "/webhooks/whoop", whoopBody+" ", map[string]string{"WHOOP-Signed": sig("WHOOP_WEBHOOK_SECRET", whoopBody)}))
	assert.Equal(t, 401, post(t, mux, "/webhooks/workpath", wp, map[string]string{"WP-Signature": webhook.SignTimestamped(now, []byte(wp), "wrong")}))
	assert.Equal(t, 401, post(t, mux, "/webhooks/workpath", wp, map[string]string{"WP-Signature": webhook.SignTimestamped(now.Add(-time.Hour), []byte(wp), testEnv["WORKPATH_WEBHOOK_SECRET"])}))
	assert.Equal(t, 401, post(t, mux, "/webhooks/ovation", ovationBody, map[string]string{"Authorization": webhook.BasicAuthHeader("ovation-user", "guess")}))
	assert.Equal(t, 401, post(t, mux, "/webhooks/rupa", rupaBody, nil))
	assert.Equal(t, 404, post(t, mux, "/webhooks/other", rupaBody, nil))

	// Duplicate: acknowledged, not printed again.
	assert.Equal(t, 200, post(t, mux, "/webhooks/rupa", rupaBody, map[string]string{defaultRupaHeader: sig("RUPA_WEBHOOK_SECRET", rupaBody)}))
	// Verified but not the documented shape: 400, nothing printed.
	assert.Equal(t, 400, post(t, mux, "/webhooks/rupa", "not json", map[string]string{defaultRupaHeader: sig("RUPA_WEBHOOK_SECRET", "not json")}))

	for _, r := range routes {
		if r.shutdown != nil {
			require.NoError(t, r.shutdown(context.Background()))
		}
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	assert.ElementsMatch(t, []string{
		"accepted vendor=whoop type=lab_requisition.created id=e72719d6-0dbb-4eb3-9ccc-781b563fc3d3",
		"accepted vendor=workpath type=Appointment.modify id=4242",
		"accepted vendor=ovation type=report_signed id=REQ-77",
		"accepted vendor=rupa type=order.new_result id=ord_123",
	}, lines)
	all := out.String() + logs.String()
	for _, phi := range []string{"Jane", "MRN-SECRET", "Detected", testEnv["WHOOP_WEBHOOK_SECRET"], testEnv["OVATION_WEBHOOK_PASSWORD"]} {
		assert.NotContains(t, all, phi)
	}
}

func TestReceiverUnsetSecretsNotMounted(t *testing.T) {
	t.Parallel()
	logs := &syncBuffer{}
	env := map[string]string{"WORKPATH_WEBHOOK_SECRET": "NGRjNjFkMDktZjg0My00YzI1LThjOTgtZjg3NWNlZTBmOGM1"}
	mux, routes, err := newMux(getenvFrom(env), newEventPrinter(&syncBuffer{}), slog.New(slog.NewTextHandler(logs, nil)))
	require.NoError(t, err)
	require.Len(t, routes, 1)
	for _, path := range []string{"/webhooks/whoop", "/webhooks/ovation", "/webhooks/rupa"} {
		assert.Equal(t, 404, post(t, mux, path, `{}`, nil), path)
	}
	for _, v := range []string{"WHOOP_WEBHOOK_SECRET", "OVATION_WEBHOOK_USERNAME and OVATION_WEBHOOK_PASSWORD", "RUPA_WEBHOOK_SECRET"} {
		assert.Contains(t, logs.String(), v+" not set; route not mounted")
	}
}

// TestReceiverConfigErrors: with no secret set, or one set wrongly, the program logs no
// warning per route; it says what is wrong, prints the usage, which lists every variable it
// reads, and exits 2.
func TestReceiverConfigErrors(t *testing.T) {
	t.Parallel()
	cases := map[string]map[string]string{
		"OVATION_WEBHOOK_USERNAME":   {"OVATION_WEBHOOK_PASSWORD": "p"},
		"OVATION_WEBHOOK_PASSWORD":   {"OVATION_WEBHOOK_USERNAME": "u"},
		"RUPA_WEBHOOK_HEADER":        {"RUPA_WEBHOOK_SECRET": "s", "RUPA_WEBHOOK_HEADER": "bad header"},
		"no webhook secret is set":   nil,
		"no webhook secret is set; ": {"RUPA_WEBHOOK_HEADER": "X-Sig"},
	}
	for want, env := range cases {
		stdout, stderr := &syncBuffer{}, &syncBuffer{}
		err := run(context.Background(), nil, getenvFrom(env), stdout, stderr)
		require.ErrorContains(t, err, want)
		assert.Empty(t, stdout.String())
		assert.Empty(t, stderr.String(), "no log line, no warning per route")
		assert.Equal(t, 2, exitStatus(stderr, err))
		assert.True(t, strings.HasPrefix(stderr.String(), "webhook-receiver: "+err.Error()+"\n\nusage: "), stderr.String())
		for _, v := range []string{"WHOOP_WEBHOOK_SECRET", "WORKPATH_WEBHOOK_SECRET", "OVATION_WEBHOOK_USERNAME",
			"OVATION_WEBHOOK_PASSWORD", "RUPA_WEBHOOK_SECRET", "RUPA_WEBHOOK_HEADER"} {
			assert.Contains(t, stderr.String(), "\n  "+v+" ", "the usage lists %s", v)
		}
	}
}

// TestReceiverFlags: -h prints the usage and the flags and exits 0; a flag that does not
// parse exits 2; another error exits 1.
func TestReceiverFlags(t *testing.T) {
	t.Parallel()
	stderr := &syncBuffer{}
	err := run(context.Background(), []string{"-h"}, getenvFrom(testEnv), &syncBuffer{}, stderr)
	assert.Equal(t, 0, exitStatus(stderr, err))
	assert.Contains(t, stderr.String(), "usage: go run ./examples/webhook-receiver [flags]")
	assert.Contains(t, stderr.String(), "WHOOP_WEBHOOK_SECRET")
	assert.Contains(t, stderr.String(), "-inbox")

	stderr = &syncBuffer{}
	err = run(context.Background(), []string{"-nope"}, getenvFrom(testEnv), &syncBuffer{}, stderr)
	assert.Equal(t, 2, exitStatus(stderr, err))
	assert.Contains(t, stderr.String(), "flag provided but not defined: -nope")

	stderr = &syncBuffer{}
	err = run(context.Background(), []string{"-addr", "256.0.0.1:1"}, getenvFrom(testEnv), &syncBuffer{}, stderr)
	assert.Equal(t, 1, exitStatus(stderr, err))
}

func TestReceiverRupaHeaderConfigurable(t *testing.T) {
	t.Parallel()
	env := map[string]string{"RUPA_WEBHOOK_SECRET": "rupa-webhook-secret-0123456789", "RUPA_WEBHOOK_HEADER": "x-custom-sig"}
	out := &syncBuffer{}
	mux, _, err := newMux(getenvFrom(env), newEventPrinter(out), slog.New(slog.DiscardHandler))
	require.NoError(t, err)
	s := webhook.SignBody(env["RUPA_WEBHOOK_SECRET"], []byte(rupaBody))
	assert.Equal(t, 200, post(t, mux, "/webhooks/rupa", rupaBody, map[string]string{"X-Custom-Sig": s}))
	assert.Equal(t, 401, post(t, mux, "/webhooks/rupa", rupaBody, map[string]string{defaultRupaHeader: s}))
}

// notifyWriter signals when a line matching re is written.
type notifyWriter struct {
	syncBuffer
	re   *regexp.Regexp
	once sync.Once
	addr chan string
}

func (n *notifyWriter) Write(p []byte) (int, error) {
	if m := n.re.FindSubmatch(p); m != nil {
		n.once.Do(func() { n.addr <- string(m[1]) })
	}
	return n.syncBuffer.Write(p)
}

// TestRunServesAndShutsDown runs the real server on a free port, delivers
// one event and stops it the way SIGINT does (context cancellation).
func TestRunServesAndShutsDown(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	stderr := &notifyWriter{re: regexp.MustCompile(`msg=listening addr=(\S+)`), addr: make(chan string, 1)}
	out := &syncBuffer{}
	done := make(chan error, 1)
	env := map[string]string{"WHOOP_WEBHOOK_SECRET": testEnv["WHOOP_WEBHOOK_SECRET"]}
	go func() { done <- run(ctx, []string{"-addr", "127.0.0.1:0"}, getenvFrom(env), out, stderr) }()
	addr := <-stderr.addr

	req, err := http.NewRequest(http.MethodPost, "http://"+addr+"/webhooks/whoop", strings.NewReader(whoopBody))
	require.NoError(t, err)
	req.Header.Set("WHOOP-Signed", webhook.SignBody(env["WHOOP_WEBHOOK_SECRET"], []byte(whoopBody)))
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, 204, resp.StatusCode)

	cancel()
	require.NoError(t, <-done)
	assert.Contains(t, out.String(), "accepted vendor=whoop type=lab_requisition.created", "queued event drained on shutdown")
}
