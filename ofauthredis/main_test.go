package ofauthredis_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"testing"

	"github.com/redis/go-redis/v9"
	"go.uber.org/goleak"
)

type quietLogger struct{}

func (quietLogger) Printf(context.Context, string, ...any) {}

// TestMain starts one redis-server for the Example functions, which read
// its address from REDIS_ADDR as a service would, and fails the package
// if any goroutine outlives its tests. Tests start their own servers.
func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	// The tests stop Redis on purpose; go-redis would log every failed dial.
	redis.SetLogger(quietLogger{})
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		if os.Getenv("CI") == "true" {
			fmt.Fprintf(os.Stderr, "redis-server not found (%v); CI installs it with .ci/install-redis\n", err)
			return 1
		}
		fmt.Printf("skipping: redis-server not found (%v); install Debian's redis-server package to run these tests\n", err)
		return 0
	}
	dir, err := os.MkdirTemp("", "ofauthredis-example")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer func() { _ = os.RemoveAll(dir) }() // a temp dir: nothing to do if it stays
	srv, err := launchRedis(bin, dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, "starting redis-server:", err)
		return 1
	}
	defer srv.Stop()
	if err := os.Setenv("REDIS_ADDR", srv.Addr); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	code := m.Run()
	srv.Stop() // before looking for leaks: its process has a waiting goroutine
	if code == 0 {
		if err := goleak.Find(); err != nil {
			fmt.Fprintln(os.Stderr, "goleak:", err)
			return 1
		}
	}
	return code
}
