package ofauthsql

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/ofauth-go/ofauth"
)

// CommitTx records id as handled inside tx, the caller's own transaction,
// so that the event's side effect and its record commit together (the
// inbox pattern): if tx rolls back, id stays unrecorded and a redelivery
// runs the handler again. tx must be a transaction on the Deduper's
// database.
//
// It records id when this delivery holds its reservation or when nobody
// holds or remembers it; otherwise it returns an error matching
// ErrDuplicate and tx must be rolled back: the event was handled, or this
// delivery's reservation expired and another one took it over. Within a
// webhook handler, return that error: the handler answers 500, and OFAuth's
// redelivery is acknowledged once the other delivery committed.
//
// The handler's Commit that follows a successful handler is idempotent,
// and its Release after a failure leaves a committed record alone.
func (d *Deduper) CommitTx(ctx context.Context, tx *sql.Tx, id string) error {
	if ctx == nil {
		ctx = context.Background()
	}
	if err := d.check(id); err != nil {
		return err
	}
	if tx == nil {
		return fmt.Errorf("%w: nil *sql.Tx", ErrConfig)
	}
	token := d.claimToken(id)
	if token == "" {
		token = newToken() // matches no reservation: records only a free id
	}
	now := d.cfg.now()
	res, err := tx.ExecContext(ctx, d.q.commitTx, id, token, now.Add(d.cfg.ttl).UnixMilli(), now.UnixMilli())
	if err != nil {
		return d.fail(ctx, "commit in transaction", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return d.fail(ctx, "commit in transaction", err)
	}
	if n == 0 {
		return fmt.Errorf("%w: %q", ErrDuplicate, id)
	}
	return nil
}

// TxFunc handles one webhook event inside tx, the transaction that also
// records the event as handled.
type TxFunc func(ctx context.Context, tx *sql.Tx, e *ofauth.WebhookEvent) error

// HandleTx returns a webhook function, for a handler made with
// ofauth.WithDeduper(d) and this same d, that runs each event in one transaction on
// the Deduper's database: it begins the transaction, records the event's
// id with CommitTx, runs fn, and commits. When any step fails it rolls
// back and returns the error, so the handler answers 500 and the event is
// delivered again. Recording first makes a duplicate fail before fn's
// work, and on PostgreSQL holds the id's row locked until the transaction
// ends.
func (d *Deduper) HandleTx(fn TxFunc) ofauth.WebhookFunc {
	return func(ctx context.Context, e *ofauth.WebhookEvent) (err error) {
		if fn == nil || e == nil {
			return fmt.Errorf("%w: HandleTx needs a function and an event", ErrConfig)
		}
		if err := d.usable(); err != nil {
			return err
		}
		tx, err := d.db.BeginTx(ctx, nil)
		if err != nil {
			return d.fail(ctx, "begin transaction", err)
		}
		committed := false
		defer func() {
			// Also when fn panics: the connection goes back to the pool.
			if !committed {
				if rbErr := tx.Rollback(); rbErr != nil && !errors.Is(rbErr, sql.ErrTxDone) && err != nil {
					err = errors.Join(err, d.fail(ctx, "rollback", rbErr))
				}
			}
		}()
		if e.ID != "" { // the handler does not dedupe events without an id either
			if err := d.CommitTx(ctx, tx, e.ID); err != nil {
				return err
			}
		}
		if err := fn(ctx, tx, e); err != nil {
			return err
		}
		committed = true
		if err := tx.Commit(); err != nil {
			return d.fail(ctx, "commit transaction", err)
		}
		return nil
	}
}
