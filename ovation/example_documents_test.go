package ovation_test

import (
	"context"
	"fmt"
	"log"
	"net/url"
)

// Ovation documents no body for documents: it is sent as given.
func ExampleDocumentsService_Create() {
	srv, client := fakeOvation()
	defer srv.Close()
	doc, err := client.Documents.Create(context.Background(), map[string]any{
		"document": map[string]any{"name": "Collection instructions", "projectTemplateId": 789},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(doc.ID, doc.Name)
	// Output:
	// 26355 Collection instructions
}

// List takes the parameters your Ovation contact gives you, since none are documented.
func ExampleDocumentsService_List() {
	srv, client := fakeOvation()
	defer srv.Close()
	ctx := context.Background()
	for _, name := range []string{"Collection instructions", "Shipping label"} {
		if _, err := client.Documents.Create(ctx, map[string]any{"name": name}); err != nil {
			log.Fatal(err)
		}
	}
	docs, err := client.Documents.List(ctx, url.Values{"projectTemplateId": {"789"}})
	if err != nil {
		log.Fatal(err)
	}
	for _, d := range docs {
		fmt.Println(d.ID, d.Name)
	}
	// Output:
	// 26355 Collection instructions
	// 26356 Shipping label
}
