package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/labwire/labwire/ovation/ovationtest"
	"github.com/labwire/labwire/rupa/rupatest"
	"github.com/labwire/labwire/whoop/whooptest"
	"github.com/labwire/labwire/workpath/workpathtest"
)

// loopback is a config with every fake on a free loopback port.
var loopback = config{whoop: "127.0.0.1:0", workpath: "127.0.0.1:0", ovation: "127.0.0.1:0", rupa: "127.0.0.1:0"}

func startFleet(t *testing.T) *fleet {
	t.Helper()
	f, err := start(t.Context(), loopback)
	require.NoError(t, err)
	t.Cleanup(func() { _ = f.close(context.Background()) })
	return f
}

// get calls url with the Authorization header auth and returns the status and body.
func get(t *testing.T, url, auth, accept string) (int, []byte) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, url, nil)
	require.NoError(t, err)
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	var b bytes.Buffer
	_, err = b.ReadFrom(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, b.Bytes()
}

// TestEveryBaseURLAnswers starts the fleet on free ports, calls one seeded resource on each
// vendor's public base URL with the printed credentials, and stops it.
func TestEveryBaseURLAnswers(t *testing.T) {
	t.Parallel()
	f, err := start(t.Context(), loopback)
	require.NoError(t, err)
	s := f.seeds

	assert.True(t, strings.HasSuffix(f.baseURL("whoop"), "/developer"), "WHOOP serves under /developer: %s", f.baseURL("whoop"))
	status, body := get(t, f.baseURL("whoop")+"/v2/partner/requisition/"+s.whoopRequisition, "Bearer "+s.whoopToken, "")
	require.Equal(t, http.StatusOK, status, "%s", body)
	var req struct {
		ID              string `json:"id"`
		ServiceRequests []struct {
			ID string `json:"id"`
		} `json:"service_requests"`
	}
	require.NoError(t, json.Unmarshal(body, &req))
	assert.Equal(t, tutorialRequisitionID, req.ID)
	require.Len(t, req.ServiceRequests, 1)
	assert.Equal(t, tutorialServiceRequestID, req.ServiceRequests[0].ID)
	status, _ = get(t, f.baseURL("whoop")+"/v2/partner/requisition/"+s.whoopRequisition, "", "")
	assert.Equal(t, http.StatusUnauthorized, status, "the fake still checks the token on its public port")

	status, body = get(t, f.baseURL("workpath")+"/webhooks", basic(workpathtest.DefaultAPIKey, workpathtest.DefaultAPIPassword), "")
	assert.Equal(t, http.StatusOK, status, "%s", body)

	status, body = get(t, f.baseURL("ovation")+"/project_templates/789/requisitions/"+s.ovationRequisition, "Bearer "+ovationtest.DefaultAPIKey, "")
	require.Equal(t, http.StatusOK, status, "%s", body)
	assert.Contains(t, string(body), `"identifier":"`+s.ovationRequisition+`"`)

	status, body = get(t, f.baseURL("rupa")+"/patients", "Bearer "+s.rupaAccess, rupatest.MediaTypeJSONAPI)
	require.Equal(t, http.StatusOK, status, "%s", body)
	assert.Contains(t, string(body), s.rupaPatient)

	var out bytes.Buffer
	f.print(&out)
	for _, want := range []string{f.baseURL("whoop"), f.baseURL("workpath"), f.baseURL("ovation"), f.baseURL("rupa"),
		whooptest.DefaultClientID, whooptest.DefaultClientSecret, s.whoopToken, s.whoopRequisition,
		workpathtest.DefaultAPIKey, s.ovationRequisition, ovationtest.DefaultAPIKey, s.rupaAccess, s.rupaPatient,
		f.baseURL("rupa") + "/oauth/authorize"} {
		assert.Contains(t, out.String(), want)
	}

	require.NoError(t, f.close(context.Background()))
	_, err = http.Get(f.baseURL("whoop") + "/v2/partner/requisition/" + s.whoopRequisition)
	assert.Error(t, err, "nothing listens after close")
}

func basic(user, pass string) string {
	r, _ := http.NewRequest(http.MethodGet, "http://x", nil)
	r.SetBasicAuth(user, pass)
	return r.Header.Get("Authorization")
}

// TestRunStopsWhenTheContextEnds runs the command's core, as SIGINT ends it.
func TestRunStopsWhenTheContextEnds(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(t.Context())
	var out syncBuffer
	done := make(chan error, 1)
	go func() { done <- run(ctx, loopback, &out) }()
	require.Eventually(t, func() bool { return strings.Contains(out.String(), "Stop with Ctrl-C") }, 10*time.Second, 5*time.Millisecond)
	cancel()
	select {
	case err := <-done:
		require.NoError(t, err)
	case <-time.After(10 * time.Second):
		t.Fatal("run did not return after the context ended")
	}
	assert.Contains(t, out.String(), "fakeserver: stopped")
}

// TestWHOOPTutorialJavaScript runs the JavaScript of WHOOP's "Complete a Service Request"
// tutorial (whoop/whooptest/testdata/tutorial.mjs: the tutorial's functions with only the
// host changed) with Node against the fake server's WHOOP port. Skipped without node.
func TestWHOOPTutorialJavaScript(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not on PATH")
	}
	t.Parallel()
	f := startFleet(t)
	host := strings.TrimSuffix(f.baseURL("whoop"), whooptest.Prefix) // the tutorial writes /developer itself
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, filepath.Join("..", "..", "whoop", "whooptest", "testdata", "tutorial.mjs"), host, f.seeds.whoopToken, f.seeds.whoopRequisition)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	require.NoError(t, cmd.Run(), "node: %s", stderr.String())
	lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
	require.Len(t, lines, 3, stdout.String())
	assert.Contains(t, lines[0], tutorialRequisitionID)
	assert.Contains(t, lines[1], `"task_business_status":"ORDER_CONFIRMED"`)
	assert.Equal(t, "done", lines[2])
	results := f.whoop.Results(tutorialServiceRequestID)
	require.Len(t, results, 1, "the tutorial's results were recorded once")
	assert.Equal(t, whooptest.ReportStatusFinal, results[0].Status)
}

// syncBuffer is a bytes.Buffer safe for the writer goroutine and the test.
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

// TestAddressInUse checks that a taken port is an error naming the vendor, and that what
// was started is stopped again.
func TestAddressInUse(t *testing.T) {
	t.Parallel()
	f := startFleet(t)
	taken := strings.TrimPrefix(f.baseURL("rupa"), "http://")
	cfg := loopback
	cfg.rupa = taken
	_, err := start(t.Context(), cfg)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "rupa: ")
}
