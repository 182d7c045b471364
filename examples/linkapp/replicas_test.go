package main

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strconv"
	"testing"
	"time"

	"github.com/ofauth-go/ofauth"
	"github.com/ofauth-go/ofauth/ofauthtest"
	"github.com/redis/go-redis/v9"
)

// startRedis starts Debian's redis-server on loopback for the test and
// returns its URL. Without the binary the test skips, except under
// CI=true, where it fails.
func startRedis(t *testing.T) string {
	t.Helper()
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("redis-server not found (%v); CI installs it with .ci/install-redis", err)
		}
		t.Skipf("redis-server not found (%v); install Debian's redis-server package to run this test", err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := strconv.Itoa(l.Addr().(*net.TCPAddr).Port)
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, //nolint:gosec // G204: the redis-server found on PATH, with fixed arguments
		"--bind", "127.0.0.1", "--port", port, "--dir", t.TempDir(),
		"--save", "", "--appendonly", "no", "--loglevel", "warning")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		_ = cmd.Process.Signal(os.Interrupt)
		<-exited
	})
	url := "redis://127.0.0.1:" + port
	opts, _ := redis.ParseURL(url)
	rdb := redis.NewClient(opts)
	defer func() { _ = rdb.Close() }() // the probe client only
	deadline := time.Now().Add(10 * time.Second)
	for rdb.Ping(context.Background()).Err() != nil {
		if time.Now().After(deadline) {
			t.Fatal("redis-server did not answer PING")
		}
		select {
		case <-exited:
			t.Fatal("redis-server exited")
		case <-time.After(10 * time.Millisecond): // polling a condition, with a deadline
		}
	}
	return url
}

func TestLoadConfigRedis(t *testing.T) {
	cfg, err := loadConfig(nil, envMap(map[string]string{"OFAUTH_REDIS_URL": "redis://10.0.0.1:6379/2"}))
	if err != nil || cfg.RedisURL != "redis://10.0.0.1:6379/2" {
		t.Fatalf("env: %q, %v", cfg.RedisURL, err)
	}
	cfg, err = loadConfig([]string{"-redis", "redis://127.0.0.1:6380"}, envMap(nil))
	if err != nil || cfg.RedisURL != "redis://127.0.0.1:6380" {
		t.Fatalf("flag: %q, %v", cfg.RedisURL, err)
	}
}

func TestOpenSharedErrors(t *testing.T) {
	ctx := context.Background()
	if _, err := openShared(ctx, "http://not-redis", testLogger(t)); err == nil {
		t.Error("a non-redis URL was accepted")
	}
	short, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	if _, err := openShared(short, "redis://127.0.0.1:1", testLogger(t)); err == nil {
		t.Error("an unreachable redis was accepted")
	}
	s, err := openShared(ctx, "", testLogger(t))
	if err != nil || s.clientOptions(testLogger(t)) != nil || s.webhookOptions(testLogger(t)) != nil || s.Close() != nil {
		t.Fatalf("without redis: %v", err)
	}
}

// TestReplicasShareWebhookDedupe: two app replicas on one Redis process a
// webhook delivered to both only once.
func TestReplicasShareWebhookDedupe(t *testing.T) {
	url := startRedis(t)
	ctx := context.Background()
	secret := ofauthtest.NewWebhookSecret()
	v, err := ofauth.NewWebhookVerifier(secret)
	if err != nil {
		t.Fatal(err)
	}
	var stores []*sqliteStore
	var apps []*app
	for i := 0; i < 2; i++ {
		shared, err := openShared(ctx, url, testLogger(t))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			if err := shared.Close(); err != nil {
				t.Error(err)
			}
		})
		client, err := ofauth.NewClient("sk_test_replica", shared.clientOptions(testLogger(t))...)
		if err != nil {
			t.Fatal(err)
		}
		store, err := openStore(ctx, ":memory:")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			if err := store.Close(); err != nil {
				t.Error(err)
			}
		})
		a, err := newApp(appConfig{Client: client, Verifier: v, Store: store, PublicURL: "http://127.0.0.1:8080",
			Logger: testLogger(t), WebhookOptions: shared.webhookOptions(testLogger(t))})
		if err != nil {
			t.Fatal(err)
		}
		stores, apps = append(stores, store), append(apps, a)
	}
	body := []byte(`{"type":"connection.created","data":{"clientReferenceId":"ref_1","connection":{"id":"conn_r","status":"active"}}}`)
	for i, a := range apps {
		r, err := ofauthtest.NewSignedRequest(secret, "msg_replicated", time.Now(), body)
		if err != nil {
			t.Fatal(err)
		}
		r.URL.Path = "/webhooks/ofauth"
		w := httptest.NewRecorder()
		a.ServeHTTP(w, r)
		if w.Code != http.StatusOK {
			t.Fatalf("replica %d: %d %s", i, w.Code, w.Body)
		}
	}
	var processed int
	for _, s := range stores {
		events, err := s.RecentEvents(ctx, 10)
		if err != nil {
			t.Fatal(err)
		}
		processed += len(events)
	}
	if processed != 1 {
		t.Fatalf("the event was processed %d times across replicas, want once", processed)
	}
}
