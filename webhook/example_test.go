package webhook_test

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/labwire/labwire/webhook"
)

func ExampleSignBody() {
	// GitHub's published vector for a body-only HMAC-SHA256.
	fmt.Println(webhook.SignBody([]byte("It's a Secret to Everybody"), []byte("Hello, World!")))
	// Output: 757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17
}

func ExampleSignTimestamped() {
	body := []byte(`{"id":"evt_test_webhook","object":"event"}`)
	fmt.Println(webhook.SignTimestamped(time.Unix(1565712055, 0), body, []byte("whsec_test_secret")))
	// Output: t=1565712055,v1=bdeaa1bcad26d91fc7cfe19cdb8a468b1de6dfead54f3f8c38a45914e9b9c800
}

func ExampleNewTimestampedHMAC() {
	now := time.Unix(1565712055, 0)
	secret := []byte("whsec_test_secret")
	v, err := webhook.NewTimestampedHMAC("Webhook-Signature", [][]byte{secret},
		webhook.WithClock(func() time.Time { return now })) // tests pin the clock; production omits it
	if err != nil {
		panic(err)
	}
	body := []byte(`{"id":"evt_test_webhook","object":"event"}`)
	h := http.Header{}
	h.Set("Webhook-Signature", webhook.SignTimestamped(now, body, secret))

	d, err := v.Verify(h, body)
	fmt.Println(err, d.Timestamp.Unix(), d.SecretIndex)

	_, err = v.Verify(h, append(body, '\n'))
	fmt.Println(errors.Is(err, webhook.ErrNoValidSignature))

	h.Set("Webhook-Signature", webhook.SignTimestamped(now.Add(-time.Hour), body, secret))
	_, err = v.Verify(h, body)
	fmt.Println(errors.Is(err, webhook.ErrTimestampTooOld))
	// Output:
	// <nil> 1565712055 0
	// true
	// true
}

func ExampleDelivery_Key() {
	now := time.Unix(1565712055, 0)
	secret := []byte("whsec_test_secret")
	v, err := webhook.NewTimestampedHMAC("Webhook-Signature", [][]byte{secret},
		webhook.WithClock(func() time.Time { return now }))
	if err != nil {
		panic(err)
	}
	body := []byte(`{"id":"evt_test_webhook","object":"event"}`)
	h := http.Header{}
	h.Set("Webhook-Signature", webhook.SignTimestamped(now, body, secret))

	d, err := v.Verify(h, body)
	if err != nil {
		panic(err)
	}
	// Only a receiver that deduplicates needs the key: it hashes the body
	// again. The same body signed at the same t has the same key, whichever
	// signature or secret matched. Treat it as opaque; never log it.
	key := d.Key(body)
	fmt.Println(key[:11], len(key))
	// Output: 1565712055. 75
}

func ExampleNewHandler() {
	secret := []byte("a-signing-secret-of-at-least-24-bytes")
	v, err := webhook.NewBodyHMAC("X-Signature", [][]byte{secret})
	if err != nil {
		panic(err)
	}
	dedup, err := webhook.NewMemoryDeduper(72*time.Hour, 100_000)
	if err != nil {
		panic(err)
	}
	next := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body) // the verified bytes, replayed
		fmt.Println("handling", string(body))
	})
	h, err := webhook.NewHandler(v, next, webhook.WithDeduper(dedup), webhook.WithSuccessStatus(http.StatusNoContent))
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
	secret := []byte("a-signing-secret-of-at-least-24-bytes")
	v, err := webhook.NewBodyHMAC("X-Signature", [][]byte{secret})
	if err != nil {
		panic(err)
	}
	processed := make(chan string, 1)
	h, err := webhook.NewEventHandler(v, func(ctx context.Context, e webhook.Event) error {
		processed <- string(e.Body)
		return nil
	}, webhook.WithSuccessStatus(http.StatusNoContent), webhook.WithWorkers(2), webhook.WithQueueSize(100),
		webhook.WithRetries(5, time.Second, time.Minute),
		webhook.WithDeadLetter(func(ctx context.Context, e webhook.Event, err error) {
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

func ExampleNewBasicAuth() {
	v, err := webhook.NewBasicAuth([]webhook.BasicCredentials{{Username: "sender", Password: "a-long-random-password"}})
	if err != nil {
		panic(err)
	}
	h := http.Header{}
	h.Set("Authorization", webhook.BasicAuthHeader("sender", "a-long-random-password"))
	_, err = v.Verify(h, nil)
	fmt.Println(err)
	h.Set("Authorization", webhook.BasicAuthHeader("sender", "guess"))
	_, err = v.Verify(h, nil)
	fmt.Println(errors.Is(err, webhook.ErrNoValidSignature))
	// Output:
	// <nil>
	// true
}

// tokenScheme is a user-defined scheme: a shared token in a header. (Prefer
// an HMAC scheme when the sender offers one: a token authenticates the
// sender, not the body.)
type tokenScheme struct{ token []byte }

func (s tokenScheme) Verify(h http.Header, _ []byte, _ time.Time) (webhook.Delivery, error) {
	got := h.Get("X-Webhook-Token")
	if got == "" {
		return webhook.Delivery{}, webhook.ErrMissingSignature
	}
	if subtle.ConstantTimeCompare([]byte(got), s.token) != 1 {
		return webhook.Delivery{}, webhook.ErrNoValidSignature
	}
	return webhook.Delivery{}, nil
}

func ExampleNewVerifier() {
	v, err := webhook.NewVerifier(tokenScheme{token: []byte("shared-token-value")})
	if err != nil {
		panic(err)
	}
	h := http.Header{}
	h.Set("X-Webhook-Token", "shared-token-value")
	_, err = v.Verify(h, []byte(`{}`))
	fmt.Println(err)
	// Output: <nil>
}

func ExampleBodyFromContext() {
	secret := []byte("a-signing-secret-of-at-least-24-bytes")
	v, _ := webhook.NewBodyHMAC("X-Signature", [][]byte{secret})
	h, _ := webhook.NewHandler(v, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := webhook.BodyFromContext(r.Context())
		d, _ := webhook.DeliveryFromContext(r.Context())
		fmt.Println(string(body), d.SecretIndex)
	}))
	r := httptest.NewRequest(http.MethodPost, "/webhooks", strings.NewReader(`{"ok":true}`))
	r.Header.Set("X-Signature", webhook.SignBody(secret, []byte(`{"ok":true}`)))
	h.ServeHTTP(httptest.NewRecorder(), r)
	// Output: {"ok":true} 0
}

func ExampleWithSync() {
	secret := []byte("a-signing-secret-of-at-least-24-bytes")
	v, err := webhook.NewBodyHMAC("X-Signature", [][]byte{secret})
	if err != nil {
		panic(err)
	}
	fail := true
	h, err := webhook.NewEventHandler(v, func(ctx context.Context, e webhook.Event) error {
		if fail {
			return errors.New("database unavailable")
		}
		return nil
	}, webhook.WithSync(), webhook.WithProcessTimeout(8*time.Second)) // inside a 10 s budget
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
	secret := []byte("a-signing-secret-of-at-least-24-bytes")
	v, err := webhook.NewBodyHMAC("X-Signature", [][]byte{secret})
	if err != nil {
		panic(err)
	}
	// A MemoryInbox has the durable inbox's contract without the
	// durability; a fleet uses webhook/pginbox.
	inbox, err := webhook.NewMemoryInbox(24 * time.Hour)
	if err != nil {
		panic(err)
	}
	processed := make(chan string, 10)
	h, err := webhook.NewEventHandler(v, func(ctx context.Context, e webhook.Event) error {
		processed <- fmt.Sprint("processed ", string(e.Body), " attempt ", e.Attempt)
		return nil
	}, webhook.WithInbox(inbox), webhook.WithSource("partner"), webhook.WithLease(time.Minute))
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
