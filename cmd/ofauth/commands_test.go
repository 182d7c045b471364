package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/ofauth-go/ofauth/ofauthtest"
)

func TestWhoami(t *testing.T) {
	_, env := fake(t)
	r := invocation{env: env}.run(t, "whoami").want(t, exitOK)
	for _, want := range []string{"Organization", "Sandbox Organization", "Environment   sandbox", "subscribers:read"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("whoami output lacks %q:\n%s", want, r.stdout)
		}
	}
	j := decode[map[string]any](t, invocation{env: env}.run(t, "whoami", "--json").want(t, exitOK).stdout)
	if j["environment"] != "sandbox" || j["id"] == "" || j["permissions"] == nil {
		t.Errorf("whoami --json = %v", j)
	}
}

func TestEnvironmentFromKey(t *testing.T) {
	if got := environment("sk_sandbox_abc"); got != "sandbox" {
		t.Errorf("sandbox key: %q", got)
	}
	if got := environment("sk_abc"); got != "live" {
		t.Errorf("other key: %q", got)
	}
}

func TestConnections(t *testing.T) {
	srv, env := fake(t)
	active := srv.AddConnection("user-1")
	expired := srv.AddConnection("user-2")
	if err := srv.ExpireConnection(expired.ID); err != nil {
		t.Fatal(err)
	}
	in := invocation{env: env}

	r := in.run(t, "connections", "list").want(t, exitOK)
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[0], "ID") || !strings.Contains(lines[0], "REFERENCE") {
		t.Fatalf("list table:\n%s", r.stdout)
	}
	for _, c := range []struct{ id, status, ref string }{{active.ID, "active", "user-1"}, {expired.ID, "expired", "user-2"}} {
		if !regexp.MustCompile(c.id + `\s+` + c.status + `\s+@\S+\s+\S+\s+` + c.ref).MatchString(r.stdout) {
			t.Errorf("no row for %s %s %s in:\n%s", c.id, c.status, c.ref, r.stdout)
		}
	}

	list := decode[[]map[string]any](t, in.run(t, "connections", "list", "--status", "expired", "--json").want(t, exitOK).stdout)
	if len(list) != 1 || list[0]["id"] != expired.ID || list[0]["status"] != "expired" {
		t.Errorf("list --status expired --json = %v", list)
	}

	r = in.run(t, "connections", "get", active.ID).want(t, exitOK)
	if !strings.Contains(r.stdout, active.ID) || !strings.Contains(r.stdout, "user-1") || !strings.Contains(r.stdout, "@"+active.User.Username) {
		t.Errorf("get:\n%s", r.stdout)
	}
	got := decode[map[string]any](t, in.run(t, "connections", "get", active.ID, "--json").want(t, exitOK).stdout)
	if got["id"] != active.ID || got["clientReferenceId"] != "user-1" {
		t.Errorf("get --json = %v", got)
	}

	r = in.run(t, "connections", "invalidate", active.ID).want(t, exitOK)
	if r.stdout != "invalidated "+active.ID+"\n" {
		t.Errorf("invalidate printed %q", r.stdout)
	}
	if c, _ := srv.Connection(active.ID); c.Status != ofauthtest.StatusExpired {
		t.Errorf("after invalidate the connection is %q", c.Status)
	}

	r = in.run(t, "connections", "delete", expired.ID).want(t, exitOK)
	if r.stdout != "deleted "+expired.ID+"\n" {
		t.Errorf("delete printed %q", r.stdout)
	}
	if _, ok := srv.Connection(expired.ID); ok {
		t.Error("the connection is still there after delete")
	}
	in.run(t, "connections", "delete", expired.ID).oneLineError(t, "404", "RESOURCE_NOT_FOUND", "(request req_")
	in.run(t, "connections", "get", "conn_nope").oneLineError(t, "404", "conn_nope")
}

func TestLinkInit(t *testing.T) {
	srv, env := fake(t)
	dir := t.TempDir()
	opened := filepath.Join(dir, "opened")
	browser := filepath.Join(dir, "browser")
	// The stand-in browser records the URL it was asked to open.
	if err := os.WriteFile(browser, []byte("#!/bin/sh\nprintf '%s' \"$1\" > '"+opened+"'\n"), 0o700); err != nil {
		t.Fatal(err)
	}
	r := invocation{env: with(env, "BROWSER", browser)}.run(t, "link", "init", "--reference", "user-9", "--redirect", "https://app.example/back", "--open").want(t, exitOK)
	url := strings.TrimSpace(r.stdout)
	if !strings.HasPrefix(url, srv.URL+"/") || !strings.Contains(url, "cs_") {
		t.Fatalf("link init printed %q", r.stdout)
	}
	b, err := os.ReadFile(opened)
	if err != nil || string(b) != url {
		t.Errorf("the browser was given %q (%v), want %q", b, err, url)
	}
	redirect, connID, err := srv.CompleteLink(url)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(redirect.String(), "https://app.example/back") {
		t.Errorf("redirect %s", redirect)
	}
	c, ok := srv.Connection(connID)
	if !ok || c.ClientReferenceID != "user-9" {
		t.Fatalf("the Link flow made %+v", c)
	}

	// Reconnecting an expired connection, and the session as JSON.
	if err := srv.ExpireConnection(connID); err != nil {
		t.Fatal(err)
	}
	s := decode[map[string]any](t, invocation{env: env}.run(t, "link", "init", "--connection", connID, "--json").want(t, exitOK).stdout)
	if u, _ := s["url"].(string); !strings.HasPrefix(u, srv.URL) {
		t.Fatalf("link init --json = %v", s)
	}
	if _, again, err := srv.CompleteLink(s["url"].(string)); err != nil || again != connID {
		t.Errorf("reconnecting made %q (%v), want %q", again, err, connID)
	}
	if c, _ := srv.Connection(connID); c.Status != ofauthtest.StatusActive {
		t.Errorf("after reconnecting the connection is %q", c.Status)
	}
}

func TestCompletion(t *testing.T) {
	for shell, marker := range map[string]string{"bash": "__start_ofauth", "zsh": "#compdef ofauth", "fish": "complete -c ofauth"} {
		r := invocation{}.run(t, "completion", shell).want(t, exitOK)
		if !strings.Contains(r.stdout, marker) {
			t.Errorf("%s completion lacks %q", shell, marker)
		}
	}
	invocation{}.run(t, "completion", "tcsh").want(t, exitUsage)
	invocation{}.run(t, "connections", "bogus").want(t, exitUsage)
	invocation{}.run(t, "access", "nogroup").want(t, exitUsage)
	invocation{}.run(t, "access", "self", "nocall").want(t, exitUsage)
}

func TestHelp(t *testing.T) {
	r := invocation{}.run(t, "--help").want(t, exitOK)
	for _, cmd := range []string{"whoami", "connections", "link", "api", "access", "upload", "webhooks", "mock", "completion",
		"OFAUTH_API_KEY", "OFAUTH_BASE_URL", "OFAUTH_CONNECTION_ID", "Exit status"} {
		if !strings.Contains(r.stdout, cmd) {
			t.Errorf("--help lacks %q", cmd)
		}
	}
}

func TestUsageErrors(t *testing.T) {
	_, env := fake(t)
	for _, args := range [][]string{
		{"bogus"},
		{"whoami", "--nope"},
		{"whoami", "extra"},
		{"connections", "get"},
		{"connections", "list", "--imported", "maybe"},
		{"api", "GET"},
		{"api", "FETCH", "/v2/account/whoami"},
		{"api", "GET", "https://elsewhere.example/v2/account/whoami"},
		{"api", "GET", "/v2/account/whoami", "-q", "novalue"},
		{"api", "POST", "/v2/link/init", "-d", "{not json"},
		{"api", "POST", "/v2/account/connections", "--paginate"},
		{"access", "subscribers", "list", "--limit", "abc"},
		{"access", "subscribers", "list", "--limit", "100000"},
		{"access", "chats", "send-message", "--text", "hi", "--connection", "conn_x"},        // --user is required
		{"access", "subscribers", "list", "--limit", "5"},                                    // no connection
		{"access", "analytics", "posts-chart", "--by", "nonsense", "--connection", "conn_x"}, // not in the enum
		{"upload", "/nonexistent/file", "--connection", "conn_x"},
		{"webhooks", "send", "--to", "http://127.0.0.1:1/", "--secret", "whsec_c2VjcmV0"}, // --type is required
		{"webhooks", "send", "--type", "x", "--dry-run"},                                  // no secret
		{"webhooks", "send", "--type", "x", "--dry-run", "--secret", "s", "--scheme", "md5"},
	} {
		r := invocation{env: env}.run(t, args...)
		if r.code != exitUsage {
			t.Errorf("%v: exit %d, want 2\nstderr: %s", args, r.code, r.stderr)
			continue
		}
		if !strings.HasPrefix(r.stderr, "ofauth: ") {
			t.Errorf("%v: stderr %q does not say what is wrong", args, r.stderr)
		}
	}
	// No key at all.
	r := invocation{env: map[string]string{"OFAUTH_BASE_URL": env["OFAUTH_BASE_URL"]}}.run(t, "whoami").want(t, exitUsage)
	if !strings.Contains(r.stderr, "OFAUTH_API_KEY") {
		t.Errorf("without a key: %q", r.stderr)
	}
}
