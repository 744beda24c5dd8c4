package workpath_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log"
	"net/http"

	"github.com/labwire/labwire/workpath"
	"github.com/labwire/labwire/workpath/workpathtest"
)

// ParseDate reads Workpath's YYYY-MM-DD (its docs' MMDDYYYY is a slip) and refuses
// impossible dates.
func ExampleParseDate() {
	d, err := workpath.ParseDate("1977-06-01")
	fmt.Println(d, err)
	_, err = workpath.ParseDate("06011977")
	fmt.Println(err != nil)
	// Output:
	// 1977-06-01 <nil>
	// true
}

// Money keeps its digits: 40.50 is sent as 40.50.
func ExampleParseDecimal() {
	pay, err := workpath.ParseDecimal("40.50")
	if err != nil {
		log.Fatal(err)
	}
	b, err := json.Marshal(pay)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(string(b), pay.Scale())
	// Output:
	// 40.50 2
}

// A float gives the shortest digits that read back as it; its trailing zeros are lost.
func ExampleDecimalFromFloat() {
	fmt.Println(workpath.DecimalFromFloat(40.50))
	// Output:
	// 40.5
}

// Optional fields are pointers, so that a zero can be sent; nil ones are left out.
func ExamplePtr() {
	srv, c := exampleClient()
	defer srv.Close()
	_, err := c.Appointments.Update(context.Background(), exampleAppointment(c), &workpath.AppointmentUpdateParams{
		SpecialistsNeeded: workpath.Ptr(0),
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(string(srv.RequestsMatching(workpathtest.RouteUpdateAppointment)[0].Body))
	// Output:
	// {"specialists_needed":0}
}

// A middleware names spans and metrics after the call (operation, route template), never the
// URL with its ids.
func ExampleCallInfoFromContext() {
	srv, err := workpathtest.NewServer()
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	metrics := func(req *http.Request, next func(*http.Request) (*http.Response, error)) (*http.Response, error) {
		resp, err := next(req)
		if info, ok := workpath.CallInfoFromContext(req.Context()); ok && err == nil {
			fmt.Println(info.Vendor, info.Operation, info.Route, info.Attempt, resp.StatusCode)
		}
		return resp, err
	}
	c, err := workpath.NewClient(
		workpath.WithBaseURL(srv.URL),
		workpath.WithClientCredentials(workpathtest.DefaultAPIKey, workpathtest.DefaultAPIPassword, workpath.TokenAuthBasic),
		workpath.WithMiddleware(metrics),
	)
	if err != nil {
		log.Fatal(err)
	}
	if _, err := c.Services.Get(context.Background(), workpathtest.DefaultService); err != nil {
		log.Fatal(err)
	}
	// Output:
	// workpath token.client_credentials /oauth/token 1 200
	// workpath services.get /services/{id} 1 200
}
