package workpath_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"
	"time"

	"github.com/labwire/labwire/webhook"
	"github.com/labwire/labwire/workpath"
)

// Create returns the subscription with the Secret that signs its deliveries: give it to
// NewWebhookVerifier.
func ExampleWebhookEndpointsService_Create() {
	srv, c := exampleClient()
	defer srv.Close()
	w, err := c.WebhookEndpoints.Create(context.Background(), &workpath.WebhookEndpointParams{
		URL: "https://lab.example.test/hooks/workpath", Create: true, Modify: true,
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(w.ID, w.Create, w.Modify, w.Destroy, w.Secret != "")
	// Output:
	// 10001 true true false true
}

func ExampleWebhookEndpointsService_Get() {
	srv, c := exampleClient()
	defer srv.Close()
	ctx := context.Background()
	created, err := c.WebhookEndpoints.Create(ctx, &workpath.WebhookEndpointParams{URL: "https://lab.example.test/hooks/workpath", Modify: true})
	if err != nil {
		log.Fatal(err)
	}
	w, err := c.WebhookEndpoints.Get(ctx, created.ID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(w.ID, w.URL, w.Modify)
	// Output:
	// 10001 https://lab.example.test/hooks/workpath true
}

func ExampleWebhookEndpointsService_List() {
	srv, c := exampleClient()
	defer srv.Close()
	ctx := context.Background()
	for _, u := range []string{"https://lab.example.test/hooks/a", "https://lab.example.test/hooks/b"} {
		if _, err := c.WebhookEndpoints.Create(ctx, &workpath.WebhookEndpointParams{URL: u, Create: true}); err != nil {
			log.Fatal(err)
		}
	}
	hooks, err := c.WebhookEndpoints.List(ctx)
	if err != nil {
		log.Fatal(err)
	}
	for _, w := range hooks {
		fmt.Println(w.ID, w.URL)
	}
	// Output:
	// 10001 https://lab.example.test/hooks/a
	// 10002 https://lab.example.test/hooks/b
}

// Update replaces the whole subscription: flags left false are turned off.
func ExampleWebhookEndpointsService_Update() {
	srv, c := exampleClient()
	defer srv.Close()
	ctx := context.Background()
	created, err := c.WebhookEndpoints.Create(ctx, &workpath.WebhookEndpointParams{URL: "https://lab.example.test/hooks/workpath", Create: true, Modify: true})
	if err != nil {
		log.Fatal(err)
	}
	w, err := c.WebhookEndpoints.Update(ctx, created.ID, &workpath.WebhookEndpointParams{URL: "https://lab.example.test/hooks/v2", Destroy: true})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(w.URL, w.Create, w.Modify, w.Destroy)
	// Output:
	// https://lab.example.test/hooks/v2 false false true
}

func ExampleWebhookEndpointsService_Delete() {
	srv, c := exampleClient()
	defer srv.Close()
	ctx := context.Background()
	created, err := c.WebhookEndpoints.Create(ctx, &workpath.WebhookEndpointParams{URL: "https://lab.example.test/hooks/workpath", Create: true})
	if err != nil {
		log.Fatal(err)
	}
	if _, err := c.WebhookEndpoints.Delete(ctx, created.ID); err != nil {
		log.Fatal(err)
	}
	_, err = c.WebhookEndpoints.Get(ctx, created.ID)
	fmt.Println(errors.Is(err, workpath.ErrNotFound))
	// Output:
	// true
}

// The verifier checks WP-Signature (t=<unix seconds>,v1=<hex HMAC>) within five minutes of
// its clock, with one or two secrets (a rotation).
func ExampleNewWebhookVerifier() {
	now := time.Unix(1565712055, 0)
	v, err := workpath.NewWebhookVerifier([]string{"new-secret", "old-secret"},
		webhook.WithClock(func() time.Time { return now })) // tests pin the clock; production omits it
	if err != nil {
		log.Fatal(err)
	}
	body := []byte(`{"type":"Appointment","action":"modify","eventTs":1565712055,"data":{"id":1234,"status":"On The Way"}}`)
	h := http.Header{}
	h.Set(workpath.SignatureHeader, webhook.SignTimestamped(now, body, "old-secret"))
	d, err := v.Verify(h, body)
	fmt.Println(err, d.SecretIndex)

	_, err = workpath.NewWebhookVerifier([]string{""})
	fmt.Println(errors.Is(err, workpath.ErrValidation))
	// Output:
	// <nil> 1
	// true
}

// Workpath sends no event id: the key is the body's hash, so a redelivery of one event, signed
// again, is the same key while two changes differ.
func ExampleDedupKey() {
	first := []byte(`{"type":"Appointment","action":"modify","eventTs":1565712055,"data":{"id":1234,"status":"On The Way"}}`)
	second := []byte(`{"type":"Appointment","action":"modify","eventTs":1565712099,"data":{"id":1234,"status":"Arrived"}}`)
	a := workpath.DedupKey(webhook.Delivery{}, first)
	b := workpath.DedupKey(webhook.Delivery{ID: "another signature"}, first)
	fmt.Println(len(a), a == b, a == workpath.DedupKey(webhook.Delivery{}, second))
	// Output:
	// 73 true false
}
