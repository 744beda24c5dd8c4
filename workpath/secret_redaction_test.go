package workpath_test

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"testing"

	"github.com/labwire/labwire/internal/phi/phitest"
	"github.com/labwire/labwire/workpath"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// An APIKey's password and a Webhook's signing secret (and URL) never show, nested in a
// slice, a map or a struct and logged with slog's JSON handler, which marshals nested values
// with encoding/json (both printed the secret there: they redacted fmt and LogValue only).
func TestAPIKeyAndWebhookSecretsRedactedNestedInJSONLogs(t *testing.T) {
	t.Parallel()
	phitest.AssertRedacted(t, workpath.APIKey{ID: 3, Key: "key-1", Secret: "CANARY-API-SECRET"}, "CANARY-API-SECRET")
	phitest.AssertRedacted(t, workpath.WebhookEndpoint{ID: 4, URL: "https://hooks.example.com/CANARY-PATH", Secret: "CANARY-HOOK-SECRET"},
		"CANARY-HOOK-SECRET", "CANARY-PATH")
}

// Issue 18 item 3: json.Marshal of an Authorization wrote the PKCE verifier and the state
// (its redaction, written by hand, had String, Format and LogValue but no MarshalJSON), and
// so did slog's JSON handler with one nested in the caller's struct. Checked with the values
// Start makes.
func TestAuthorizationNeverShowsVerifierOrState(t *testing.T) {
	t.Parallel()
	f, err := workpath.NewAuthCodeFlow("key-1", "https://app.example.com/callback")
	require.NoError(t, err)
	a, err := f.Start(nil)
	require.NoError(t, err)

	b, err := json.Marshal(a)
	require.NoError(t, err)
	assert.NotContains(t, string(b), a.Verifier)
	assert.NotContains(t, string(b), a.State)

	var logs bytes.Buffer
	slog.New(slog.NewJSONHandler(&logs, nil)).Info("pending", "flow", struct{ Pending *workpath.Authorization }{a})
	assert.NotContains(t, logs.String(), a.Verifier)
	assert.NotContains(t, logs.String(), a.State)

	phitest.AssertRedacted(t, *a, a.Verifier, a.State)
}
