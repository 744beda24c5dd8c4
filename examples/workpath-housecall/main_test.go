package main

import (
	"bytes"
	"context"
	"net"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/labwire/labwire/workpath/workpathtest"
)

func TestOffline(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var out bytes.Buffer
	require.NoError(t, runOffline(ctx, &out))
	for _, want := range []string{"intake 10002 created", "requisition uploaded", "became appointment", "webhook Appointment create",
		"ours included: true", "note", "webhook Appointment modify", "is Accepted", "done"} {
		assert.Contains(t, out.String(), want)
	}
	assert.NotContains(t, out.String(), "Testy", "no patient data printed")
}

// env is what a user sets to run against a server: here a fake stands in for it.
func env(srv *workpathtest.Server, webhookURL string) func(string) string {
	m := map[string]string{
		"WORKPATH_BASE_URL": srv.URL, "WORKPATH_CLIENT_ID": workpathtest.DefaultAPIKey, "WORKPATH_CLIENT_SECRET": workpathtest.DefaultAPIPassword,
		"WORKPATH_ORDER_FORM": "1", "WORKPATH_SERVICE_ID": "1001", "WORKPATH_WEBHOOK_URL": webhookURL,
	}
	return func(k string) string { return m[k] }
}

func freeAddr(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close())
	return addr
}

func TestOnlineWithWebhooks(t *testing.T) {
	t.Parallel()
	srv := workpathtest.Start(t)
	addr := freeAddr(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var out bytes.Buffer
	require.NoError(t, runOnline(ctx, &out, configFromEnv(env(srv, "http://"+addr+"/"), addr)))
	assert.Contains(t, out.String(), "webhook Appointment create")
	assert.Contains(t, out.String(), "done")
	require.NotEmpty(t, srv.Deliveries())
	assert.Equal(t, 200, srv.Deliveries()[0].StatusCode)
	assert.Len(t, srv.RequestsMatching(workpathtest.RouteDeleteWebhook), 1, "the subscription is removed")
	assert.Len(t, srv.RequestsMatching(workpathtest.RouteIntakeDocument), 1)
}

func TestOnlineWithoutWebhookURLDoesNotWait(t *testing.T) {
	t.Parallel()
	srv := workpathtest.Start(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var out bytes.Buffer
	require.NoError(t, runOnline(ctx, &out, configFromEnv(env(srv, ""), "127.0.0.1:1")))
	assert.Contains(t, out.String(), "not waiting for webhooks")
	assert.Empty(t, srv.RequestsMatching(workpathtest.RouteCreateWebhook))
	assert.Len(t, srv.RequestsMatching(workpathtest.RouteAddNote), 1)
}

func TestOnlineConfigErrors(t *testing.T) {
	t.Parallel()
	get := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	for want, m := range map[string]map[string]string{
		"WORKPATH_CLIENT_ID":  {"WORKPATH_BASE_URL": "https://sandbox.example.test"},
		"WORKPATH_ORDER_FORM": {"WORKPATH_BASE_URL": "https://sandbox.example.test", "WORKPATH_CLIENT_ID": "k", "WORKPATH_CLIENT_SECRET": "p"},
		"WORKPATH_ALLOW_PRODUCTION": {"WORKPATH_BASE_URL": "https://api.workpath.co", "WORKPATH_CLIENT_ID": "k", "WORKPATH_CLIENT_SECRET": "p",
			"WORKPATH_ORDER_FORM": "1", "WORKPATH_SERVICE_ID": "2"},
	} {
		err := runOnline(context.Background(), &bytes.Buffer{}, configFromEnv(get(m), "127.0.0.1:1"))
		require.Error(t, err)
		assert.Contains(t, err.Error(), want)
	}
}
