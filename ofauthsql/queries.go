package ofauthsql

import (
	"database/sql/driver"
	"fmt"
	"reflect"
	"regexp"
	"strings"
)

// States of a row.
const (
	stateReserved = "reserved"
	stateHandled  = "handled"
)

// queries are a Deduper's statements, built once for its dialect and
// table. Parameters are written $n and become ?n for SQLite.
type queries struct {
	createTable, createIndex string
	claim, lookup            string
	commit, commitTx         string
	release, purge           string
}

var tableName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]{0,62}(\.[A-Za-z_][A-Za-z0-9_]{0,62})?$`)

func buildQueries(d Dialect, table string) (queries, error) {
	if !tableName.MatchString(table) {
		return queries{}, fmt.Errorf("%w: table name %q: use letters, digits and _, optionally schema.table", ErrConfig, table)
	}
	schema, base, qualified := strings.Cut(table, ".")
	if !qualified {
		schema, base = "", table
	}
	index := base + "_expires_at"
	indexTable := table
	if d == DialectSQLite && qualified {
		// SQLite names the schema on the index, never on its table.
		index, indexTable = schema+"."+index, base
	}
	// Identifiers are checked above; they are not quoted so that they
	// fold to lower case in PostgreSQL as unquoted names in the user's
	// own SQL do.
	upsert := `INSERT INTO ` + table + ` AS d (id, state, token, expires_at, updated_at)
VALUES ($1, '%s', $2, $3, $4)
ON CONFLICT (id) DO UPDATE SET state = excluded.state, token = excluded.token,
    expires_at = excluded.expires_at, updated_at = excluded.updated_at`
	q := queries{
		createTable: `CREATE TABLE IF NOT EXISTS ` + table + ` (
    id         TEXT PRIMARY KEY,
    state      TEXT NOT NULL CHECK (state IN ('reserved', 'handled')),
    token      TEXT NOT NULL,
    expires_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
)`,
		createIndex: `CREATE INDEX IF NOT EXISTS ` + index + ` ON ` + indexTable + ` (expires_at)`,
		// Takes over only an expired row: a live reservation or a
		// remembered id stays as it is, and no row is changed.
		claim:  fmt.Sprintf(upsert, stateReserved) + ` WHERE d.expires_at <= $4`,
		lookup: `SELECT state, expires_at FROM ` + table + ` WHERE id = $1`,
		commit: fmt.Sprintf(upsert, stateHandled),
		// Records the id only for the holder of its reservation, or when
		// nobody holds or remembers it.
		commitTx: fmt.Sprintf(upsert, stateHandled) +
			` WHERE (d.state = 'reserved' AND d.token = $2) OR d.expires_at <= $4`,
		release: `DELETE FROM ` + table + ` WHERE id = $1 AND state = 'reserved' AND token = $2`,
		// The outer condition is checked again on the row's latest version,
		// so a row claimed anew meanwhile is kept.
		purge: `DELETE FROM ` + table + ` WHERE expires_at <= $1 AND id IN (
    SELECT id FROM ` + table + ` WHERE expires_at <= $1 LIMIT $2)`,
	}
	if d == DialectSQLite {
		for _, s := range []*string{&q.claim, &q.lookup, &q.commit, &q.commitTx, &q.release, &q.purge} {
			*s = strings.ReplaceAll(*s, "$", "?")
		}
	}
	return q, nil
}

// detectDialect tells the dialect by the driver's package path.
func detectDialect(drv driver.Driver) Dialect {
	if drv == nil {
		return DialectAuto
	}
	t := reflect.TypeOf(drv)
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	pkg := strings.ToLower(t.PkgPath())
	switch {
	case strings.Contains(pkg, "sqlite"):
		return DialectSQLite
	case strings.Contains(pkg, "pgx"), strings.Contains(pkg, "lib/pq"), strings.Contains(pkg, "postgres"):
		return DialectPostgres
	default:
		return DialectAuto
	}
}
