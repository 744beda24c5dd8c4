package workpath_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/labwire/labwire/workpath"
)

// examplePerson is a synthetic patient with everything People.Create requires.
func examplePerson() *workpath.PersonCreateParams {
	dob, err := workpath.ParseDate("1977-06-01")
	if err != nil {
		log.Fatal(err)
	}
	lat, lon := 40.7533488, -73.9788555
	return &workpath.PersonCreateParams{
		FirstName: "Testy", LastName: "McTestface", Gender: "female", BiologicalSex: workpath.BiologicalSexFemale,
		DateOfBirth: dob, Phone: "+18045551234", Email: "testy@example.test",
		Addresses: []workpath.Address{{Label: "Home", Street: "200 Park Avenue", City: "New York", State: "NY",
			Zip: "10166", Country: "US", Latitude: &lat, Longitude: &lon, Timezone: "America/New_York"}},
	}
}

// Workpath may answer a create with the person or with only a request id: Object is nil
// then.
func ExamplePeopleService_Create() {
	srv, c := exampleClient()
	defer srv.Close()
	res, err := c.People.Create(context.Background(), examplePerson())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(res.Object.ID, len(res.Object.Addresses), "address")
	fmt.Println(res.Object) // patient data never prints
	// Output:
	// 10001 1 address
	// workpath.Person{id:10001, PHI redacted}
}

func ExamplePeopleService_Get() {
	srv, c := exampleClient()
	defer srv.Close()
	ctx := context.Background()
	res, err := c.People.Create(ctx, examplePerson())
	if err != nil {
		log.Fatal(err)
	}
	p, err := c.People.Get(ctx, res.Object.ID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(p.ID, p.BiologicalSex, p.DateOfBirth.IsZero())
	// Output:
	// 10001 Female false
}

// Update replaces every field but the addresses, which it does not take.
func ExamplePeopleService_Update() {
	srv, c := exampleClient()
	defer srv.Close()
	ctx := context.Background()
	res, err := c.People.Create(ctx, examplePerson())
	if err != nil {
		log.Fatal(err)
	}
	p := examplePerson()
	got, err := c.People.Update(ctx, res.Object.ID, &workpath.PersonUpdateParams{
		FirstName: p.FirstName, LastName: p.LastName, Gender: p.Gender, BiologicalSex: p.BiologicalSex,
		DateOfBirth: p.DateOfBirth, Phone: p.Phone, Email: p.Email, MessagingEnabled: workpath.Ptr(false),
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(got.ID, *got.MessagingEnabled)
	// Output:
	// 10001 false
}

func ExamplePeopleService_Delete() {
	srv, c := exampleClient()
	defer srv.Close()
	ctx := context.Background()
	res, err := c.People.Create(ctx, examplePerson())
	if err != nil {
		log.Fatal(err)
	}
	if _, err := c.People.Delete(ctx, res.Object.ID); err != nil {
		log.Fatal(err)
	}
	_, err = c.People.Get(ctx, res.Object.ID)
	fmt.Println(errors.Is(err, workpath.ErrNotFound))
	// Output:
	// true
}
