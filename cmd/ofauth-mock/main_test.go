package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// hook is one webhook request the receiver got.
type hook struct {
	header http.Header
	body   []byte
}

// mock is a running ofauth-mock process.
type mock struct {
	cmd    *exec.Cmd
	env    map[string]string
	stderr *lockedBuffer
	exited chan error
}

// lockedBuffer collects the process's stderr for the test's log.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// buildMock compiles the command into a temporary directory.
func buildMock(t *testing.T) string {
	t.Helper()
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go command is needed to build ofauth-mock: %v", err)
	}
	bin := filepath.Join(t.TempDir(), "ofauth-mock")
	if runtime.GOOS == "windows" {
		bin += ".exe"
	}
	out, err := exec.Command(goBin, "build", "-o", bin, ".").CombinedOutput() //nolint:gosec // the go command on PATH, building this package
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// startMock runs the binary and reads the three lines it prints.
func startMock(t *testing.T, bin string, args ...string) *mock {
	t.Helper()
	cmd := exec.Command(bin, args...) //nolint:gosec // the binary this test just built
	m := &mock{cmd: cmd, env: map[string]string{}, stderr: &lockedBuffer{}, exited: make(chan error, 1)}
	m.cmd.Stderr = m.stderr
	stdout, err := m.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := m.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := make(chan string)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
		m.exited <- m.cmd.Wait() // after stdout ends, as Wait requires
	}()
	t.Cleanup(func() {
		if m.cmd.ProcessState == nil {
			_ = m.cmd.Process.Kill()
			for range lines { // drained so the reader can reach Wait
			}
			if err := <-m.exited; err != nil {
				t.Logf("ofauth-mock killed: %v", err)
			}
		}
		t.Logf("ofauth-mock stderr:\n%s", m.stderr.String())
	})
	deadline := time.After(60 * time.Second)
	for len(m.env) < 3 {
		select {
		case line, ok := <-lines:
			if !ok {
				t.Fatalf("ofauth-mock ended before printing its URL: %s", m.stderr.String())
			}
			if k, v, found := strings.Cut(line, "="); found {
				m.env[k] = v
			}
		case <-deadline:
			t.Fatal("ofauth-mock printed no URL within 60s")
		}
	}
	go func() { // the rest of stdout, so the process never blocks writing
		for range lines { // drained
		}
	}()
	return m
}

// do sends a request with plain net/http and decodes a JSON answer.
func (m *mock) do(t *testing.T, method, path string, header map[string]string, body any) (int, http.Header, map[string]any) {
	t.Helper()
	var r io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		r = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, m.env["OFAUTH_BASE_URL"]+path, r)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("apiKey", m.env["OFAUTH_API_KEY"])
	req.Header.Set("Content-Type", "application/json")
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	var out map[string]any
	_ = json.Unmarshal(raw, &out) // HTML pages and empty bodies stay nil
	return resp.StatusCode, resp.Header, out
}

func (m *mock) want(t *testing.T, status int, method, path string, header map[string]string, body any) map[string]any {
	t.Helper()
	got, _, out := m.do(t, method, path, header, body)
	if got != status {
		t.Fatalf("%s %s: status %d, want %d: %v", method, path, got, status, out)
	}
	return out
}

// nextHook waits for the next webhook, checks by hand the signatures of
// the three schemes the mock was started with (-webhook-scheme all), and
// returns the body, in the docs' envelope (-webhook-envelope docs).
func nextHook(t *testing.T, hooks <-chan hook, secret string) map[string]any {
	t.Helper()
	select {
	case h := <-hooks:
		key, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(secret, "whsec_"))
		if err != nil {
			t.Fatal(err)
		}
		for _, prefix := range []string{"svix", "webhook"} { // Standard Webhooks signs as Svix does
			mac := hmac.New(sha256.New, key)
			mac.Write([]byte(h.header.Get(prefix+"-id") + "." + h.header.Get(prefix+"-timestamp") + "."))
			mac.Write(h.body)
			if want := "v1," + base64.StdEncoding.EncodeToString(mac.Sum(nil)); h.header.Get(prefix+"-signature") != want {
				t.Fatalf("bad %s-signature %q", prefix, h.header.Get(prefix+"-signature"))
			}
		}
		// OFAuth-Signature: hex HMAC of "<t>.<body>" keyed with the secret as it is.
		ts := h.header.Get("svix-timestamp")
		mac := hmac.New(sha256.New, []byte(secret))
		mac.Write([]byte(ts + "."))
		mac.Write(h.body)
		if want := "t=" + ts + ",v1=" + hex.EncodeToString(mac.Sum(nil)); h.header.Get("OFAuth-Signature") != want {
			t.Fatalf("bad OFAuth-Signature %q", h.header.Get("OFAuth-Signature"))
		}
		var ev map[string]any
		if err := json.Unmarshal(h.body, &ev); err != nil {
			t.Fatal(err)
		}
		if _, err := time.Parse(time.RFC3339, fmt.Sprint(ev["timestamp"])); err != nil || ev["eventType"] != nil || ev["live"] != nil {
			t.Fatalf("not the docs' envelope: %s", h.body)
		}
		return ev
	case <-time.After(10 * time.Second):
		t.Fatal("no webhook within 10s")
		return nil
	}
}

func TestProcess(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the test stops the process with SIGTERM")
	}
	bin := buildMock(t)
	hooks := make(chan hook, 32)
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		hooks <- hook{header: r.Header.Clone(), body: b}
		w.WriteHeader(http.StatusNoContent)
	}))
	defer receiver.Close()

	const key = "sk_sandbox_processtest_0001"
	m := startMock(t, bin, "-addr", "127.0.0.1:0", "-key", key, "-seed", "3", "-burst", "5",
		"-webhook-url", receiver.URL, "-webhook-scheme", "all", "-webhook-envelope", "docs", "-redirect-url", "https://app.example/cb,https://app.example/other")
	if m.env["OFAUTH_API_KEY"] != key || !strings.HasPrefix(m.env["OFAUTH_WEBHOOK_SECRET"], "whsec_") ||
		!strings.HasPrefix(m.env["OFAUTH_BASE_URL"], "http://127.0.0.1:") {
		t.Fatalf("printed %v", m.env)
	}
	secret := m.env["OFAUTH_WEBHOOK_SECRET"]

	// The API, with its key checks and redirect rules.
	who := m.want(t, 200, "GET", "/v2/account/whoami", nil, nil)
	if who["id"] == nil {
		t.Fatalf("whoami: %v", who)
	}
	m.want(t, 401, "GET", "/v2/account/whoami", map[string]string{"apiKey": "sk_other"}, nil)
	m.want(t, 400, "POST", "/v2/link/init", nil, map[string]any{"redirectUrl": "https://evil.example/"})
	sess := m.want(t, 200, "POST", "/v2/link/init", nil, map[string]any{"redirectUrl": "https://app.example/cb", "clientReferenceId": "u1"})
	linkURL := sess["url"].(string)
	secretOf := linkURL[strings.LastIndex(linkURL, "/")+1:]
	page, err := http.Get(linkURL) //nolint:gosec // the hosted page URL the mock handed out
	if err != nil {
		t.Fatal(err)
	}
	page.Body.Close()
	if page.StatusCode != 200 {
		t.Fatalf("hosted page: %d", page.StatusCode)
	}

	// The admin API completes the Link; the webhook follows.
	done := m.want(t, 200, "POST", "/_ofauthtest/link/"+secretOf+"/complete", nil, nil)
	connID := done["connectionId"].(string)
	if !strings.Contains(done["redirect"].(string), "status=success") {
		t.Fatalf("complete: %v", done)
	}
	if ev := nextHook(t, hooks, secret); ev["type"] != "connection.created" {
		t.Fatalf("first event %v", ev)
	}

	conn := map[string]string{"x-connection-id": connID}
	_, h, self := m.do(t, "GET", "/v2/access/self", conn, nil)
	if self["username"] == nil || h.Get("X-RateLimit-Limit") != "5" {
		t.Fatalf("self: %v, limit %q", self, h.Get("X-RateLimit-Limit"))
	}

	// Scenario controls over HTTP.
	m.want(t, 200, "POST", "/_ofauthtest/connections/"+connID+"/revoke", nil, map[string]any{"permissions": []string{"posts:read"}})
	if ev := nextHook(t, hooks, secret); ev["type"] != "connection.updated" {
		t.Fatalf("event %v", ev)
	}
	if forbidden := m.want(t, 403, "GET", "/v2/access/posts", conn, nil); forbidden["type"] != "FORBIDDEN" {
		t.Fatalf("posts: %v", forbidden)
	}
	m.want(t, 200, "POST", "/_ofauthtest/faults", nil, map[string]any{"path": "/v2/account/whoami", "status": 503})
	m.want(t, 503, "GET", "/v2/account/whoami", nil, nil)
	m.want(t, 200, "GET", "/v2/account/whoami", nil, nil)

	m.want(t, 200, "POST", "/_ofauthtest/events", nil, map[string]any{"type": "rules.updated", "data": map[string]any{"revision": "r9"}})
	if ev := nextHook(t, hooks, secret); ev["type"] != "rules.updated" || ev["data"].(map[string]any)["revision"] != "r9" {
		t.Fatalf("event %v", ev)
	}

	sess = m.want(t, 200, "POST", "/v2/link/init", nil, map[string]any{"clientReferenceId": "u2"})
	linkURL = sess["url"].(string)
	failed := m.want(t, 200, "POST", "/_ofauthtest/link/"+linkURL[strings.LastIndex(linkURL, "/")+1:]+"/fail", nil,
		map[string]any{"errorCode": "account_locked", "step": "login"})
	redirect, err := url.Parse(failed["redirect"].(string))
	if err != nil {
		t.Fatal(err)
	}
	if q := redirect.Query(); redirect.Host != "app.example" || q.Get("status") != "error" || q.Get("error_code") != "account_locked" || q.Get("client_reference_id") != "u2" {
		t.Fatalf("fail redirect %v", redirect)
	}

	m.want(t, 200, "POST", "/_ofauthtest/connections/"+connID+"/expire", nil, nil)
	if expired := m.want(t, 401, "GET", "/v2/access/self", conn, nil); expired["type"] != "SESSION_EXPIRED" {
		t.Fatalf("after expiry: %v", expired)
	}
	if ev := nextHook(t, hooks, secret); ev["type"] != "connection.expired" {
		t.Fatalf("event %v", ev)
	}

	// What the server saw.
	logged := m.want(t, 200, "GET", "/_ofauthtest/requests", nil, nil)["requests"].([]any)
	var initBody string
	for _, r := range logged {
		r := r.(map[string]any)
		if r["path"] == "/v2/link/init" && r["status"] == float64(200) && initBody == "" {
			initBody, _ = r["body"].(string)
			if r["headers"].(map[string]any)["Apikey"].([]any)[0] == key {
				t.Fatal("the request log shows the API key")
			}
		}
	}
	if !strings.Contains(initBody, `"clientReferenceId":"u1"`) {
		t.Fatalf("logged link/init body %q", initBody)
	}
	ds := m.want(t, 200, "GET", "/_ofauthtest/deliveries", nil, nil)["deliveries"].([]any)
	if len(ds) != 4 {
		t.Fatalf("%d deliveries, want 4", len(ds))
	}
	for _, d := range ds {
		if env := d.(map[string]any)["envelope"]; env != "docs" {
			t.Fatalf("delivery listed with envelope %v, want docs (-webhook-envelope docs)", env)
		}
	}

	// SIGTERM ends it cleanly.
	if err := m.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-m.exited:
		if err != nil {
			t.Fatalf("exit after SIGTERM: %v", err)
		}
		if code := m.cmd.ProcessState.ExitCode(); code != 0 {
			t.Fatalf("exit code %d", code)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("ofauth-mock did not stop within 15s of SIGTERM")
	}
	if !strings.Contains(m.stderr.String(), "webhooks signed all, docs envelope") || !strings.Contains(m.stderr.String(), "shutting down") {
		t.Errorf("stderr: %s", m.stderr.String())
	}
}

func TestRunRejectsBadFlags(t *testing.T) {
	for _, args := range [][]string{
		{"-nope"},
		{"-rate", "-1"},
		{"-webhook-attempts", "0"},
		{"extra"},
	} {
		var stderr bytes.Buffer
		if code := run(context.Background(), args, io.Discard, &stderr); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
		if stderr.Len() == 0 {
			t.Errorf("%v: nothing said on stderr", args)
		}
	}
	if code := run(context.Background(), []string{"-h"}, io.Discard, io.Discard); code != 0 {
		t.Errorf("-h: exit %d, want 0", code)
	}
	var stderr bytes.Buffer
	if code := run(context.Background(), []string{"-addr", "127.0.0.1:notaport"}, io.Discard, &stderr); code != 1 {
		t.Errorf("bad address: exit %d, want 1", code)
	}
}

// TestRunInProcess serves until its context ends, with the flags applied.
func TestRunInProcess(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	exit := make(chan int, 1)
	go func() {
		exit <- run(ctx, []string{"-rate", "0", "-public-url", "http://mock.internal:9000",
			"-webhook-secret", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"}, pw, io.Discard)
		_ = pw.Close()
	}()
	env := map[string]string{}
	sc := bufio.NewScanner(pr)
	for len(env) < 3 && sc.Scan() {
		k, v, _ := strings.Cut(sc.Text(), "=")
		env[k] = v
	}
	go func() { _, _ = io.Copy(io.Discard, pr) }()
	if env["OFAUTH_WEBHOOK_SECRET"] != "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw" {
		t.Errorf("printed %v", env)
	}
	req, err := http.NewRequest("POST", env["OFAUTH_BASE_URL"]+"/v2/link/init", strings.NewReader(`{}`))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("apiKey", env["OFAUTH_API_KEY"])
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var sess struct{ URL string }
	_ = json.NewDecoder(resp.Body).Decode(&sess)
	resp.Body.Close()
	http.DefaultClient.CloseIdleConnections()
	if !strings.HasPrefix(sess.URL, "http://mock.internal:9000/link/cs_") {
		t.Errorf("link URL %q", sess.URL)
	}
	cancel()
	select {
	case code := <-exit:
		if code != 0 {
			t.Fatalf("exit %d", code)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("run did not return after its context ended")
	}
}
