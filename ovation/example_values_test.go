package ovation_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log"
	"time"

	"github.com/labwire/labwire/ovation"
)

// A date filter is 00:00:00 of the day in the organization's time zone.
func ExampleOnDate() {
	fmt.Println(ovation.OnDate(ovation.Date{Year: 2020, Month: 8, Day: 22}))
	// Output:
	// 2020-08-22
}

// As an EndDate, OnDate excludes its day; ThroughDate includes it by sending the next day.
func ExampleThroughDate() {
	srv, client := fakeOvation() // its clock says 2026-12-01
	defer srv.Close()
	newRequisition(client)
	day := ovation.Date{Year: 2026, Month: 12, Day: 1}
	for _, end := range []ovation.DateFilter{ovation.OnDate(day), ovation.ThroughDate(day)} {
		page, err := client.Requisitions.List(context.Background(), "789", &ovation.RequisitionListParams{
			StartDate: ovation.OnDate(day), EndDate: end,
		})
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println("endDate", end, len(page.Requisitions))
	}
	// Output:
	// endDate 2026-12-01 0
	// endDate 2026-12-02 1
}

// AtTime sends an instant with its offset, which leaves no doubt about the time zone.
func ExampleAtTime() {
	fmt.Println(ovation.AtTime(time.Date(2020, 8, 22, 8, 0, 0, 0, time.UTC)))
	fmt.Println(ovation.AtTime(time.Date(2020, 8, 22, 8, 0, 0, 0, time.FixedZone("EDT", -4*3600))))
	// Output:
	// 2020-08-22T08:00:00.000Z
	// 2020-08-22T08:00:00.000-04:00
}

// Ids are text that marshals as a JSON number; ids from a database convert with IDFromInt.
func ExampleIDFromInt() {
	id := ovation.IDFromInt(26355)
	b, err := json.Marshal(id)
	if err != nil {
		log.Fatal(err)
	}
	n, ok := id.Int64()
	fmt.Println(id, string(b), n, ok)
	// Output:
	// 26355 26355 26355 true
}

// ParseDate reads a date of birth without a time zone and refuses impossible dates.
func ExampleParseDate() {
	d, err := ovation.ParseDate("1980-04-08")
	fmt.Println(d, err)
	_, err = ovation.ParseDate("1980-04-31")
	fmt.Println(err != nil)
	// Output:
	// 1980-04-08 <nil>
	// true
}

// A Ct value keeps its digits.
func ExampleParseDecimal() {
	ct, err := ovation.ParseDecimal("24.10")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(ct, ct.Scale())
	// Output:
	// 24.10 2
}

// Optional fields are pointers: 0 is a real value of hasMedicalConsent (consent given).
func ExamplePtr() {
	r := ovation.Requisition{HasMedicalConsent: ovation.Ptr(ovation.MedicalConsentGiven), Test: ovation.Ptr(true)}
	fmt.Println(*r.HasMedicalConsent, *r.Test)
	// Output:
	// 0 true
}
