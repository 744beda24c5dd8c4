package transport_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/labwire/labwire/internal/transport"
)

// A vendor client sends each operation as a Request through Client.Do: the route template
// keeps ids out of errors and logs, and failures match category sentinels.
func Example() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer example-key" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Path == "/api/requisitions/req-1" {
			w.Header().Set("X-Request-Id", "rid-1")
			fmt.Fprint(w, `{"id":"req-1","status":"confirmed"}`)
			return
		}
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprint(w, `{"code":"not_found","message":"no requisition for Jane Doe"}`)
	}))
	defer srv.Close()

	c, err := transport.New(transport.Settings{
		Vendor:  "acme",
		BaseURL: srv.URL + "/api", // http is allowed for loopback only
		Auth:    transport.BearerAuth("example-key"),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()

	var req struct{ ID, Status string }
	resp, err := c.Do(ctx, &transport.Request{
		Op: "requisitions.get", Method: http.MethodGet,
		Route: "/requisitions/{id}", Params: []string{"req-1"},
	}, &req)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(req.ID, req.Status, resp.StatusCode, resp.RequestID)

	_, err = c.Do(ctx, &transport.Request{
		Op: "requisitions.get", Method: http.MethodGet,
		Route: "/requisitions/{id}", Params: []string{"req-2"},
	}, nil)
	fmt.Println(errors.Is(err, transport.ErrNotFound))
	fmt.Println(err)
	var apiErr *transport.APIError
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.Code, apiErr.StatusCode)
	}
	// Output:
	// req-1 confirmed 200 rid-1
	// true
	// acme: GET /requisitions/{id}: 404 not found
	// not_found 404
}
