package ofauthsql

import (
	"context"
	"database/sql"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/ofauth-go/ofauth"
	"github.com/ofauth-go/ofauth/ofauthtest"
)

// backend opens two handles to one fresh database: what two replicas of a
// service have.
type backend struct {
	name string
	open func(t *testing.T) (*sql.DB, *sql.DB)
}

func sqliteBackend() backend {
	return backend{name: "sqlite", open: func(t *testing.T) (*sql.DB, *sql.DB) {
		path := tempPath(t, "dedupe.db")
		return openSQLite(t, path), openSQLite(t, path)
	}}
}

func postgresBackend(srv *pgServer) backend {
	return backend{name: "postgres", open: func(t *testing.T) (*sql.DB, *sql.DB) {
		name := srv.CreateSchema(t)
		return srv.OpenDB(t, name), srv.OpenDB(t, name)
	}}
}

const testReservationTTL = time.Minute

// replicas are two Dedupers on two handles to one database, sharing a
// fake clock, with the table migrated.
type replicas struct {
	db1, db2 *sql.DB
	d1, d2   *Deduper
	clock    *fakeClock
	secret   string
	v        *ofauth.WebhookVerifier
}

func newReplicas(t *testing.T, b backend, opts ...Option) *replicas {
	t.Helper()
	r := &replicas{clock: newFakeClock(), secret: ofauthtest.NewWebhookSecret()}
	r.db1, r.db2 = b.open(t)
	all := append([]Option{
		WithClock(r.clock.Now),
		WithReservationTTL(testReservationTTL),
		WithPollInterval(time.Millisecond, 20*time.Millisecond),
	}, opts...)
	r.d1, r.d2 = NewDeduper(r.db1, all...), NewDeduper(r.db2, all...)
	require.NoError(t, r.d1.Migrate(context.Background()))
	var err error
	r.v, err = ofauth.NewWebhookVerifier(r.secret)
	require.NoError(t, err)
	return r
}

// handlers returns the webhook handlers of the two replicas.
func (r *replicas) handlers(fn1, fn2 ofauth.WebhookFunc) (http.Handler, http.Handler) {
	return r.v.Handler(fn1, ofauth.WithDeduper(r.d1)), r.v.Handler(fn2, ofauth.WithDeduper(r.d2))
}

// state returns the state of id's row, "" when there is none.
func (r *replicas) state(t *testing.T, id string) string {
	t.Helper()
	q := "SELECT state FROM " + r.d1.cfg.table + " WHERE id = $1"
	if r.d1.Dialect() == DialectSQLite {
		q = strings.ReplaceAll(q, "$", "?")
	}
	var state string
	err := r.db1.QueryRowContext(context.Background(), q, id).Scan(&state)
	if errors.Is(err, sql.ErrNoRows) {
		return ""
	}
	require.NoError(t, err)
	return state
}

func (r *replicas) count(t *testing.T, query string) int {
	t.Helper()
	var n int
	require.NoError(t, r.db1.QueryRowContext(context.Background(), query).Scan(&n))
	return n
}

// runSuite runs the behaviour every backend must have.
func runSuite(t *testing.T, b backend) {
	tests := []struct {
		name string
		fn   func(t *testing.T, b backend)
	}{
		{"ConcurrentDeliveriesAcrossReplicasRunOnce", testConcurrentDeliveries},
		{"RedeliveryAfterFailureRunsAgain", testRedeliveryAfterFailure},
		{"DeadHolderExpires", testDeadHolderExpires},
		{"ConcurrentTakeoverOfExpiredReservation", testConcurrentTakeover},
		{"WaiterSeesCommitOrRelease", testWaiterSeesCommitOrRelease},
		{"StaleHolderCannotEndNewClaim", testStaleHolder},
		{"HandledIDForgottenAfterTTL", testTTL},
		{"InboxCommitsWithSideEffect", testInboxCommit},
		{"InboxRollbackRunsAgain", testInboxRollback},
		{"CommitTxRefusesWhenNotHolder", testCommitTxNotHolder},
		{"Purge", testPurge},
		{"OpportunisticPurge", testOpportunisticPurge},
		{"MigrateIsExplicitAndIdempotent", testMigrate},
		{"ClosedDatabaseFailsClosed", testClosedDB},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.fn(t, b) })
	}
}
