package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/ofauth-go/ofauth"
	"github.com/ofauth-go/ofauth/ofauthtest"
)

// harness is the app served on loopback against a fake OFAuth API whose
// webhooks go to the app, and a browser-like HTTP client (cookies kept,
// redirects not followed so tests can check them).
type harness struct {
	t       *testing.T
	fake    *ofauthtest.Server
	store   *sqliteStore
	app     *app
	url     string
	browser *http.Client
}

type harnessConfig struct {
	webhooks bool         // point the fake's webhooks at the app
	store    func() Store // replaces the SQLite store the handlers use
	noVerify bool         // start the app without a webhook verifier
	fakeOpts []ofauthtest.ServerOption
}

type harnessOption func(*harnessConfig)

// withoutWebhookDelivery keeps the fake's events queued, so the store only
// changes through the handlers under test.
func withoutWebhookDelivery() harnessOption { return func(c *harnessConfig) { c.webhooks = false } }

// withStore makes the handlers use s.
func withStore(s Store) harnessOption {
	return func(c *harnessConfig) { c.store = func() Store { return s } }
}

// withoutVerifier starts the app with webhooks turned off.
func withoutVerifier() harnessOption { return func(c *harnessConfig) { c.noVerify = true } }

func newHarness(t *testing.T, opts ...harnessOption) *harness {
	t.Helper()
	hc := harnessConfig{webhooks: true}
	for _, o := range opts {
		o(&hc)
	}
	// The listener exists before the server starts, so the fake can be
	// told where the app's webhook endpoint is.
	ts := httptest.NewUnstartedServer(nil)
	appURL := "http://" + ts.Listener.Addr().String()
	fakeOpts := hc.fakeOpts
	if hc.webhooks {
		fakeOpts = append(fakeOpts, ofauthtest.WithWebhookURL(appURL+"/webhooks/ofauth"))
	}
	fake := ofauthtest.NewServer(fakeOpts...)

	m, err := newMetrics()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = m.Shutdown(context.Background()) })
	client, err := ofauth.NewClient(fake.APIKey, ofauth.WithBaseURL(fake.URL),
		ofauth.WithMaxRetries(2), ofauth.WithRetryWait(time.Millisecond, 20*time.Millisecond), m.clientOption())
	if err != nil {
		t.Fatal(err)
	}
	var verifier *ofauth.WebhookVerifier
	if !hc.noVerify {
		if verifier, err = ofauth.NewWebhookVerifier(fake.WebhookSecret); err != nil {
			t.Fatal(err)
		}
	}
	store := newTestStore(t)
	var handlerStore Store = store
	if hc.store != nil {
		handlerStore = hc.store()
	}
	a, err := newApp(appConfig{
		Client: client, Verifier: verifier, Store: handlerStore,
		PublicURL: appURL, Mode: "test", Logger: testLogger(t), Metrics: m,
	})
	if err != nil {
		t.Fatal(err)
	}
	ts.Config.Handler = a
	ts.Start()
	// Cleanups run last-in first-out: stop the fake (and its deliveries)
	// before the app it delivers to.
	t.Cleanup(ts.Close)
	t.Cleanup(fake.Close)

	jar, _ := cookiejar.New(nil)
	browser := &http.Client{
		Jar:     jar,
		Timeout: 20 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
	return &harness{t: t, fake: fake, store: store, app: a, url: appURL, browser: browser}
}

// response is a read response.
type response struct {
	status int
	header http.Header
	body   string
}

func (h *harness) do(method, target string, body io.Reader) response {
	h.t.Helper()
	if strings.HasPrefix(target, "/") {
		target = h.url + target
	}
	req, err := http.NewRequest(method, target, body)
	if err != nil {
		h.t.Fatal(err)
	}
	resp, err := h.browser.Do(req)
	if err != nil {
		h.t.Fatalf("%s %s: %v", method, target, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		h.t.Fatal(err)
	}
	return response{status: resp.StatusCode, header: resp.Header, body: string(b)}
}

func (h *harness) get(target string) response  { return h.do(http.MethodGet, target, nil) }
func (h *harness) post(target string) response { return h.do(http.MethodPost, target, nil) }

// ref returns the client reference id the browser holds.
func (h *harness) ref() string {
	u, _ := url.Parse(h.url)
	for _, c := range h.browser.Jar.Cookies(u) {
		if c.Name == refCookie {
			return c.Value
		}
	}
	return ""
}

// connect walks the Link flow as a browser would, without the hosted page:
// POST /connect, complete the session at the fake, follow the redirect to
// /callback. It returns the new connection id.
func (h *harness) connect() string {
	h.t.Helper()
	h.get("/") // the first visit issues the reference cookie
	resp := h.post("/connect")
	if resp.status != http.StatusSeeOther {
		h.t.Fatalf("POST /connect: status %d, body %s", resp.status, resp.body)
	}
	return h.completeLink(resp.header.Get("Location"))
}

// completeLink finishes the Link session at linkURL and loads the callback.
func (h *harness) completeLink(linkURL string) string {
	h.t.Helper()
	redirect, connID, err := h.fake.CompleteLink(linkURL)
	if err != nil {
		h.t.Fatalf("CompleteLink(%s): %v", linkURL, err)
	}
	if !strings.HasPrefix(redirect.String(), h.url+"/callback?") {
		h.t.Fatalf("Link redirects to %s, want the app's /callback", redirect)
	}
	if cb := h.get(redirect.String()); cb.status != http.StatusOK || !strings.Contains(cb.body, "Account connected") {
		h.t.Fatalf("callback: status %d, body %s", cb.status, cb.body)
	}
	return connID
}

// waitFor polls cond until it holds, as webhooks arrive asynchronously;
// describe explains the last state when it never does.
func (h *harness) waitFor(cond func() bool, describe func() string) {
	h.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			h.t.Fatal(describe())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// waitForStatus waits until the stored connection has the status.
func (h *harness) waitForStatus(id string, want ofauth.ConnectionStatus) Connection {
	h.t.Helper()
	var (
		c   Connection
		err error
	)
	h.waitFor(func() bool {
		c, err = h.store.Get(context.Background(), id)
		return err == nil && c.Status == want
	}, func() string {
		return fmt.Sprintf("connection %s: status %q (err %v), want %q", id, c.Status, err, want)
	})
	return c
}

// waitForEvent waits until the webhook log has an event of the type for
// the connection: it is written just after the connection itself.
func (h *harness) waitForEvent(typ, connID string) {
	h.t.Helper()
	h.waitFor(func() bool {
		events, _ := h.store.RecentEvents(context.Background(), 50)
		for _, e := range events {
			if e.Type == typ && e.ConnectionID == connID {
				return true
			}
		}
		return false
	}, func() string { return fmt.Sprintf("no %s event for %s", typ, connID) })
}

// testLogger logs into the test's output, shown on failure or with -v.
func testLogger(t *testing.T) *slog.Logger {
	return slog.New(slog.NewTextHandler(t.Output(), nil))
}

func assertContains(t *testing.T, body string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(body, w) {
			t.Errorf("page lacks %q:\n%s", w, body)
		}
	}
}

func TestIndexIssuesReferenceCookie(t *testing.T) {
	h := newHarness(t)
	resp := h.get("/")
	if resp.status != http.StatusOK {
		t.Fatalf("status %d", resp.status)
	}
	assertContains(t, resp.body, "Connect OnlyFans", "No connections yet", "No webhook received yet")
	ref := h.ref()
	if !strings.HasPrefix(ref, "user_") {
		t.Fatalf("reference cookie %q", ref)
	}
	h.get("/")
	if h.ref() != ref {
		t.Fatal("the reference id changed on the second visit")
	}
	// A cookie the app did not issue is replaced.
	u, _ := url.Parse(h.url)
	h.browser.Jar.SetCookies(u, []*http.Cookie{{Name: refCookie, Value: "user_<b>", Path: "/"}})
	h.get("/")
	if got := h.ref(); got == "user_<b>" || !validRef(got) {
		t.Fatalf("a crafted reference cookie was kept: %q", got)
	}
	if resp := h.get("/nope"); resp.status != http.StatusNotFound {
		t.Fatalf("GET /nope: status %d", resp.status)
	}
}

func TestConnectRedirectsToHostedLink(t *testing.T) {
	h := newHarness(t)
	h.get("/")
	resp := h.post("/connect")
	if resp.status != http.StatusSeeOther {
		t.Fatalf("status %d, body %s", resp.status, resp.body)
	}
	loc := resp.header.Get("Location")
	if !strings.HasPrefix(loc, h.fake.URL+"/link/cs_") {
		t.Fatalf("Location %q, want the fake's hosted Link page", loc)
	}
	// The session carries the app's callback and this browser's reference.
	redirect, connID, err := h.fake.CompleteLink(loc)
	if err != nil {
		t.Fatal(err)
	}
	q := redirect.Query()
	if redirect.Path != "/callback" || q.Get("status") != "success" || q.Get("connection_id") != connID || q.Get("client_reference_id") != h.ref() {
		t.Fatalf("redirect %s: want /callback with success, %s and %s", redirect, connID, h.ref())
	}
	if got := h.get("/connect"); got.status != http.StatusMethodNotAllowed {
		t.Fatalf("GET /connect: status %d, want 405", got.status)
	}
}

func TestLinkFlowWebhookAccessAndList(t *testing.T) {
	h := newHarness(t)
	id := h.connect()

	c := h.waitForStatus(id, ofauth.ConnectionActive)
	h.waitForEvent(ofauth.EventConnectionCreated, id)
	if c.Username == "" || c.ClientReferenceID != h.ref() {
		t.Fatalf("stored %+v: want the webhook's username and this browser's reference", c)
	}
	list := h.get("/")
	assertContains(t, list.body, id, "@"+c.Username, `href="/connections/`+id+`"`, "connection.created")

	detail := h.get("/connections/" + id)
	if detail.status != http.StatusOK {
		t.Fatalf("detail: status %d, body %s", detail.status, detail.body)
	}
	assertContains(t, detail.body, `id="profile"`, "@"+c.Username, `id="subscribers"`)
	if strings.Contains(detail.body, "Reconnect") {
		t.Fatal("an active connection offers Reconnect")
	}
}

func TestCallbackRecordsPendingUntilWebhook(t *testing.T) {
	h := newHarness(t, withoutWebhookDelivery())
	id := h.connect()
	c, err := h.store.Get(context.Background(), id)
	if err != nil || c.Status != statusPending || c.ClientReferenceID != h.ref() {
		t.Fatalf("after the callback: %+v, %v; want pending with the reference id", c, err)
	}
	assertContains(t, h.get("/").body, "pending", "waiting for the webhook")

	// A working Access call proves the connection and fills the profile.
	detail := h.get("/connections/" + id)
	if detail.status != http.StatusOK {
		t.Fatalf("detail: status %d", detail.status)
	}
	if c := h.waitForStatus(id, ofauth.ConnectionActive); c.Username == "" {
		t.Fatalf("profile not stored: %+v", c)
	}
}

func TestCallbackOutcomes(t *testing.T) {
	h := newHarness(t, withoutWebhookDelivery())
	h.get("/")
	ref := url.QueryEscape(h.ref())
	tests := []struct {
		name   string
		query  string
		status int
		want   []string
		stored string // a connection id that must be stored as pending
	}{
		{"success", "status=success&connection_id=conn_ok&client_reference_id=" + ref, 200, []string{"Account connected", "conn_ok"}, "conn_ok"},
		{"another browser's flow", "status=success&connection_id=conn_other&client_reference_id=user_someoneelse", 200, []string{"another browser session"}, ""},
		{"cancelled", "status=cancelled&step=2fa&client_reference_id=" + ref, 200, []string{"Link cancelled", "2fa"}, ""},
		{"error", "status=error&error_code=account_locked", 200, []string{"Link failed", "account_locked"}, ""},
		{"missing status", "connection_id=conn_x", 400, []string{"Unexpected Link redirect"}, ""},
		{"success without id", "status=success", 400, []string{"Unexpected Link redirect"}, ""},
		{"escaped", "status=error&error_code=%3Cscript%3Ealert(1)%3C/script%3E", 200, []string{"&lt;script&gt;"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := h.get("/callback?" + tt.query)
			if resp.status != tt.status {
				t.Fatalf("status %d, want %d; body %s", resp.status, tt.status, resp.body)
			}
			assertContains(t, resp.body, tt.want...)
			if strings.Contains(resp.body, "<script>") {
				t.Fatal("query text rendered unescaped")
			}
			if tt.stored != "" {
				if c, err := h.store.Get(context.Background(), tt.stored); err != nil || c.Status != statusPending {
					t.Fatalf("stored %+v, %v", c, err)
				}
			}
		})
	}
	if _, err := h.store.Get(context.Background(), "conn_other"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("another browser's connection was stored: %v", err)
	}
}

// postWebhook sends a signed delivery of an event in the docs' envelope.
func (h *harness) postWebhook(id, typ string, data any) response {
	h.t.Helper()
	body, err := json.Marshal(map[string]any{"type": typ, "timestamp": time.Now().UTC().Format(time.RFC3339), "data": data})
	if err != nil {
		h.t.Fatal(err)
	}
	hdr, err := ofauthtest.SignSvix(h.fake.WebhookSecret, id, time.Now(), body)
	if err != nil {
		h.t.Fatal(err)
	}
	req, _ := http.NewRequest(http.MethodPost, h.url+"/webhooks/ofauth", strings.NewReader(string(body)))
	req.Header = hdr
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return response{status: resp.StatusCode, header: resp.Header, body: string(b)}
}

func connectionData(id, status, username, name, ref string) map[string]any {
	conn := map[string]any{"id": id, "status": status}
	if username != "" {
		conn["userData"] = map[string]any{"id": "of_1", "username": username, "name": name}
	}
	return map[string]any{"clientReferenceId": ref, "connection": conn}
}

func TestWebhookProcessing(t *testing.T) {
	h := newHarness(t, withoutWebhookDelivery())
	ctx := context.Background()
	steps := []struct {
		id, typ string
		data    any
		check   func(t *testing.T)
	}{
		{"msg_1", ofauth.EventConnectionCreated, connectionData("conn_w", "active", "janedoe", "Jane Doe", "user_9"), func(t *testing.T) {
			c, err := h.store.Get(ctx, "conn_w")
			if err != nil || c.Status != ofauth.ConnectionActive || c.Username != "janedoe" || c.Name != "Jane Doe" || c.ClientReferenceID != "user_9" {
				t.Fatalf("after created: %+v, %v", c, err)
			}
		}},
		{"msg_2", ofauth.EventConnectionUpdated, connectionData("conn_w", "active", "janedoe", "Jane D.", ""), func(t *testing.T) {
			if c, _ := h.store.Get(ctx, "conn_w"); c.Name != "Jane D." || c.ClientReferenceID != "user_9" {
				t.Fatalf("after updated: %+v", c)
			}
		}},
		{"msg_3", ofauth.EventConnectionExpired, connectionData("conn_w", "expired", "", "", ""), func(t *testing.T) {
			if c, _ := h.store.Get(ctx, "conn_w"); c.Status != ofauth.ConnectionExpired || c.Username != "janedoe" {
				t.Fatalf("after expired: %+v", c)
			}
		}},
		{"msg_4", ofauth.EventRulesUpdated, map[string]any{"revision": "r2"}, func(t *testing.T) {
			if c, _ := h.store.Get(ctx, "conn_w"); c.Status != ofauth.ConnectionExpired {
				t.Fatalf("rules.updated changed a connection: %+v", c)
			}
		}},
		{"msg_5", ofauth.EventConnectionDisconnected, connectionData("conn_w", "expired", "", "", ""), func(t *testing.T) {
			if _, err := h.store.Get(ctx, "conn_w"); !errors.Is(err, ErrNotFound) {
				t.Fatalf("after disconnected: %v", err)
			}
		}},
	}
	for _, s := range steps {
		t.Run(s.typ, func(t *testing.T) {
			if resp := h.postWebhook(s.id, s.typ, s.data); resp.status/100 != 2 {
				t.Fatalf("status %d, body %s", resp.status, resp.body)
			}
			s.check(t)
		})
	}
	events, err := h.store.RecentEvents(ctx, 10)
	if err != nil || len(events) != len(steps) || events[0].ID != "msg_5" {
		t.Fatalf("event log %+v, %v", events, err)
	}
	assertContains(t, h.get("/").body, "connection.disconnected", "rules.updated")
}

func TestWebhookRejectsBadSignature(t *testing.T) {
	h := newHarness(t, withoutWebhookDelivery())
	body := `{"type":"connection.created","data":{"connection":{"id":"conn_forged","status":"active"}}}`
	hdr, err := ofauthtest.SignSvix("whsec_"+"c29tZW9uZSBlbHNlJ3Mga2V5IDAxMjM0NTY3ODk=", "msg_f", time.Now(), []byte(body))
	if err != nil {
		t.Fatal(err)
	}
	for name, header := range map[string]http.Header{"unsigned": {}, "wrong secret": hdr} {
		req, _ := http.NewRequest(http.MethodPost, h.url+"/webhooks/ofauth", strings.NewReader(body))
		for k, v := range header {
			req.Header[k] = v
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode/100 != 4 {
			t.Errorf("%s: status %d, want 4xx", name, resp.StatusCode)
		}
	}
	if _, err := h.store.Get(context.Background(), "conn_forged"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("a forged webhook was applied: %v", err)
	}
}

func TestWebhookStoreFailureAsksForRedelivery(t *testing.T) {
	h := newHarness(t, withoutWebhookDelivery(), withStore(failingStore{}))
	resp := h.postWebhook("msg_1", ofauth.EventConnectionCreated, connectionData("conn_1", "active", "jane", "Jane", ""))
	if resp.status/100 != 5 {
		t.Fatalf("status %d, want 5xx so OFAuth redelivers", resp.status)
	}
}

func TestWebhooksDisabledWithoutSecret(t *testing.T) {
	h := newHarness(t, withoutWebhookDelivery(), withoutVerifier())
	if resp := h.post("/webhooks/ofauth"); resp.status != http.StatusServiceUnavailable {
		t.Fatalf("status %d, want 503", resp.status)
	}
}

func TestExpiredWebhookOffersReconnect(t *testing.T) {
	h := newHarness(t)
	id := h.connect()
	h.waitForStatus(id, ofauth.ConnectionActive)

	if err := h.fake.ExpireConnection(id); err != nil {
		t.Fatal(err)
	}
	h.waitForStatus(id, ofauth.ConnectionExpired)
	list := h.get("/")
	assertContains(t, list.body, `action="/connections/`+id+`/reconnect"`, "Reconnect")
	detail := h.get("/connections/" + id)
	if detail.status != http.StatusOK {
		t.Fatalf("detail: status %d", detail.status)
	}
	assertContains(t, detail.body, `id="reconnect"`, "expired")
}

func TestSessionExpiredMarksConnectionAndOffersReconnect(t *testing.T) {
	// Without webhook delivery the store still says active when the
	// Access call fails: the page must find out from the error.
	h := newHarness(t, withoutWebhookDelivery())
	id := h.connect()
	if resp := h.get("/connections/" + id); resp.status != http.StatusOK {
		t.Fatalf("detail before expiry: status %d", resp.status)
	}
	h.waitForStatus(id, ofauth.ConnectionActive)
	if err := h.fake.ExpireConnection(id); err != nil {
		t.Fatal(err)
	}

	detail := h.get("/connections/" + id)
	if detail.status != http.StatusOK {
		t.Fatalf("detail: status %d, body %s", detail.status, detail.body)
	}
	assertContains(t, detail.body, `id="reauth"`, `action="/connections/`+id+`/reconnect"`)
	if strings.Contains(detail.body, `id="profile"`) {
		t.Fatal("an expired connection shows a profile")
	}
	h.waitForStatus(id, ofauth.ConnectionExpired)
}

func TestReconnectRunsLinkForTheSameConnection(t *testing.T) {
	h := newHarness(t)
	id := h.connect()
	h.waitForStatus(id, ofauth.ConnectionActive)
	if err := h.fake.ExpireConnection(id); err != nil {
		t.Fatal(err)
	}
	h.waitForStatus(id, ofauth.ConnectionExpired)

	resp := h.post("/connections/" + id + "/reconnect")
	if resp.status != http.StatusSeeOther || !strings.HasPrefix(resp.header.Get("Location"), h.fake.URL+"/link/cs_") {
		t.Fatalf("reconnect: status %d, Location %q", resp.status, resp.header.Get("Location"))
	}
	if got := h.completeLink(resp.header.Get("Location")); got != id {
		t.Fatalf("reconnect produced connection %s, want %s", got, id)
	}
	h.waitForStatus(id, ofauth.ConnectionActive)
	detail := h.get("/connections/" + id)
	if detail.status != http.StatusOK {
		t.Fatalf("detail after reconnect: status %d", detail.status)
	}
	assertContains(t, detail.body, `id="profile"`, `id="subscribers"`)
}

// A connection OFAuth no longer knows (SESSION_NOT_PROVIDED) cannot be
// reconnected: Link.Init with its id would fail. The app forgets it and
// says to connect again, with no Reconnect button.
func TestDeletedConnectionIsForgottenNotReconnected(t *testing.T) {
	h := newHarness(t, withoutWebhookDelivery())
	ctx := context.Background()
	if err := h.store.Upsert(ctx, Connection{ID: "conn_gone", Status: ofauth.ConnectionActive, Username: "gone"}); err != nil {
		t.Fatal(err)
	}
	detail := h.get("/connections/conn_gone")
	if detail.status != http.StatusGone {
		t.Fatalf("detail: status %d, want 410, body %s", detail.status, detail.body)
	}
	assertContains(t, detail.body, `id="problem"`, "no longer exists")
	if strings.Contains(detail.body, `id="reconnect"`) || strings.Contains(detail.body, "/reconnect") {
		t.Fatal("a deleted connection is offered Reconnect")
	}
	if _, err := h.store.Get(ctx, "conn_gone"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("the deleted connection is still stored: %v", err)
	}
}

func TestUnknownConnection(t *testing.T) {
	h := newHarness(t)
	for _, r := range []struct{ method, path string }{
		{http.MethodGet, "/connections/conn_unknown"},
		{http.MethodPost, "/connections/conn_unknown/reconnect"},
	} {
		if resp := h.do(r.method, r.path, nil); resp.status != http.StatusNotFound {
			t.Errorf("%s %s: status %d, want 404", r.method, r.path, resp.status)
		}
	}
}

func TestRateLimitShowsRetryHint(t *testing.T) {
	h := newHarness(t)
	id := h.connect()
	h.waitForStatus(id, ofauth.ConnectionActive)

	// Longer than the client's backoff cap: the SDK hands the limit back
	// at once rather than sleeping through it.
	h.fake.RateLimitNext(5, 42*time.Second)
	resp := h.get("/connections/" + id)
	if resp.status != http.StatusServiceUnavailable {
		t.Fatalf("status %d, want 503", resp.status)
	}
	if got := resp.header.Get("Retry-After"); got != "42" {
		t.Errorf("Retry-After %q, want 42", got)
	}
	assertContains(t, resp.body, "rate limit", "42s")
	if c, _ := h.store.Get(context.Background(), id); c.Status != ofauth.ConnectionActive {
		t.Fatalf("a rate limit changed the connection: %+v", c)
	}
}

func TestAccessServerErrorIsReported(t *testing.T) {
	h := newHarness(t)
	id := h.connect()
	h.waitForStatus(id, ofauth.ConnectionActive)

	h.fake.Inject(ofauthtest.Fault{Path: "/v2/access/*", Times: 3, Status: http.StatusInternalServerError})
	resp := h.get("/connections/" + id)
	if resp.status != http.StatusBadGateway {
		t.Fatalf("status %d, want 502", resp.status)
	}
	assertContains(t, resp.body, "OFAuth answered 500")
	if strings.Contains(resp.body, h.fake.APIKey) {
		t.Fatal("the page shows the API key")
	}
}

func TestLinkInitFailure(t *testing.T) {
	h := newHarness(t)
	h.fake.Inject(ofauthtest.Fault{Path: "/v2/link/init", Times: 3, Status: http.StatusServiceUnavailable})
	resp := h.post("/connect")
	if resp.status != http.StatusBadGateway {
		t.Fatalf("status %d, want 502", resp.status)
	}
	assertContains(t, resp.body, "Could not start Link", "503")
}

func TestStoreFailureIsA500(t *testing.T) {
	h := newHarness(t, withStore(failingStore{}))
	for _, path := range []string{"/", "/connections/conn_1"} {
		if resp := h.get(path); resp.status != http.StatusInternalServerError {
			t.Errorf("GET %s: status %d, want 500", path, resp.status)
		}
	}
}

func TestNewAppValidatesConfig(t *testing.T) {
	client, err := ofauth.NewClient("key")
	if err != nil {
		t.Fatal(err)
	}
	store := newTestStore(t)
	for name, cfg := range map[string]appConfig{
		"no client":    {Store: store, PublicURL: "http://127.0.0.1:1"},
		"no store":     {Client: client, PublicURL: "http://127.0.0.1:1"},
		"relative URL": {Client: client, Store: store, PublicURL: "/app"},
		"other scheme": {Client: client, Store: store, PublicURL: "ftp://example.test"},
	} {
		if _, err := newApp(cfg); err == nil {
			t.Errorf("%s: newApp accepted %+v", name, cfg)
		}
	}
	a, err := newApp(appConfig{Client: client, Store: store, PublicURL: "https://demo.example/"})
	if err != nil {
		t.Fatal(err)
	}
	if a.redirectURL != "https://demo.example/callback" || !a.secureCookie {
		t.Fatalf("redirect %q, secure cookie %v", a.redirectURL, a.secureCookie)
	}
}

// failingStore fails every call, to check the handlers' error paths.
type failingStore struct{}

var errStoreDown = errors.New("store down")

func (failingStore) Upsert(context.Context, Connection) error { return errStoreDown }
func (failingStore) Delete(context.Context, string) error     { return errStoreDown }
func (failingStore) Get(context.Context, string) (Connection, error) {
	return Connection{}, errStoreDown
}
func (failingStore) List(context.Context) ([]Connection, error)         { return nil, errStoreDown }
func (failingStore) RecordEvent(context.Context, Event) error           { return errStoreDown }
func (failingStore) RecentEvents(context.Context, int) ([]Event, error) { return nil, errStoreDown }
