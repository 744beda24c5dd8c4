package workpath_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/labwire/labwire/internal/wiretest"
	"github.com/labwire/labwire/webhook"
	"github.com/labwire/labwire/webhook/dispatch"
	"github.com/labwire/labwire/workpath"
)

const testSecret = "whsec-workpath-test-secret-0123456789"

// sign is an independent implementation of the documented scheme:
// hex(HMAC-SHA256(secret, t + "." + body)).
func sign(secret string, ts int64, body string) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(strconv.FormatInt(ts, 10) + "." + body))
	return "t=" + strconv.FormatInt(ts, 10) + ",v1=" + hex.EncodeToString(m.Sum(nil))
}

func verifierAt(t *testing.T, now time.Time) *webhook.Verifier {
	v, err := workpath.NewWebhookVerifier([]string{testSecret}, webhook.WithClock(func() time.Time { return now }))
	require.NoError(t, err)
	return v
}

func TestWebhookSignature(t *testing.T) {
	t.Parallel()
	body := string(wiretest.Golden(t, "event_modify.json"))
	body = strings.TrimSpace(body)
	ts := int64(1565712055)
	v := verifierAt(t, time.Unix(ts+60, 0))
	h := http.Header{}
	h.Set(workpath.SignatureHeader, sign(testSecret, ts, body))
	_, err := v.Verify(h, []byte(body))
	require.NoError(t, err, "our own vector")

	// Tampered body, wrong secret, a signature over the body alone (the docs' sample code
	// omits the "t." prefix its prose requires), a stale timestamp: all refused.
	h.Set(workpath.SignatureHeader, sign(testSecret, ts, body))
	_, err = v.Verify(h, []byte(strings.Replace(body, "1234", "1235", 1)))
	assert.ErrorIs(t, err, webhook.ErrNoValidSignature)
	h.Set(workpath.SignatureHeader, sign("other", ts, body))
	_, err = v.Verify(h, []byte(body))
	assert.ErrorIs(t, err, webhook.ErrNoValidSignature)
	m := hmac.New(sha256.New, []byte(testSecret))
	m.Write([]byte(body))
	h.Set(workpath.SignatureHeader, "t="+strconv.FormatInt(ts, 10)+",v1="+hex.EncodeToString(m.Sum(nil)))
	_, err = v.Verify(h, []byte(body))
	assert.ErrorIs(t, err, webhook.ErrNoValidSignature, "the sample's prefix-less digest is not the scheme")
	h.Set(workpath.SignatureHeader, sign(testSecret, ts, body))
	_, err = verifierAt(t, time.Unix(ts+301, 0)).Verify(h, []byte(body))
	assert.ErrorIs(t, err, webhook.ErrTimestampTooOld)

	// The docs' sample header cannot be reproduced: its digest matches neither reading of
	// the sample payload with the sample secret.
	docSecret := "NGRjNjFkMDktZjg0My00YzI1LThjOTgtZjg3NWNlZTBmOGM1"
	docBody := `{"type":"Appointment","action":"modify","eventTs":1565712055,...}`
	dv, err := workpath.NewWebhookVerifier([]string{docSecret}, webhook.WithClock(func() time.Time { return time.Unix(ts, 0) }))
	require.NoError(t, err)
	h.Set(workpath.SignatureHeader, "t=1565712055,v1=212295b0abf312cca33874fc2eedaa65a829f0bf3f26a125f19ebccfecfa1afa")
	_, err = dv.Verify(h, []byte(docBody))
	assert.ErrorIs(t, err, webhook.ErrNoValidSignature)

	_, err = workpath.NewWebhookVerifier([]string{""})
	assert.ErrorIs(t, err, workpath.ErrValidation)
	_, err = workpath.NewWebhookVerifier(nil)
	assert.ErrorIs(t, err, workpath.ErrValidation)
}

func TestParseEvent(t *testing.T) {
	t.Parallel()
	e, err := workpath.ParseEvent(wiretest.Golden(t, "event_modify.json"))
	require.NoError(t, err)
	assert.Equal(t, "Appointment", e.Type)
	assert.Equal(t, workpath.EventActionModify, e.Action)
	assert.Equal(t, int64(1565712055), e.Timestamp.Unix())
	assert.EqualValues(t, 1234, e.Appointment.ID)
	assert.EqualValues(t, "987654", e.Appointment.MedicalRecordNumber)
	assert.Equal(t, workpath.AppointmentStatusAccepted, e.Appointment.Status)

	e, err = workpath.ParseEvent([]byte(`{"type":"Appointment","action":"archive","eventTs":1,"data":{"id":1}}`))
	require.NoError(t, err)
	assert.Equal(t, workpath.EventAction("archive"), e.Action, "unknown actions kept")

	for _, bad := range []string{
		``, `null`, `[]`, `{"type":"Appointment","action":"modify","eventTs":1}`,
		`{"type":"Appointment","action":"modify","data":{"id":1}}`,
		`{"action":"modify","eventTs":1,"data":{"id":1}}`,
		`{"type":"Appointment","eventTs":1,"data":{"id":1}}`,
		`{"type":"Appointment","action":"modify","eventTs":1,"data":{}}`,
		`{"type":"Appointment","action":"modify","eventTs":1,"data":[1]}`,
		`{"type":"Appointment","action":"modify","eventTs":1,"data":{"id":1},"type":"x"}`,
		`{"type":"Appointment","action":"modify","eventTs":1,"data":{"id":1}} {}`,
		`{"type":"Appointment","action":"modify","eventTs":-5,"data":{"id":1}}`,
		`{"type":"Appointment","action":"modify","eventTs":"1","data":{"id":1}}`,
		`{"type":"Appointment","action":"modify","eventTs":1,"data":{"id":1,"subject":{"name":"Jane Canary","dob":"1977-13-40"}}}`,
	} {
		_, err := workpath.ParseEvent([]byte(bad))
		require.ErrorIs(t, err, workpath.ErrInvalidEvent, bad)
		assert.NotContains(t, err.Error(), "Canary")
		assert.NotContains(t, err.Error(), "\n", "one line")
	}
}

// recorder collects handled events.
type recorder struct {
	mu     sync.Mutex
	events []*workpath.Event
	fail   error
}

func (r *recorder) handle(_ context.Context, e *workpath.Event) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.fail != nil {
		return r.fail
	}
	r.events = append(r.events, e)
	return nil
}

func (r *recorder) actions() []workpath.EventAction {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []workpath.EventAction
	for _, e := range r.events {
		out = append(out, e.Action)
	}
	return out
}

func post(t *testing.T, h http.Handler, body string, header string) int {
	req := httptest.NewRequest("POST", "/webhooks/workpath", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(workpath.SignatureHeader, header)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	return w.Code
}

// In synchronous mode the handler runs before the answer; a failure answers 5xx so Workpath
// may redeliver, and the redelivery (signed again later) is processed once.
func TestWebhookHandlerSync(t *testing.T) {
	t.Parallel()
	now := time.Unix(1565712055, 0)
	rec := &recorder{fail: errors.New("database down")}
	h, err := workpath.NewWebhookHandler(verifierAt(t, now.Add(30*time.Second)), rec.handle, dispatch.WithSync())
	require.NoError(t, err)
	body := `{"type":"Appointment","action":"modify","eventTs":1565712055,"data":{"id":4242}}`
	assert.GreaterOrEqual(t, post(t, h, body, sign(testSecret, now.Unix(), body)), 500)
	rec.mu.Lock()
	rec.fail = nil
	rec.mu.Unlock()
	assert.Equal(t, 200, post(t, h, body, sign(testSecret, now.Unix()+5, body)), "redelivery after the failure")
	assert.Equal(t, 200, post(t, h, body, sign(testSecret, now.Unix()+9, body)), "duplicate acknowledged")
	assert.Equal(t, []workpath.EventAction{workpath.EventActionModify}, rec.actions(), "processed once")
	assert.Equal(t, 401, post(t, h, body, sign("wrong", now.Unix(), body)))
	assert.Equal(t, 200, post(t, h, `{"type":"Appointment","action":"modify","eventTs":1565712055,"data":{"id":1}}`,
		sign(testSecret, now.Unix(), `{"type":"Appointment","action":"modify","eventTs":1565712055,"data":{"id":1}}`)))
	require.NoError(t, h.Shutdown(context.Background()))
}

// The fake's signed deliveries on create, modify and destroy reach the default (async)
// handler through a real HTTP server.
func TestWebhookDeliveriesFromFake(t *testing.T) {
	t.Parallel()
	srv, c := newClient(t)
	rec := &recorder{}
	var h *dispatch.Handler
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { h.ServeHTTP(w, r) }))
	defer receiver.Close()
	ctx := context.Background()
	wh, err := c.WebhookEndpoints.Create(ctx, &workpath.WebhookEndpointParams{URL: receiver.URL, Create: true, Modify: true, Destroy: true})
	require.NoError(t, err)
	v, err := workpath.NewWebhookVerifier([]string{wh.Secret})
	require.NoError(t, err)
	h, err = workpath.NewWebhookHandler(v, rec.handle, dispatch.WithSync())
	require.NoError(t, err)

	_, id := createAppointment(t, c)
	require.True(t, srv.SetStatus(id, "On The Way"))
	require.True(t, srv.DestroyAppointment(id))
	assert.Equal(t, []workpath.EventAction{workpath.EventActionCreate, workpath.EventActionModify, workpath.EventActionDestroy}, rec.actions())
	for _, d := range srv.Deliveries() {
		assert.Equal(t, 200, d.StatusCode)
		assert.Regexp(t, `^t=\d+,v1=[0-9a-f]{64}$`, d.Signature)
	}
	rec.mu.Lock()
	assert.EqualValues(t, id, rec.events[1].Appointment.ID)
	assert.Equal(t, workpath.AppointmentStatusOnTheWay, rec.events[1].Appointment.Status)
	assert.Equal(t, "Anthony Stark", rec.events[0].Appointment.Subject.Name)
	rec.mu.Unlock()
	require.NoError(t, h.Shutdown(ctx))
}

func TestDedupKey(t *testing.T) {
	t.Parallel()
	a := workpath.DedupKey(webhook.Delivery{ID: "x"}, []byte(`{"a":1}`))
	b := workpath.DedupKey(webhook.Delivery{ID: "y", Timestamp: time.Now()}, []byte(`{"a":1}`))
	assert.Equal(t, a, b, "the signature and t do not change the key")
	assert.NotEqual(t, a, workpath.DedupKey(webhook.Delivery{}, []byte(`{"a":2}`)))
	assert.True(t, strings.HasPrefix(a, "workpath:"))

}

// The default (asynchronous) mode answers at once and processes on a worker; a body that
// verifies but does not parse is dropped as permanent, not retried; WithInbox works too.
func TestWebhookHandlerAsync(t *testing.T) {
	t.Parallel()
	now := time.Unix(1565712055, 0)
	rec := &recorder{}
	var dead []error
	var mu sync.Mutex
	h, err := workpath.NewWebhookHandler(verifierAt(t, now), rec.handle,
		dispatch.WithDeadLetter(func(_ context.Context, _ dispatch.Event, err error) { mu.Lock(); dead = append(dead, err); mu.Unlock() }))
	require.NoError(t, err)
	body := `{"type":"Appointment","action":"create","eventTs":1565712055,"data":{"id":77}}`
	assert.Equal(t, 200, post(t, h, body, sign(testSecret, now.Unix(), body)))
	notAnEvent := `{"type":"Appointment","action":"create","eventTs":1565712055,"data":[]}`
	assert.Equal(t, 200, post(t, h, notAnEvent, sign(testSecret, now.Unix(), notAnEvent)), "verified, so acknowledged")
	require.NoError(t, h.WaitIdle(context.Background()))
	assert.Equal(t, []workpath.EventAction{workpath.EventActionCreate}, rec.actions())
	mu.Lock()
	require.Len(t, dead, 1)
	assert.ErrorIs(t, dead[0], workpath.ErrInvalidEvent)
	mu.Unlock()
	require.NoError(t, h.Shutdown(context.Background()))

	ib, err := dispatch.NewMemoryInbox(time.Hour)
	require.NoError(t, err)
	hi, err := workpath.NewWebhookHandler(verifierAt(t, now), rec.handle, dispatch.WithInbox(ib))
	require.NoError(t, err, "the default deduper gives way to the inbox")
	require.NoError(t, hi.Shutdown(context.Background()))
}
