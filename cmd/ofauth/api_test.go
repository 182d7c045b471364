package main

import (
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ofauth-go/ofauth/ofauthtest"
)

func TestAPI(t *testing.T) {
	srv, env := fake(t)
	conn := srv.AddConnection("ref-api")
	in := invocation{env: env}

	// Piped, the answer is written as received: one line of JSON.
	r := in.run(t, "api", "GET", "/v2/account/whoami").want(t, exitOK)
	if strings.Count(r.stdout, "\n") != 1 || !json.Valid([]byte(r.stdout)) {
		t.Errorf("piped output is not the raw JSON line: %q", r.stdout)
	}
	if who := decode[map[string]any](t, r.stdout); who["name"] != "Sandbox Organization" {
		t.Errorf("whoami = %v", who)
	}

	// On a terminal, the same answer is indented.
	pretty := runPTY(t, env, "api", "GET", "/v2/account/whoami")
	if !strings.HasPrefix(pretty, "{\r\n  \"") || !strings.Contains(pretty, `"name": "Sandbox Organization"`) {
		t.Errorf("on a terminal the answer is not indented: %q", pretty)
	}

	// --include: status line, request id and rate-limit headers first.
	r = in.run(t, "api", "GET", "/v2/access/self", "--include", "--connection", conn.ID).want(t, exitOK)
	head, body, ok := strings.Cut(r.stdout, "\n\n")
	if !ok || !strings.HasPrefix(head, "HTTP 200 OK\n") || !strings.Contains(head, "X-Request-Id: req_") {
		t.Errorf("--include head:\n%s", head)
	}
	if self := decode[map[string]any](t, body); self["username"] != conn.User.Username {
		t.Errorf("self = %v", self)
	}

	// -q and a query in the path are both sent.
	mark := srv.RequestMark()
	in.run(t, "api", "GET", "/v2/access/subscribers?offset=2", "-q", "limit=3", "-c", conn.ID).want(t, exitOK)
	reqs := srv.RequestsSince(mark)
	if len(reqs) != 1 {
		t.Fatalf("%d requests", len(reqs))
	}
	q, _ := url.ParseQuery(reqs[0].Query)
	if q.Get("limit") != "3" || q.Get("offset") != "2" || reqs[0].ConnectionID != conn.ID {
		t.Errorf("request %s?%s with connection %q", reqs[0].Path, reqs[0].Query, reqs[0].ConnectionID)
	}

	// -d inline, @file and @- send the body as JSON.
	file := filepath.Join(t.TempDir(), "body.json")
	if err := os.WriteFile(file, []byte(`{"clientReferenceId":"from-file"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		data, stdin, ref string
	}{
		{`{"clientReferenceId":"inline"}`, "", "inline"},
		{"@" + file, "", "from-file"},
		{"@-", `{"clientReferenceId":"from-stdin"}`, "from-stdin"},
	} {
		mark := srv.RequestMark()
		r := invocation{env: env, stdin: strings.NewReader(c.stdin)}.run(t, "api", "POST", "/v2/link/init", "-d", c.data).want(t, exitOK)
		if s := decode[map[string]any](t, r.stdout); !strings.HasPrefix(s["url"].(string), srv.URL) {
			t.Errorf("-d %s: %v", c.data, s)
		}
		reqs := srv.RequestsSince(mark)
		if len(reqs) != 1 || !strings.Contains(string(reqs[0].Body), `"`+c.ref+`"`) || reqs[0].Header.Get("Content-Type") != "application/json" {
			t.Errorf("-d %s sent %q", c.data, reqs[0].Body)
		}
	}

	// An API error: exit 1, one line with status, code and request id.
	in.run(t, "api", "GET", "/v2/access/self", "-c", "conn_missing").oneLineError(t, "401", "SESSION_NOT_PROVIDED", "(request req_")
}

func TestAPIPaginate(t *testing.T) {
	srv, env := fake(t, ofauthtest.WithSubscribers(23))
	conn := srv.AddConnection("ref-pages")
	mark := srv.RequestMark()
	r := invocation{env: env}.run(t, "api", "GET", "/v2/access/subscribers", "-q", "limit=10", "--paginate", "-c", conn.ID).want(t, exitOK)
	lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	if len(lines) != 23 {
		t.Fatalf("%d lines, want 23 subscribers:\n%s", len(lines), r.stdout)
	}
	ids := map[float64]bool{}
	for _, l := range lines {
		fan := decode[map[string]any](t, l)
		id, _ := fan["id"].(float64)
		if ids[id] {
			t.Errorf("subscriber %v twice", id)
		}
		ids[id] = true
	}
	if n := len(srv.RequestsSince(mark)); n != 3 {
		t.Errorf("%d requests for 23 items in pages of 10, want 3", n)
	}
}

func TestReadPage(t *testing.T) {
	base := url.Values{"limit": {"2"}}
	for _, c := range []struct {
		body, key, want string
		items           int
		more            bool
	}{
		{`{"list":[1,2],"hasMore":true,"nextOffset":7}`, "offset", "7", 2, true},
		{`{"list":[1,2],"hasMore":true}`, "offset", "2", 2, true},
		{`{"items":[1],"hasMore":true,"nextMarker":123}`, "marker", "123", 1, true},
		{`{"list":[1],"hasMore":true,"tailMarker":"1700000000.000"}`, "beforePublishTime", "1700000000.000", 1, true},
		{`{"data":[1],"hasMore":true,"nextCursor":"c2"}`, "cursor", "c2", 1, true},
		{`{"list":[],"hasMore":false}`, "", "", 0, false},
		{`[1,2,3]`, "", "", 3, false},
	} {
		pg, err := readPage([]byte(c.body), base)
		if err != nil {
			t.Fatalf("%s: %v", c.body, err)
		}
		if len(pg.items) != c.items || pg.hasMore != c.more {
			t.Errorf("%s: %d items, hasMore %t", c.body, len(pg.items), pg.hasMore)
		}
		if c.key != "" && (pg.next.Get(c.key) != c.want || pg.next.Get("limit") != "2") {
			t.Errorf("%s: next query %v", c.body, pg.next)
		}
	}
	if _, err := readPage([]byte(`not json`), base); err == nil {
		t.Error("a body that is not JSON was read as a page")
	}
}

// An Access path goes through the SDK: a 503 and a 429 are retried with
// backoff and the call succeeds; a path outside /v2/access is sent once.
func TestAPIAccessPathRetried(t *testing.T) {
	srv, env := fake(t)
	conn := srv.AddConnection("ref-retry")
	in := invocation{env: with(env, "OFAUTH_CONNECTION_ID", conn.ID)}

	for name, inject := range map[string]func(){
		"503": func() { srv.FailNext(1, 503) },
		"429": func() { srv.RateLimitNext(1, time.Millisecond) },
	} {
		inject()
		mark := srv.RequestMark()
		r := in.run(t, "api", "GET", "/v2/access/self", "--include").want(t, exitOK)
		head, body, _ := strings.Cut(r.stdout, "\n\n")
		if !strings.HasPrefix(head, "HTTP 200 OK (after 2 attempts)\n") {
			t.Errorf("%s: --include head:\n%s", name, head)
		}
		if self := decode[map[string]any](t, body); self["username"] != conn.User.Username {
			t.Errorf("%s: self = %v", name, self)
		}
		var statuses []int
		for _, req := range srv.RequestsSince(mark) {
			statuses = append(statuses, req.Status)
		}
		if want, _ := strconv.Atoi(name); !slices.Equal(statuses, []int{want, 200}) {
			t.Errorf("%s: statuses %v, want [%d 200]", name, statuses, want)
		}
	}

	// A body reaches an Access path through the SDK as sent.
	fan := decode[struct {
		List []struct {
			ID int64 `json:"id"`
		} `json:"list"`
	}](t, in.run(t, "api", "GET", "/v2/access/subscribers", "-q", "limit=1").want(t, exitOK).stdout).List[0].ID
	mark := srv.RequestMark()
	r := in.run(t, "api", "POST", "/v2/access/chats/"+jsonNumber(fan)+"/messages", "-d", `{"text":"via the SDK"}`).want(t, exitOK)
	if msg := decode[map[string]any](t, r.stdout); msg["id"] == nil {
		t.Errorf("send message printed %s", r.stdout)
	}
	if reqs := srv.RequestsSince(mark); len(reqs) != 1 || reqs[0].Method != "POST" ||
		decode[map[string]any](t, string(reqs[0].Body))["text"] != "via the SDK" {
		t.Errorf("sent %+v", reqs)
	}

	// The SDK refuses a path it would not send, before any request: a
	// usage error; so is an Access path without a connection.
	invocation{env: env}.run(t, "api", "GET", "/v2/access/self").want(t, exitUsage)
	in.run(t, "api", "GET", "/v2/access/%2e%2e/account/whoami").want(t, exitUsage)

	// Outside /v2/access the request is sent as is, once.
	in.run(t, "api", "GET", "/v2/account/whoami").want(t, exitOK)
	srv.FailNext(1, 503)
	mark = srv.RequestMark()
	in.run(t, "api", "GET", "/v2/account/whoami").oneLineError(t, "503", "(request req_")
	if n := len(srv.RequestsSince(mark)); n != 1 {
		t.Errorf("%d requests outside /v2/access, want 1", n)
	}
}
