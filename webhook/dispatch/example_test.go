package dispatch_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/labwire/labwire/webhook"
	"github.com/labwire/labwire/webhook/dispatch"
)

func ExampleNewHandler() {
	secret := "a-signing-secret-of-at-least-24-bytes"
	v, err := webhook.NewBodyHMAC("X-Signature", []string{secret})
	if err != nil {
		panic(err)
	}
	dedup, err := dispatch.NewMemoryDeduper(72*time.Hour, 100_000)
	if err != nil {
		panic(err)
	}
	next := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body) // the verified bytes, replayed
		fmt.Println("handling", string(body))
	})
	h, err := dispatch.NewHandler(v, next, dispatch.WithDeduper(dedup), dispatch.WithSuccessStatus(http.StatusNoContent))
	if err != nil {
		panic(err)
	}

	send := func(body, signature string) int {
		r := httptest.NewRequest(http.MethodPost, "/webhooks", strings.NewReader(body))
		r.Header.Set("X-Signature", signature)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w.Code
	}
	body := `{"event_type":"thing.created","resource_id":"r1"}`
	fmt.Println(send(body, webhook.SignBody(secret, []byte(body))))
	fmt.Println(send(body, webhook.SignBody(secret, []byte(body))), "duplicate, not handled again")
	fmt.Println(send(body+" ", webhook.SignBody(secret, []byte(body))), "tampered")
	// Output:
	// handling {"event_type":"thing.created","resource_id":"r1"}
	// 204
	// 204 duplicate, not handled again
	// 401 tampered
}

func ExampleNewEventHandler() {
	secret := "a-signing-secret-of-at-least-24-bytes"
	v, err := webhook.NewBodyHMAC("X-Signature", []string{secret})
	if err != nil {
		panic(err)
	}
	processed := make(chan string, 1)
	h, err := dispatch.NewEventHandler(v, func(ctx context.Context, e dispatch.Event) error {
		processed <- string(e.Body)
		return nil
	}, dispatch.WithSuccessStatus(http.StatusNoContent), dispatch.WithWorkers(2), dispatch.WithQueueSize(100),
		dispatch.WithRetries(5, time.Second, time.Minute),
		dispatch.WithDeadLetter(func(ctx context.Context, e dispatch.Event, err error) {
			// Store e somewhere durable or alert: it failed its last attempt.
		}))
	if err != nil {
		panic(err)
	}
	body := `{"n":1}`
	r := httptest.NewRequest(http.MethodPost, "/webhooks", strings.NewReader(body))
	r.Header.Set("X-Signature", webhook.SignBody(secret, []byte(body)))
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	fmt.Println(w.Code) // answered before processing

	// On shutdown: stop the http.Server first, then drain the queue.
	if err := h.Shutdown(context.Background()); err != nil {
		panic(err)
	}
	fmt.Println(<-processed)
	// Output:
	// 204
	// {"n":1}
}

func ExampleBodyFromContext() {
	secret := "a-signing-secret-of-at-least-24-bytes"
	v, _ := webhook.NewBodyHMAC("X-Signature", []string{secret})
	h, _ := dispatch.NewHandler(v, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := dispatch.BodyFromContext(r.Context())
		d, _ := dispatch.DeliveryFromContext(r.Context())
		fmt.Println(string(body), d.SecretIndex)
	}))
	r := httptest.NewRequest(http.MethodPost, "/webhooks", strings.NewReader(`{"ok":true}`))
	r.Header.Set("X-Signature", webhook.SignBody(secret, []byte(`{"ok":true}`)))
	h.ServeHTTP(httptest.NewRecorder(), r)
	// Output: {"ok":true} 0
}

func ExampleWithSync() {
	secret := "a-signing-secret-of-at-least-24-bytes"
	v, err := webhook.NewBodyHMAC("X-Signature", []string{secret})
	if err != nil {
		panic(err)
	}
	fail := true
	h, err := dispatch.NewEventHandler(v, func(ctx context.Context, e dispatch.Event) error {
		if fail {
			return errors.New("database unavailable")
		}
		return nil
	}, dispatch.WithSync(), dispatch.WithProcessTimeout(8*time.Second)) // inside a 10 s budget
	if err != nil {
		panic(err)
	}
	send := func() int {
		body := `{"n":1}`
		r := httptest.NewRequest(http.MethodPost, "/webhooks", strings.NewReader(body))
		r.Header.Set("X-Signature", webhook.SignBody(secret, []byte(body)))
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w.Code
	}
	fmt.Println(send()) // the sender will redeliver
	fail = false
	fmt.Println(send())
	// Output:
	// 500
	// 200
}

func ExampleWithInbox() {
	secret := "a-signing-secret-of-at-least-24-bytes"
	v, err := webhook.NewBodyHMAC("X-Signature", []string{secret})
	if err != nil {
		panic(err)
	}
	// A MemoryInbox has the durable inbox's contract without the
	// durability; a fleet uses webhook/pginbox.
	inbox, err := dispatch.NewMemoryInbox(24 * time.Hour)
	if err != nil {
		panic(err)
	}
	processed := make(chan string, 10)
	h, err := dispatch.NewEventHandler(v, func(ctx context.Context, e dispatch.Event) error {
		processed <- fmt.Sprint("processed ", string(e.Body), " attempt ", e.Attempt)
		return nil
	}, dispatch.WithInbox(inbox), dispatch.WithSource("partner"), dispatch.WithLease(time.Minute))
	if err != nil {
		panic(err)
	}
	for range 2 { // a delivery and its duplicate
		body := `{"n":1}`
		r := httptest.NewRequest(http.MethodPost, "/webhooks", strings.NewReader(body))
		r.Header.Set("X-Signature", webhook.SignBody(secret, []byte(body)))
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r) // answers once the delivery is stored
		fmt.Println(w.Code)
	}
	if err := h.WaitIdle(context.Background()); err != nil {
		panic(err)
	}
	if err := h.Shutdown(context.Background()); err != nil {
		panic(err)
	}
	close(processed)
	for p := range processed {
		fmt.Println(p)
	}
	recs, _ := inbox.Records(context.Background(), "partner")
	fmt.Println(len(recs), recs[0].State)
	// Output:
	// 200
	// 200
	// processed {"n":1} attempt 1
	// 1 completed
}
