package fake_test

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/labwire/labwire/internal/fake"
)

// A vendor fake is a handler wrapped by Server: tokens guard it, faults are scripted in
// front of it, and every request is recorded.
func ExampleServer() {
	tokens := fake.NewTokens(time.Hour, time.Now)
	mux := http.NewServeMux()
	mux.Handle("GET /v1/items/{id}", tokens.Require(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fake.WriteJSON(w, http.StatusOK, map[string]string{"id": r.PathValue("id")})
	})))
	srv := fake.NewServer(mux)
	defer srv.Close()

	srv.Script(fake.Fault{Route: "GET /v1/items/{id}", Status: http.StatusServiceUnavailable, RetryAfter: "1"})
	get := func() int {
		req, _ := http.NewRequest(http.MethodGet, srv.URL+"/v1/items/42", nil)
		req.Header.Set("Authorization", "Bearer "+tokens.Issue("client-a"))
		resp, err := srv.Client().Do(req)
		if err != nil {
			return 0
		}
		defer resp.Body.Close()
		return resp.StatusCode
	}
	fmt.Println(get(), get())

	var paths []string
	for _, r := range srv.Requests() {
		paths = append(paths, r.Method+" "+r.Path)
	}
	fmt.Println(strings.Join(paths, ", "))
	// Output:
	// 503 200
	// GET /v1/items/42, GET /v1/items/42
}
