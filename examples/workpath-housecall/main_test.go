package main

import (
	"bytes"
	"context"
	"errors"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/labwire/labwire/workpath/workpathtest"
)

// TestOffline checks the offline run's output line by line.
func TestOffline(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var out bytes.Buffer
	require.NoError(t, runOffline(ctx, &out))
	want := []string{
		`workpath-housecall: offline, Workpath fake at http://127\.0\.0\.1:\d+, webhook receiver at http://127\.0\.0\.1:\d+ \(set WORKPATH_BASE_URL for a real server\)`,
		`intake 10002 created on order form 1`,
		`requisition uploaded: document \d+ \(\d+ bytes, streamed\)`,
		`intake 10002 → appointment (\d+)`,
		`webhook Appointment create: appointment \d+ is Published`,
		`appointments listed: 1 on the first page, ours included: true`,
		`note \d+ added to appointment \d+`,
		`webhook Appointment modify: appointment \d+ is Accepted`,
		`done`,
	}
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	require.Len(t, lines, len(want), out.String())
	for i, re := range want {
		assert.Regexp(t, "^"+re+"$", lines[i])
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

// TestOnlineConfigErrors: each configuration error names what to set, is found before
// anything is printed, and makes the program print the usage, which lists every variable it
// reads, and exit 2.
func TestOnlineConfigErrors(t *testing.T) {
	t.Parallel()
	get := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	for want, m := range map[string]map[string]string{
		"WORKPATH_CLIENT_ID":  {"WORKPATH_BASE_URL": "https://sandbox.example.test"},
		"WORKPATH_ORDER_FORM": {"WORKPATH_BASE_URL": "https://sandbox.example.test", "WORKPATH_CLIENT_ID": "k", "WORKPATH_CLIENT_SECRET": "p"},
		"WORKPATH_ALLOW_PRODUCTION": {"WORKPATH_BASE_URL": "https://api.workpath.co", "WORKPATH_CLIENT_ID": "k", "WORKPATH_CLIENT_SECRET": "p",
			"WORKPATH_ORDER_FORM": "1", "WORKPATH_SERVICE_ID": "2"},
		"WORKPATH_WEBHOOK_URL": {"WORKPATH_BASE_URL": "https://sandbox.example.test", "WORKPATH_CLIENT_ID": "k", "WORKPATH_CLIENT_SECRET": "p",
			"WORKPATH_ORDER_FORM": "1", "WORKPATH_SERVICE_ID": "2", "WORKPATH_WEBHOOK_URL": "/relative"},
	} {
		var out bytes.Buffer
		err := runOnline(context.Background(), &out, configFromEnv(get(m), "127.0.0.1:1"))
		require.Error(t, err)
		assert.Contains(t, err.Error(), want)
		assert.Empty(t, out.String())
		var stderr bytes.Buffer
		assert.Equal(t, 2, exitStatus(&stderr, err))
		assert.True(t, strings.HasPrefix(stderr.String(), "workpath-housecall: "+err.Error()+"\n\nusage: "), stderr.String())
		for _, v := range []string{"WORKPATH_BASE_URL", "WORKPATH_CLIENT_ID", "WORKPATH_CLIENT_SECRET", "WORKPATH_ORDER_FORM",
			"WORKPATH_SERVICE_ID", "WORKPATH_WEBHOOK_URL", "WORKPATH_ALLOW_PRODUCTION"} {
			assert.Contains(t, stderr.String(), "\n  "+v+" ", "the usage lists %s", v)
		}
	}
	var stderr bytes.Buffer
	assert.Equal(t, 1, exitStatus(&stderr, errors.New("creating the intake: 500")), "any other error exits 1")
}
