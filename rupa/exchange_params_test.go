package rupa_test

import (
	"testing"

	"github.com/labwire/labwire/internal/phi/phitest"
	"github.com/labwire/labwire/rupa"
)

// An authorization code and a PKCE verifier are credentials: an ExchangeParams printed with
// any verb, logged by either slog handler or marshalled, nested or not, shows neither (it
// printed both as plain fields).
func TestExchangeParamsNeverShowCodeOrVerifier(t *testing.T) {
	t.Parallel()
	phitest.AssertRedacted(t, rupa.ExchangeParams{Code: "CANARY-CODE-4f2", Verifier: "CANARY-VERIFIER-9a1"},
		"CANARY-CODE-4f2", "CANARY-VERIFIER-9a1")
}
