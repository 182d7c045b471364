package ofauthredis_test

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// redisServer is a real redis-server started for one test, on loopback
// with a random port and its files in a temporary directory.
type redisServer struct {
	Addr string

	cmd      *exec.Cmd
	stopOnce sync.Once
	exited   chan struct{}
}

// redisBinary finds redis-server. Without it a test skips, saying why,
// except under CI=true, where Redis is installed by .ci/install-redis and
// its absence is a failure.
func redisBinary(tb testing.TB) string {
	tb.Helper()
	path, err := exec.LookPath("redis-server")
	if err != nil {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("redis-server not found (%v); CI installs it with .ci/install-redis", err)
		}
		tb.Skipf("redis-server not found (%v); install Debian's redis-server package to run this test", err)
	}
	return path
}

// startRedis starts redis-server and stops it when the test ends.
func startRedis(tb testing.TB) *redisServer {
	tb.Helper()
	bin := redisBinary(tb)
	var lastErr error
	for try := 0; try < 3; try++ { // another process may take the free port first
		s, err := launchRedis(bin, tb.TempDir())
		if err == nil {
			tb.Cleanup(s.Stop)
			return s
		}
		lastErr = err
	}
	tb.Fatalf("starting redis-server: %v", lastErr)
	return nil
}

func launchRedis(bin, dir string) (*redisServer, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	s := &redisServer{Addr: net.JoinHostPort("127.0.0.1", strconv.Itoa(port)), exited: make(chan struct{})}
	s.cmd = exec.Command(bin, // #nosec G204 -- the test's own binary and arguments
		"--bind", "127.0.0.1", "--port", strconv.Itoa(port), "--dir", dir,
		"--save", "", "--appendonly", "no", "--protected-mode", "yes", "--loglevel", "warning")
	dieWithParent(s.cmd)
	logFile, err := os.Create(dir + "/redis.log")
	if err != nil {
		return nil, err
	}
	defer func() { _ = logFile.Close() }() // the child holds its own descriptor
	s.cmd.Stdout, s.cmd.Stderr = logFile, logFile
	if err := s.cmd.Start(); err != nil {
		return nil, err
	}
	go func() {
		_ = s.cmd.Wait()
		close(s.exited)
	}()
	if err := s.waitReady(10 * time.Second); err != nil {
		s.Stop()
		log, _ := os.ReadFile(dir + "/redis.log")
		return nil, fmt.Errorf("%w; log:\n%s", err, log)
	}
	return s, nil
}

// waitReady polls PING until it answers or the deadline passes.
func (s *redisServer) waitReady(limit time.Duration) error {
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	rdb := redis.NewClient(&redis.Options{Addr: s.Addr, MaxRetries: -1, DialTimeout: time.Second})
	defer func() { _ = rdb.Close() }() // the probe client only
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for {
		err := rdb.Ping(ctx).Err()
		if err == nil {
			return nil
		}
		select {
		case <-s.exited:
			return fmt.Errorf("redis-server exited: %w", err)
		case <-ctx.Done():
			return fmt.Errorf("redis-server did not answer PING within %v: %w", limit, err)
		case <-tick.C:
		}
	}
}

// Stop ends the server and waits for it to exit; it may be called again.
func (s *redisServer) Stop() {
	s.stopOnce.Do(func() {
		_ = s.cmd.Process.Signal(os.Interrupt)
		select {
		case <-s.exited:
		case <-time.After(10 * time.Second):
			_ = s.cmd.Process.Kill()
			<-s.exited
		}
	})
}

// Client returns a client for the server, closed when the test ends. Its
// timeouts are short so that a stopped server fails calls quickly.
func (s *redisServer) Client(tb testing.TB) *redis.Client {
	tb.Helper()
	rdb := redis.NewClient(&redis.Options{
		Addr:         s.Addr,
		DialTimeout:  500 * time.Millisecond,
		ReadTimeout:  500 * time.Millisecond,
		WriteTimeout: 500 * time.Millisecond,
		MaxRetries:   -1,
		// A stopped server should fail a call at once, not after redials.
		DialerRetries: 1,
	})
	tb.Cleanup(func() { _ = rdb.Close() })
	return rdb
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	port := l.Addr().(*net.TCPAddr).Port
	return port, l.Close()
}
