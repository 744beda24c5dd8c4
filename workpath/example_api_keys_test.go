package workpath_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/labwire/labwire/workpath"
	"github.com/labwire/labwire/workpath/workpathtest"
)

// Create makes the client's second credential; its Secret is in this answer only. Workpath
// refuses a third.
func ExampleAPIKeysService_Create() {
	srv, c := exampleClient()
	defer srv.Close()
	ctx := context.Background()
	k, err := c.APIKeys.Create(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(k.ID, k.IsActive, k.Secret != "")

	_, err = c.APIKeys.Create(ctx)
	var apiErr *workpath.APIError
	fmt.Println(errors.As(err, &apiErr), apiErr.StatusCode)
	// Output:
	// 10001 true true
	// true 402
}

// Get takes the numeric id or the key; the secret is never sent again.
func ExampleAPIKeysService_Get() {
	srv, c := exampleClient()
	defer srv.Close()
	k, err := c.APIKeys.Get(context.Background(), workpathtest.DefaultAPIKey)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(k.ID, k.IsActive, k.Secret == "")
	// Output:
	// 1001 true true
}

func ExampleAPIKeysService_List() {
	srv, c := exampleClient()
	defer srv.Close()
	ctx := context.Background()
	if _, err := c.APIKeys.Create(ctx); err != nil {
		log.Fatal(err)
	}
	keys, err := c.APIKeys.List(ctx)
	if err != nil {
		log.Fatal(err)
	}
	for _, k := range keys {
		fmt.Println(k.ID, k.IsActive)
	}
	// Output:
	// 1001 true
	// 10001 true
}

// Update deactivates a credential, say the one a rotation replaced.
func ExampleAPIKeysService_Update() {
	srv, c := exampleClient()
	defer srv.Close()
	ctx := context.Background()
	second, err := c.APIKeys.Create(ctx)
	if err != nil {
		log.Fatal(err)
	}
	k, err := c.APIKeys.Update(ctx, second.Key, &workpath.APIKeyUpdateParams{IsActive: false})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(k.ID, k.IsActive)
	// Output:
	// 10001 false
}

func ExampleAPIKeysService_Delete() {
	srv, c := exampleClient()
	defer srv.Close()
	ctx := context.Background()
	second, err := c.APIKeys.Create(ctx)
	if err != nil {
		log.Fatal(err)
	}
	if _, err := c.APIKeys.Delete(ctx, second.Key); err != nil {
		log.Fatal(err)
	}
	keys, err := c.APIKeys.List(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(keys), "credential left")
	// Output:
	// 1 credential left
}
