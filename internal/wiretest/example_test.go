package wiretest_test

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/labwire/labwire/internal/wiretest"
)

// A vendor test records what reached the server and checks it in one call.
func ExampleAssertRequest() {
	r, _ := http.NewRequest(http.MethodPatch, "https://lab.test/v2/items/a%2Fb/status?dry=1",
		strings.NewReader(`{"status": "done"}`))
	r.Header.Set("Content-Type", "application/json")
	t := &testing.T{} // in a test, the test's t
	ok := wiretest.AssertRequest(t, wiretest.FromHTTP(r), wiretest.Want{
		Method: http.MethodPatch,
		Path:   "/v2/items/a%2Fb/status",
		Query:  url.Values{"dry": {"1"}},
		Header: map[string]string{"Content-Type": "application/json", "Authorization": ""},
		Body:   `{"status":"done"}`,
	})
	fmt.Println(ok)
	// Output: true
}

// Canaries are planted values that must show up in no error text and no log line.
func ExampleCanaries() {
	t := &testing.T{} // in a test, the test's t
	canaries := wiretest.Canaries{"CANARY-Jane"}
	logger, logs := wiretest.NewLogs()
	logger.Info("call failed", "route", "/v2/patients/{id}", "status", 404)
	fmt.Println(canaries.AssertLogs(t, logs))
	fmt.Println(canaries.AssertError(t, errors.New("acme: GET /v2/patients/{id}: 404 not found")))
	// Output:
	// true
	// true
}

func ExampleClock() {
	c := wiretest.NewClock(time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC))
	c.Advance(90 * time.Minute)
	fmt.Println(c.Now().Format(time.Kitchen))
	// Output: 10:30AM
}
