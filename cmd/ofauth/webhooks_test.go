package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ofauth-go/ofauth"
	"github.com/ofauth-go/ofauth/ofauthtest"
)

// receiver is an httptest server running the SDK's webhook handler,
// failing the first failFirst requests with 500.
type receiver struct {
	*httptest.Server
	mu       sync.Mutex
	requests []http.Header
	events   []*ofauth.WebhookEvent
}

func newReceiver(t *testing.T, secret string, failFirst int) *receiver {
	t.Helper()
	v, err := ofauth.NewWebhookVerifier(secret)
	if err != nil {
		t.Fatal(err)
	}
	rc := &receiver{}
	h := v.Handler(func(_ context.Context, e *ofauth.WebhookEvent) error {
		rc.mu.Lock()
		defer rc.mu.Unlock()
		rc.events = append(rc.events, e)
		return nil
	}, ofauth.WithoutDedupe())
	rc.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rc.mu.Lock()
		rc.requests = append(rc.requests, r.Header.Clone())
		n := len(rc.requests)
		rc.mu.Unlock()
		if n <= failFirst {
			http.Error(w, "handler not ready", http.StatusInternalServerError)
			return
		}
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(rc.Close)
	return rc
}

func (rc *receiver) snapshot() ([]http.Header, []*ofauth.WebhookEvent) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]http.Header(nil), rc.requests...), append([]*ofauth.WebhookEvent(nil), rc.events...)
}

func TestWebhooksSendRedelivers(t *testing.T) {
	secret := ofauthtest.NewWebhookSecret()
	for _, scheme := range []string{"svix", "ofauth", "both"} {
		t.Run(scheme, func(t *testing.T) {
			rc := newReceiver(t, secret, 1)
			r := invocation{env: map[string]string{"OFAUTH_WEBHOOK_SECRET": secret}}.run(t, "webhooks", "send",
				"--to", rc.URL+"/webhooks", "--type", "connection.created", "--scheme", scheme,
				"--data", `{"connection":{"id":"conn_1","status":"active"}}`, "--retry-wait", "1ms").want(t, exitOK)
			if !strings.Contains(r.stderr, "attempt 1: status 500") {
				t.Errorf("stderr does not report the failed attempt: %q", r.stderr)
			}
			if !strings.HasPrefix(r.stdout, "delivered msg_") || !strings.Contains(r.stdout, ": 200 after 2 attempt(s)") {
				t.Errorf("stdout %q", r.stdout)
			}
			reqs, events := rc.snapshot()
			if len(reqs) != 2 || len(events) != 1 {
				t.Fatalf("%d requests, %d verified events", len(reqs), len(events))
			}
			e := events[0]
			if e.Type != "connection.created" || string(e.Data) != `{"connection":{"id":"conn_1","status":"active"}}` || e.Live {
				t.Errorf("event %+v", e)
			}
			hasSvix, hasOFAuth := reqs[1].Get("Svix-Signature") != "", reqs[1].Get("OFAuth-Signature") != ""
			if hasSvix != (scheme != "ofauth") || hasOFAuth != (scheme != "svix") {
				t.Errorf("scheme %s sent svix %t, OFAuth-Signature %t", scheme, hasSvix, hasOFAuth)
			}
			if scheme != "ofauth" {
				if id0, id1 := reqs[0].Get("Svix-Id"), reqs[1].Get("Svix-Id"); id0 == "" || id0 != id1 || e.ID != id1 {
					t.Errorf("svix-id %q then %q, event %q: a redelivery keeps the id", id0, id1, e.ID)
				}
			}
		})
	}
}

func TestWebhooksSendGivesUp(t *testing.T) {
	secret := ofauthtest.NewWebhookSecret()
	rc := newReceiver(t, secret, 100)
	r := invocation{env: map[string]string{"OFAUTH_WEBHOOK_SECRET": secret}}.run(t, "webhooks", "send",
		"--to", rc.URL, "--type", "connection.expired", "--attempts", "3", "--retry-wait", "1ms").want(t, exitError)
	if reqs, _ := rc.snapshot(); len(reqs) != 3 {
		t.Errorf("%d attempts, want 3", len(reqs))
	}
	if !strings.Contains(r.stderr, "failed after 3 attempt(s)") || strings.Count(strings.TrimSpace(r.stderr), "\n") != 2 {
		t.Errorf("stderr %q", r.stderr)
	}
	if strings.Contains(r.stderr, secret) {
		t.Error("the secret was printed")
	}
}

func TestSenderBackoffIsBounded(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusBadGateway)
	}))
	defer srv.Close()
	var waits []time.Duration
	s := sender{to: srv.URL, client: srv.Client(), log: &strings.Builder{},
		sleep: func(_ context.Context, d time.Duration) error { waits = append(waits, d); return nil }}
	err := s.deliver(context.Background(), "whsec_c2VjcmV0c2VjcmV0", []ofauthtest.WebhookScheme{ofauthtest.WebhookSchemeAll}, "msg_1", []byte(`{}`), 6, time.Second, 5*time.Second, &strings.Builder{})
	if err == nil || !strings.Contains(err.Error(), "status 502") {
		t.Fatalf("err %v", err)
	}
	want := []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 5 * time.Second, 5 * time.Second}
	if len(waits) != len(want) {
		t.Fatalf("waits %v, want %v", waits, want)
	}
	for i := range want {
		if waits[i] != want[i] {
			t.Fatalf("waits %v, want %v", waits, want)
		}
	}
}

func TestWebhooksVerify(t *testing.T) {
	secret := ofauthtest.NewWebhookSecret()
	env := map[string]string{"OFAUTH_WEBHOOK_SECRET": secret}
	for _, scheme := range []string{"svix", "ofauth", "both"} {
		delivery := invocation{env: env}.run(t, "webhooks", "send", "--type", "connection.updated", "--scheme", scheme,
			"--data", `{"connection":{"id":"conn_9"}}`, "--dry-run").want(t, exitOK).stdout
		r := invocation{env: env, stdin: strings.NewReader(delivery)}.run(t, "webhooks", "verify").want(t, exitOK)
		if !strings.HasPrefix(r.stdout, "verified connection.updated ") {
			t.Errorf("%s: verify printed %q", scheme, r.stdout)
		}
		ev := decode[map[string]any](t, invocation{env: env, stdin: strings.NewReader(delivery)}.run(t, "webhooks", "verify", "--json").want(t, exitOK).stdout)
		if ev["type"] != "connection.updated" || mustJSON(ev["data"]) != `{"connection":{"id":"conn_9"}}` {
			t.Errorf("%s: verify --json = %v", scheme, ev)
		}

		tampered := strings.Replace(delivery, "conn_9", "conn_8", 1)
		invocation{env: env, stdin: strings.NewReader(tampered)}.run(t, "webhooks", "verify").oneLineError(t, "signature")
		other := map[string]string{"OFAUTH_WEBHOOK_SECRET": ofauthtest.NewWebhookSecret()}
		invocation{env: other, stdin: strings.NewReader(delivery)}.run(t, "webhooks", "verify").oneLineError(t, "signature")
	}

	// A whole HTTP request, signed by the fake's own signer, from a file.
	body := []byte(`{"eventType":"connection.created","live":false,"data":{}}`)
	h, err := ofauthtest.SignSvix(secret, "msg_file", time.Now(), body)
	if err != nil {
		t.Fatal(err)
	}
	req := "POST /webhooks HTTP/1.1\r\nHost: example\r\n"
	for k := range h {
		req += k + ": " + h.Get(k) + "\r\n"
	}
	req += "\r\n" + string(body)
	file := t.TempDir() + "/delivery.http"
	if err := writeFile(file, req); err != nil {
		t.Fatal(err)
	}
	r := invocation{env: env}.run(t, "webhooks", "verify", file).want(t, exitOK)
	if !strings.HasPrefix(r.stdout, "verified connection.created msg_file ") {
		t.Errorf("verify FILE printed %q", r.stdout)
	}
}

// signatureHeaders lists which signature headers h carries.
func signatureHeaders(h http.Header) []string {
	var out []string
	for _, k := range []string{"Svix-Id", "Svix-Timestamp", "Svix-Signature", "Webhook-Id", "Webhook-Timestamp", "Webhook-Signature", "Ofauth-Signature"} {
		if h.Get(k) != "" {
			out = append(out, k)
		}
	}
	return out
}

// TestWebhooksSendEnvelopes sends each envelope in several schemes to the
// SDK's handler, which must verify and decode it.
func TestWebhooksSendEnvelopes(t *testing.T) {
	secret := ofauthtest.NewWebhookSecret()
	svix := []string{"Svix-Id", "Svix-Timestamp", "Svix-Signature"}
	std := []string{"Webhook-Id", "Webhook-Timestamp", "Webhook-Signature"}
	ofa := []string{"Ofauth-Signature"}
	cases := []struct {
		envelope, scheme string
		headers          []string
	}{
		{"docs", "both", append(append([]string(nil), svix...), ofa...)},
		{"docs", "standard", std},
		{"docs", "ofauth", ofa},
		{"docs", "all", append(append(append([]string(nil), svix...), std...), ofa...)},
		{"sdk", "standard,ofauth", append(append([]string(nil), std...), ofa...)},
	}
	for _, c := range cases {
		t.Run(c.envelope+"/"+c.scheme, func(t *testing.T) {
			rc := newReceiver(t, secret, 0)
			invocation{env: map[string]string{"OFAUTH_WEBHOOK_SECRET": secret}}.run(t, "webhooks", "send",
				"--to", rc.URL, "--type", "connection.created", "--envelope", c.envelope, "--scheme", c.scheme,
				"--data", `{"clientReferenceId":"u1","connection":{"id":"conn_7","status":"active","userData":{"id":"of_7","username":"jane"}}}`).want(t, exitOK)
			reqs, events := rc.snapshot()
			if len(reqs) != 1 || len(events) != 1 {
				t.Fatalf("%d requests, %d verified events", len(reqs), len(events))
			}
			if got := signatureHeaders(reqs[0]); strings.Join(got, " ") != strings.Join(c.headers, " ") {
				t.Errorf("headers %v, want %v", got, c.headers)
			}
			e := events[0]
			var top map[string]any
			if err := json.Unmarshal(e.Raw, &top); err != nil {
				t.Fatal(err)
			}
			if c.envelope == "docs" {
				if top["type"] != "connection.created" || top["eventType"] != nil || top["live"] != nil {
					t.Errorf("not the docs' envelope: %s", e.Raw)
				}
				if ts, err := time.Parse(time.RFC3339, fmt.Sprint(top["timestamp"])); err != nil || time.Since(ts) > time.Minute {
					t.Errorf("timestamp %v: %v", top["timestamp"], err)
				}
			} else if top["eventType"] != "connection.created" || top["type"] != nil {
				t.Errorf("not the SDKs' envelope: %s", e.Raw)
			}
			ce, err := e.Connection()
			if err != nil {
				t.Fatal(err)
			}
			if e.Type != "connection.created" || ce.Connection.ID != "conn_7" || ce.Connection.UserData.ID != "of_7" || ce.ClientReferenceID != "u1" {
				t.Errorf("event %+v, connection %+v", e, ce)
			}
		})
	}
}

func TestWebhooksSendRejectsBadFormats(t *testing.T) {
	env := map[string]string{"OFAUTH_WEBHOOK_SECRET": ofauthtest.NewWebhookSecret()}
	for _, c := range []struct {
		args []string
		says string
	}{
		{[]string{"--envelope", "xml"}, "--envelope"},
		{[]string{"--scheme", "svix,hmac"}, "--scheme"},
		{[]string{"--scheme", ""}, "--scheme"},
		{[]string{"--envelope", "docs", "--live"}, "--live"},
	} {
		r := invocation{env: env}.run(t, append([]string{"webhooks", "send", "--type", "x", "--dry-run"}, c.args...)...).want(t, exitUsage)
		if !strings.Contains(r.stderr, c.says) {
			t.Errorf("%v: stderr %q does not name %s", c.args, r.stderr, c.says)
		}
	}
}
