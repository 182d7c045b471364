package ofauthsql

import "testing"

// TestPostgres runs the suite on a real PostgreSQL server, each case in a
// fresh schema reached through two pools.
func TestPostgres(t *testing.T) {
	srv := startPostgres(t)
	runSuite(t, postgresBackend(srv))
	t.Run("SchemaQualifiedTable", func(t *testing.T) { testPostgresSchemaTable(t, srv) })
}
