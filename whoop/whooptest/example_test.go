package whooptest_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/labwire/labwire/webhook"
	"github.com/labwire/labwire/whoop/whooptest"
)

// fixedClock makes timestamps, and so the Examples' output, stable.
func fixedClock() time.Time { return time.Date(2024, 1, 15, 10, 30, 0, 0, time.UTC) }

// The tutorial's first step against the fake with plain net/http: get a
// token with the JSON client-credentials body, then fetch a seeded
// requisition.
func Example() {
	srv, err := whooptest.NewServer(whooptest.WithSequentialIDs(), whooptest.WithClock(fixedClock))
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	seeded, err := srv.AddRequisition(whooptest.DefaultClientID, whooptest.LabRequisition{
		ServiceRequests: []whooptest.ServiceRequest{{Code: "LIPID_PANEL", TaskDescription: "Fasting lipid panel"}},
	})
	if err != nil {
		log.Fatal(err)
	}

	resp, err := http.Post(srv.URL+"/v2/partner/token", "application/json", strings.NewReader(
		`{"grant_type":"client_credentials","client_id":"whooptest-client","client_secret":"whooptest-secret","scope":"whoop-partner/token"}`))
	if err != nil {
		log.Fatal(err)
	}
	var token struct {
		AccessToken string `json:"access_token"`
		TokenType   string `json:"token_type"`
		ExpiresIn   int    `json:"expires_in"`
	}
	err = json.NewDecoder(resp.Body).Decode(&token)
	resp.Body.Close()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(resp.StatusCode, token.TokenType, token.ExpiresIn)

	req, err := http.NewRequest(http.MethodGet, srv.URL+"/v2/partner/requisition/"+seeded.ID, nil)
	if err != nil {
		log.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token.AccessToken)
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		log.Fatal(err)
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(resp.StatusCode, string(body))

	// Output:
	// 200 bearer 3600
	// 200 {"id":"00000000-0000-4000-8000-000000000001","created_at":"2024-01-15T10:30:00Z","updated_at":"2024-01-15T10:30:00Z","patient":{"id":"00000000-0000-4000-8000-000000000002"},"service_requests":[{"id":"00000000-0000-4000-8000-000000000003","status":"active","intent":"order","code":"LIPID_PANEL","task_business_status":null,"task_description":"Fasting lipid panel"}],"appointments":[]}
}

// Confirm a service request and submit its results, then check what the
// fake received.
func ExampleServer_Results() {
	srv, err := whooptest.NewServer(whooptest.WithClock(fixedClock))
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	seeded, err := srv.AddRequisition(whooptest.DefaultClientID, whooptest.LabRequisition{
		ServiceRequests: []whooptest.ServiceRequest{{ID: "3fa85f64-5717-4562-b3fc-2c963f66afa6", Code: "LIPID_PANEL"}},
	})
	if err != nil {
		log.Fatal(err)
	}
	token, err := srv.IssueToken(whooptest.DefaultClientID)
	if err != nil {
		log.Fatal(err)
	}
	send := func(method, path, body string) int {
		req, err := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
		if err != nil {
			log.Fatal(err)
		}
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			log.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	id := seeded.ServiceRequests[0].ID

	fmt.Println(send(http.MethodPatch, "/v2/partner/service-request/"+id+"/status",
		`{"task_business_status":"ORDER_CONFIRMED"}`))
	fmt.Println(send(http.MethodPatch, "/v2/partner/service-request/"+id+"/status",
		`{"task_business_status":"FULL_RESULTS_READY"}`), "(must attend the appointment first)")
	fmt.Println(send(http.MethodPost, "/v2/partner/service-request/"+id+"/results",
		`{"status":"final","observations":[{"code":"TOTAL_CHOLESTEROL","value_numeric":185.0,"unit":"mg/dL"},{"code":"BLOOD_TYPE","value_text":"A+"}]}`))

	for _, report := range srv.Results(id) {
		for _, o := range report.Observations {
			fmt.Printf("%s %s: numeric=%q text=%q unit=%q\n", report.Status, o.Code, o.ValueNumeric, o.ValueText, o.Unit)
		}
	}
	sr, _ := srv.ServiceRequest(id)
	fmt.Println(sr.Status, sr.TaskBusinessStatus)

	// Output:
	// 200
	// 400 (must attend the appointment first)
	// 201
	// final TOTAL_CHOLESTEROL: numeric="185.0" text="" unit="mg/dL"
	// final BLOOD_TYPE: numeric="" text="A+" unit=""
	// active ORDER_CONFIRMED
}

// Script a rate limit and a dropped connection to test a client's retries.
func ExampleServer_Script() {
	srv, err := whooptest.NewServer()
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	srv.Script(
		whooptest.Fault{Route: whooptest.RouteToken, Status: http.StatusTooManyRequests, RetryAfter: "1"},
		whooptest.Fault{Route: whooptest.RouteToken, Drop: whooptest.DropAfterBody},
	)
	credentials := `{"client_id":"whooptest-client","client_secret":"whooptest-secret"}`
	for range 3 {
		resp, err := http.Post(srv.URL+"/v2/partner/token", "application/json", strings.NewReader(credentials))
		if err != nil {
			fmt.Println("connection dropped")
			continue
		}
		resp.Body.Close()
		fmt.Printf("%d Retry-After=%q\n", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	fmt.Println(len(srv.PendingFaults()), "faults left,", srv.TokensIssued(), "token issued")

	// Output:
	// 429 Retry-After="1"
	// connection dropped
	// 200 Retry-After=""
	// 0 faults left, 1 token issued
}

// Deliver a signed webhook to a partner's handler, which checks the
// WHOOP-Signed header with the webhook package.
func ExampleServer_SendWebhook() {
	srv, err := whooptest.NewServer()
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()

	verifier, err := webhook.NewBodyHMAC(whooptest.SignatureHeader, []string{whooptest.DefaultWebhookSecret})
	if err != nil {
		log.Fatal(err)
	}
	handler := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if _, err := verifier.Verify(r.Header, body); err != nil {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		fmt.Println("verified", string(body))
		w.WriteHeader(http.StatusNoContent)
	}))
	defer handler.Close()

	status, err := srv.SendWebhook(context.Background(), whooptest.DefaultClientID, handler.URL, whooptest.Event{
		Type:       whooptest.EventLabRequisitionCreated,
		ResourceID: "e72719d6-0dbb-4eb3-9ccc-781b563fc3d3",
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(status)

	// Output:
	// verified {"event_type":"lab_requisition.created","resource_id":"e72719d6-0dbb-4eb3-9ccc-781b563fc3d3"}
	// 204
}
