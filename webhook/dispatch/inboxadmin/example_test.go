package inboxadmin_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"time"

	"github.com/labwire/labwire/webhook/dispatch"
	"github.com/labwire/labwire/webhook/dispatch/inboxadmin"
)

func Example() {
	ctx := context.Background()
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	ib, err := dispatch.NewMemoryInbox(72*time.Hour, dispatch.WithInboxClock(func() time.Time { return t0 }))
	if err != nil {
		panic(err)
	}
	// One delivery, dead-lettered by a worker: its write's outcome is unknown.
	_, _ = ib.Accept(ctx, dispatch.InboxMessage{Source: "whoop", Key: "evt_1", EventType: "service_request.updated",
		Event: dispatch.Event{Body: []byte(`{"patient":"Jane Doe"}`)}})
	leases, _ := ib.Claim(ctx, "whoop", 1, time.Minute)
	_ = ib.DeadLetter(ctx, leases[0], "outcome_unknown")

	// In real code compare digests in constant time (see the package doc).
	h, err := inboxadmin.New(ib, func(r *http.Request) bool {
		user, pass, ok := r.BasicAuth()
		return ok && user == "operator" && pass == "example-password"
	})
	if err != nil {
		panic(err)
	}
	serve := func(r *http.Request) *httptest.ResponseRecorder {
		r.SetBasicAuth("operator", "example-password")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w
	}

	// The page's data as JSON.
	got := serve(httptest.NewRequest(http.MethodGet, "/api", nil))
	var snap inboxadmin.Snapshot
	if err := json.Unmarshal(got.Body.Bytes(), &snap); err != nil {
		panic(err)
	}
	out, _ := json.MarshalIndent(snap.Sources[0].DeadLetters, "", "  ")
	fmt.Println(string(out))

	// Requeue it as the page's form does: the token, with the cookie set by
	// the response that carried it.
	form := url.Values{"csrf": {snap.CSRFToken}, "id": {snap.Sources[0].DeadLetters[0].ID}}
	r := httptest.NewRequest(http.MethodPost, "/requeue", strings.NewReader(form.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for _, c := range got.Result().Cookies() {
		r.AddCookie(c)
	}
	w := serve(r)
	fmt.Println(w.Code, w.Header().Get("Location"))
	recs, _ := ib.List(ctx, dispatch.RecordQuery{Source: "whoop"})
	fmt.Println(recs[0].ID, recs[0].State)
	// Output:
	// [
	//   {
	//     "id": "1",
	//     "event_type": "service_request.updated",
	//     "state": "dead",
	//     "attempts": 1,
	//     "last_cause": "outcome_unknown",
	//     "received_at": "2026-03-02T09:00:00Z",
	//     "finished_at": "2026-03-02T09:00:00Z"
	//   }
	// ]
	// 303 ./?flash=requeued
	// 1 pending
}
