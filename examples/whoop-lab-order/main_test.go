package main

import (
	"bytes"
	"context"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/labwire/labwire/whoop/whooptest"
)

// TestOffline checks the offline run's output line by line (ids vary: UUIDs are shown by
// their first eight hex digits): a header, the steps, the service requests' lines in aligned
// columns, each status change marked with an arrow.
func TestOffline(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var out bytes.Buffer
	require.NoError(t, runOffline(ctx, &out))
	id := `[0-9a-f]{8}…`
	want := []string{
		`whoop-lab-order: offline, WHOOP fake at http://127\.0\.0\.1:\d+/developer \(set WHOOP_BASE_URL for a real server\)`,
		`test data asked of WHOOP`,
		`webhook lab_requisition\.created: requisition ` + id,
		`requisition ` + id + ` fetched: 2 service requests`,
	}
	for _, sr := range []struct{ code, partial, final string }{{"LIPID_PANEL", "1 observation", "3 observations"}, {"CBC        ", "1 observation", "2 observations"}} {
		prefix := `  ` + sr.code + `  ` + id + `  `
		want = append(want,
			prefix+`→ ORDER_CONFIRMED \(FHIR active\)`,
			prefix+`→ APPOINTMENT_ATTENDED \(FHIR active\)`,
			prefix+`partial report submitted: `+sr.partial,
			prefix+`→ PARTIAL_RESULTS_READY \(FHIR active\)`,
			prefix+`final report submitted: `+sr.final,
			prefix+`→ FULL_RESULTS_READY \(FHIR completed\)`,
		)
	}
	want = append(want, `requisition `+id+` complete`)
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	require.Len(t, lines, len(want), out.String())
	for i, re := range want {
		assert.Regexp(t, "^"+re+"$", lines[i])
	}
}

// onlineFake is a WHOOP fake standing in for a real server given by WHOOP_BASE_URL.
func onlineFake(t *testing.T) (*whooptest.Server, string) {
	t.Helper()
	fake, err := whooptest.NewServer(whooptest.WithPartner(whooptest.Partner{
		ClientID: "real-lab", ClientSecret: "real-lab-secret", WebhookSecret: "real-lab-webhook-secret",
	}))
	require.NoError(t, err)
	t.Cleanup(fake.Close)
	req, err := fake.AddRequisition("real-lab", whooptest.LabRequisition{
		Patient:         []byte(`{"id":"569250ea-0a6b-49ab-804b-13cf486aacc7","first_name":"Synthetic"}`),
		ServiceRequests: []whooptest.ServiceRequest{{Code: "LIPID_PANEL"}, {Code: "VITAMIN_D"}},
	})
	require.NoError(t, err)
	return fake, req.ID
}

func TestOnlineWithRequisitionID(t *testing.T) {
	t.Parallel()
	fake, id := onlineFake(t)
	var out bytes.Buffer
	err := runOnline(t.Context(), &out, onlineConfig{
		baseURL: fake.URL, clientID: "real-lab", clientSecret: "real-lab-secret", requisitionID: id,
	})
	require.NoError(t, err)
	assert.Contains(t, out.String(), "requisition "+shortID(id)+" complete")
	assert.NotContains(t, out.String(), "Synthetic", "no patient data printed")
	req, ok := fake.Requisition(id)
	require.True(t, ok)
	for _, sr := range req.ServiceRequests {
		assert.Equal(t, whooptest.TaskBusinessStatusFullResultsReady, sr.TaskBusinessStatus)
		assert.Len(t, fake.Results(sr.ID), 2, "a partial and a final report")
	}
}

func TestOnlineWaitsForWebhook(t *testing.T) {
	t.Parallel()
	fake, _ := onlineFake(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close())
	require.NoError(t, fake.SetWebhookURL("real-lab", "http://"+addr+"/"))

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var out bytes.Buffer
	err = runOnline(ctx, &out, onlineConfig{
		baseURL: fake.URL, clientID: "real-lab", clientSecret: "real-lab-secret",
		webhookSecret: "real-lab-webhook-secret", addr: addr, addTestData: true,
	})
	require.NoError(t, err)
	assert.Contains(t, out.String(), "webhook lab_requisition.created")
	assert.Contains(t, out.String(), "complete")
}

// TestOnlineRefusesIncompleteConfiguration: each configuration error names what to set,
// and the program exits 2 after printing the usage, which lists every variable it reads.
func TestOnlineRefusesIncompleteConfiguration(t *testing.T) {
	t.Parallel()
	for want, cfg := range map[string]onlineConfig{
		"WHOOP_ALLOW_PRODUCTION": {baseURL: "https://api.prod.whoop.com/developer", clientID: "a", clientSecret: "b", requisitionID: "x"},
		"WHOOP_CLIENT_ID":        {baseURL: "https://whoop.example.test"},
		"WHOOP_BASE_URL":         {baseURL: "whoop.example.test", clientID: "a", clientSecret: "b"},
		"WHOOP_WEBHOOK_SECRET":   {baseURL: "https://whoop.example.test", clientID: "a", clientSecret: "b"},
	} {
		var out bytes.Buffer
		err := runOnline(t.Context(), &out, cfg)
		require.Error(t, err)
		assert.Contains(t, err.Error(), want)
		assert.Empty(t, out.String(), "nothing printed before the configuration is checked")
		var stderr bytes.Buffer
		assert.Equal(t, 2, exitStatus(&stderr, err))
		assert.True(t, strings.HasPrefix(stderr.String(), "whoop-lab-order: "+err.Error()+"\n\nusage: "), stderr.String())
		for _, v := range []string{"WHOOP_BASE_URL", "WHOOP_CLIENT_ID", "WHOOP_CLIENT_SECRET", "WHOOP_REQUISITION_ID", "WHOOP_WEBHOOK_SECRET", "WHOOP_ALLOW_PRODUCTION"} {
			assert.Contains(t, stderr.String(), "\n  "+v+" ", "the usage lists %s", v)
		}
	}
	var stderr bytes.Buffer
	assert.Equal(t, 1, exitStatus(&stderr, errNoEvent), "any other error exits 1")
	assert.Equal(t, "whoop-lab-order: "+errNoEvent.Error()+"\n", stderr.String())
}
