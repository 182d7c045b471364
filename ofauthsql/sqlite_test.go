package ofauthsql

import "testing"

// TestSQLite runs the suite on two handles to one SQLite file.
func TestSQLite(t *testing.T) {
	runSuite(t, sqliteBackend())
}
