package whoop_test

import (
	"context"
	"fmt"
	"log"
	"net/http"
	"time"

	"github.com/labwire/labwire/whoop"
	"github.com/labwire/labwire/whoop/whooptest"
)

// A middleware names a span or a metric after the call, never after the URL and its ids;
// each retry is an attempt of the same call, and the token fetch is a call of its own.
func ExampleCallInfoFromContext() {
	srv, requisitionID := fakeWHOOP()
	defer srv.Close()
	metrics := func(req *http.Request, next func(*http.Request) (*http.Response, error)) (*http.Response, error) {
		resp, err := next(req)
		if info, ok := whoop.CallInfoFromContext(req.Context()); ok && err == nil {
			fmt.Println(info.Operation, info.Method, info.Route, info.Attempt, resp.StatusCode)
		}
		return resp, err
	}
	client, err := whoop.NewClient(
		whoop.WithBaseURL(srv.URL),
		whoop.WithClientCredentials("lab-client", "lab-secret"),
		whoop.WithRetryWait(time.Millisecond, 10*time.Millisecond),
		whoop.WithMiddleware(metrics),
	)
	if err != nil {
		log.Fatal(err)
	}
	srv.Script(whooptest.Fault{Route: whooptest.RouteGetRequisition, Status: http.StatusServiceUnavailable})
	if _, err := client.Requisitions.Get(context.Background(), requisitionID); err != nil {
		log.Fatal(err)
	}
	// Output:
	// token.client_credentials POST /v2/partner/token 1 200
	// requisitions.get GET /v2/partner/requisition/{id} 1 503
	// requisitions.get GET /v2/partner/requisition/{id} 2 200
}
