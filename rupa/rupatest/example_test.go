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
	"github.com/labwire/labwire/webhook/dispatch"
)

// The fake issues tokens through its token route and serves order intents; Requests shows
// what arrived, for assertions on the wire.
func ExampleServer() {
	srv, err := rupatest.NewServer(rupatest.WithSequentialIDs())
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	access, _, err := srv.IssueToken(rupatest.DefaultPractitionerID)
	if err != nil {
		log.Fatal(err)
	}
	srv.Script(rupatest.Fault{Route: rupatest.RouteCreateOrderIntent, Status: 503})

	post := func() int {
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/order-intents/",
			stringReader(`{"patient_data":{"first_name":"Testy","last_name":"McTestface","email":"testy@example.com"},"return_url":"https://app.example.com/r"}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+access)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			log.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	fmt.Println(post(), post())
	for _, oi := range srv.OrderIntents() {
		fmt.Println(oi.ID, oi.Practitioner, oi.ReturnURL)
	}
	fmt.Println(len(srv.RequestsMatching(rupatest.RouteCreateOrderIntent)), "requests")
	// Output:
	// 503 201
	// ordin_0000001 pra_PbpNmjM https://app.example.com/r
	// 2 requests
}

// The builder makes order.new_result events shaped like Rupa's; the sender delivers them
// signed with the scheme your receiver's verifier checks.
func ExampleSender() {
	v, err := webhook.NewBodyHMAC("X-Signature", []string{"test-secret-0123456789abcdef"})
	if err != nil {
		log.Fatal(err)
	}
	h, err := dispatch.NewHandler(v, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNoContent)
	}))
	if err != nil {
		log.Fatal(err)
	}
	receiver := httptest.NewServer(h)
	defer receiver.Close()

	b := rupatest.EventBuilder{SequentialIDs: true, Now: func() time.Time { return time.Unix(1718300000, 0).UTC() }}
	e := b.OrderNewResult(rupatest.Order{Tests: []rupatest.OrderedTest{{ResultsPDF: "https://results.example/1.pdf"}}})
	fmt.Println(e.ID, e.Type, e.Object.ID, len(e.Included), "included")

	s, err := rupatest.NewSender(rupatest.SignBodyHMAC("X-Signature", "test-secret-0123456789abcdef"), nil, nil)
	if err != nil {
		log.Fatal(err)
	}
	status, err := s.Send(context.Background(), receiver.URL, e)
	fmt.Println(status, err)
	unsigned, _ := rupatest.NewSender(func(http.Header, []byte, time.Time) error { return nil }, nil, nil)
	status, err = unsigned.Send(context.Background(), receiver.URL, e)
	fmt.Println(status, err)
	// Output:
	// evt_0000004 order.new_result ord_0000001 3 included
	// 204 <nil>
	// 401 <nil>
}
