package ovation_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/labwire/labwire/ovation"
)

// A sales rep must exist before a provider account is created.
func ExampleSalesRepsService_Create() {
	srv, client := fakeOvation()
	defer srv.Close()
	rep, err := client.SalesReps.Create(context.Background(), map[string]any{"salesRep": map[string]any{"name": "Test Rep"}})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(rep.ID, rep.Name)
	// Output:
	// 26355 Test Rep
}

func ExampleSalesRepsService_Get() {
	srv, client := fakeOvation()
	defer srv.Close()
	ctx := context.Background()
	created, err := client.SalesReps.Create(ctx, map[string]any{"salesRep": map[string]any{"name": "Test Rep"}})
	if err != nil {
		log.Fatal(err)
	}
	rep, err := client.SalesReps.Get(ctx, created.ID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(rep.ID, rep.Name)
	// Output:
	// 26355 Test Rep
}

func ExampleSalesRepsService_List() {
	srv, client := fakeOvation()
	defer srv.Close()
	ctx := context.Background()
	for _, name := range []string{"Test Rep", "Other Rep"} {
		if _, err := client.SalesReps.Create(ctx, map[string]any{"salesRep": map[string]any{"name": name}}); err != nil {
			log.Fatal(err)
		}
	}
	reps, err := client.SalesReps.List(ctx)
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range reps {
		fmt.Println(r.ID, r.Name)
	}
	// Output:
	// 26355 Test Rep
	// 26356 Other Rep
}

func ExampleSalesRepsService_Update() {
	srv, client := fakeOvation()
	defer srv.Close()
	ctx := context.Background()
	created, err := client.SalesReps.Create(ctx, map[string]any{"salesRep": map[string]any{"name": "Test Rep"}})
	if err != nil {
		log.Fatal(err)
	}
	rep, err := client.SalesReps.Update(ctx, created.ID, map[string]any{"salesRep": map[string]any{"name": "Senior Rep"}})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(rep.ID, rep.Name)
	// Output:
	// 26355 Senior Rep
}

func ExampleSalesRepsService_Delete() {
	srv, client := fakeOvation()
	defer srv.Close()
	ctx := context.Background()
	created, err := client.SalesReps.Create(ctx, map[string]any{"salesRep": map[string]any{"name": "Test Rep"}})
	if err != nil {
		log.Fatal(err)
	}
	if _, err := client.SalesReps.Delete(ctx, created.ID); err != nil {
		log.Fatal(err)
	}
	_, err = client.SalesReps.Get(ctx, created.ID)
	fmt.Println(errors.Is(err, ovation.ErrNotFound))
	// Output:
	// true
}

func ExampleSalesGroupsService_Create() {
	srv, client := fakeOvation()
	defer srv.Close()
	g, err := client.SalesGroups.Create(context.Background(), map[string]any{"salesGroup": map[string]any{"name": "West"}})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(g.ID, g.Name)

	_, err = client.SalesGroups.Create(context.Background(), nil)
	fmt.Println(errors.Is(err, ovation.ErrValidation))
	// Output:
	// 26355 West
	// true
}

func ExampleSalesGroupsService_Get() {
	srv, client := fakeOvation()
	defer srv.Close()
	ctx := context.Background()
	created, err := client.SalesGroups.Create(ctx, map[string]any{"salesGroup": map[string]any{"name": "West"}})
	if err != nil {
		log.Fatal(err)
	}
	g, err := client.SalesGroups.Get(ctx, created.ID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(g.ID, g.Name)
	// Output:
	// 26355 West
}

func ExampleSalesGroupsService_List() {
	srv, client := fakeOvation()
	defer srv.Close()
	ctx := context.Background()
	for _, name := range []string{"West", "East"} {
		if _, err := client.SalesGroups.Create(ctx, map[string]any{"salesGroup": map[string]any{"name": name}}); err != nil {
			log.Fatal(err)
		}
	}
	groups, err := client.SalesGroups.List(ctx)
	if err != nil {
		log.Fatal(err)
	}
	for _, g := range groups {
		fmt.Println(g.ID, g.Name)
	}
	// Output:
	// 26355 West
	// 26356 East
}

func ExampleSalesGroupsService_Update() {
	srv, client := fakeOvation()
	defer srv.Close()
	ctx := context.Background()
	created, err := client.SalesGroups.Create(ctx, map[string]any{"salesGroup": map[string]any{"name": "West"}})
	if err != nil {
		log.Fatal(err)
	}
	g, err := client.SalesGroups.Update(ctx, created.ID, map[string]any{"salesGroup": map[string]any{"name": "Pacific"}})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(g.ID, g.Name)
	// Output:
	// 26355 Pacific
}

func ExampleSalesGroupsService_Delete() {
	srv, client := fakeOvation()
	defer srv.Close()
	ctx := context.Background()
	created, err := client.SalesGroups.Create(ctx, map[string]any{"salesGroup": map[string]any{"name": "West"}})
	if err != nil {
		log.Fatal(err)
	}
	if _, err := client.SalesGroups.Delete(ctx, created.ID); err != nil {
		log.Fatal(err)
	}
	groups, err := client.SalesGroups.List(ctx)
	fmt.Println(len(groups), err)
	// Output:
	// 0 <nil>
}
