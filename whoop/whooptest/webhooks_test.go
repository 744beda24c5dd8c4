package whooptest

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/labwire/labwire/webhook"

	"github.com/labwire/labwire/internal/wiretest"
)

// delivery is one webhook a receiver got.
type delivery struct {
	header http.Header
	body   []byte
}

// receiver is a partner's webhook endpoint that keeps what it receives and
// answers status.
type receiver struct {
	*httptest.Server
	mu         sync.Mutex
	deliveries []delivery
}

func newReceiver(t *testing.T, status int, onEvent func(body []byte)) *receiver {
	t.Helper()
	rc := &receiver{}
	rc.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		rc.mu.Lock()
		rc.deliveries = append(rc.deliveries, delivery{header: r.Header.Clone(), body: b})
		rc.mu.Unlock()
		if onEvent != nil {
			onEvent(b)
		}
		w.WriteHeader(status)
	}))
	t.Cleanup(rc.Close)
	return rc
}

func (rc *receiver) got() []delivery {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]delivery(nil), rc.deliveries...)
}

// hexHMAC is the documented signature computed independently of the fake
// and of the webhook package.
func hexHMAC(secret string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(body)
	return hex.EncodeToString(m.Sum(nil))
}

func TestSendWebhookSignature(t *testing.T) {
	t.Parallel()
	p := Partner{ClientID: "lab-a", ClientSecret: "s", WebhookSecret: "whsec-test-a"}
	srv := newServer(t, WithPartner(p))
	rc := newReceiver(t, http.StatusNoContent, nil)

	status, err := srv.SendWebhook(t.Context(), "lab-a", rc.URL,
		Event{Type: EventClinicalReportReviewRequested, ResourceID: "e72719d6-0dbb-4eb3-9ccc-781b563fc3d3"})
	require.NoError(t, err)
	assert.Equal(t, http.StatusNoContent, status)

	got := rc.got()
	require.Len(t, got, 1)
	d := got[0]
	assert.JSONEq(t, `{"event_type":"clinical_report_review.requested","resource_id":"e72719d6-0dbb-4eb3-9ccc-781b563fc3d3"}`, string(d.body))
	assert.Equal(t, "application/json", d.header.Get("Content-Type"))
	sig := d.header.Get(SignatureHeader)
	assert.Equal(t, hexHMAC("whsec-test-a", d.body), sig)
	assert.Regexp(t, "^[0-9a-f]{64}$", sig, "lowercase hex")

	v, err := webhook.NewBodyHMAC(SignatureHeader, []string{"whsec-test-a"})
	require.NoError(t, err)
	_, err = v.Verify(d.header, d.body)
	assert.NoError(t, err, "the webhook package's verifier accepts it")
}

func TestSendWebhookErrors(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	rc := newReceiver(t, http.StatusInternalServerError, nil)
	e := Event{Type: EventLabRequisitionCreated, ResourceID: tutorialRequisitionID}

	_, err := srv.SendWebhook(t.Context(), "nobody", rc.URL, e)
	assert.ErrorContains(t, err, "unknown partner")

	status, err := srv.SendWebhook(t.Context(), DefaultClientID, "", e)
	assert.NoError(t, err)
	assert.Zero(t, status, "no URL configured: nothing sent")

	status, err = srv.SendWebhook(t.Context(), DefaultClientID, rc.URL, e)
	assert.NoError(t, err)
	assert.Equal(t, http.StatusInternalServerError, status, "the receiver's status is returned, one attempt")
	assert.Len(t, rc.got(), 1)

	dead := httptest.NewServer(http.NotFoundHandler())
	dead.Close()
	_, err = srv.SendWebhook(t.Context(), DefaultClientID, dead.URL, e)
	assert.Error(t, err)

	assert.Error(t, srv.SetWebhookURL("nobody", rc.URL))
}

func TestAddTestData(t *testing.T) {
	t.Parallel()
	var srv *Server
	var mu sync.Mutex
	var fetched string
	// The receiver fetches the requisition as a partner would, before
	// add-test-data answers.
	rc := newReceiver(t, http.StatusNoContent, func(body []byte) {
		var e Event
		_ = json.Unmarshal(body, &e)
		tok, _ := srv.IssueToken(DefaultClientID)
		req, _ := http.NewRequest(http.MethodGet, srv.URL+"/v2/partner/requisition/"+e.ResourceID, nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		if resp, err := http.DefaultClient.Do(req); err == nil {
			b, _ := io.ReadAll(resp.Body)
			_ = resp.Body.Close()
			mu.Lock()
			fetched = string(b)
			mu.Unlock()
		}
	})
	clock := wiretest.NewClock(tutorialTime)
	srv = newServer(t, WithClock(clock.Now), WithSequentialIDs())
	tok := defaultToken(t, srv)

	a := call(t, srv, http.MethodPost, "/v2/partner/development/add-test-data", tok, "")
	assert.Equal(t, http.StatusNoContent, a.status)
	assert.Empty(t, rc.got(), "no webhook URL yet")

	require.NoError(t, srv.SetWebhookURL(DefaultClientID, rc.URL))
	a = call(t, srv, http.MethodPost, "/v2/partner/development/add-test-data", tok, `{"anything":"ignored"}`)
	assert.Equal(t, http.StatusNoContent, a.status)

	ids := srv.RequisitionIDs(DefaultClientID)
	require.Len(t, ids, 2)
	got := rc.got()
	require.Len(t, got, 1, "delivered before add-test-data answered")
	assert.JSONEq(t, `{"event_type":"lab_requisition.created","resource_id":"`+ids[1]+`"}`, string(got[0].body))
	assert.Equal(t, hexHMAC(DefaultWebhookSecret, got[0].body), got[0].header.Get(SignatureHeader))

	req, ok := srv.Requisition(ids[1])
	require.True(t, ok)
	assert.JSONEq(t, `{
		"id": "00000000-0000-4000-8000-000000000005",
		"created_at": "2024-01-15T10:30:00Z",
		"updated_at": "2024-01-15T10:30:00Z",
		"patient": {"id": "00000000-0000-4000-8000-000000000006"},
		"service_requests": [
			{"id": "00000000-0000-4000-8000-000000000007", "status": "active", "intent": "order", "code": "LIPID_PANEL", "task_business_status": null, "task_description": "Fasting lipid panel"},
			{"id": "00000000-0000-4000-8000-000000000008", "status": "active", "intent": "order", "code": "CBC", "task_business_status": null, "task_description": "Complete blood count"}
		],
		"appointments": [
			{"service_request_ids": ["00000000-0000-4000-8000-000000000007", "00000000-0000-4000-8000-000000000008"], "start_time": "2024-01-16T10:30:00Z"}
		]
	}`, func() string { mu.Lock(); defer mu.Unlock(); return fetched }())
	assert.Equal(t, "LIPID_PANEL", req.ServiceRequests[0].Code)
}

func TestAddTestDataBelongsToTheCaller(t *testing.T) {
	t.Parallel()
	srv := newServer(t,
		WithPartner(Partner{ClientID: "lab-a", ClientSecret: "secret-a", WebhookSecret: "wh-a"}),
		WithPartner(Partner{ClientID: "lab-b", ClientSecret: "secret-b", WebhookSecret: "wh-b"}))
	a := call(t, srv, http.MethodPost, "/v2/partner/development/add-test-data", token(t, srv, "lab-b", "secret-b"), "")
	require.Equal(t, http.StatusNoContent, a.status)
	assert.Empty(t, srv.RequisitionIDs("lab-a"))
	require.Len(t, srv.RequisitionIDs("lab-b"), 1)
	id := srv.RequisitionIDs("lab-b")[0]
	assert.Equal(t, http.StatusNotFound, call(t, srv, http.MethodGet, "/v2/partner/requisition/"+id, token(t, srv, "lab-a", "secret-a"), "").status)
}

func TestAddTestDataInProduction(t *testing.T) {
	t.Parallel()
	rc := newReceiver(t, http.StatusNoContent, nil)
	srv := newServer(t, WithProduction(), WithPartner(Partner{
		ClientID: "lab-a", ClientSecret: "secret-a", WebhookSecret: "wh-a", WebhookURL: rc.URL,
	}))
	tok := token(t, srv, "lab-a", "secret-a")
	a := call(t, srv, http.MethodPost, "/v2/partner/development/add-test-data", tok, "")
	assert.Equal(t, http.StatusNotFound, a.status)
	assert.JSONEq(t, `{"error":"Not available in production environments"}`, a.body)
	assert.Empty(t, srv.RequisitionIDs("lab-a"))
	assert.Empty(t, rc.got())
	assert.Equal(t, http.StatusUnauthorized, call(t, srv, http.MethodPost, "/v2/partner/development/add-test-data", "", "").status,
		"authentication comes first")
}
