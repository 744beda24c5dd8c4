package pginbox_test

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/labwire/labwire/webhook"
	"github.com/labwire/labwire/webhook/dispatch"
	"github.com/labwire/labwire/webhook/pginbox"
)

func ExampleNew() {
	ctx := context.Background()
	// pgxpool.New connects lazily. The handler's workers start claiming at
	// once; until the database answers they log and poll. Size the pool:
	// its default (4 connections on a small machine) cannot serve 4
	// transactional workers plus the notification listener, and
	// NewEventHandler refuses it.
	pool, err := pgxpool.New(ctx, "postgres://labs@localhost:5432/labs?pool_max_conns=16")
	if err != nil {
		panic(err)
	}
	defer pool.Close()

	_, err = pginbox.New(pool, pginbox.WithTable("Webhook-Inbox"))
	fmt.Println(err != nil) // table names are validated identifiers

	inbox, err := pginbox.New(pool, pginbox.WithTable("ops.webhook_inbox"), pginbox.WithTransactional())
	if err != nil {
		panic(err)
	}
	fmt.Println(inbox)
	// At startup or in a deploy step (never implicit):
	//	if _, err := inbox.Migrate(ctx); err != nil { ... }
	// In a readiness probe, or before serving:
	//	if err := inbox.Check(ctx); err != nil { ... } // names the table and the SQLSTATE

	v, err := webhook.NewBodyHMAC("X-Signature", []string{"a-signing-secret-of-at-least-24-bytes"})
	if err != nil {
		panic(err)
	}
	h, err := dispatch.NewEventHandler(v, pginbox.ProcessTx(func(ctx context.Context, tx pgx.Tx, e dispatch.Event) error {
		// Writes through tx commit together with the inbox row's completion.
		_, err := tx.Exec(ctx, `INSERT INTO lab_orders (event) VALUES ($1)`, e.Body)
		return err
	}), dispatch.WithInbox(inbox), dispatch.WithSource("partner"), dispatch.WithLease(time.Minute))
	if err != nil {
		panic(err)
	}
	fmt.Println(h.Shutdown(ctx))
	inbox.Close()
	// Output:
	// true
	// pginbox.Inbox{table: ops.webhook_inbox}
	// <nil>
}
