package workpathtest_test

import (
	"fmt"
	"log"
	"net/http"
	"strings"

	"github.com/labwire/labwire/workpath/workpathtest"
)

// The fake answers Workpath's validation messages; a client's own checks usually come first.
func ExampleServer() {
	srv, err := workpathtest.NewServer()
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	resp, err := http.Post(srv.URL+"/oauth/token", "application/x-www-form-urlencoded",
		strings.NewReader("grant_type=client_credentials&client_id="+workpathtest.DefaultAPIKey+"&client_secret=wrong"))
	if err != nil {
		log.Fatal(err)
	}
	resp.Body.Close()
	fmt.Println(resp.StatusCode, len(srv.RequestsMatching(workpathtest.RouteToken)))
	fmt.Println(workpathtest.MessageName("Last Name"))
	// Output:
	// 401 1
	// Name needs to be sent as First Name and Last Name, Last Name is missing.
}
