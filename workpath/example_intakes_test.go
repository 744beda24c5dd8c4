package workpath_test

import (
	"context"
	"fmt"
	"log"

	"github.com/labwire/labwire/workpath/workpathtest"
)

// An intake on a form that does not auto-publish waits until the office converts it;
// Get tells when it has become an appointment.
func ExampleIntakesService_Get() {
	srv, c := exampleClient()
	defer srv.Close()
	ctx := context.Background()
	p := exampleIntake()
	p.OrderForm = workpathtest.ManualOrderForm
	res, err := c.Intakes.Create(ctx, p)
	if err != nil {
		log.Fatal(err)
	}
	in, err := c.Intakes.Get(ctx, res.Object.ID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(in.ID, in.Appointment == nil)

	srv.ConvertIntake(in.ID) // an office user converts it
	in, err = c.Intakes.Get(ctx, in.ID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(in.ID, "->", *in.Appointment)
	// Output:
	// 10001 true
	// 10001 -> 10003
}
