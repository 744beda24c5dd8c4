package whooptest

import (
	"bytes"
	"context"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestNodeTutorial runs the JavaScript of WHOOP's "Complete a Service
// Request" tutorial (testdata/tutorial.mjs, the tutorial's functions with
// only the host changed: the /developer path stays) with Node against the fake, and checks the
// fake's state afterwards. It is skipped when node is not on PATH.
//
//	go test -run TestNodeTutorial -v ./whoop/whooptest
func TestNodeTutorial(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not on PATH")
	}
	t.Parallel()
	srv := newServer(t)
	seedTutorial(t, srv)
	tok := defaultToken(t, srv)

	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, "testdata/tutorial.mjs")
	cmd.Env = append(cmd.Environ(),
		"WHOOP_HOST="+srv.Origin,
		"WHOOP_TOKEN="+tok,
		"WHOOP_REQUISITION_ID="+tutorialRequisitionID,
	)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	require.NoError(t, cmd.Run(), "node: %s", stderr.String())
	t.Logf("node testdata/tutorial.mjs:\n%s", stdout.String()) // synthetic data only

	lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
	require.Len(t, lines, 3, stdout.String())
	assert.JSONEq(t, golden(t, "tutorial_requisition.json"), lines[0], "step 1 got the requisition")
	assert.JSONEq(t, golden(t, "tutorial_service_request_confirmed.json"), lines[1], "step 2 got the updated service request")
	assert.Equal(t, "done", lines[2])

	sr, ok := srv.ServiceRequest(tutorialServiceRequestID)
	require.True(t, ok)
	assert.Equal(t, TaskBusinessStatusOrderConfirmed, sr.TaskBusinessStatus)
	assert.Equal(t, []DiagnosticReport{{Status: "final", Observations: []Observation{
		{Code: "TOTAL_CHOLESTEROL", ValueNumeric: "185", Unit: "mg/dL"},
		{Code: "BLOOD_TYPE", ValueText: "A+"},
	}}}, srv.Results(tutorialServiceRequestID))
	assert.Len(t, srv.RequestsMatching(RouteSubmitResults), 1)
	for _, r := range srv.Requests() {
		assert.True(t, strings.HasPrefix(r.Path, Prefix+"/v2/partner/"), "%s was called under /developer", r.Path)
	}
	for _, r := range srv.RequestsMatching(RouteUpdateServiceRequestStatus) {
		assert.JSONEq(t, `{"task_business_status":"ORDER_CONFIRMED"}`, string(r.Body), "JSON.stringify drops the undefined reason")
	}
}
