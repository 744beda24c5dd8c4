package rupatest_test

import (
	"context"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/labwire/labwire/rupa/rupatest"
	"github.com/labwire/labwire/webhook"
)

// sendTime is the fixed send time of the Examples' timestamped signatures.
func sendTime() time.Time { return time.Unix(1718300000, 0).UTC() }

// verifyingReceiver answers 401 to a delivery v refuses and status to one it accepts.
func verifyingReceiver(v *webhook.Verifier, status int) *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, _, err := v.VerifyRequest(w, r); err != nil {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		w.WriteHeader(status)
	}))
}

// exampleEvent is an order.new_result event with deterministic ids.
func exampleEvent() rupatest.Event {
	b := rupatest.EventBuilder{SequentialIDs: true, Now: sendTime}
	return b.OrderNewResult(rupatest.Order{Tests: []rupatest.OrderedTest{{ResultsPDF: "https://results.example/1.pdf"}}})
}

// NewSender takes the signing scheme your receiver checks (Rupa's is not public); nil client
// and clock take defaults.
func ExampleNewSender() {
	s, err := rupatest.NewSender(rupatest.SignBodyHMAC("X-Signature", "test-secret-0123456789abcdef"), nil, nil)
	fmt.Println(s != nil, err)
	_, err = rupatest.NewSender(nil, nil, nil)
	fmt.Println(err)
	// Output:
	// true <nil>
	// rupatest: NewSender: a SignFunc is required
}

// Send delivers an event once and returns the receiver's status.
func ExampleSender_Send() {
	v, err := webhook.NewBodyHMAC("X-Signature", []string{"test-secret-0123456789abcdef"})
	if err != nil {
		log.Fatal(err)
	}
	receiver := verifyingReceiver(v, http.StatusOK)
	defer receiver.Close()
	s, err := rupatest.NewSender(rupatest.SignBodyHMAC("X-Signature", "test-secret-0123456789abcdef"), nil, nil)
	if err != nil {
		log.Fatal(err)
	}
	status, err := s.Send(context.Background(), receiver.URL, exampleEvent())
	fmt.Println(status, err)
	// Output:
	// 200 <nil>
}

// SendBody signs and sends bytes as they are: a body the builder would not make.
func ExampleSender_SendBody() {
	v, err := webhook.NewBodyHMAC("X-Signature", []string{"test-secret-0123456789abcdef"})
	if err != nil {
		log.Fatal(err)
	}
	receiver := verifyingReceiver(v, http.StatusOK)
	defer receiver.Close()
	s, err := rupatest.NewSender(rupatest.SignBodyHMAC("X-Signature", "test-secret-0123456789abcdef"), nil, nil)
	if err != nil {
		log.Fatal(err)
	}
	status, err := s.SendBody(context.Background(), receiver.URL, []byte(`{"id":"evt_1","type":"order.unknown_kind","data":{}}`))
	fmt.Println(status, err)
	// Output:
	// 200 <nil>
}

// Deliver retries as Rupa does until a 2xx; the test decides how often and how long to wait.
func ExampleSender_Deliver() {
	failures := 2
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if failures > 0 {
			failures--
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		w.WriteHeader(http.StatusOK)
	}))
	defer receiver.Close()
	s, err := rupatest.NewSender(rupatest.SignBasicAuth("rupa", "a-long-random-password"), nil, nil)
	if err != nil {
		log.Fatal(err)
	}
	made, status, err := s.Deliver(context.Background(), receiver.URL, exampleEvent(), 5, func(attempt int) {
		fmt.Println("attempt", attempt, "failed")
	})
	fmt.Println(made, status, err)
	// Output:
	// attempt 1 failed
	// attempt 2 failed
	// 3 200 <nil>
}

// SignBodyHMAC signs as webhook.NewBodyHMAC verifies: a hex HMAC of the body.
func ExampleSignBodyHMAC() {
	h := http.Header{}
	sign := rupatest.SignBodyHMAC("X-Signature", "test-secret-0123456789abcdef")
	if err := sign(h, []byte(`{"id":"evt_1"}`), sendTime()); err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(h.Get("X-Signature")))
	// Output:
	// 64
}

// SignTimestampedHMAC signs as webhook.NewTimestampedHMAC verifies: "t=<unix>,v1=<hex>".
func ExampleSignTimestampedHMAC() {
	secret := "test-secret-0123456789abcdef"
	v, err := webhook.NewTimestampedHMAC("X-Signature", []string{secret},
		webhook.WithClock(sendTime)) // tests pin the clock; production omits it
	if err != nil {
		log.Fatal(err)
	}
	receiver := verifyingReceiver(v, http.StatusNoContent)
	defer receiver.Close()
	s, err := rupatest.NewSender(rupatest.SignTimestampedHMAC("X-Signature", secret), nil, sendTime)
	if err != nil {
		log.Fatal(err)
	}
	status, err := s.Send(context.Background(), receiver.URL, exampleEvent())
	fmt.Println(status, err)
	// Output:
	// 204 <nil>
}

// SignBasicAuth sends HTTP Basic credentials, as webhook.NewBasicAuth verifies.
func ExampleSignBasicAuth() {
	v, err := webhook.NewBasicAuth([]webhook.BasicCredentials{{Username: "rupa", Password: "a-long-random-password"}})
	if err != nil {
		log.Fatal(err)
	}
	receiver := verifyingReceiver(v, http.StatusOK)
	defer receiver.Close()
	for _, pw := range []string{"a-long-random-password", "a-wrong-random-password"} {
		s, err := rupatest.NewSender(rupatest.SignBasicAuth("rupa", pw), nil, nil)
		if err != nil {
			log.Fatal(err)
		}
		status, err := s.Send(context.Background(), receiver.URL, exampleEvent())
		fmt.Println(status, err)
	}
	// Output:
	// 200 <nil>
	// 401 <nil>
}
