package dispatch

import (
	"net/http"
	"testing"
	"time"

	"github.com/labwire/labwire/webhook"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// vecKey is the delivery key of vecBody signed at vecT.
var vecKey = wantTSKey(vecT, []byte(vecBody))

// countingNext counts the deliveries handed on.
type countingNext struct{ n int }

func (c *countingNext) ServeHTTP(w http.ResponseWriter, _ *http.Request) { c.n++ }

func newDedupHandler(t *testing.T, v *webhook.Verifier) (*Handler, *countingNext) {
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
		v, err := webhook.NewBodyHMAC(bodyHeaderName, []string{vecRolled, vecSecret})
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
		v, err := webhook.NewBasicAuth([]webhook.BasicCredentials{
			{Username: "new", Password: "new-password-0123456789abc"},
			{Username: "old", Password: "old-password-0123456789abc"},
		})
		require.NoError(t, err)
		h, next := newDedupHandler(t, v)
		for _, u := range []string{"old", "new"} {
			r := signedBodyRequest(vecBody, "")
			r.Header.Set("Authorization", webhook.BasicAuthHeader(u, u+"-password-0123456789abc"))
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
}

// A custom scheme that reads no id from the delivery is deduplicated on its
// body, like the built-in schemes.
func TestDedupKeyCustomSchemeWithoutID(t *testing.T) {
	t.Parallel()
	v, err := webhook.NewVerifier(noIDScheme{})
	require.NoError(t, err)
	h, next := newDedupHandler(t, v)
	assert.Equal(t, 200, serve(h, signedBodyRequest(vecBody, "")).Code)
	assert.Equal(t, 200, serve(h, signedBodyRequest(vecBody, "")).Code, "duplicate acknowledged")
	assert.Equal(t, 200, serve(h, signedBodyRequest(vecBody+" ", "")).Code)
	assert.Equal(t, 2, next.n)
}

// noIDScheme accepts everything and sets neither ID nor Timestamp.
type noIDScheme struct{}

func (noIDScheme) Verify(http.Header, []byte, time.Time) (webhook.Delivery, error) {
	return webhook.Delivery{}, nil
}

// signedBodyRequest is a POST of body with the body HMAC header for secret
// (none when secret is empty).
func signedBodyRequest(body, secret string) *http.Request {
	r := signedRequest(time.Unix(vecT, 0), body)
	r.Header.Del(tsHeaderName)
	if secret != "" {
		r.Header.Set(bodyHeaderName, webhook.SignBody(secret, []byte(body)))
	}
	return r
}
