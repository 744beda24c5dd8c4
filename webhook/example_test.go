package webhook_test

import (
	"crypto/subtle"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/labwire/labwire/webhook"
)

func ExampleSignBody() {
	// GitHub's published vector for a body-only HMAC-SHA256.
	fmt.Println(webhook.SignBody("It's a Secret to Everybody", []byte("Hello, World!")))
	// Output: 757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17
}

func ExampleSignTimestamped() {
	body := []byte(`{"id":"evt_test_webhook","object":"event"}`)
	fmt.Println(webhook.SignTimestamped(time.Unix(1565712055, 0), body, "whsec_test_secret"))
	// Output: t=1565712055,v1=bdeaa1bcad26d91fc7cfe19cdb8a468b1de6dfead54f3f8c38a45914e9b9c800
}

func ExampleNewTimestampedHMAC() {
	now := time.Unix(1565712055, 0)
	secret := "whsec_test_secret"
	v, err := webhook.NewTimestampedHMAC("Webhook-Signature", []string{secret},
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
	secret := "whsec_test_secret"
	v, err := webhook.NewTimestampedHMAC("Webhook-Signature", []string{secret},
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
