package main

import (
	"bufio"
	"os/exec"
	"strings"
	"syscall"
	"testing"
)

// `ofauth mock` serves the fake until SIGTERM; the CLI works against it.
func TestMock(t *testing.T) {
	cmd := exec.Command(bin, "mock", "-key", "sk_sandbox_mockkey0123456789", "-upload-part-size", "1024")
	cmd.Env = cliEnv(t, nil)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	stopped := false
	defer func() {
		if !stopped {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
		}
	}()
	env := map[string]string{}
	sc := bufio.NewScanner(stdout)
	for len(env) < 3 && sc.Scan() {
		k, v, _ := strings.Cut(sc.Text(), "=")
		env[k] = v
	}
	if env["OFAUTH_API_KEY"] != "sk_sandbox_mockkey0123456789" || !strings.HasPrefix(env["OFAUTH_BASE_URL"], "http://127.0.0.1:") ||
		!strings.HasPrefix(env["OFAUTH_WEBHOOK_SECRET"], "whsec_") {
		t.Fatalf("mock printed %v; stderr %s", env, stderr.String())
	}
	r := invocation{env: env}.run(t, "whoami").want(t, exitOK)
	if !strings.Contains(r.stdout, "Environment   sandbox") {
		t.Errorf("whoami against the mock:\n%s", r.stdout)
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	stopped = true
	if err := cmd.Wait(); err != nil {
		t.Fatalf("mock after SIGTERM: %v; stderr %s", err, stderr.String())
	}
	if !strings.Contains(stderr.String(), "ofauth mock: shutting down") {
		t.Errorf("stderr %q", stderr.String())
	}

	// Its flags are the mock's: a bad one is a usage error.
	invocation{}.run(t, "mock", "-nope").want(t, exitUsage)
}
