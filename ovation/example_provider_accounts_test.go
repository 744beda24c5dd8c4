package ovation_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/labwire/labwire/ovation"
)

// newProviderAccount creates a provider account named name in organization 123.
func newProviderAccount(client *ovation.Client, name string) *ovation.ProviderAccount {
	a, err := client.ProviderAccounts.Create(context.Background(), "123", &ovation.ProviderAccount{
		Name: name, AccountNumber: "ACC-" + name[:1], FaxSignedReports: ovation.Ptr(false),
	})
	if err != nil {
		log.Fatal(err)
	}
	return a
}

// Setting ExternalIdentifier locks the account against edits in Ovation's UI.
func ExampleProviderAccountsService_Create() {
	srv, client := fakeOvation()
	defer srv.Close()
	a, err := client.ProviderAccounts.Create(context.Background(), "123", &ovation.ProviderAccount{
		Name: "Northside Clinic", ExternalIdentifier: "ehr-clinic-17", AccountNumber: "NS-001",
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(a.ID, a.Name, a.AccountNumber)

	_, err = client.ProviderAccounts.Create(context.Background(), "123", &ovation.ProviderAccount{AccountNumber: "NS-002"})
	var ve *ovation.ValidationError
	fmt.Println(errors.As(err, &ve), ve.Field)
	// Output:
	// 26355 Northside Clinic NS-001
	// true Name
}

func ExampleProviderAccountsService_Get() {
	srv, client := fakeOvation()
	defer srv.Close()
	created := newProviderAccount(client, "Northside Clinic")
	a, err := client.ProviderAccounts.Get(context.Background(), "123", created.ID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(a.ID, a.Name, *a.FaxSignedReports)
	// Output:
	// 26355 Northside Clinic false
}

// Update sends only the fields set.
func ExampleProviderAccountsService_Update() {
	srv, client := fakeOvation()
	defer srv.Close()
	created := newProviderAccount(client, "Northside Clinic")
	a, err := client.ProviderAccounts.Update(context.Background(), "123", created.ID, &ovation.ProviderAccount{
		FaxSignedReports: ovation.Ptr(true), FaxNumber: "+15555550100",
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(a.Name, *a.FaxSignedReports)
	// Output:
	// Northside Clinic true
}

func ExampleProviderAccountsService_Delete() {
	srv, client := fakeOvation()
	defer srv.Close()
	ctx := context.Background()
	created := newProviderAccount(client, "Northside Clinic")
	msg, err := client.ProviderAccounts.Delete(ctx, "123", created.ID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(msg.Message)
	_, err = client.ProviderAccounts.Get(ctx, "123", created.ID)
	fmt.Println(errors.Is(err, ovation.ErrNotFound))
	// Output:
	// Provider Account successfully archived
	// true
}

// List filters by name, external identifier or account number, and pages.
func ExampleProviderAccountsService_List() {
	srv, client := fakeOvation()
	defer srv.Close()
	for _, name := range []string{"Northside Clinic", "Southside Clinic"} {
		newProviderAccount(client, name)
	}
	page, err := client.ProviderAccounts.List(context.Background(), &ovation.ProviderAccountListParams{
		OrganizationID: "123", AccountNumber: "ACC-S",
	})
	if err != nil {
		log.Fatal(err)
	}
	for _, a := range page.ProviderAccounts {
		fmt.Println(a.ID, a.Name)
	}
	fmt.Println(page.Meta.TotalEntries, "match")
	// Output:
	// 26356 Southside Clinic
	// 1 match
}

func ExampleProviderAccountsService_All() {
	srv, client := fakeOvation()
	defer srv.Close()
	for _, name := range []string{"Northside Clinic", "Southside Clinic", "Westside Clinic"} {
		newProviderAccount(client, name)
	}
	for a, err := range client.ProviderAccounts.All(context.Background(), &ovation.ProviderAccountListParams{OrganizationID: "123", PerPage: 2}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(a.ID, a.Name)
	}
	// Output:
	// 26355 Northside Clinic
	// 26356 Southside Clinic
	// 26357 Westside Clinic
}
