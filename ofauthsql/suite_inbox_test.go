package ofauthsql

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ofauth-go/ofauth"
)

// The suite's cases on the inbox pattern: CommitTx and HandleTx.

// effects makes a table the inbox tests' handlers write their side effect
// to, and returns its name.
func effects(t *testing.T, r *replicas) string {
	t.Helper()
	name := fmt.Sprintf("effects_%d", dbSeq.Add(1))
	_, err := r.db1.ExecContext(context.Background(), "CREATE TABLE "+name+" (event_id TEXT NOT NULL)")
	require.NoError(t, err)
	return name
}

func insertEffect(ctx context.Context, d *Deduper, tx *sql.Tx, table, id string) error {
	q := "INSERT INTO " + table + " (event_id) VALUES ($1)" //nolint:gosec // G202: a table name the test made
	if d.Dialect() == DialectSQLite {
		q = strings.ReplaceAll(q, "$", "?")
	}
	_, err := tx.ExecContext(ctx, q, id)
	return err
}

func testInboxCommit(t *testing.T, b backend) {
	r := newReplicas(t, b)
	table := effects(t, r)
	var runs atomic.Int32
	h1, h2 := r.handlers(
		r.d1.HandleTx(func(ctx context.Context, tx *sql.Tx, e *ofauth.WebhookEvent) error {
			runs.Add(1)
			return insertEffect(ctx, r.d1, tx, table, e.ID)
		}),
		r.d2.HandleTx(func(ctx context.Context, tx *sql.Tx, e *ofauth.WebhookEvent) error {
			runs.Add(1)
			return insertEffect(ctx, r.d2, tx, table, e.ID)
		}))
	var wg sync.WaitGroup
	codes := make([]int, 10)
	for i := range codes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			h := h1
			if i%2 == 1 {
				h = h2
			}
			codes[i] = deliver(context.Background(), t, h, r.secret, "msg_inbox").Code
		}()
	}
	wg.Wait()
	for i, code := range codes {
		assert.Equal(t, http.StatusOK, code, "delivery %d", i)
	}
	assert.EqualValues(t, 1, runs.Load())
	assert.Equal(t, 1, r.count(t, "SELECT count(*) FROM "+table))
	assert.Equal(t, stateHandled, r.state(t, "msg_inbox"))
}

func testInboxRollback(t *testing.T, b backend) {
	r := newReplicas(t, b)
	table := effects(t, r)
	var runs atomic.Int32
	fn := func(d *Deduper) ofauth.WebhookFunc {
		return d.HandleTx(func(ctx context.Context, tx *sql.Tx, e *ofauth.WebhookEvent) error {
			if err := insertEffect(ctx, d, tx, table, e.ID); err != nil {
				return err
			}
			if runs.Add(1) == 1 {
				return errors.New("failed after writing") // rolls the write back
			}
			return nil
		})
	}
	h1, h2 := r.handlers(fn(r.d1), fn(r.d2))
	ctx := context.Background()
	assert.Equal(t, http.StatusInternalServerError, deliver(ctx, t, h1, r.secret, "msg_rollback").Code)
	assert.Equal(t, 0, r.count(t, "SELECT count(*) FROM "+table), "the side effect was rolled back")
	assert.Equal(t, "", r.state(t, "msg_rollback"), "the id was not recorded")
	assert.Equal(t, http.StatusOK, deliver(ctx, t, h2, r.secret, "msg_rollback").Code)
	assert.Equal(t, http.StatusOK, deliver(ctx, t, h1, r.secret, "msg_rollback").Code)
	assert.EqualValues(t, 2, runs.Load())
	assert.Equal(t, 1, r.count(t, "SELECT count(*) FROM "+table))

	// CommitTx in a transaction that rolls back records nothing.
	tx, err := r.db1.BeginTx(ctx, nil)
	require.NoError(t, err)
	require.NoError(t, r.d1.CommitTx(ctx, tx, "msg_tx"))
	require.NoError(t, tx.Rollback())
	assert.Equal(t, "", r.state(t, "msg_tx"))
	ok, err := r.d2.Reserve(ctx, "msg_tx")
	require.NoError(t, err)
	assert.True(t, ok)
}

func testCommitTxNotHolder(t *testing.T, b backend) {
	r := newReplicas(t, b)
	ctx := context.Background()
	commitTx := func(d *Deduper, db *sql.DB, id string) error {
		tx, err := db.BeginTx(ctx, nil)
		require.NoError(t, err)
		if err := d.CommitTx(ctx, tx, id); err != nil {
			require.NoError(t, tx.Rollback())
			return err
		}
		return tx.Commit()
	}

	// Held by replica 1: replica 2 may not record it.
	ok, err := r.d1.Reserve(ctx, "msg_held")
	require.NoError(t, err)
	require.True(t, ok)
	assert.ErrorIs(t, commitTx(r.d2, r.db2, "msg_held"), ErrDuplicate)

	// Replica 1 overran its reservation and replica 2 took over: replica
	// 1's late side effect is refused, replica 2's is recorded.
	r.clock.Advance(testReservationTTL)
	ok, err = r.d2.Reserve(ctx, "msg_held")
	require.NoError(t, err)
	require.True(t, ok)
	assert.ErrorIs(t, commitTx(r.d1, r.db1, "msg_held"), ErrDuplicate)
	require.NoError(t, commitTx(r.d2, r.db2, "msg_held"))
	assert.ErrorIs(t, commitTx(r.d1, r.db1, "msg_held"), ErrDuplicate, "already handled")
	require.NoError(t, r.d2.Commit(ctx, "msg_held"), "Commit after CommitTx")

	// A free id is recorded without a reservation.
	require.NoError(t, commitTx(r.d1, r.db1, "msg_free"))
	ok, err = r.d2.Reserve(ctx, "msg_free")
	require.NoError(t, err)
	assert.False(t, ok)

	tx, err := r.db1.BeginTx(ctx, nil)
	require.NoError(t, err)
	assert.ErrorIs(t, r.d1.CommitTx(ctx, tx, ""), ErrEmptyID)
	assert.ErrorIs(t, r.d1.CommitTx(ctx, nil, "x"), ErrConfig)
	require.NoError(t, tx.Rollback())
}
