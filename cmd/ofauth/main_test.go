package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ofauth-go/ofauth/ofauthtest"
	"go.uber.org/goleak"
)

// bin is the ofauth binary built once for every test.
var bin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "ofauth-cli-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	bin = filepath.Join(dir, "ofauth")
	build := exec.Command("go", "build", "-o", bin, ".") // #nosec G204 -- the test's own temp dir
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building ofauth:", err)
		_ = os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	_ = os.RemoveAll(dir)
	if code == 0 {
		if err := goleak.Find(); err != nil {
			fmt.Fprintln(os.Stderr, "goleak:", err)
			code = 1
		}
	}
	os.Exit(code)
}

// result is one run of the binary.
type result struct {
	stdout, stderr string
	code           int
}

// invocation describes one run: its environment and standard input.
type invocation struct {
	env   map[string]string
	stdin io.Reader
}

// cliEnv is the environment of a run: PATH and HOME only, so that no
// OFAUTH_ variable of the machine running the tests leaks in.
func cliEnv(t *testing.T, extra map[string]string) []string {
	env := []string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir()}
	for k, v := range extra {
		env = append(env, k+"="+v)
	}
	return env
}

func (in invocation) run(t *testing.T, args ...string) result {
	t.Helper()
	cmd := exec.Command(bin, args...) // #nosec G204 -- the binary under test
	cmd.Env = cliEnv(t, in.env)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.Stdin = in.stdin
	err := cmd.Run()
	code := 0
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		code = exit.ExitCode()
	case err != nil:
		t.Fatalf("running ofauth %v: %v", args, err)
	}
	return result{stdout: stdout.String(), stderr: stderr.String(), code: code}
}

// fake starts the fake API and returns it with an environment pointing
// the CLI at it.
func fake(t *testing.T, opts ...ofauthtest.ServerOption) (*ofauthtest.Server, map[string]string) {
	t.Helper()
	srv := ofauthtest.NewServer(append([]ofauthtest.ServerOption{ofauthtest.WithRateLimit(0, 0)}, opts...)...)
	t.Cleanup(srv.Close)
	return srv, map[string]string{"OFAUTH_API_KEY": srv.APIKey, "OFAUTH_BASE_URL": srv.URL}
}

// with returns env plus more variables.
func with(env map[string]string, kv ...string) map[string]string {
	out := make(map[string]string, len(env)+len(kv)/2)
	for k, v := range env {
		out[k] = v
	}
	for i := 0; i+1 < len(kv); i += 2 {
		out[kv[i]] = kv[i+1]
	}
	return out
}

func (r result) want(t *testing.T, code int) result {
	t.Helper()
	if r.code != code {
		t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", r.code, code, r.stdout, r.stderr)
	}
	return r
}

// oneLineError checks the one-line error of an API failure.
func (r result) oneLineError(t *testing.T, parts ...string) {
	t.Helper()
	r.want(t, exitError)
	line := strings.TrimSuffix(r.stderr, "\n")
	if strings.Contains(line, "\n") {
		t.Errorf("the error takes more than one line: %q", r.stderr)
	}
	if !strings.HasPrefix(line, "ofauth: ") {
		t.Errorf("error %q does not start with \"ofauth: \"", line)
	}
	for _, p := range parts {
		if !strings.Contains(line, p) {
			t.Errorf("error %q lacks %q", line, p)
		}
	}
}

func decode[T any](t *testing.T, s string) T {
	t.Helper()
	var v T
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatalf("decoding %q: %v", s, err)
	}
	return v
}

func writeFile(name, s string) error { return os.WriteFile(name, []byte(s), 0o600) }
