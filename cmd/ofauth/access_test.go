package main

import (
	"encoding/json"
	"io"
	"net/url"
	"strings"
	"testing"

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
	}
}

func isRequired(cmd *cobra.Command, flag string) bool {
	f := cmd.Flags().Lookup(flag)
	v, ok := f.Annotations[cobra.BashCompOneRequiredFlag]
	return ok && len(v) > 0 && v[0] == "true"
}

func TestAccessHelpFromSpec(t *testing.T) {
	r := invocation{}.run(t, "access", "subscribers", "list", "--help").want(t, exitOK)
	for _, want := range []string{"GET /v2/access/subscribers", "--limit integer", "--offset integer", "subscribers:read"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("help lacks %q:\n%s", want, r.stdout)
		}
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
