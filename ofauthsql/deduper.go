package ofauthsql

import (
	"context"
	crand "crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ofauth-go/ofauth"
)

// Deduper is an ofauth.WebhookDeduper over a table in PostgreSQL or
// SQLite, shared by every Deduper on the same database: see the package
// documentation for the table and the semantics. It is safe for
// concurrent use and starts no goroutine.
//
// Each reservation carries a random token that the Deduper keeps in memory
// until Commit or Release, so that a holder whose reservation expired and
// was taken over cannot end the new holder's claim. Call CommitTx with the
// Deduper whose Reserve claimed the id: the one passed to
// ofauth.WithDeduper.
type Deduper struct {
	db      *sql.DB
	cfg     config
	dialect Dialect
	q       queries
	err     error // a configuration error, returned by every call

	mu     sync.Mutex
	claims map[string]string // id → token of the reservations this Deduper holds

	lastPurge atomic.Int64 // Unix nanoseconds of the last opportunistic purge

	// waiting, when set, is called when a Reserve starts waiting for
	// another holder; tests use it to know a caller is waiting.
	waiting func(id string)
}

var _ ofauth.WebhookDeduper = (*Deduper)(nil)

// NewDeduper returns a Deduper keeping its records in db. It does not touch
// the database: call Migrate once to create the table. A configuration
// error (see ErrConfig) is returned by every call of the Deduper.
func NewDeduper(db *sql.DB, opts ...Option) *Deduper {
	d := &Deduper{db: db, cfg: defaultConfig(), claims: make(map[string]string)}
	for _, opt := range opts {
		if opt != nil {
			opt(&d.cfg)
		}
	}
	if db == nil {
		d.err = fmt.Errorf("%w: nil *sql.DB", ErrConfig)
		return d
	}
	d.dialect = d.cfg.dialect
	if d.dialect == DialectAuto {
		d.dialect = detectDialect(db.Driver())
	}
	if d.dialect != DialectPostgres && d.dialect != DialectSQLite {
		d.err = fmt.Errorf("%w: cannot tell the SQL dialect of driver %T; use WithDialect", ErrConfig, db.Driver())
		return d
	}
	d.q, d.err = buildQueries(d.dialect, d.cfg.table)
	return d
}

// Dialect returns the dialect the Deduper speaks, DialectAuto when it
// could not be told.
func (d *Deduper) Dialect() Dialect { return d.dialect }

// Reserve implements ofauth.WebhookDeduper: it claims id and returns true,
// or returns false when id was handled within the TTL. While another
// delivery holds id, it polls until that one commits (false), releases or
// lets its reservation expire (Reserve then claims id). It returns ctx's
// error when ctx ends first, and an error matching ErrUnavailable when the
// database fails.
func (d *Deduper) Reserve(ctx context.Context, id string) (bool, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	if err := d.check(id); err != nil {
		return false, err
	}
	token := newToken()
	wait := d.cfg.pollMin
	announced := false
	for {
		claimed, err := d.claim(ctx, id, token)
		if err != nil {
			return false, err
		}
		if claimed {
			d.mu.Lock()
			d.claims[id] = token
			d.mu.Unlock()
			return true, nil
		}
		// Held or remembered: look at the row, a read, until it is free
		// again, rather than try a write each time.
		for {
			state, expires, found, err := d.lookup(ctx, id)
			if err != nil {
				return false, err
			}
			now := d.cfg.now().UnixMilli()
			if !found || expires <= now {
				break // released or expired: claim it
			}
			if state == stateHandled {
				return false, nil
			}
			if !announced && d.waiting != nil {
				d.waiting(id)
			}
			announced = true
			if err := sleep(ctx, jitter(wait)); err != nil {
				return false, err
			}
			wait = min(wait*2, d.cfg.pollMax)
		}
	}
}

// Commit implements ofauth.WebhookDeduper: it records id as handled for
// the TTL, whoever holds it, and ends this Deduper's claim on it. It is
// idempotent, so it may follow CommitTx. At most once per purge interval
// it also deletes a batch of expired rows.
func (d *Deduper) Commit(ctx context.Context, id string) error {
	if ctx == nil {
		ctx = context.Background()
	}
	if err := d.check(id); err != nil {
		return err
	}
	now := d.cfg.now()
	token := d.endClaim(id)
	if token == "" {
		token = newToken()
	}
	if _, err := d.db.ExecContext(ctx, d.q.commit, id, token, now.Add(d.cfg.ttl).UnixMilli(), now.UnixMilli()); err != nil {
		return d.fail(ctx, "commit", err)
	}
	d.maybePurge(ctx, now)
	return nil
}

// Release implements ofauth.WebhookDeduper: it ends this Deduper's claim on
// id without recording it, so a redelivery runs the handler again. It
// leaves a handled id, and a reservation taken over by another delivery,
// as they are.
func (d *Deduper) Release(ctx context.Context, id string) error {
	if ctx == nil {
		ctx = context.Background()
	}
	if err := d.check(id); err != nil {
		return err
	}
	token := d.endClaim(id)
	if token == "" {
		return nil // not held here: nothing to end
	}
	if _, err := d.db.ExecContext(ctx, d.q.release, id, token); err != nil {
		return d.fail(ctx, "release", err)
	}
	return nil
}

// claim tries to take id with token; it reports whether it did.
func (d *Deduper) claim(ctx context.Context, id, token string) (bool, error) {
	now := d.cfg.now()
	res, err := d.db.ExecContext(ctx, d.q.claim, id, token, now.Add(d.cfg.reservation).UnixMilli(), now.UnixMilli())
	if err != nil {
		return false, d.fail(ctx, "reserve", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, d.fail(ctx, "reserve", err)
	}
	return n == 1, nil
}

func (d *Deduper) lookup(ctx context.Context, id string) (state string, expires int64, found bool, err error) {
	err = d.db.QueryRowContext(ctx, d.q.lookup, id).Scan(&state, &expires)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return "", 0, false, nil
	case err != nil:
		return "", 0, false, d.fail(ctx, "reserve", err)
	}
	return state, expires, true, nil
}

// endClaim forgets this Deduper's claim on id and returns its token, ""
// when it held none.
func (d *Deduper) endClaim(id string) string {
	d.mu.Lock()
	defer d.mu.Unlock()
	token := d.claims[id]
	delete(d.claims, id)
	return token
}

// claimToken returns the token of this Deduper's claim on id, "" when it
// holds none.
func (d *Deduper) claimToken(id string) string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.claims[id]
}

// usable returns the Deduper's configuration error, if any.
func (d *Deduper) usable() error {
	if d == nil {
		return fmt.Errorf("%w: nil *Deduper", ErrConfig)
	}
	return d.err
}

// check returns usable's error, or ErrEmptyID for an empty id.
func (d *Deduper) check(id string) error {
	if err := d.usable(); err != nil {
		return err
	}
	if id == "" {
		return ErrEmptyID
	}
	return nil
}

// fail wraps a statement's error: the context's error when ctx ended (the
// caller gave up, the database did not fail), else one matching
// ErrUnavailable.
func (d *Deduper) fail(ctx context.Context, op string, err error) error {
	if ctxErr := ctx.Err(); ctxErr != nil {
		return fmt.Errorf("ofauthsql: %s: %w", op, ctxErr)
	}
	return &dbError{op: op, err: err}
}

// newToken returns a random token naming one reservation.
func newToken() string {
	var b [16]byte
	_, _ = crand.Read(b[:]) // crypto/rand.Read never fails on supported platforms
	return hex.EncodeToString(b[:])
}

// jitter returns a duration between d/2 and d, so that waiters spread out.
func jitter(d time.Duration) time.Duration {
	half := d / 2
	if half <= 0 {
		return d
	}
	return half + rand.N(half+1) //nolint:gosec // spreading waiters needs no unpredictable numbers
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
