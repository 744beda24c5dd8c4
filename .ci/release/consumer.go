package main

// consumerFiles are the outside module the dry run builds: a program that uses every
// vendor package, the webhook packages and pginbox, and one test against a fake. It is
// what a user writes after `go get`, so it imports nothing internal.
var consumerFiles = map[string]string{
	"go.mod": `module example.com/consumer

go 1.25.0
`,
	"main.go": `// Command consumer wires every labwire package, as a user would.
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/labwire/labwire/ovation"
	"github.com/labwire/labwire/rupa"
	"github.com/labwire/labwire/webhook"
	"github.com/labwire/labwire/webhook/dispatch"
	"github.com/labwire/labwire/webhook/pginbox"
	"github.com/labwire/labwire/whoop"
	"github.com/labwire/labwire/workpath"
)

func main() {
	if err := run(context.Background()); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(ctx context.Context) error {
	if _, err := whoop.NewClient(whoop.WithClientCredentials("id", "secret")); err != nil {
		return err
	}
	if _, err := workpath.NewClient(workpath.WithClientCredentials("key", "password", workpath.TokenAuthBasic)); err != nil {
		return err
	}
	if _, err := ovation.NewClient(ovation.WithAPIKey("key"), ovation.WithEnvironment(ovation.Production)); err != nil {
		return err
	}
	if _, err := rupa.NewAuthCodeFlow(rupa.AuthCodeFlowConfig{ClientID: "id", ClientSecret: "secret", RedirectURL: "https://lab.example/cb", TokenURL: "https://rupa.example/token"}); err != nil {
		return err
	}
	v, err := webhook.NewBodyHMAC("X-Signature", []string{"a-signing-secret-of-at-least-24-bytes"})
	if err != nil {
		return err
	}
	dsn := os.Getenv("DATABASE_URL")
	if dsn == "" {
		fmt.Println("set DATABASE_URL to run the inbox")
		return nil
	}
	pool, err := pgxpool.New(ctx, dsn)
	if err != nil {
		return err
	}
	defer pool.Close()
	ib, err := pginbox.New(pool)
	if err != nil {
		return err
	}
	_, err = dispatch.NewEventHandler(v, func(context.Context, dispatch.Event) error { return nil }, dispatch.WithInbox(ib))
	return err
}
`,
	"main_test.go": `package main

import (
	"context"
	"testing"

	"github.com/labwire/labwire/whoop"
	"github.com/labwire/labwire/whoop/whooptest"
)

func TestAgainstTheFake(t *testing.T) {
	srv := whooptest.Start(t)
	req, err := srv.AddRequisition(whooptest.DefaultClientID, whooptest.LabRequisition{
		ServiceRequests: []whooptest.ServiceRequest{{Code: "CBC", TaskDescription: "Complete blood count"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	client, err := whoop.NewClient(whoop.WithBaseURL(srv.URL),
		whoop.WithClientCredentials(whooptest.DefaultClientID, whooptest.DefaultClientSecret))
	if err != nil {
		t.Fatal(err)
	}
	got, err := client.Requisitions.Get(context.Background(), req.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.ServiceRequests) != 1 {
		t.Fatalf("got %d service requests", len(got.ServiceRequests))
	}
	if err := run(context.Background()); err != nil {
		t.Fatal(err)
	}
}
`,
}
