package ovation_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/labwire/labwire/ovation"
)

// Ovation documents no fields for providers: the body goes as given and the answer is a
// Record.
func ExampleProvidersService_Create() {
	srv, client := fakeOvation()
	defer srv.Close()
	account := newProviderAccount(client, "Northside Clinic")
	p, err := client.Providers.Create(context.Background(), account.ID, map[string]any{
		"provider": map[string]any{"name": "Dr. Test Provider", "npi": "1234567893"},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(p.ID, p.Name)
	// Output:
	// 26356 Dr. Test Provider
}

// newProvider adds a provider to a new provider account and returns both ids.
func newProvider(client *ovation.Client) (account, provider ovation.ID) {
	a := newProviderAccount(client, "Northside Clinic")
	p, err := client.Providers.Create(context.Background(), a.ID, map[string]any{"provider": map[string]any{"name": "Dr. Test Provider", "npi": "1234567893"}})
	if err != nil {
		log.Fatal(err)
	}
	return a.ID, p.ID
}

func ExampleProvidersService_Get() {
	srv, client := fakeOvation()
	defer srv.Close()
	account, id := newProvider(client)
	p, err := client.Providers.Get(context.Background(), account, id)
	if err != nil {
		log.Fatal(err)
	}
	var v struct {
		NPI string `json:"npi"`
	}
	if err := p.Decode(&v); err != nil {
		log.Fatal(err)
	}
	fmt.Println(p.Name, v.NPI)
	// Output:
	// Dr. Test Provider 1234567893
}

func ExampleProvidersService_List() {
	srv, client := fakeOvation()
	defer srv.Close()
	account, _ := newProvider(client)
	providers, err := client.Providers.List(context.Background(), account)
	if err != nil {
		log.Fatal(err)
	}
	for _, p := range providers {
		fmt.Println(p.ID, p.Name)
	}
	// Output:
	// 26356 Dr. Test Provider
}

func ExampleProvidersService_Delete() {
	srv, client := fakeOvation()
	defer srv.Close()
	ctx := context.Background()
	account, id := newProvider(client)
	if _, err := client.Providers.Delete(ctx, account, id); err != nil {
		log.Fatal(err)
	}
	_, err := client.Providers.Get(ctx, account, id)
	fmt.Println(errors.Is(err, ovation.ErrNotFound))
	// Output:
	// true
}

func ExampleProviderAccountContactsService_Create() {
	srv, client := fakeOvation()
	defer srv.Close()
	account := newProviderAccount(client, "Northside Clinic")
	c, err := client.ProviderAccountContacts.Create(context.Background(), account.ID, map[string]any{
		"providerAccountContact": map[string]any{"name": "Front desk", "email": "desk@clinic.example"},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(c.ID, c.Name)
	// Output:
	// 26356 Front desk
}

// newContact adds a contact to a new provider account and returns both ids.
func newContact(client *ovation.Client) (account, contact ovation.ID) {
	a := newProviderAccount(client, "Northside Clinic")
	c, err := client.ProviderAccountContacts.Create(context.Background(), a.ID, map[string]any{
		"providerAccountContact": map[string]any{"name": "Front desk", "email": "desk@clinic.example"},
	})
	if err != nil {
		log.Fatal(err)
	}
	return a.ID, c.ID
}

func ExampleProviderAccountContactsService_Get() {
	srv, client := fakeOvation()
	defer srv.Close()
	account, id := newContact(client)
	c, err := client.ProviderAccountContacts.Get(context.Background(), account, id)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(c.ID, c.Name)
	// Output:
	// 26356 Front desk
}

func ExampleProviderAccountContactsService_List() {
	srv, client := fakeOvation()
	defer srv.Close()
	account, _ := newContact(client)
	contacts, err := client.ProviderAccountContacts.List(context.Background(), account)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(contacts), contacts[0].Name)
	// Output:
	// 1 Front desk
}

func ExampleProviderAccountContactsService_Update() {
	srv, client := fakeOvation()
	defer srv.Close()
	account, id := newContact(client)
	c, err := client.ProviderAccountContacts.Update(context.Background(), account, id, map[string]any{
		"providerAccountContact": map[string]any{"name": "Lab liaison"},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(c.ID, c.Name)
	// Output:
	// 26356 Lab liaison
}

func ExampleProviderAccountContactsService_Delete() {
	srv, client := fakeOvation()
	defer srv.Close()
	ctx := context.Background()
	account, id := newContact(client)
	if _, err := client.ProviderAccountContacts.Delete(ctx, account, id); err != nil {
		log.Fatal(err)
	}
	contacts, err := client.ProviderAccountContacts.List(ctx, account)
	fmt.Println(len(contacts), err)
	// Output:
	// 0 <nil>
}
