package main

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"
)

func drop(t *testing.T, dsn, table string) {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	_, _ = conn.Exec(context.Background(), `DROP TABLE IF EXISTS `+table+`, `+table+`_migrations`)
}
