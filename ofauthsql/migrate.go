package ofauthsql

import "context"

// Migrate creates the Deduper's table and its index when they do not exist
// (see the package documentation for the schema), in one transaction. It
// is idempotent, and replicas may call it at the same time: on PostgreSQL
// it takes a transaction-scoped advisory lock first, as concurrent
// CREATE TABLE IF NOT EXISTS statements can collide there. No other call
// creates the table.
func (d *Deduper) Migrate(ctx context.Context) (err error) {
	if ctx == nil {
		ctx = context.Background()
	}
	if err := d.usable(); err != nil {
		return err
	}
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return d.fail(ctx, "migrate", err)
	}
	defer func() {
		if err != nil {
			_ = tx.Rollback() // the statement's error is the one to report
		}
	}()
	if d.dialect == DialectPostgres {
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(hashtext($1))`, "ofauthsql:"+d.cfg.table); err != nil {
			return d.fail(ctx, "migrate", err)
		}
	}
	for _, stmt := range []string{d.q.createTable, d.q.createIndex} {
		if _, err := tx.ExecContext(ctx, stmt); err != nil {
			return d.fail(ctx, "migrate", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return d.fail(ctx, "migrate", err)
	}
	return nil
}
