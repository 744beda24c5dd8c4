package workpath_test

import (
	"testing"

	"github.com/labwire/labwire/internal/phi/phitest"
	"github.com/labwire/labwire/workpath"
)

// An APIKey's password and a Webhook's signing secret (and URL) never show, nested in a
// slice, a map or a struct and logged with slog's JSON handler, which marshals nested values
// with encoding/json (both printed the secret there: they redacted fmt and LogValue only).
func TestAPIKeyAndWebhookSecretsRedactedNestedInJSONLogs(t *testing.T) {
	t.Parallel()
	phitest.AssertRedacted(t, workpath.APIKey{ID: 3, Key: "key-1", Secret: "CANARY-API-SECRET"}, "CANARY-API-SECRET")
	phitest.AssertRedacted(t, workpath.Webhook{ID: 4, URL: "https://hooks.example.com/CANARY-PATH", Secret: "CANARY-HOOK-SECRET"},
		"CANARY-HOOK-SECRET", "CANARY-PATH")
}
