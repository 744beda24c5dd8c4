package webhook

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// Key is byte-identical to the key Verify used to return in Delivery.ID, and
// bounds a custom scheme's ID as the middleware bounds WithDedupKey's keys.
func TestKey(t *testing.T) {
	t.Parallel()
	body := []byte(vecBody)
	long := strings.Repeat("i", 257)
	longSum := sha256.Sum256([]byte(long))
	east := time.FixedZone("east", 9*3600)
	cases := []struct {
		id   string
		d    Delivery
		want string
	}{
		{"no_timestamp", Delivery{SecretIndex: 1}, wantBodyKey(body)},
		{"timestamp", Delivery{Timestamp: time.Unix(vecT, 0)}, vecKey},
		{"timestamp_any_zone", Delivery{Timestamp: time.Unix(vecT, 0).In(east)}, vecKey},
		{"timestamp_epoch", Delivery{Timestamp: time.Unix(0, 0)}, wantTSKey(0, body)},
		{"timestamp_ten_digits", Delivery{Timestamp: time.Unix(9999999999, 0)}, wantTSKey(9999999999, body)},
		{"timestamp_negative", Delivery{Timestamp: time.Unix(-5, 0)}, "-5." + wantBodyKey(body)},
		{"custom_id", Delivery{ID: "evt_1", Timestamp: time.Unix(vecT, 0)}, "evt_1"},
		{"custom_id_256_bytes", Delivery{ID: strings.Repeat("i", 256)}, strings.Repeat("i", 256)},
		{"custom_id_257_bytes", Delivery{ID: long}, "sha256:" + hex.EncodeToString(longSum[:])},
	}
	for _, c := range cases {
		t.Run(c.id, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, c.want, c.d.Key(body))
		})
	}
	assert.Equal(t, wantBodyKey(nil), Delivery{}.Key(nil))
}
