package ofauthsql

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver
)

// pgServer is a PostgreSQL server started for a test on 127.0.0.1, with
// its data and socket in the test's temporary directory.
type pgServer struct {
	DSN string // superuser, database postgres

	pgCtl, data string
	cred        *syscall.Credential // the postgres user's, when run by root
	log         string
	done        chan struct{} // closed when the server process exited
	stopOnce    sync.Once
}

// pgBinaries finds initdb, postgres and pg_ctl: the newest version under
// /usr/lib/postgresql, else on PATH.
func pgBinaries() (initdb, postgres, pgCtl string, err error) {
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return pgVersion(dirs[i]) > pgVersion(dirs[j]) })
	for _, dir := range dirs {
		i, p, c := filepath.Join(dir, "initdb"), filepath.Join(dir, "postgres"), filepath.Join(dir, "pg_ctl")
		if isExecutable(i) && isExecutable(p) && isExecutable(c) {
			return i, p, c, nil
		}
	}
	var paths [3]string
	for k, name := range []string{"initdb", "postgres", "pg_ctl"} {
		if paths[k], err = exec.LookPath(name); err != nil {
			return "", "", "", fmt.Errorf("PostgreSQL's %s is neither under /usr/lib/postgresql/*/bin nor on PATH (install the postgresql package, see .ci/install-postgres)", name)
		}
	}
	return paths[0], paths[1], paths[2], nil
}

func pgVersion(binDir string) float64 {
	v, _ := strconv.ParseFloat(filepath.Base(filepath.Dir(binDir)), 64)
	return v
}

func isExecutable(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && !fi.IsDir() && fi.Mode()&0o111 != 0
}

// skipOrFail skips the test, or fails it under CI=true, where every real
// server must run.
func skipOrFail(tb testing.TB, format string, args ...any) {
	tb.Helper()
	if os.Getenv("CI") == "true" {
		tb.Fatalf(format, args...)
	}
	tb.Skipf(format, args...)
}

// startPostgres starts a PostgreSQL server for tb and stops it when tb
// ends. initdb and postgres refuse to run as root, so under root they run
// as the postgres system user, in directories made theirs.
func startPostgres(tb testing.TB) *pgServer {
	tb.Helper()
	initdb, postgres, pgCtl, err := pgBinaries()
	if err != nil {
		skipOrFail(tb, "%v", err)
	}
	base := tb.TempDir()
	var cred *syscall.Credential
	if os.Geteuid() == 0 {
		cred = postgresUser(tb)
		// The test's temporary directories are private to root: let the
		// postgres user through to its own.
		for _, dir := range []string{filepath.Dir(base), base} {
			if err := os.Chmod(dir, 0o755); err != nil { //nolint:gosec // G302: the postgres user must pass through
				tb.Fatal(err)
			}
		}
		if !traversable(filepath.Dir(filepath.Dir(base))) { // a TMPDIR under a private home
			base = shortDir(tb, nil)
			if err := os.Chmod(base, 0o755); err != nil { //nolint:gosec // G302: the postgres user must pass through
				tb.Fatal(err)
			}
		}
		if err := os.Chown(base, int(cred.Uid), int(cred.Gid)); err != nil {
			tb.Fatal(err)
		}
	}
	s := &pgServer{pgCtl: pgCtl, data: filepath.Join(base, "data"), cred: cred, log: filepath.Join(base, "postgres.log"), done: make(chan struct{})}
	sockets := filepath.Join(base, "sock")
	if len(sockets) > 80 { // a socket path must fit in 107 bytes
		sockets = shortDir(tb, cred)
	} else if err := s.mkdir(sockets); err != nil {
		tb.Fatal(err)
	}
	if out, err := s.command(initdb, "-D", s.data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync").CombinedOutput(); err != nil {
		tb.Fatalf("initdb: %v\n%s", err, out)
	}
	port := freePort(tb)
	logFile, err := os.Create(s.log)
	if err != nil {
		tb.Fatal(err)
	}
	cmd := s.command(postgres, "-D", s.data, "-h", "127.0.0.1", "-p", strconv.Itoa(port), "-k", sockets,
		"-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "max_connections=200")
	cmd.Stdout, cmd.Stderr = logFile, logFile
	err = cmd.Start()
	if closeErr := logFile.Close(); closeErr != nil { // the server has its own descriptor
		tb.Logf("close postgres log: %v", closeErr)
	}
	if err != nil {
		tb.Fatalf("start postgres: %v", err)
	}
	go func() {
		_ = cmd.Wait() // its exit is seen through done
		close(s.done)
	}()
	tb.Cleanup(func() {
		s.Stop(tb)
		if err := cmd.Process.Kill(); err != nil && !errors.Is(err, os.ErrProcessDone) {
			tb.Logf("kill postgres: %v", err)
		}
		<-s.done
	})
	s.DSN = fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", port)
	s.waitReady(tb)
	return s
}

// waitReady polls until the server accepts connections.
func (s *pgServer) waitReady(tb testing.TB) {
	tb.Helper()
	db, err := sql.Open("pgx", s.DSN)
	if err != nil {
		tb.Fatal(err)
	}
	defer func() { _ = db.Close() }() // a probe: nothing was written through it
	deadline := time.Now().Add(60 * time.Second)
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		err := db.PingContext(ctx)
		cancel()
		if err == nil {
			return
		}
		select {
		case <-s.done:
			tb.Fatalf("postgres exited at start-up:\n%s", s.logTail())
		default:
		}
		if time.Now().After(deadline) {
			tb.Fatalf("postgres did not accept connections within a minute: %v\n%s", err, s.logTail())
		}
		<-tick.C
	}
}

// Stop stops the server (pg_ctl stop -m fast) and waits for it to exit;
// stopping again does nothing.
func (s *pgServer) Stop(tb testing.TB) {
	s.stopOnce.Do(func() {
		select {
		case <-s.done:
			return
		default:
		}
		if out, err := s.command(s.pgCtl, "stop", "-D", s.data, "-m", "fast", "-w", "-t", "30").CombinedOutput(); err != nil {
			tb.Logf("pg_ctl stop: %v\n%s", err, out)
		}
		select {
		case <-s.done:
		case <-time.After(30 * time.Second):
			tb.Errorf("postgres still running 30s after pg_ctl stop")
		}
	})
}

// OpenDB opens a database/sql handle to the postgres database, with
// schema first on the search path when it is not "", closed when tb ends.
func (s *pgServer) OpenDB(tb testing.TB, schema string) *sql.DB {
	tb.Helper()
	dsn := s.DSN
	if schema != "" {
		dsn += "&search_path=" + schema
	}
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = db.Close() })
	return db
}

// CreateSchema creates a fresh schema and returns its name: each test
// gets its own tables at the cost of a catalog row, not of a database.
func (s *pgServer) CreateSchema(tb testing.TB) string {
	tb.Helper()
	name := fmt.Sprintf("t%d", dbSeq.Add(1))
	admin := s.OpenDB(tb, "")
	if _, err := admin.ExecContext(context.Background(), "CREATE SCHEMA "+name); err != nil {
		tb.Fatal(err)
	}
	return name
}

func (s *pgServer) command(name string, args ...string) *exec.Cmd {
	cmd := exec.Command(name, args...) //nolint:gosec // G204: PostgreSQL's own binaries, found by pgBinaries
	cmd.Env = []string{"PATH=/usr/bin:/bin", "LC_ALL=C", "TZ=UTC"}
	cmd.Dir = filepath.Dir(s.data)
	if s.cred != nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: s.cred}
	}
	return cmd
}

func (s *pgServer) mkdir(dir string) error {
	if err := os.Mkdir(dir, 0o700); err != nil {
		return err
	}
	if s.cred != nil {
		return os.Chown(dir, int(s.cred.Uid), int(s.cred.Gid))
	}
	return nil
}

func (s *pgServer) logTail() string {
	b, err := os.ReadFile(s.log)
	if err != nil {
		return err.Error()
	}
	if len(b) > 4000 {
		b = b[len(b)-4000:]
	}
	return string(b)
}

func postgresUser(tb testing.TB) *syscall.Credential {
	tb.Helper()
	u, err := user.Lookup("postgres")
	if err != nil {
		skipOrFail(tb, "running as root, and PostgreSQL refuses root: no postgres user to run it as: %v", err)
	}
	uid, err1 := strconv.ParseUint(u.Uid, 10, 32)
	gid, err2 := strconv.ParseUint(u.Gid, 10, 32)
	if err := errors.Join(err1, err2); err != nil {
		tb.Fatalf("postgres user: %v", err)
	}
	return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid), Groups: []uint32{}}
}

// shortDir makes a directory with a short path that every user can reach,
// removed after tb.
func shortDir(tb testing.TB, cred *syscall.Credential) string {
	tb.Helper()
	root := os.TempDir()
	if !traversable(root) {
		root = "/tmp"
	}
	dir, err := os.MkdirTemp(root, "pg")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = os.RemoveAll(dir) })
	if cred != nil {
		if err := os.Chown(dir, int(cred.Uid), int(cred.Gid)); err != nil {
			tb.Fatal(err)
		}
	}
	return dir
}

// traversable reports whether every user may pass through dir and its
// parents.
func traversable(dir string) bool {
	for {
		fi, err := os.Stat(dir)
		if err != nil || fi.Mode().Perm()&0o001 == 0 {
			return false
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return true
		}
		dir = parent
	}
}

func freePort(tb testing.TB) int {
	tb.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	_ = l.Close() // only the number was wanted
	return port
}
