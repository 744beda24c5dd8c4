package webhook

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// vecKey is the delivery key of vecBody signed at vecT.
var vecKey = wantTSKey(vecT, []byte(vecBody))

// wantTSKey is the timestamped key written out independently of Key.
func wantTSKey(t int64, body []byte) string {
	sum := sha256.Sum256(body)
	return strconv.FormatInt(t, 10) + "." + hex.EncodeToString(sum[:])
}

func wantBodyKey(body []byte) string {
	sum := sha256.Sum256(body)
	return hex.EncodeToString(sum[:])
}

// countingNext counts the deliveries handed on.
type countingNext struct{ n int }

func (c *countingNext) ServeHTTP(w http.ResponseWriter, _ *http.Request) { c.n++ }

func newDedupHandler(t *testing.T, v *Verifier) (*Handler, *countingNext) {
	t.Helper()
	d, err := NewMemoryDeduper(time.Hour, 100)
	require.NoError(t, err)
	next := &countingNext{}
	h, err := NewHandler(v, next, WithDeduper(d))
	require.NoError(t, err)
	return h, next
}

// Issue 7 item 14: a delivery sent with two v1 signatures and replayed with
// only one of them is processed once.
func TestDedupKeyTwoSignaturesReplayedWithOneProcessedOnce(t *testing.T) {
	t.Parallel()
	now := time.Unix(vecT, 0)
	v := newTS(t, now, []string{vecSecret, vecRolled})
	h, next := newDedupHandler(t, v)

	both := signedRequest(now, vecBody, vecRolled, vecSecret) // v1=<rolled>,v1=<old>
	assert.Equal(t, 200, serve(h, both).Code)
	onlyOld := signedRequest(now, vecBody, vecSecret)
	assert.Equal(t, 200, serve(h, onlyOld).Code, "duplicate acknowledged")
	onlyNew := signedRequest(now, vecBody, vecRolled)
	assert.Equal(t, 200, serve(h, onlyNew).Code, "duplicate acknowledged")
	assert.Equal(t, 1, next.n, "processed once")
}

// Issue 7 item 14: the same body re-sent after a secret rotation is
// processed once, for every built-in scheme.
func TestDedupKeySameBodyAfterSecretRotationProcessedOnce(t *testing.T) {
	t.Parallel()
	now := time.Unix(vecT, 0)
	t.Run("timestamped_same_t", func(t *testing.T) {
		t.Parallel()
		v := newTS(t, now, []string{vecRolled, vecSecret})
		h, next := newDedupHandler(t, v)
		assert.Equal(t, 200, serve(h, signedRequest(now, vecBody, vecSecret)).Code)
		assert.Equal(t, 200, serve(h, signedRequest(now, vecBody, vecRolled)).Code)
		assert.Equal(t, 1, next.n)
	})
	t.Run("body_hmac", func(t *testing.T) {
		t.Parallel()
		v, err := NewBodyHMAC(bodyHeaderName, [][]byte{[]byte(vecRolled), []byte(vecSecret)})
		require.NoError(t, err)
		h, next := newDedupHandler(t, v)
		for _, s := range []string{vecSecret, vecRolled} {
			r := signedBodyRequest(vecBody, s)
			assert.Equal(t, 200, serve(h, r).Code)
		}
		assert.Equal(t, 1, next.n)
	})
	t.Run("basic_auth", func(t *testing.T) {
		t.Parallel()
		v, err := NewBasicAuth([]BasicCredentials{
			{Username: "new", Password: "new-password-0123456789abc"},
			{Username: "old", Password: "old-password-0123456789abc"},
		})
		require.NoError(t, err)
		h, next := newDedupHandler(t, v)
		for _, u := range []string{"old", "new"} {
			r := signedBodyRequest(vecBody, "")
			r.Header.Set("Authorization", BasicAuthHeader(u, u+"-password-0123456789abc"))
			assert.Equal(t, 200, serve(h, r).Code)
		}
		assert.Equal(t, 1, next.n)
	})
}

// A different timestamp or a different body is a different delivery.
func TestDedupKeyDistinguishesDeliveries(t *testing.T) {
	t.Parallel()
	now := time.Unix(vecT, 0)
	v := newTS(t, now, []string{vecSecret})
	h, next := newDedupHandler(t, v)
	assert.Equal(t, 200, serve(h, signedRequest(now, vecBody, vecSecret)).Code)
	assert.Equal(t, 200, serve(h, signedRequest(now.Add(time.Second), vecBody, vecSecret)).Code)
	assert.Equal(t, 200, serve(h, signedRequest(now, vecBody+" ", vecSecret)).Code)
	assert.Equal(t, 3, next.n)
	assert.Equal(t, wantBodyKey([]byte("x")), Delivery{}.Key([]byte("x")))
}

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

// A custom scheme that reads no id from the delivery is deduplicated on its
// body, like the built-in schemes.
func TestDedupKeyCustomSchemeWithoutID(t *testing.T) {
	t.Parallel()
	v, err := NewVerifier(noIDScheme{})
	require.NoError(t, err)
	h, next := newDedupHandler(t, v)
	assert.Equal(t, 200, serve(h, signedBodyRequest(vecBody, "")).Code)
	assert.Equal(t, 200, serve(h, signedBodyRequest(vecBody, "")).Code, "duplicate acknowledged")
	assert.Equal(t, 200, serve(h, signedBodyRequest(vecBody+" ", "")).Code)
	assert.Equal(t, 2, next.n)
}

// noIDScheme accepts everything and sets neither ID nor Timestamp.
type noIDScheme struct{}

func (noIDScheme) Verify(http.Header, []byte, time.Time) (Delivery, error) { return Delivery{}, nil }

// signedBodyRequest is a POST of body with the body HMAC header for secret
// (none when secret is empty).
func signedBodyRequest(body, secret string) *http.Request {
	r := signedRequest(time.Unix(vecT, 0), body)
	r.Header.Del(tsHeaderName)
	if secret != "" {
		r.Header.Set(bodyHeaderName, SignBody([]byte(secret), []byte(body)))
	}
	return r
}
