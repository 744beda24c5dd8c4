package main

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/labwire/labwire/webhook"
	"github.com/labwire/labwire/webhook/dispatch"
	"github.com/labwire/labwire/webhook/dispatch/inboxadmin"
)

const (
	adminUser     = "ops"
	adminPassword = "correct-horse-battery-staple"
)

// startReceiver runs the receiver on a fresh table with env and returns its
// address, its logs and a func that stops it (the test's cleanup stops it
// too).
func startReceiver(t *testing.T, env map[string]string) (addr string, logs *syncBuffer, stop func()) {
	t.Helper()
	dsn := os.Getenv("LABWIRE_PGINBOX_DSN")
	if dsn == "" {
		t.Skip("LABWIRE_PGINBOX_DSN is not set; see webhook/pginbox/pgtest.sh")
	}
	table := "example_admin_" + strings.ToLower(rand.Text()[:8])
	ctx, cancel := context.WithCancel(context.Background())
	logs = &syncBuffer{}
	ready := make(chan string, 1)
	done := make(chan error, 1)
	env["WHOOP_WEBHOOK_SECRET"] = secret
	go func() {
		done <- run(ctx, []string{"-addr", "127.0.0.1:0", "-inbox", dsn, "-migrate", "-table", table},
			func(k string) string { return env[k] }, &syncBuffer{}, logs, ready)
	}()
	select {
	case addr = <-ready:
	case err := <-done:
		cancel()
		t.Fatal(err)
	}
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			assert.NoError(t, <-done)
			drop(t, dsn, table)
		})
	}
	t.Cleanup(stop)
	return addr, logs, stop
}

// With ADMIN_USER and ADMIN_PASSWORD the receiver serves the admin page at
// /admin/inbox/ behind Basic authentication: a request without the
// credentials gets a 401 that asks for them; with them, the page's data
// and its actions work through the mount.
func TestReceiverMountsTheAdminPage(t *testing.T) {
	t.Parallel()
	addr, logs, stop := startReceiver(t, map[string]string{"ADMIN_USER": adminUser, "ADMIN_PASSWORD": adminPassword})
	base := "http://" + addr + "/admin/inbox/"
	assert.Contains(t, logs.String(), "admin page mounted")

	for name, set := range map[string]func(*http.Request){
		"none":           func(*http.Request) {},
		"wrong password": func(r *http.Request) { r.SetBasicAuth(adminUser, "wrong-password-of-some-length") },
		"wrong user":     func(r *http.Request) { r.SetBasicAuth("root", adminPassword) },
	} {
		r, err := http.NewRequest(http.MethodGet, base, nil)
		require.NoError(t, err)
		set(r)
		resp, err := http.DefaultClient.Do(r)
		require.NoError(t, err)
		resp.Body.Close()
		assert.Equal(t, http.StatusUnauthorized, resp.StatusCode, name)
		assert.Contains(t, resp.Header.Get("WWW-Authenticate"), "Basic", name)
	}

	req, err := http.NewRequest(http.MethodPost, "http://"+addr+"/webhooks/whoop", strings.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("WHOOP-Signed", webhook.SignBody(secret, []byte(body)))
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusNoContent, resp.StatusCode)

	jar, err := cookiejar.New(nil)
	require.NoError(t, err)
	client := &http.Client{Jar: jar}
	do := func(method, path string, form url.Values) *http.Response {
		t.Helper()
		r, err := http.NewRequest(method, base+path, strings.NewReader(form.Encode()))
		require.NoError(t, err)
		r.SetBasicAuth(adminUser, adminPassword)
		r.Header.Set("Accept", "application/json")
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		resp, err := client.Do(r)
		require.NoError(t, err)
		return resp
	}
	var snap inboxadmin.Snapshot
	require.Eventually(t, func() bool {
		resp := do(http.MethodGet, "api", nil)
		defer resp.Body.Close()
		snap = inboxadmin.Snapshot{}
		return resp.StatusCode == http.StatusOK && json.NewDecoder(resp.Body).Decode(&snap) == nil &&
			len(snap.Sources) == 1 && snap.Sources[0].Counts[dispatch.InboxCompleted] == 1
	}, 30*time.Second, 50*time.Millisecond, "the page counts the processed delivery")
	assert.Equal(t, "whoop", snap.Sources[0].Source)

	resp = do(http.MethodPost, "requeue", url.Values{"id": {"999999999"}, "csrf": {snap.CSRFToken}})
	var outcome struct{ Code string }
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&outcome))
	resp.Body.Close()
	assert.Equal(t, http.StatusConflict, resp.StatusCode, "an action reaches the inbox through the mount")
	assert.Equal(t, "not-dead", outcome.Code)

	stop()
	assert.NotContains(t, logs.String(), adminPassword)
}

// Without ADMIN_USER and ADMIN_PASSWORD there is no admin page, and the
// receiver says so at startup.
func TestReceiverWithoutAdminCredentialsMountsNoPage(t *testing.T) {
	t.Parallel()
	addr, logs, _ := startReceiver(t, map[string]string{})
	assert.Contains(t, logs.String(), "admin page not mounted")
	resp, err := http.Get("http://" + addr + "/admin/inbox/")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)
}

// Half a configuration, a short password or a short key is refused before
// anything starts, without quoting the values.
func TestAdminConfigFromEnv(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"ADMIN_USER": "ops"}, "both ADMIN_USER and ADMIN_PASSWORD"},
		{map[string]string{"ADMIN_PASSWORD": adminPassword}, "both ADMIN_USER and ADMIN_PASSWORD"},
		{map[string]string{"ADMIN_USER": "ops", "ADMIN_PASSWORD": "hunter2"}, "ADMIN_PASSWORD is too short"},
		{map[string]string{"ADMIN_USER": "ops", "ADMIN_PASSWORD": adminPassword, "ADMIN_CSRF_KEY": "shortkey"}, "ADMIN_CSRF_KEY is too short"},
	} {
		_, err := adminConfigFromEnv(func(k string) string { return c.env[k] })
		require.Error(t, err)
		assert.Contains(t, err.Error(), c.want)
		for _, v := range c.env {
			assert.NotContains(t, err.Error(), v)
		}
		err = run(context.Background(), []string{"-inbox", "postgres://localhost/x"},
			func(k string) string { return map[string]string{"WHOOP_WEBHOOK_SECRET": secret}[k] + c.env[k] }, &syncBuffer{}, &syncBuffer{}, nil)
		assert.ErrorContains(t, err, c.want, "run refuses it before connecting")
	}
	none, err := adminConfigFromEnv(func(string) string { return "" })
	require.NoError(t, err)
	assert.Equal(t, adminConfig{}, none)

	c, err := adminConfigFromEnv(func(k string) string {
		return map[string]string{"ADMIN_USER": adminUser, "ADMIN_PASSWORD": adminPassword, "ADMIN_CSRF_KEY": strings.Repeat("k", 32)}[k]
	})
	require.NoError(t, err)
	assert.Len(t, c.csrfKey, 32)
	auth := c.basicAuth()
	r, _ := http.NewRequest(http.MethodGet, "/", nil)
	assert.False(t, auth(r), "no credentials")
	r.SetBasicAuth(adminUser, adminPassword)
	assert.True(t, auth(r))
	r.SetBasicAuth(adminUser, adminPassword+"x")
	assert.False(t, auth(r))
	r.SetBasicAuth("", "")
	assert.False(t, auth(r))
}
