package pginbox

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite migrations/plain from the templates")

// plainMigration is the SQL of m for table t with nothing left to fill in:
// the template rendered, then the record of its version in the inbox's own
// migrations table, so that Migrate and Check agree with whatever tool
// applied it. The first line is goose's annotation; golang-migrate and
// atlas read it as a comment.
func plainMigration(m migration, name string, t tableName) string {
	return fmt.Sprintf(`-- +goose Up
-- Generated from migrations/%s for the table %s by
-- TestPlainMigrationsMatchTemplates (go test -run PlainMigrations -update);
-- do not edit. For another table name, call Migrate or render the template.

%s

%s;

%s;
`, name, t.raw, strings.TrimSpace(t.render(m.sql)), t.versionsDDL(), t.recordVersion(m.version))
}

// The plain migrations, for golang-migrate, goose and atlas, are the
// templates rendered for DefaultTable.
func TestPlainMigrationsMatchTemplates(t *testing.T) {
	t.Parallel()
	ms, err := migrations()
	require.NoError(t, err)
	require.Len(t, ms, SchemaVersion)
	tn, err := parseTableName(DefaultTable)
	require.NoError(t, err)
	templates, err := filepath.Glob("migrations/*.sql")
	require.NoError(t, err)
	var want []string
	for i, path := range templates {
		name := filepath.Base(path)
		plain := filepath.Join("migrations", "plain", strings.TrimSuffix(name, ".sql")+".up.sql")
		want = append(want, plain)
		text := plainMigration(ms[i], name, tn)
		assert.NotContains(t, text, "{{")
		if *update {
			require.NoError(t, os.WriteFile(plain, []byte(text), 0o644))
			continue
		}
		got, err := os.ReadFile(plain)
		require.NoError(t, err, "run go test -run PlainMigrations -update")
		assert.Equal(t, text, string(got), "%s is out of date: run go test -run PlainMigrations -update", plain)
	}
	have, err := filepath.Glob("migrations/plain/*")
	require.NoError(t, err)
	assert.ElementsMatch(t, want, have, "migrations/plain holds one file per template and nothing else")
}

// Applying the plain files in order, as a migration tool does, gives the
// schema Migrate gives, and Check accepts it.
func TestPlainMigrationsApplyAsMigrateDoes(t *testing.T) {
	t.Parallel()
	pool := newPool(t, 4)
	ctx := context.Background()
	schema := "plain_" + strings.ToLower(strings.TrimPrefix(testTable(t), "t_"))
	_, err := pool.Exec(ctx, `CREATE SCHEMA `+schema)
	require.NoError(t, err)
	t.Cleanup(func() { _, _ = pool.Exec(context.Background(), `DROP SCHEMA `+schema+` CASCADE`) })
	files, err := filepath.Glob("migrations/plain/*.up.sql")
	require.NoError(t, err)
	require.Len(t, files, SchemaVersion)
	conn, err := pool.Acquire(ctx)
	require.NoError(t, err)
	_, err = conn.Exec(ctx, `SET search_path TO `+schema)
	require.NoError(t, err)
	for _, f := range files {
		sql, err := os.ReadFile(f)
		require.NoError(t, err)
		_, err = conn.Exec(ctx, string(sql)) // one multi-statement text, as golang-migrate sends it
		require.NoError(t, err, f)
	}
	_, err = conn.Exec(ctx, `RESET search_path`)
	require.NoError(t, err)
	conn.Release()

	ib, err := New(pool, WithTable(schema+"."+DefaultTable))
	require.NoError(t, err)
	require.NoError(t, ib.Check(ctx))
	applied, err := ib.Migrate(ctx)
	require.NoError(t, err)
	assert.Empty(t, applied, "Migrate sees the versions the plain files recorded")

	other := testTable(t)
	ref := newInbox(t, other, 2)
	assert.Equal(t, indexDefs(t, ref, other), indexDefs(t, ib, DefaultTable), "the same indexes as Migrate makes")
}

// indexDefs lists the table's index definitions with its name taken out.
func indexDefs(t *testing.T, ib *Inbox, name string) []string {
	t.Helper()
	rows, err := ib.pool.Query(context.Background(), `SELECT indexdef FROM pg_indexes WHERE schemaname || '.' || tablename = $1 OR (tablename = $1 AND schemaname = 'public') ORDER BY indexname`, ib.t.raw)
	require.NoError(t, err)
	var out []string
	for rows.Next() {
		var d string
		require.NoError(t, rows.Scan(&d))
		if schema, _, ok := strings.Cut(ib.t.raw, "."); ok {
			d = strings.ReplaceAll(d, schema+".", "")
		}
		d = strings.ReplaceAll(d, "public.", "")
		out = append(out, strings.ReplaceAll(d, name, "T"))
	}
	require.NoError(t, rows.Err())
	require.NotEmpty(t, out)
	return out
}
