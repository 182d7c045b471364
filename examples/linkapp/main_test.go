package main

import (
	"context"
	"errors"
	"flag"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// TestMain fails the tests if a goroutine outlives them: the app's
// servers, the fake API's webhook sender and the browser must all stop.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

func envMap(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestLoadConfig(t *testing.T) {
	cfg, err := loadConfig(nil, envMap(nil))
	if err != nil {
		t.Fatal(err)
	}
	if !cfg.demo() || cfg.Addr != "127.0.0.1:8080" || filepath.Base(cfg.DBPath) != "linkapp-demo.db" {
		t.Fatalf("defaults: %+v", cfg)
	}

	env := envMap(map[string]string{
		"OFAUTH_API_KEY":        " key_live ",
		"OFAUTH_BASE_URL":       "https://api.example.test",
		"OFAUTH_WEBHOOK_SECRET": "whsec_c2VjcmV0",
		"OFAUTH_CLIENT_APP_ID":  "app_123",
		"LINKAPP_ADDR":          "127.0.0.1:9000",
	})
	cfg, err = loadConfig([]string{"-addr", ":8081", "-public-url", "https://tunnel.example.test", "-db", ":memory:"}, env)
	if err != nil {
		t.Fatal(err)
	}
	want := config{
		Addr: ":8081", PublicURL: "https://tunnel.example.test", DBPath: ":memory:",
		APIKey: "key_live", BaseURL: "https://api.example.test", WebhookSecret: "whsec_c2VjcmV0", ClientAppID: "app_123",
	}
	if cfg != want {
		t.Fatalf("got %+v\nwant %+v", cfg, want)
	}
	if cfg, _ := loadConfig(nil, env); cfg.Addr != "127.0.0.1:9000" || filepath.Base(cfg.DBPath) != "linkapp.db" {
		t.Fatalf("env addr and real-API db: %+v", cfg)
	}

	if _, err := loadConfig([]string{"extra"}, envMap(nil)); err == nil {
		t.Error("a stray argument was accepted")
	}
	fsErr := func() error { _, err := loadConfig([]string{"-nope"}, envMap(nil)); return err }()
	if fsErr == nil || errors.Is(fsErr, flag.ErrHelp) {
		t.Errorf("an unknown flag: %v", fsErr)
	}
}

// TestRunDemoModeServesAndShutsDown runs the command's run loop against
// its in-process fake API and stops it as a signal would.
func TestRunDemoModeServesAndShutsDown(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cfg := config{Addr: "127.0.0.1:0", DBPath: filepath.Join(t.TempDir(), "demo.db")}
	ready := make(chan string, 1)
	done := make(chan error, 1)
	go func() { done <- run(ctx, cfg, testLogger(t), func(u string) { ready <- u }) }()

	var appURL string
	select {
	case appURL = <-ready:
	case err := <-done:
		t.Fatalf("run returned early: %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("run did not start")
	}
	resp, err := http.Get(appURL + "/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "fake OFAuth API") {
		t.Fatalf("GET /: %d\n%s", resp.StatusCode, body)
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("run: %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("run did not shut down")
	}
	if resp, err := http.Get(appURL + "/"); err == nil {
		_ = resp.Body.Close()
		t.Fatal("the app still answers after shutdown")
	}
}

func TestRunFailsOnBadAddress(t *testing.T) {
	err := run(context.Background(), config{Addr: "256.0.0.1:-1", DBPath: ":memory:"}, testLogger(t), nil)
	if err == nil {
		t.Fatal("run accepted a bad address")
	}
}
