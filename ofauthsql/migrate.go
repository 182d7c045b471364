package ofauthsql

import (
	"context"
	"database/sql"
	"time"
)

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
	if err := d.check("-"); err != nil {
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

// Purge deletes every expired row, handled ids past their TTL and
// reservations past theirs, in batches of at most the purge batch size,
// and returns how many it deleted. Commit runs one batch now and then (see
// WithPurgeInterval); call Purge from a periodic job when opportunistic
// purges are off or the table grew large.
func (d *Deduper) Purge(ctx context.Context) (int64, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	if err := d.check("-"); err != nil {
		return 0, err
	}
	var total int64
	for {
		n, err := d.purgeBatch(ctx, d.db)
		total += n
		if err != nil {
			return total, err
		}
		if n < int64(d.cfg.purgeBatch) {
			return total, nil
		}
	}
}

func (d *Deduper) purgeBatch(ctx context.Context, db *sql.DB) (int64, error) {
	res, err := db.ExecContext(ctx, d.q.purge, d.cfg.now().UnixMilli(), d.cfg.purgeBatch)
	if err != nil {
		return 0, d.fail(ctx, "purge", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, d.fail(ctx, "purge", err)
	}
	return n, nil
}

// maybePurge runs one purge batch when the purge interval has passed since
// the last one of this Deduper. Its failure is left for the next one: the
// caller's work succeeded, and expired rows count as absent anyway.
func (d *Deduper) maybePurge(ctx context.Context, now time.Time) {
	if d.cfg.purgeInterval < 0 {
		return
	}
	last := d.lastPurge.Load()
	if now.UnixNano()-last < int64(d.cfg.purgeInterval) || !d.lastPurge.CompareAndSwap(last, now.UnixNano()) {
		return
	}
	_, _ = d.purgeBatch(ctx, d.db)
}
