package ofauthsql

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/ofauth-go/ofauth/ofauthtest"
	_ "modernc.org/sqlite" // the "sqlite" database/sql driver
)

// openSQLite opens a handle to the SQLite file at path as a replica would:
// WAL, a busy timeout, and transactions that take the write lock at once.
func openSQLite(tb testing.TB, path string) *sql.DB {
	tb.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(20000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_txlock=immediate")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = db.Close() })
	return db
}

// fakeClock is a clock that moves only when told.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// waitFor polls cond until it holds, failing tb after a deadline.
func waitFor(tb testing.TB, what string, cond func() bool) {
	tb.Helper()
	deadline := time.Now().Add(30 * time.Second)
	tick := time.NewTicker(2 * time.Millisecond)
	defer tick.Stop()
	for !cond() {
		if time.Now().After(deadline) {
			tb.Fatalf("timed out waiting for %s", what)
		}
		<-tick.C
	}
}

// deliver sends one signed delivery of event id to h and returns the
// answer.
func deliver(ctx context.Context, tb testing.TB, h http.Handler, secret, id string) *httptest.ResponseRecorder {
	tb.Helper()
	body := []byte(fmt.Sprintf(`{"event":"connection.updated","data":{"connection":{"id":"conn_1"}},"id":%q}`, id))
	r, err := ofauthtest.NewSignedRequest(secret, id, time.Now(), body)
	if err != nil {
		tb.Error(err)
		return httptest.NewRecorder()
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r.WithContext(ctx))
	return w
}

// tempPath returns a new file path in tb's temporary directory.
func tempPath(tb testing.TB, name string) string {
	return filepath.Join(tb.TempDir(), name)
}

// recv receives from ch, failing tb if nothing comes within a deadline.
func recv[T any](tb testing.TB, ch <-chan T) T {
	tb.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(30 * time.Second):
		tb.Fatal("timed out waiting for a result")
		panic("unreachable")
	}
}
