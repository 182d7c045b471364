package ofauthsql

import (
	"sync/atomic"
	"testing"

	"go.uber.org/goleak"
)

// dbSeq names the databases, tables and files tests create.
var dbSeq atomic.Int64

// TestMain fails the package's tests if any goroutine outlives them.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
