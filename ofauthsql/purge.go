package ofauthsql

import (
	"context"
	"time"
)

// Purge deletes every expired row, handled ids past their TTL and
// reservations past theirs, in batches of at most the purge batch size,
// and returns how many it deleted. Commit runs one batch now and then (see
// WithPurgeInterval); call Purge from a periodic job when opportunistic
// purges are off or the table grew large.
func (d *Deduper) Purge(ctx context.Context) (int64, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	if err := d.usable(); err != nil {
		return 0, err
	}
	var total int64
	for {
		n, err := d.purgeBatch(ctx)
		total += n
		if err != nil {
			return total, err
		}
		if n < int64(d.cfg.purgeBatch) {
			return total, nil
		}
	}
}

func (d *Deduper) purgeBatch(ctx context.Context) (int64, error) {
	res, err := d.db.ExecContext(ctx, d.q.purge, d.cfg.now().UnixMilli(), d.cfg.purgeBatch)
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
	_, _ = d.purgeBatch(ctx)
}
