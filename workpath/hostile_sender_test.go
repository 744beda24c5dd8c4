package workpath_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/labwire/labwire/webhook/dispatch"
	"github.com/labwire/labwire/workpath"
)

// A hostile or broken sender: an oversized body (correctly signed), a body that verifies but
// is not an event, a signature from the future beyond the tolerance, and an empty signature
// header never reach the handler; the refusals are 4xx, never 2xx. In sync mode a verified
// body that does not parse is a permanent failure: a redelivery cannot fix it, so it goes to
// the dead-letter function and is acknowledged (issue 17), never silently.
func TestWebhookHandlerRefusesHostileDeliveries(t *testing.T) {
	t.Parallel()
	now := time.Unix(1565712055, 0)
	rec := &recorder{}
	var mu sync.Mutex
	var dead []string
	h, err := workpath.NewWebhookHandler(verifierAt(t, now), rec.handle, dispatch.WithSync(),
		dispatch.WithDeadLetter(func(_ context.Context, e dispatch.Event, err error) {
			mu.Lock()
			defer mu.Unlock()
			dead = append(dead, string(e.Body)+" "+dispatch.Category(err))
		}))
	require.NoError(t, err)
	huge := `{"type":"Appointment","action":"modify","eventTs":1565712055,"data":{"id":1,"notes":"` + strings.Repeat("a", 2<<20) + `"}}`
	assert.GreaterOrEqual(t, post(t, h, huge, sign(testSecret, now.Unix(), huge)), 400, "oversized body")
	assert.Less(t, post(t, h, huge, sign(testSecret, now.Unix(), huge)), 500, "oversized body is permanent")
	var want []string
	for _, body := range []string{`not json`, `{"type":"Appointment"}`, `{"type":"Appointment","action":"modify","eventTs":1,"data":{"id":1},"data":{"id":2}}`, "{\"type\":\"\xff\"}"} {
		code := post(t, h, body, sign(testSecret, now.Unix(), body))
		assert.Equal(t, 200, code, "verified but unparseable %q: acknowledged once dead-lettered", body)
		want = append(want, body+" permanent")
	}
	mu.Lock()
	assert.Equal(t, want, dead, "each unparseable body reached the dead-letter function")
	mu.Unlock()
	ok := `{"type":"Appointment","action":"modify","eventTs":1565712055,"data":{"id":7}}`
	assert.Equal(t, 401, post(t, h, ok, sign(testSecret, now.Add(10*time.Minute).Unix(), ok)), "from the future")
	assert.Equal(t, 401, post(t, h, ok, sign(testSecret, now.Add(-10*time.Minute).Unix(), ok)), "stale")
	assert.Equal(t, 401, post(t, h, ok, ""), "no signature")
	assert.Empty(t, rec.actions(), "the handler never ran")
	require.NoError(t, h.Shutdown(context.Background()))
}
