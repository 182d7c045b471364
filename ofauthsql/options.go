package ofauthsql

import (
	"time"

	"github.com/ofauth-go/ofauth"
)

// Dialect is the SQL dialect a Deduper speaks.
type Dialect int

// Dialects. DialectAuto tells them apart by the driver's package.
const (
	DialectAuto Dialect = iota
	DialectPostgres
	DialectSQLite
)

// String returns the dialect's name.
func (d Dialect) String() string {
	switch d {
	case DialectPostgres:
		return "postgres"
	case DialectSQLite:
		return "sqlite"
	case DialectAuto:
		return "auto"
	default:
		return "unknown"
	}
}

// Defaults of a Deduper.
const (
	// DefaultTable is the table's name.
	DefaultTable = "ofauth_webhook_dedupe"
	// DefaultReservationTTL is how long a reservation lasts: longer than
	// a webhook handler runs, short enough that a redelivery after its
	// holder died is handled soon.
	DefaultReservationTTL = 2 * time.Minute
	// DefaultPurgeInterval is the least time between two opportunistic
	// purges of one Deduper.
	DefaultPurgeInterval = time.Minute
	// DefaultPurgeBatch is the most rows one purge statement deletes, so
	// that it never holds locks for long.
	DefaultPurgeBatch = 1000
	// DefaultPollMin and DefaultPollMax bound the wait between two looks
	// at an id another delivery holds.
	DefaultPollMin = 10 * time.Millisecond
	DefaultPollMax = 500 * time.Millisecond
)

// Option configures a Deduper.
type Option func(*config)

type config struct {
	dialect       Dialect
	table         string
	ttl           time.Duration
	reservation   time.Duration
	purgeInterval time.Duration
	purgeBatch    int
	pollMin       time.Duration
	pollMax       time.Duration
	now           func() time.Time
}

func defaultConfig() config {
	return config{
		table:         DefaultTable,
		ttl:           ofauth.DefaultDedupeTTL,
		reservation:   DefaultReservationTTL,
		purgeInterval: DefaultPurgeInterval,
		purgeBatch:    DefaultPurgeBatch,
		pollMin:       DefaultPollMin,
		pollMax:       DefaultPollMax,
		now:           time.Now,
	}
}

// WithDialect sets the dialect, for a driver the Deduper does not
// recognise (a wrapped one, for instance). By default it is told by the
// driver's package: pgx and lib/pq are PostgreSQL, any package named
// sqlite is SQLite.
func WithDialect(d Dialect) Option {
	return func(c *config) { c.dialect = d }
}

// WithTable sets the table's name: letters, digits and underscores, not
// starting with a digit, optionally qualified by a schema ("app.webhooks").
// The default is DefaultTable.
func WithTable(name string) Option {
	return func(c *config) { c.table = name }
}

// WithHandledTTL sets how long a handled id is remembered. Zero or negative keeps
// the default, ofauth.DefaultDedupeTTL.
func WithHandledTTL(d time.Duration) Option {
	return func(c *config) {
		if d > 0 {
			c.ttl = d
		}
	}
}

// WithReservationTTL sets how long a reservation lasts before another
// delivery may take the id over, in case its holder died. Make it longer
// than the handler ever runs. Zero or negative keeps DefaultReservationTTL.
func WithReservationTTL(d time.Duration) Option {
	return func(c *config) {
		if d > 0 {
			c.reservation = d
		}
	}
}

// WithPurgeInterval sets the least time between two opportunistic purges
// (each one bounded DELETE run by a Commit). Zero keeps
// DefaultPurgeInterval; a negative value turns them off, leaving expired
// rows to Purge.
func WithPurgeInterval(d time.Duration) Option {
	return func(c *config) {
		if d != 0 {
			c.purgeInterval = d
		}
	}
}

// WithPurgeBatch sets the most rows one purge statement deletes. Zero or
// negative keeps DefaultPurgeBatch.
func WithPurgeBatch(n int) Option {
	return func(c *config) {
		if n > 0 {
			c.purgeBatch = n
		}
	}
}

// WithPollInterval bounds the wait between two looks at an id that another
// delivery holds: it starts at min and doubles up to max, with jitter.
// Values that are not positive, or a max below min, keep the defaults.
func WithPollInterval(min, max time.Duration) Option {
	return func(c *config) {
		if min > 0 && max >= min {
			c.pollMin, c.pollMax = min, max
		}
	}
}

// WithClock sets the clock that stamps reservations and handled ids; nil
// keeps time.Now. Replicas sharing a table must have clocks that agree
// within a small part of the reservation TTL.
func WithClock(now func() time.Time) Option {
	return func(c *config) {
		if now != nil {
			c.now = now
		}
	}
}
