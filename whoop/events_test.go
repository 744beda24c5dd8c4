package whoop_test

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/labwire/labwire/webhook"
	"github.com/labwire/labwire/whoop"
)

const signingSecret = "whoop-signing-secret-for-tests-only"

func TestParseEvent(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		body    string
		want    *whoop.Event
		wantErr bool
	}{
		{"lab requisition created", `{"event_type":"lab_requisition.created","resource_id":"e72719d6-0dbb-4eb3-9ccc-781b563fc3d3"}`,
			&whoop.Event{Type: whoop.EventTypeLabRequisitionCreated, ResourceID: "e72719d6-0dbb-4eb3-9ccc-781b563fc3d3"}, false},
		{"clinical report review", `{"event_type":"clinical_report_review.requested","resource_id":"r1"}`,
			&whoop.Event{Type: whoop.EventTypeClinicalReportReviewRequested, ResourceID: "r1"}, false},
		{"unknown type and extra fields decode", `{"event_type":"lab_requisition.cancelled","resource_id":"x","extra":{"a":1}}`,
			&whoop.Event{Type: "lab_requisition.cancelled", ResourceID: "x"}, false},
		{"duplicate key", `{"event_type":"lab_requisition.created","resource_id":"a","resource_id":"b"}`, nil, true},
		{"case-variant key", `{"event_type":"lab_requisition.created","resource_id":"a","Resource_ID":"b"}`, nil, true},
		{"trailing data", `{"event_type":"lab_requisition.created","resource_id":"a"}{}`, nil, true},
		{"invalid utf8", "{\"event_type\":\"lab_requisition.created\",\"resource_id\":\"\xff\"}", nil, true},
		{"missing type", `{"resource_id":"a"}`, nil, true},
		{"missing resource", `{"event_type":"lab_requisition.created"}`, nil, true},
		{"empty body", ``, nil, true},
		{"not an object", `["lab_requisition.created"]`, nil, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e, err := whoop.ParseEvent([]byte(tc.body))
			if tc.wantErr {
				require.ErrorIs(t, err, whoop.ErrInvalidEvent)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want.Type, e.Type)
			assert.Equal(t, tc.want.ResourceID, e.ResourceID)
			assert.Equal(t, tc.body, string(e.RawJSON()))
			assert.Equal(t, tc.want.Type == whoop.EventTypeLabRequisitionCreated || tc.want.Type == whoop.EventTypeClinicalReportReviewRequested, e.Type.IsKnown())
		})
	}
}

func FuzzParseEvent(f *testing.F) {
	f.Add([]byte(`{"event_type":"lab_requisition.created","resource_id":"e72719d6-0dbb-4eb3-9ccc-781b563fc3d3"}`))
	f.Add([]byte(`{"event_type":"x","resource_id":"a","RESOURCE_ID":"b"}`))
	f.Add([]byte(`{"event_type":1}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		e, err := whoop.ParseEvent(body)
		if err != nil {
			assert.ErrorIs(t, err, whoop.ErrInvalidEvent)
			return
		}
		if e.Type == "" || e.ResourceID == "" {
			t.Fatalf("accepted an event without type or resource id")
		}
	})
}

// webhookServer starts the WHOOP webhook handler on httptest and returns the URL, the events
// handed on, and a counter of calls.
func webhookServer(t *testing.T) (string, chan *whoop.Event) {
	t.Helper()
	v, err := whoop.NewWebhookVerifier([]string{signingSecret})
	require.NoError(t, err)
	got := make(chan *whoop.Event, 16)
	h, err := whoop.NewWebhookHandler(v, func(_ context.Context, e *whoop.Event) error {
		got <- e
		return nil
	})
	require.NoError(t, err)
	srv := httptest.NewServer(h)
	t.Cleanup(func() {
		srv.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = h.Shutdown(ctx)
	})
	return srv.URL, got
}

func post(t *testing.T, url string, body []byte, sig string) int {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	if sig != "" {
		req.Header.Set(whoop.SignatureHeader, sig)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	return resp.StatusCode
}

func TestWebhookHandler(t *testing.T) {
	t.Parallel()
	url, got := webhookServer(t)
	body := []byte(`{"event_type":"lab_requisition.created","resource_id":"` + reqID + `"}`)
	sig := webhook.SignBody(signingSecret, body)

	assert.Equal(t, http.StatusNoContent, post(t, url, body, sig), "WHOOP wants 204")
	select {
	case e := <-got:
		assert.Equal(t, whoop.EventTypeLabRequisitionCreated, e.Type)
		assert.Equal(t, reqID, e.ResourceID)
	case <-time.After(5 * time.Second):
		t.Fatal("the event was not handed on")
	}

	assert.Equal(t, http.StatusNoContent, post(t, url, body, sig), "a replay is acknowledged")
	tampered := bytes.Replace(body, []byte(reqID), []byte("0b8f2a4e-3c1d-4e5f-8a9b-1c2d3e4f5a6b"), 1)
	assert.Equal(t, http.StatusUnauthorized, post(t, url, tampered, sig))
	assert.Equal(t, http.StatusUnauthorized, post(t, url, body, ""))
	assert.Equal(t, http.StatusUnauthorized, post(t, url, body, webhook.SignBody("another-secret", body)))

	// A fresh delivery after the refusals is still processed, and nothing else was.
	body2 := []byte(`{"event_type":"clinical_report_review.requested","resource_id":"r-2"}`)
	assert.Equal(t, http.StatusNoContent, post(t, url, body2, webhook.SignBody(signingSecret, body2)))
	select {
	case e := <-got:
		assert.Equal(t, whoop.EventTypeClinicalReportReviewRequested, e.Type, "the replay and the refused deliveries were not handed on")
	case <-time.After(5 * time.Second):
		t.Fatal("the second event was not handed on")
	}
}

func TestWebhookHandlerRejectsBadConfig(t *testing.T) {
	t.Parallel()
	_, err := whoop.NewWebhookVerifier(nil)
	require.ErrorIs(t, err, whoop.ErrValidation)
	// Issue 8 item 1: an empty secret anywhere in the list (an unset environment variable)
	// is a *ValidationError naming the option.
	for _, secrets := range [][]string{{""}, {signingSecret, ""}} {
		_, err = whoop.NewWebhookVerifier(secrets)
		require.ErrorIs(t, err, whoop.ErrValidation)
		var ve *whoop.ValidationError
		require.ErrorAs(t, err, &ve)
		assert.Contains(t, ve.Field, "NewWebhookVerifier")
	}
	v, err := whoop.NewWebhookVerifier([]string{signingSecret})
	require.NoError(t, err)
	_, err = whoop.NewWebhookHandler(v, nil)
	require.ErrorIs(t, err, whoop.ErrValidation)
}

func TestWebhookHandlerErrorReleasesDelivery(t *testing.T) {
	t.Parallel()
	v, err := whoop.NewWebhookVerifier([]string{signingSecret})
	require.NoError(t, err)
	var calls atomic.Int32
	done := make(chan struct{}, 4)
	h, err := whoop.NewWebhookHandler(v, func(context.Context, *whoop.Event) error {
		defer func() { done <- struct{}{} }()
		if calls.Add(1) == 1 {
			return context.DeadlineExceeded // the first processing fails
		}
		return nil
	})
	require.NoError(t, err)
	srv := httptest.NewServer(h)
	defer srv.Close()
	body := []byte(`{"event_type":"lab_requisition.created","resource_id":"` + reqID + `"}`)
	sig := webhook.SignBody(signingSecret, body)
	assert.Equal(t, http.StatusNoContent, post(t, srv.URL, body, sig))
	<-done
	// The key is released just after the handler returns; WHOOP redelivers until one is
	// processed, and so does this loop (bounded).
	for i := 0; i < 200 && calls.Load() < 2; i++ {
		assert.Equal(t, http.StatusNoContent, post(t, srv.URL, body, sig))
		select {
		case <-done:
		case <-time.After(50 * time.Millisecond):
		}
	}
	assert.Equal(t, int32(2), calls.Load(), "WHOOP's redelivery after a failed processing is processed again")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	require.NoError(t, h.Shutdown(ctx))
}
