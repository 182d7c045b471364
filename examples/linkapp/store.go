package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/ofauth-go/ofauth"

	_ "modernc.org/sqlite" // pure-Go SQLite driver, registered as "sqlite"
)

// statusPending marks a connection id the app learnt from the Link redirect
// before OFAuth confirmed it with a webhook. It is the app's own state, not
// one the API sends.
const statusPending ofauth.ConnectionStatus = "pending"

// ErrNotFound is returned by Store.Get for an unknown connection id.
var ErrNotFound = errors.New("connection not found")

// Connection is the app's record of one connected creator account.
type Connection struct {
	ID                string
	Status            ofauth.ConnectionStatus
	Username          string
	Name              string
	ClientReferenceID string
	CreatedAt         time.Time
	UpdatedAt         time.Time
}

// Event is a processed webhook delivery, kept to show that webhooks arrive.
type Event struct {
	ID           string
	Type         string
	ConnectionID string
	ReceivedAt   time.Time
}

// Store keeps connections and the webhook log. Handlers depend on this
// interface only, so tests can swap in a failing store.
type Store interface {
	// Upsert records a connection or merges it into the stored one: empty
	// fields keep the stored values, and the pending status never replaces
	// a status OFAuth reported, so a late redirect cannot undo a webhook.
	Upsert(ctx context.Context, c Connection) error
	// Delete forgets a connection; deleting an unknown id is not an error.
	Delete(ctx context.Context, id string) error
	// Get returns one connection or ErrNotFound.
	Get(ctx context.Context, id string) (Connection, error)
	// List returns every connection, the most recently updated first.
	List(ctx context.Context) ([]Connection, error)
	// RecordEvent logs a webhook delivery; a repeated id is ignored.
	RecordEvent(ctx context.Context, e Event) error
	// RecentEvents returns up to n logged deliveries, the newest first.
	RecentEvents(ctx context.Context, n int) ([]Event, error)
}

// sqliteStore is the Store on SQLite.
type sqliteStore struct {
	db  *sql.DB
	now func() time.Time
}

const schema = `
CREATE TABLE IF NOT EXISTS connections (
	id                  TEXT PRIMARY KEY,
	status              TEXT NOT NULL,
	username            TEXT NOT NULL DEFAULT '',
	name                TEXT NOT NULL DEFAULT '',
	client_reference_id TEXT NOT NULL DEFAULT '',
	created_at          INTEGER NOT NULL,
	updated_at          INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS webhook_events (
	id            TEXT PRIMARY KEY,
	type          TEXT NOT NULL,
	connection_id TEXT NOT NULL DEFAULT '',
	received_at   INTEGER NOT NULL
);`

// openStore opens (creating if needed) the SQLite database at path and its
// schema. Use ":memory:" for a private in-memory database.
func openStore(ctx context.Context, path string) (*sqliteStore, error) {
	if path != ":memory:" {
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return nil, fmt.Errorf("store: %w", err)
		}
	}
	db, err := sql.Open("sqlite", path+"?_pragma=busy_timeout(5000)&_pragma=foreign_keys(1)")
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	// One connection: an in-memory database exists per connection, and
	// SQLite serialises writers anyway, so a pool would only add
	// SQLITE_BUSY retries for a demo's load.
	db.SetMaxOpenConns(1)
	if _, err := db.ExecContext(ctx, schema); err != nil {
		return nil, errors.Join(fmt.Errorf("store: create schema: %w", err), db.Close())
	}
	return &sqliteStore{db: db, now: time.Now}, nil
}

// Close closes the database.
func (s *sqliteStore) Close() error { return s.db.Close() }

// Reset removes every connection and logged event.
func (s *sqliteStore) Reset(ctx context.Context) error {
	_, err := s.db.ExecContext(ctx, `DELETE FROM connections; DELETE FROM webhook_events;`)
	return err
}

func (s *sqliteStore) Upsert(ctx context.Context, c Connection) error {
	if c.ID == "" {
		return errors.New("store: connection without id")
	}
	if c.Status == "" {
		c.Status = statusPending
	}
	now := s.now().UnixMilli()
	_, err := s.db.ExecContext(ctx, `
INSERT INTO connections (id, status, username, name, client_reference_id, created_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (id) DO UPDATE SET
	status = CASE WHEN excluded.status = ? THEN connections.status ELSE excluded.status END,
	username = COALESCE(NULLIF(excluded.username, ''), connections.username),
	name = COALESCE(NULLIF(excluded.name, ''), connections.name),
	client_reference_id = COALESCE(NULLIF(excluded.client_reference_id, ''), connections.client_reference_id),
	updated_at = excluded.updated_at`,
		c.ID, string(c.Status), c.Username, c.Name, c.ClientReferenceID, now, now, string(statusPending))
	if err != nil {
		return fmt.Errorf("store: upsert %s: %w", c.ID, err)
	}
	return nil
}

func (s *sqliteStore) Delete(ctx context.Context, id string) error {
	if _, err := s.db.ExecContext(ctx, `DELETE FROM connections WHERE id = ?`, id); err != nil {
		return fmt.Errorf("store: delete %s: %w", id, err)
	}
	return nil
}

const connectionColumns = `id, status, username, name, client_reference_id, created_at, updated_at`

func (s *sqliteStore) Get(ctx context.Context, id string) (Connection, error) {
	row := s.db.QueryRowContext(ctx, `SELECT `+connectionColumns+` FROM connections WHERE id = ?`, id)
	c, err := scanConnection(row)
	if errors.Is(err, sql.ErrNoRows) {
		return Connection{}, ErrNotFound
	}
	if err != nil {
		return Connection{}, fmt.Errorf("store: get %s: %w", id, err)
	}
	return c, nil
}

func (s *sqliteStore) List(ctx context.Context) ([]Connection, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+connectionColumns+` FROM connections ORDER BY updated_at DESC, id`)
	if err != nil {
		return nil, fmt.Errorf("store: list: %w", err)
	}
	defer func() { _ = rows.Close() }() // read only; rows.Err reports what matters
	var out []Connection
	for rows.Next() {
		c, err := scanConnection(rows)
		if err != nil {
			return nil, fmt.Errorf("store: list: %w", err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: list: %w", err)
	}
	return out, nil
}

// scanner is what *sql.Row and *sql.Rows have in common.
type scanner interface{ Scan(dest ...any) error }

func scanConnection(r scanner) (Connection, error) {
	var (
		c                  Connection
		status             string
		created, updatedAt int64
	)
	if err := r.Scan(&c.ID, &status, &c.Username, &c.Name, &c.ClientReferenceID, &created, &updatedAt); err != nil {
		return Connection{}, err
	}
	c.Status = ofauth.ConnectionStatus(status)
	c.CreatedAt, c.UpdatedAt = time.UnixMilli(created), time.UnixMilli(updatedAt)
	return c, nil
}

func (s *sqliteStore) RecordEvent(ctx context.Context, e Event) error {
	if e.ReceivedAt.IsZero() {
		e.ReceivedAt = s.now()
	}
	_, err := s.db.ExecContext(ctx,
		`INSERT INTO webhook_events (id, type, connection_id, received_at) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
		e.ID, e.Type, e.ConnectionID, e.ReceivedAt.UnixMilli())
	if err != nil {
		return fmt.Errorf("store: record event %s: %w", e.ID, err)
	}
	return nil
}

func (s *sqliteStore) RecentEvents(ctx context.Context, n int) ([]Event, error) {
	rows, err := s.db.QueryContext(ctx,
		`SELECT id, type, connection_id, received_at FROM webhook_events ORDER BY received_at DESC, rowid DESC LIMIT ?`, n)
	if err != nil {
		return nil, fmt.Errorf("store: events: %w", err)
	}
	defer func() { _ = rows.Close() }() // read only; rows.Err reports what matters
	var out []Event
	for rows.Next() {
		var (
			e  Event
			ms int64
		)
		if err := rows.Scan(&e.ID, &e.Type, &e.ConnectionID, &ms); err != nil {
			return nil, fmt.Errorf("store: events: %w", err)
		}
		e.ReceivedAt = time.UnixMilli(ms)
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: events: %w", err)
	}
	return out, nil
}
