package ofauthtest_test

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package's tests if any goroutine outlives them: a
// server, its webhook sender or a client connection left running.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
