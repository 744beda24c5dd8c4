package workpath_test

import (
	"context"
	"fmt"
	"log"

	"github.com/labwire/labwire/workpath/workpathtest"
)

// List returns the services an intake may order (IntakeService.ID).
func ExampleServicesService_List() {
	srv, c := exampleClient()
	defer srv.Close()
	services, err := c.Services.List(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	for _, s := range services {
		fmt.Println(s.ID, s.Name, s.Duration)
	}
	// Output:
	// 1001 Blood Draw 15
}

func ExampleServicesService_Get() {
	srv, c := exampleClient()
	defer srv.Close()
	s, err := c.Services.Get(context.Background(), workpathtest.DefaultService)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(s.Name, s.VendorFee, s.SpecialistPayment)
	// Output:
	// Blood Draw 60 40
}
