package ofauthsql

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ofauth-go/ofauth"
)

func TestRedact(t *testing.T) {
	for _, tc := range []struct{ in, out string }{
		{"failed to connect to `user=app password=s3cret database=x`", "failed to connect to `user=app password=xxxxx database=x`"},
		{"host=db PASSWORD='a b\\'c' sslmode=off", "host=db PASSWORD=xxxxx sslmode=off"},
		{"dial postgres://app:s3cret@db:5432/x?sslmode=disable", "dial postgres://app:xxxxx@db:5432/x?sslmode=disable"},
		{"file:x.db?_pragma=key&pwd=s3cret&mode=rw", "file:x.db?_pragma=key&pwd=xxxxx&mode=rw"},
		{"no secret here", "no secret here"},
	} {
		assert.Equal(t, tc.out, redact(tc.in))
	}
	err := &dbError{op: "reserve", err: errors.New("password=s3cret refused")}
	assert.NotContains(t, err.Error(), "s3cret")
	assert.ErrorIs(t, err, ErrUnavailable)
}

// fakeDriver is a driver of an unknown package.
type fakeDriver struct{}

func (fakeDriver) Open(string) (driver.Conn, error) { return nil, errors.New("no") }

// fakeConnector opens fakeDriver without registering it globally.
type fakeConnector struct{}

func (fakeConnector) Connect(context.Context) (driver.Conn, error) { return nil, errors.New("no") }
func (fakeConnector) Driver() driver.Driver                        { return fakeDriver{} }

func TestConfigErrors(t *testing.T) {
	ctx := context.Background()
	unknown := sql.OpenDB(fakeConnector{})
	t.Cleanup(func() { _ = unknown.Close() })

	d := NewDeduper(unknown)
	assert.Equal(t, DialectAuto, d.Dialect())
	_, err := d.Reserve(ctx, "id")
	assert.ErrorIs(t, err, ErrConfig)
	assert.Contains(t, err.Error(), "WithDialect")
	assert.ErrorIs(t, d.Migrate(ctx), ErrConfig)

	d = NewDeduper(unknown, WithDialect(DialectPostgres))
	assert.Equal(t, DialectPostgres, d.Dialect())
	assert.NoError(t, d.err)

	for _, name := range []string{"", "1table", "a.b.c", "drop table x;--", `"quoted"`, strings.Repeat("a", 64)} {
		d := NewDeduper(unknown, WithDialect(DialectSQLite), WithTable(name))
		_, err := d.Reserve(ctx, "id")
		assert.ErrorIs(t, err, ErrConfig, "table %q", name)
	}

	d = NewDeduper(nil)
	assert.ErrorIs(t, d.Commit(ctx, "id"), ErrConfig)
	var nilD *Deduper
	_, err = nilD.Reserve(ctx, "id")
	assert.ErrorIs(t, err, ErrConfig)

	d = NewDeduper(unknown, WithDialect(DialectSQLite))
	_, err = d.Reserve(ctx, "")
	assert.ErrorIs(t, err, ErrEmptyID)
	assert.ErrorIs(t, d.Release(ctx, ""), ErrEmptyID)
	assert.NoError(t, d.Release(ctx, "never-reserved"), "releasing what is not held does nothing")

	fn := d.HandleTx(nil)
	assert.ErrorIs(t, fn(ctx, nil), ErrConfig)
}

func TestDetectDialect(t *testing.T) {
	assert.Equal(t, DialectAuto, detectDialect(nil))
	assert.Equal(t, DialectAuto, detectDialect(fakeDriver{}))
	assert.Equal(t, DialectSQLite, NewDeduper(openSQLite(t, tempPath(t, "d.db"))).Dialect())
	db, err := sql.Open("pgx", "postgres://127.0.0.1:1/x")
	require.NoError(t, err)
	t.Cleanup(func() { _ = db.Close() })
	assert.Equal(t, DialectPostgres, NewDeduper(db).Dialect())
	assert.Equal(t, "postgres", DialectPostgres.String())
	assert.Equal(t, "sqlite", DialectSQLite.String())
	assert.Equal(t, "auto", DialectAuto.String())
	assert.Equal(t, "unknown", Dialect(9).String())
}

func TestQueriesForQualifiedTable(t *testing.T) {
	q, err := buildQueries(DialectSQLite, "aux.dedupe")
	require.NoError(t, err)
	assert.Equal(t, "CREATE INDEX IF NOT EXISTS aux.dedupe_expires_at ON dedupe (expires_at)", q.createIndex)
	assert.NotContains(t, q.claim, "$")
	q, err = buildQueries(DialectPostgres, "app.dedupe")
	require.NoError(t, err)
	assert.Equal(t, "CREATE INDEX IF NOT EXISTS dedupe_expires_at ON app.dedupe (expires_at)", q.createIndex)
}

func TestSQLiteQualifiedTable(t *testing.T) {
	ctx := context.Background()
	db := openSQLite(t, tempPath(t, "main.db"))
	db.SetMaxOpenConns(1) // ATTACH is per connection
	_, err := db.ExecContext(ctx, "ATTACH DATABASE ? AS aux", tempPath(t, "aux.db"))
	require.NoError(t, err)
	d := NewDeduper(db, WithTable("aux.dedupe"))
	require.NoError(t, d.Migrate(ctx))
	ok, err := d.Reserve(ctx, "id")
	require.NoError(t, err)
	assert.True(t, ok)
	require.NoError(t, d.Commit(ctx, "id"))
	ok, err = d.Reserve(ctx, "id")
	require.NoError(t, err)
	assert.False(t, ok)
}

// TestHandleTxPanicRollsBack checks that a panicking function leaves no
// transaction open: with one connection, the next call would block.
func TestHandleTxPanicRollsBack(t *testing.T) {
	ctx := context.Background()
	db := openSQLite(t, tempPath(t, "panic.db"))
	db.SetMaxOpenConns(1)
	d := NewDeduper(db)
	require.NoError(t, d.Migrate(ctx))
	fn := d.HandleTx(func(context.Context, *sql.Tx, *ofauth.WebhookEvent) error { panic("boom") })
	func() {
		defer func() { assert.Equal(t, "boom", recover()) }()
		_ = fn(ctx, &ofauth.WebhookEvent{ID: "msg_panic"})
	}()
	short, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	ok, err := d.Reserve(short, "msg_panic")
	require.NoError(t, err, "the connection must be back in the pool")
	assert.True(t, ok, "the rolled-back transaction recorded nothing")
}
