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

func TestOffline(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var out bytes.Buffer
	require.NoError(t, runOffline(ctx, &out))
	text := out.String()
	for _, want := range []string{
		"webhook lab_requisition.created: requisition",
		"LIPID_PANEL", "ORDER_CONFIRMED", "APPOINTMENT_ATTENDED", "submitted partial report",
		"PARTIAL_RESULTS_READY", "submitted final report", "FULL_RESULTS_READY (FHIR completed)", "complete",
	} {
		assert.Contains(t, text, want)
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
	assert.Contains(t, out.String(), "requisition "+id+" complete")
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

func TestOnlineRefusesProductionAndMissingCredentials(t *testing.T) {
	t.Parallel()
	err := runOnline(t.Context(), &bytes.Buffer{}, onlineConfig{
		baseURL: "https://api.prod.whoop.com/developer", clientID: "a", clientSecret: "b", requisitionID: "x",
	})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "WHOOP_ALLOW_PRODUCTION")
	err = runOnline(t.Context(), &bytes.Buffer{}, onlineConfig{baseURL: "https://whoop.example.test"})
	require.Error(t, err)
	assert.True(t, strings.Contains(err.Error(), "WHOOP_CLIENT_ID"))
}
