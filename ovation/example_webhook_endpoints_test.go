package ovation_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"sync/atomic"

	"github.com/labwire/labwire/ovation"
	"github.com/labwire/labwire/webhook"
)

// newEndpoint subscribes targetURL to event on template 789 and returns the endpoint.
func newEndpoint(client *ovation.Client, targetURL string, event ovation.EventType) *ovation.WebhookEndpoint {
	ep, err := client.WebhookEndpoints.Create(context.Background(), "789", &ovation.WebhookEndpointParams{
		TargetURL: targetURL, Username: "ovation", Password: "webhook-password-1234", Event: event,
	})
	if err != nil {
		log.Fatal(err)
	}
	return ep
}

// flakyReceiver answers 503 until up is set, then 204.
func flakyReceiver(up *atomic.Bool) *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !up.Load() {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}))
}

// One endpoint receives one event type, with the HTTP Basic credentials given here; the
// password is never answered.
func ExampleWebhookEndpointsService_Create() {
	srv, client := fakeOvation()
	defer srv.Close()
	ep, err := client.WebhookEndpoints.Create(context.Background(), "789", &ovation.WebhookEndpointParams{
		TargetURL: "https://lab.example.test/hooks/ovation", Username: "ovation", Password: "webhook-password-1234",
		Event: ovation.EventTypeReportSigned,
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(ep.ID, ep.Event, ep.Username, ep.TargetURL)

	_, err = client.WebhookEndpoints.Create(context.Background(), "789", &ovation.WebhookEndpointParams{
		TargetURL: "http://lab.example.test/hooks/ovation", Username: "ovation", Password: "webhook-password-1234",
		Event: ovation.EventTypeReportSigned,
	})
	var ve *ovation.ValidationError
	fmt.Println(errors.As(err, &ve), ve.Field)
	// Output:
	// 26355 report_signed ovation https://lab.example.test/hooks/ovation
	// true TargetURL
}

func ExampleWebhookEndpointsService_Get() {
	srv, client := fakeOvation()
	defer srv.Close()
	created := newEndpoint(client, "https://lab.example.test/hooks/ovation", ovation.EventTypeTestResultReady)
	ep, err := client.WebhookEndpoints.Get(context.Background(), "789", created.ID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(ep) // request headers may hold secrets: they never print
	// Output:
	// ovation.WebhookEndpoint{id:26355, event:test_result_ready, PHI redacted}
}

func ExampleWebhookEndpointsService_List() {
	srv, client := fakeOvation()
	defer srv.Close()
	for _, ev := range []ovation.EventType{ovation.EventTypeReportSigned, ovation.EventTypeSampleRejected} {
		newEndpoint(client, "https://lab.example.test/hooks/ovation", ev)
	}
	eps, err := client.WebhookEndpoints.List(context.Background(), "789")
	if err != nil {
		log.Fatal(err)
	}
	for _, ep := range eps {
		fmt.Println(ep.ID, ep.Event)
	}
	// Output:
	// 26355 report_signed
	// 26356 sample_rejected
}

// Every field of an update is optional: here the credentials rotate.
func ExampleWebhookEndpointsService_Update() {
	srv, client := fakeOvation()
	defer srv.Close()
	created := newEndpoint(client, "https://lab.example.test/hooks/ovation", ovation.EventTypeReportSigned)
	ep, err := client.WebhookEndpoints.Update(context.Background(), "789", created.ID, &ovation.WebhookEndpointParams{
		Username: "ovation-2026", Password: "webhook-password-5678",
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(ep.ID, ep.Event, ep.Username)
	// Output:
	// 26355 report_signed ovation-2026
}

// A delivery your receiver failed stays send-failed; List finds it by status.
func ExampleWebhookEventsService_List() {
	srv, client := fakeOvation()
	defer srv.Close()
	var up atomic.Bool
	receiver := flakyReceiver(&up)
	defer receiver.Close()
	newEndpoint(client, receiver.URL, ovation.EventTypeReportReadyForGeneration)
	if _, err := srv.ReadyReport(789, newRequisition(client).Identifier); err != nil {
		log.Fatal(err)
	}
	page, err := client.WebhookEvents.List(context.Background(), &ovation.WebhookEventListParams{
		OrganizationID: "123", EventStatus: ovation.EventStatusSendFailed,
	})
	if err != nil {
		log.Fatal(err)
	}
	for _, e := range page.WebhookEndpointEvents {
		fmt.Println(e.ID, e.EventType, e.Status, e.WebhookEndpointID)
	}
	fmt.Println(len(page.WebhookEndpoints), "endpoint")
	// Output:
	// 26358 report_ready_for_generation send-failed 26355
	// 1 endpoint
}

// Retry requeues failed deliveries once your receiver is back.
func ExampleWebhookEventsService_Retry() {
	srv, client := fakeOvation()
	defer srv.Close()
	ctx := context.Background()
	var up atomic.Bool
	receiver := flakyReceiver(&up)
	defer receiver.Close()
	newEndpoint(client, receiver.URL, ovation.EventTypeReportReadyForGeneration)
	if _, err := srv.ReadyReport(789, newRequisition(client).Identifier); err != nil {
		log.Fatal(err)
	}
	var failed []ovation.ID
	for e, err := range client.WebhookEvents.All(ctx, &ovation.WebhookEventListParams{OrganizationID: "123", EventStatus: ovation.EventStatusSendFailed}) {
		if err != nil {
			log.Fatal(err)
		}
		failed = append(failed, e.ID)
	}
	up.Store(true)
	msg, err := client.WebhookEvents.Retry(ctx, "123", failed)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(msg.Message)
	for _, d := range srv.Deliveries() {
		fmt.Println(d.EventType, d.Status)
	}
	// Output:
	// Events requeued
	// report_ready_for_generation 503
	// report_ready_for_generation 204
}

// All walks every page of deliveries.
func ExampleWebhookEventsService_All() {
	srv, client := fakeOvation()
	defer srv.Close()
	var up atomic.Bool
	up.Store(true)
	receiver := flakyReceiver(&up)
	defer receiver.Close()
	newEndpoint(client, receiver.URL, ovation.EventTypeReportReadyForGeneration)
	for range 3 {
		if _, err := srv.ReadyReport(789, newRequisition(client).Identifier); err != nil {
			log.Fatal(err)
		}
	}
	for e, err := range client.WebhookEvents.All(context.Background(), &ovation.WebhookEventListParams{
		OrganizationID: "123", ProjectTemplateIDs: []ovation.ID{"789"}, PerPage: 2,
	}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(e.EventType, e.Status, e.RequisitionIdentifier)
	}
	// Output:
	// report_ready_for_generation sent REQ-26356
	// report_ready_for_generation sent REQ-26359
	// report_ready_for_generation sent REQ-26362
}

// Ovation signs nothing: it sends the endpoint's HTTP Basic credentials. Give the pairs of
// a rotation.
func ExampleNewWebhookVerifier() {
	v, err := ovation.NewWebhookVerifier([]webhook.BasicCredentials{
		{Username: "ovation-2026", Password: "webhook-password-5678"},
		{Username: "ovation", Password: "webhook-password-1234"},
	})
	if err != nil {
		log.Fatal(err)
	}
	h := http.Header{}
	h.Set("Authorization", webhook.BasicAuthHeader("ovation", "webhook-password-1234"))
	d, err := v.Verify(h, []byte(`{"eventType":"report_signed"}`))
	fmt.Println(err, d.SecretIndex)

	_, err = ovation.NewWebhookVerifier([]webhook.BasicCredentials{{Username: "ovation"}})
	fmt.Println(errors.Is(err, ovation.ErrValidation))
	// Output:
	// <nil> 1
	// true
}

// Ovation retries a failed delivery twice; a receiver's deduplication must outlast the last.
func ExampleRetryDelays() {
	fmt.Println(ovation.RetryDelays(), ovation.DeliveryTimeout)
	// Output:
	// [1m4s 12m9s] 10s
}
