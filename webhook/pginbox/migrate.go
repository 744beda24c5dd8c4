package pginbox

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// migration is one embedded, versioned schema step.
type migration struct {
	version int
	sql     string
}

func migrations() ([]migration, error) {
	names, err := fs.Glob(migrationFiles, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	var out []migration
	for _, n := range names {
		base := strings.TrimPrefix(n, "migrations/")
		num, _, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("pginbox: migration %s: name must start with a version number", base)
		}
		b, err := migrationFiles.ReadFile(n)
		if err != nil {
			return nil, err
		}
		out = append(out, migration{version: v, sql: string(b)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	return out, nil
}

// SchemaVersion is the newest migration this package carries.
const SchemaVersion = 3

// Migrate creates or upgrades the inbox table, its indexes and its
// migrations table (<table>_migrations) to SchemaVersion. It is never called
// implicitly: call it from your deploy step or at startup, as you prefer. It
// is idempotent, and safe to run from several replicas at once: it holds a
// transaction-level advisory lock, applies each missing version in one
// transaction with its record, and does nothing when the schema is current.
// It reports the versions it applied.
func (ib *Inbox) Migrate(ctx context.Context) (applied []int, err error) {
	ms, err := migrations()
	if err != nil {
		return nil, err
	}
	tx, err := ib.pool.Begin(ctx)
	if err != nil {
		return nil, fmt.Errorf("pginbox: migrate: %w", err)
	}
	defer func() { _ = tx.Rollback(context.WithoutCancel(ctx)) }()
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtext($1))`, "labwire.pginbox:"+ib.t.raw); err != nil {
		return nil, fmt.Errorf("pginbox: migrate: lock: %w", err)
	}
	if _, err := tx.Exec(ctx, ib.t.versionsDDL()); err != nil {
		return nil, fmt.Errorf("pginbox: migrate: versions table: %w", err)
	}
	var current int
	if err := tx.QueryRow(ctx, `SELECT coalesce(max(version), 0) FROM `+ib.t.versions).Scan(&current); err != nil {
		return nil, fmt.Errorf("pginbox: migrate: read version: %w", err)
	}
	if current > SchemaVersion {
		return nil, fmt.Errorf("pginbox: migrate: schema version %d is newer than this package's %d", current, SchemaVersion)
	}
	for _, m := range ms {
		if m.version <= current {
			continue
		}
		if _, err := tx.Exec(ctx, ib.t.render(m.sql)); err != nil {
			return nil, fmt.Errorf("pginbox: migrate: version %d: %w", m.version, err)
		}
		if _, err := tx.Exec(ctx, ib.t.recordVersion(m.version)); err != nil {
			return nil, fmt.Errorf("pginbox: migrate: record version %d: %w", m.version, err)
		}
		applied = append(applied, m.version)
	}
	if err := tx.Commit(ctx); err != nil {
		return nil, fmt.Errorf("pginbox: migrate: commit: %w", err)
	}
	return applied, nil
}

// versionsDDL creates the migrations table, in Migrate and in the plain
// migrations alike.
func (t tableName) versionsDDL() string {
	return `CREATE TABLE IF NOT EXISTS ` + t.versions + ` (
    version    integer PRIMARY KEY,
    applied_at timestamptz NOT NULL DEFAULT now()
)`
}

// recordVersion records an applied migration, in Migrate and in the plain
// migrations alike.
func (t tableName) recordVersion(v int) string {
	return fmt.Sprintf(`INSERT INTO %s (version) VALUES (%d) ON CONFLICT (version) DO NOTHING`, t.versions, v)
}
