package rupa_test

import (
	"context"
	"fmt"
	"log"
)

// List returns one page; Next gives the params of the following one, from links.next.
func ExamplePatientsService_List() {
	srv, client := fakeRupa()
	defer srv.Close()
	ctx := context.Background()
	page, err := client.Patients.List(ctx, nil)
	for err == nil {
		for _, p := range page.Patients {
			fmt.Println(p.ID, p.Type)
		}
		next, ok := page.Next()
		if !ok {
			break
		}
		fmt.Println("next page")
		page, err = client.Patients.List(ctx, next)
	}
	if err != nil {
		log.Fatal(err)
	}
	// Output:
	// pat_0000001 patient
	// pat_0000002 patient
	// next page
	// pat_0000003 patient
}
