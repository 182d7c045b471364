package main

import (
	"encoding/json"
	"io"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/ofauth-go/ofauth/ofauthtest"
	"github.com/spf13/cobra"
)

func TestAccessCalls(t *testing.T) {
	srv, env := fake(t)
	conn := srv.AddConnection("ref-access")
	in := invocation{env: with(env, "OFAUTH_CONNECTION_ID", conn.ID)}

	self := decode[map[string]any](t, in.run(t, "access", "self", "get").want(t, exitOK).stdout)
	if self["username"] != conn.User.Username {
		t.Errorf("self get = %v", self)
	}

	mark := srv.RequestMark()
	page := decode[struct {
		List []struct {
			ID int64 `json:"id"`
		} `json:"list"`
	}](t, in.run(t, "access", "subscribers", "list", "--limit", "3", "--offset", "1").want(t, exitOK).stdout)
	if len(page.List) != 3 {
		t.Fatalf("subscribers list --limit 3 gave %d", len(page.List))
	}
	reqs := srv.RequestsSince(mark)
	if q, _ := url.ParseQuery(reqs[0].Query); reqs[0].Path != "/v2/access/subscribers" || q.Get("limit") != "3" || q.Get("offset") != "1" || reqs[0].ConnectionID != conn.ID {
		t.Errorf("sent %s %s?%s for %q", reqs[0].Method, reqs[0].Path, reqs[0].Query, reqs[0].ConnectionID)
	}

	// A path parameter, body fields of several types, and -d under them.
	fan := page.List[0].ID
	mark = srv.RequestMark()
	r := in.run(t, "access", "chats", "send-message", "--user", jsonNumber(fan), "--text", "hi", "--price", "4.5",
		"--is-locked-text", "--user-tags", "7,8", "-d", `{"text":"overridden","previewMediaCount":0}`).want(t, exitOK)
	if msg := decode[map[string]any](t, r.stdout); msg["id"] == nil {
		t.Errorf("send-message printed %s", r.stdout)
	}
	reqs = srv.RequestsSince(mark)
	if len(reqs) != 1 || reqs[0].Method != "POST" || reqs[0].Path != "/v2/access/chats/"+jsonNumber(fan)+"/messages" {
		t.Fatalf("sent %+v", reqs)
	}
	body := decode[map[string]any](t, string(reqs[0].Body))
	want := map[string]any{"text": "hi", "price": 4.5, "isLockedText": true, "userTags": []any{7.0, 8.0}, "previewMediaCount": 0.0}
	for k, v := range want {
		if g, _ := json.Marshal(body[k]); string(g) != mustJSON(v) {
			t.Errorf("body %s = %s, want %s", k, g, mustJSON(v))
		}
	}

	// The API's error: one line, exit 1.
	if err := srv.ExpireConnection(conn.ID); err != nil {
		t.Fatal(err)
	}
	in.run(t, "access", "self", "get").oneLineError(t, "401", "SESSION_EXPIRED", "(request req_")
}

func jsonNumber(n int64) string { b, _ := json.Marshal(n); return string(b) }

func mustJSON(v any) string { b, _ := json.Marshal(v); return string(b) }

// Every call of the table is a command whose flags and help come from the
// spec.
func TestAccessCommandsFromTable(t *testing.T) {
	a := newApp(strings.NewReader(""), io.Discard, io.Discard, func(string) string { return "" })
	root := a.rootCommand()
	if len(accessCalls) < 90 {
		t.Fatalf("only %d access calls in the table", len(accessCalls))
	}
	for _, c := range accessCalls {
		cmd, rest, err := root.Find([]string{"access", c.Group, c.Name})
		if err != nil || len(rest) != 0 || cmd.Name() != c.Name {
			t.Errorf("%s: no command access %s %s", c.GoMethod, c.Group, c.Name)
			continue
		}
		if cmd.Short != c.Summary || !strings.Contains(cmd.Long, c.Method+" "+c.Path) {
			t.Errorf("%s: help %q / %q", c.GoMethod, cmd.Short, cmd.Long)
		}
		for _, p := range c.Params {
			f := cmd.Flags().Lookup(p.Flag)
			if f == nil {
				t.Errorf("%s: no --%s for %s", c.GoMethod, p.Flag, p.Name)
				continue
			}
			usage := f.Usage
			if p.Description != "" && !strings.Contains(usage, strings.ReplaceAll(p.Description, "`", "'")) {
				t.Errorf("%s --%s: usage %q lacks the spec's description", c.GoMethod, p.Flag, usage)
			}
			for _, e := range p.Enum {
				if !strings.Contains(usage, e) {
					t.Errorf("%s --%s: usage lacks enum value %q", c.GoMethod, p.Flag, e)
				}
			}
			if p.Required != isRequired(cmd, p.Flag) {
				t.Errorf("%s --%s: required %t in the spec", c.GoMethod, p.Flag, p.Required)
			}
		}
		if paged := cmd.Flags().Lookup("paginate") != nil; paged != (c.Pagination != "") {
			t.Errorf("%s: --paginate offered %t, pagination %q", c.GoMethod, paged, c.Pagination)
		}
		if cmd.Flags().Lookup("include") == nil {
			t.Errorf("%s: no --include", c.GoMethod)
		}
	}
}

func isRequired(cmd *cobra.Command, flag string) bool {
	f := cmd.Flags().Lookup(flag)
	v, ok := f.Annotations[cobra.BashCompOneRequiredFlag]
	return ok && len(v) > 0 && v[0] == "true"
}

func TestAccessHelpFromSpec(t *testing.T) {
	r := invocation{}.run(t, "access", "subscribers", "list", "--help").want(t, exitOK)
	for _, want := range []string{"GET /v2/access/subscribers", "--limit integer", "--offset integer", "subscribers:read", "--paginate", "--include"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("help lacks %q:\n%s", want, r.stdout)
		}
	}
	r = invocation{}.run(t, "access", "self", "get", "--help").want(t, exitOK)
	if strings.Contains(r.stdout, "--paginate") || !strings.Contains(r.stdout, "--include") {
		t.Errorf("help of a call that does not page:\n%s", r.stdout)
	}
	r = invocation{}.run(t, "access", "--help").want(t, exitOK)
	for _, g := range []string{"chats", "subscribers", "vault", "user-lists", "promotions"} {
		if !strings.Contains(r.stdout, g) {
			t.Errorf("access --help lacks group %q", g)
		}
	}
}

func TestParamCheck(t *testing.T) {
	p := accessParam{Type: "integer", HasMin: true, Min: 1, HasMax: true, Max: 10}
	for in, ok := range map[string]bool{"1": true, "10": true, "0": false, "11": false, "x": false, "1.5": false} {
		if _, err := p.check("integer", in); (err == nil) != ok {
			t.Errorf("integer %q: err %v", in, err)
		}
	}
	e := accessParam{Type: "string", Enum: []string{"asc", "desc"}}
	if _, err := e.check("string", "up"); err == nil {
		t.Error("a value outside the enum passed")
	}
	if v, err := (accessParam{}).check("boolean", "false"); err != nil || v != false {
		t.Errorf("boolean: %v %v", v, err)
	}
	if _, err := (accessParam{}).check("object", "{"); err == nil {
		t.Error("bad JSON passed as an object")
	}
}

// jsonLines decodes one JSON object per line and checks that no id comes
// twice.
func jsonLines(t *testing.T, out string) []map[string]any {
	t.Helper()
	var items []map[string]any
	seen := map[string]bool{}
	for _, l := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		it := decode[map[string]any](t, l)
		id := mustJSON(it["id"])
		if it["id"] == nil || seen[id] {
			t.Errorf("item without an id or twice: %s", l)
		}
		seen[id] = true
		items = append(items, it)
	}
	return items
}

func TestAccessPaginate(t *testing.T) {
	srv, env := fake(t, ofauthtest.WithSubscribers(23))
	conn := srv.AddConnection("ref-access-pages")
	in := invocation{env: with(env, "OFAUTH_CONNECTION_ID", conn.ID)}

	// Offset pages: 23 fans in pages of 10.
	mark := srv.RequestMark()
	r := in.run(t, "access", "subscribers", "list", "--limit", "10", "--paginate").want(t, exitOK)
	if fans := jsonLines(t, r.stdout); len(fans) != 23 {
		t.Errorf("%d fans, want 23", len(fans))
	}
	var offsets []string
	for _, req := range srv.RequestsSince(mark) {
		q, _ := url.ParseQuery(req.Query)
		offsets = append(offsets, q.Get("offset"))
	}
	if want := []string{"", "10", "20"}; !slices.Equal(offsets, want) {
		t.Errorf("offsets sent %q, want %q", offsets, want)
	}
	// The same pages through 'ofauth api --paginate' print the same lines.
	api := in.run(t, "api", "GET", "/v2/access/subscribers", "-q", "limit=10", "--paginate").want(t, exitOK)
	if api.stdout != r.stdout {
		t.Errorf("access --paginate and api --paginate differ:\n%s\n---\n%s", r.stdout, api.stdout)
	}

	// Posts-cursor pages over the stored posts, a new one included.
	created := decode[map[string]any](t, in.run(t, "access", "posts", "create", "--text", "paged post").want(t, exitOK).stdout)
	mark = srv.RequestMark()
	posts := jsonLines(t, in.run(t, "access", "posts", "list", "--paginate").want(t, exitOK).stdout)
	if len(posts) < 11 || posts[0]["id"] != created["id"] {
		t.Errorf("%d posts, the first %v; want more than a page of 10, the new post %v first", len(posts), posts[0]["id"], created["id"])
	}
	reqs := srv.RequestsSince(mark)
	if q, _ := url.ParseQuery(reqs[len(reqs)-1].Query); len(reqs) < 2 || q.Get("beforePublishTime") == "" {
		t.Errorf("%d requests, the last ?%s: the tail marker was not followed", len(reqs), reqs[len(reqs)-1].Query)
	}
	first := decode[struct {
		Counters struct {
			PostsCount int `json:"postsCount"`
		} `json:"counters"`
	}](t, in.run(t, "access", "posts", "list").want(t, exitOK).stdout)
	if len(posts) != first.Counters.PostsCount {
		t.Errorf("%d posts paged, the account counts %d", len(posts), first.Counters.PostsCount)
	}

	// Marker pages: the transactions, 10 a page.
	txs := in.run(t, "access", "earnings", "transactions", "--paginate").want(t, exitOK)
	if n := len(jsonLines(t, txs.stdout)); n <= 10 {
		t.Errorf("%d transactions: not more than one page", n)
	}
	if api := in.run(t, "api", "GET", "/v2/access/earnings/transactions", "--paginate").want(t, exitOK); api.stdout != txs.stdout {
		t.Error("access and api --paginate differ on marker pages")
	}

	// --include with --paginate: a head before each page.
	r = in.run(t, "access", "subscribers", "list", "--limit", "10", "--paginate", "--include").want(t, exitOK)
	if n := strings.Count(r.stdout, "HTTP 200 OK\n"); n != 3 {
		t.Errorf("%d heads for 3 pages:\n%s", n, r.stdout)
	}

	// A call that does not page has no --paginate: a usage error.
	r = in.run(t, "access", "self", "get", "--paginate").want(t, exitUsage)
	if !strings.Contains(r.stderr, "unknown flag: --paginate") {
		t.Errorf("stderr %q", r.stderr)
	}
	in.run(t, "access", "posts", "create", "--text", "x", "--paginate").want(t, exitUsage)
}

func TestAccessInclude(t *testing.T) {
	srv, env := fake(t)
	conn := srv.AddConnection("ref-access-include")
	in := invocation{env: with(env, "OFAUTH_CONNECTION_ID", conn.ID)}
	r := in.run(t, "access", "self", "get", "-i").want(t, exitOK)
	head, body, ok := strings.Cut(r.stdout, "\n\n")
	if !ok || !strings.HasPrefix(head, "HTTP 200 OK\n") || !strings.Contains(head, "X-Request-Id: req_") {
		t.Errorf("--include head:\n%s", head)
	}
	if self := decode[map[string]any](t, body); self["username"] != conn.User.Username {
		t.Errorf("self = %v", self)
	}
	// Retried by the SDK, the head says how many attempts it took.
	srv.FailNext(1, 502)
	r = in.run(t, "access", "self", "get", "--include").want(t, exitOK)
	if !strings.HasPrefix(r.stdout, "HTTP 200 OK (after 2 attempts)\n") {
		t.Errorf("after a 502: %q", r.stdout)
	}
}
