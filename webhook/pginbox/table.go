package pginbox

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/jackc/pgx/v5"
)

// DefaultTable is the inbox table's name without WithTable.
const DefaultTable = "labwire_webhook_inbox"

// identPart is one part of a table name: lowercase, starting with a letter
// or underscore, short enough that the index names derived from it stay
// under Postgres's 63-byte limit.
var identPart = regexp.MustCompile(`^[a-z_][a-z0-9_]{0,47}$`)

// tableName is a validated table name and the identifiers derived from it.
type tableName struct {
	table    string // quoted, possibly schema-qualified
	name     string // quoted, unqualified: the base for index names
	schema   string // quoted schema followed by a dot, or ""
	versions string // quoted migrations table
	channel  string // NOTIFY channel, unquoted
	listen   string // the channel quoted for LISTEN
	raw      string // as given
}

func parseTableName(s string) (tableName, error) {
	parts := strings.Split(s, ".")
	if len(parts) > 2 {
		return tableName{}, fmt.Errorf("pginbox: WithTable: %q: at most schema.table", s)
	}
	for _, p := range parts {
		if !identPart.MatchString(p) {
			return tableName{}, fmt.Errorf("pginbox: WithTable: each part must match %s", identPart)
		}
	}
	base := parts[len(parts)-1]
	versions := append(append([]string(nil), parts[:len(parts)-1]...), base+"_migrations")
	channel := s + "_ready"
	schema := ""
	if len(parts) == 2 {
		schema = pgx.Identifier{parts[0]}.Sanitize() + "."
	}
	return tableName{
		schema:   schema,
		table:    pgx.Identifier(parts).Sanitize(),
		name:     pgx.Identifier{base}.Sanitize(),
		versions: pgx.Identifier(versions).Sanitize(),
		channel:  channel,
		listen:   pgx.Identifier{channel}.Sanitize(),
		raw:      s,
	}, nil
}

// namePlaceholder is "{{name}}_suffix" or "{{qname}}_suffix" in a
// migration.
var namePlaceholder = regexp.MustCompile(`\{\{(q?name)\}\}_([a-z_]+)`)

// render replaces the placeholders of a SQL text: {{table}} by the quoted
// table, {{name}}_suffix by the quoted identifier "<base name>_suffix" (to
// name an index or constraint where it is created), {{qname}}_suffix by the
// same identifier qualified with the table's schema, if any (to name an
// existing index).
func (t tableName) render(sql string) string {
	base := strings.Trim(t.name, `"`)
	sql = namePlaceholder.ReplaceAllStringFunc(sql, func(m string) string {
		g := namePlaceholder.FindStringSubmatch(m)
		id := `"` + base + "_" + g[2] + `"`
		if g[1] == "qname" {
			id = t.schema + id
		}
		return id
	})
	return strings.ReplaceAll(sql, "{{table}}", t.table)
}
