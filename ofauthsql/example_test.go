package ofauthsql_test

import (
	"context"
	"database/sql"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"time"

	_ "modernc.org/sqlite"

	"github.com/ofauth-go/ofauth"
	"github.com/ofauth-go/ofauth/ofauthsql"
	"github.com/ofauth-go/ofauth/ofauthtest"
)

// openExampleDB opens a fresh SQLite file as an application would, and
// returns a function that closes and removes it.
func openExampleDB() (*sql.DB, func()) {
	dir, err := os.MkdirTemp("", "ofauthsql-example")
	if err != nil {
		log.Fatal(err)
	}
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "app.db")+
		"?_pragma=journal_mode(WAL)&_pragma=busy_timeout(5000)&_pragma=synchronous(NORMAL)&_txlock=immediate")
	if err != nil {
		log.Fatal(err)
	}
	return db, func() {
		_ = db.Close()
		_ = os.RemoveAll(dir)
	}
}

// deliverTwice sends the same signed event to h twice, as OFAuth does when
// its first delivery timed out, and prints the answers.
func deliverTwice(h http.Handler, secret string) {
	body := []byte(`{"type":"connection.created","data":{"connection":{"id":"conn_1"}}}`)
	for range 2 {
		r, err := ofauthtest.NewSignedRequest(secret, "msg_2Yx", time.Now(), body)
		if err != nil {
			log.Fatal(err)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		fmt.Println(w.Code, w.Body.String())
	}
}

func ExampleNewDeduper() {
	db, done := openExampleDB()
	defer done()
	ctx := context.Background()
	secret := ofauthtest.NewWebhookSecret()
	verifier, err := ofauth.NewWebhookVerifier(secret)
	if err != nil {
		log.Fatal(err)
	}

	// Every replica's handler uses a Deduper on the same database.
	d := ofauthsql.NewDeduper(db, ofauthsql.WithReservationTTL(time.Minute))
	if err := d.Migrate(ctx); err != nil { // creates the table once; nothing else does
		log.Fatal(err)
	}
	handler := verifier.Handler(func(ctx context.Context, e *ofauth.WebhookEvent) error {
		fmt.Println("handling", e.Type)
		return nil
	}, ofauth.WithDeduper(d))

	deliverTwice(handler, secret)
	// Output:
	// handling connection.created
	// 200 {"received":true}
	// 200 {"received":true,"duplicate":true}
}

func ExampleDeduper_CommitTx() {
	db, done := openExampleDB()
	defer done()
	ctx := context.Background()
	if _, err := db.ExecContext(ctx, "CREATE TABLE welcome_emails (event_id TEXT NOT NULL)"); err != nil {
		log.Fatal(err)
	}
	secret := ofauthtest.NewWebhookSecret()
	verifier, err := ofauth.NewWebhookVerifier(secret)
	if err != nil {
		log.Fatal(err)
	}

	d := ofauthsql.NewDeduper(db)
	if err := d.Migrate(ctx); err != nil { // creates the table once; nothing else does
		log.Fatal(err)
	}
	queueWelcomeEmail := func(ctx context.Context, e *ofauth.WebhookEvent) error {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		defer func() { _ = tx.Rollback() }() // a no-op after Commit
		// The record of e.ID and the side effect commit together, or neither does.
		if err := d.CommitTx(ctx, tx, e.ID); err != nil {
			return err // handled already, or by another delivery right now
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO welcome_emails (event_id) VALUES (?)", e.ID); err != nil {
			return err
		}
		return tx.Commit()
	}
	handler := verifier.Handler(queueWelcomeEmail, ofauth.WithDeduper(d))

	deliverTwice(handler, secret)
	var n int
	if err := db.QueryRowContext(ctx, "SELECT count(*) FROM welcome_emails").Scan(&n); err != nil {
		log.Fatal(err)
	}
	fmt.Println("welcome emails:", n)
	// Output:
	// 200 {"received":true}
	// 200 {"received":true,"duplicate":true}
	// welcome emails: 1
}

func ExampleDeduper_HandleTx() {
	db, done := openExampleDB()
	defer done()
	ctx := context.Background()
	if _, err := db.ExecContext(ctx, "CREATE TABLE creators (connection_id TEXT PRIMARY KEY)"); err != nil {
		log.Fatal(err)
	}
	secret := ofauthtest.NewWebhookSecret()
	verifier, err := ofauth.NewWebhookVerifier(secret)
	if err != nil {
		log.Fatal(err)
	}
	d := ofauthsql.NewDeduper(db)
	if err := d.Migrate(ctx); err != nil {
		log.Fatal(err)
	}

	// HandleTx runs the function in a transaction that also records the
	// event, and commits both or neither.
	handler := verifier.Handler(d.HandleTx(func(ctx context.Context, tx *sql.Tx, e *ofauth.WebhookEvent) error {
		ce, err := e.Connection()
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, "INSERT INTO creators (connection_id) VALUES (?)", ce.Connection.ID)
		return err
	}), ofauth.WithDeduper(d))

	deliverTwice(handler, secret)
	// Output:
	// 200 {"received":true}
	// 200 {"received":true,"duplicate":true}
}

func ExampleDeduper_Purge() {
	db, done := openExampleDB()
	defer done()
	ctx := context.Background()
	// Ids are remembered for an hour; purges are left to a periodic job.
	d := ofauthsql.NewDeduper(db, ofauthsql.WithHandledTTL(time.Hour), ofauthsql.WithPurgeInterval(-1))
	if err := d.Migrate(ctx); err != nil {
		log.Fatal(err)
	}
	n, err := d.Purge(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("deleted", n, "expired rows")
	// Output:
	// deleted 0 expired rows
}
