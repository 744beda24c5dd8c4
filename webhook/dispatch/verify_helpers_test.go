package dispatch

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"testing"
	"time"

	"github.com/labwire/labwire/webhook"
	"github.com/stretchr/testify/require"
)

// The fixed vectors of reliability.md §1.2 (see webhook's vectors_test.go).
const (
	vecSecret = "whsec_test_secret"
	vecRolled = "whsec_test_secret_rolled_key"
	vecT      = int64(1565712055)
	vecBody   = `{"id":"evt_test_webhook","object":"event"}`

	v1Hex = "bdeaa1bcad26d91fc7cfe19cdb8a468b1de6dfead54f3f8c38a45914e9b9c800" // baseline
	v3Hex = "ff3b279e29020a7e81eb9bf16364f7de712725810148a2ac7d00bd010be3efc8" // empty body
)

const (
	tsHeaderName   = "Webhook-Signature"
	bodyHeaderName = "X-Body-Signature"
)

func fixedClock(t time.Time) func() time.Time { return func() time.Time { return t } }

func newTS(t *testing.T, now time.Time, secrets []string, opts ...webhook.Option) *webhook.Verifier {
	t.Helper()
	v, err := webhook.NewTimestampedHMAC(tsHeaderName, secrets, append([]webhook.Option{webhook.WithClock(fixedClock(now))}, opts...)...)
	require.NoError(t, err)
	return v
}

func wantTSKey(t int64, body []byte) string {
	sum := sha256.Sum256(body)
	return strconv.FormatInt(t, 10) + "." + hex.EncodeToString(sum[:])
}
