// Package ofauthsql keeps the record of handled OFAuth webhook events in a
// SQL database, PostgreSQL or SQLite, so that every instance of a service
// shares it: a redelivery that lands on another replica is acknowledged
// without running the handler again.
//
// A Deduper implements ofauth.WebhookDeduper over database/sql; it needs no
// driver of its own, the application brings one (for instance
// github.com/jackc/pgx/v5/stdlib or modernc.org/sqlite):
//
//	d := ofauthsql.NewDeduper(db)
//	if err := d.Migrate(ctx); err != nil { … } // once, at start-up or in a deploy step
//	h := verifier.Handler(handle, ofauth.WithDeduper(d))
//
// # The table
//
// Migrate creates the table (default name DefaultTable) and an index, and
// does nothing when they exist; a Deduper never creates them by itself:
//
//	CREATE TABLE ofauth_webhook_dedupe (
//	    id         TEXT PRIMARY KEY,  -- the event id
//	    state      TEXT NOT NULL,     -- 'reserved' or 'handled'
//	    token      TEXT NOT NULL,     -- the holder of a reservation
//	    expires_at BIGINT NOT NULL,   -- Unix milliseconds: end of the reservation, or of the memory
//	    updated_at BIGINT NOT NULL    -- Unix milliseconds of the last change
//	);
//	CREATE INDEX ofauth_webhook_dedupe_expires_at ON ofauth_webhook_dedupe (expires_at);
//
// A row whose expires_at has passed counts as absent. Times come from the
// replicas' clocks (WithClock), so their skew must stay well below the
// reservation TTL; NTP keeps it in milliseconds.
//
// # Semantics
//
// Reserve claims an id with one INSERT … ON CONFLICT DO UPDATE that takes
// over only an expired row, so two replicas never both hold it. A
// reservation lasts WithReservationTTL, so an id whose holder died is free
// again after that; a handled id is remembered for WithHandledTTL (default
// ofauth.DefaultDedupeTTL). A Reserve that finds a live reservation of
// another caller polls until the holder commits (it returns false),
// releases, or its reservation expires (it claims the id), or until its
// context ends. It polls because database/sql offers no portable way to be
// told of a change: SQLite has none, and PostgreSQL's LISTEN needs a
// driver-specific connection held per waiter.
//
// Expired rows are deleted by Purge, and a Commit runs one bounded purge
// batch at most once per WithPurgeInterval, so the table stays small
// without a background goroutine.
//
// # The inbox pattern
//
// When the handler's side effect is a write to the same database, record
// the event id in that transaction with CommitTx, or let HandleTx do it:
// the side effect and the record then commit together, or neither does. If
// the transaction rolls back, the id stays unrecorded and a redelivery runs
// the handler again; the handler's own Commit afterwards is idempotent.
//
// # Failures
//
// Dedupe fails closed: when the database cannot be reached, Reserve returns
// an error matching ErrUnavailable, the webhook handler answers 503, and
// OFAuth delivers the event again later. A duplicate side effect is worse
// than a retried delivery. Errors never include a connection string's
// password.
//
// # SQLite
//
// Open the file in WAL mode with a busy timeout, for instance with
// modernc.org/sqlite:
//
//	file:app.db?_pragma=journal_mode(WAL)&_pragma=busy_timeout(5000)&_pragma=synchronous(NORMAL)&_txlock=immediate
//
// so that writers on several connections or processes wait for each other
// instead of failing, commits do not each wait for a disk flush, and
// HandleTx's transactions take the write lock at once.
package ofauthsql
