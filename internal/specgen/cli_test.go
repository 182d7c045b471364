package main

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const cliFile = "../../cmd/ofauth/access_gen.go"

// TestCLITableUpToDate fails when cmd/ofauth/access_gen.go is not what
// the generator makes of the spec today.
func TestCLITableUpToDate(t *testing.T) {
	want, err := CLITable(loadSpec(t), "main")
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(cliFile)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s is stale: run go generate ./... in the repository root", cliFile)
	}
	if first, _, _ := strings.Cut(string(got), "\n"); first != Header {
		t.Fatalf("first line %q, want %q", first, Header)
	}
}

func TestCLICallsCoverTheAccessAPI(t *testing.T) {
	s := loadSpec(t)
	calls, err := CLICalls(s)
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, op := range s.Operations {
		switch {
		case !strings.HasPrefix(op.GoMethod, "Access."), op.GoMethod == "Access.Do",
			op.GoMethod == "Access.Uploads.PutPart", op.GoMethod == "Access.Uploads.PutFile":
			continue
		}
		want = append(want, op.GoMethod)
	}
	var got []string
	for _, c := range calls {
		got = append(got, c.GoMethod)
		flags := map[string]bool{}
		for _, p := range c.Params {
			if flags[p.Flag] || slices.Contains(reservedFlags, p.Flag) || p.Flag != kebab(p.Flag) {
				t.Errorf("%s: flag --%s is taken or not kebab case", c.GoMethod, p.Flag)
			}
			flags[p.Flag] = true
			if strings.Contains(c.Path, "{"+p.Name+"}") != (p.In == "path") {
				t.Errorf("%s: %s is in %s", c.GoMethod, p.Name, p.In)
			}
		}
	}
	slices.Sort(want)
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("calls\n%v\nwant\n%v", got, want)
	}
}

func TestCLICallFacts(t *testing.T) {
	calls, err := CLICalls(loadSpec(t))
	if err != nil {
		t.Fatal(err)
	}
	find := func(goMethod string) CLICall {
		i := slices.IndexFunc(calls, func(c CLICall) bool { return c.GoMethod == goMethod })
		if i < 0 {
			t.Fatalf("no %s", goMethod)
		}
		return calls[i]
	}
	param := func(c CLICall, name string) CLIParam {
		i := slices.IndexFunc(c.Params, func(p CLIParam) bool { return p.Name == name })
		if i < 0 {
			t.Fatalf("%s has no %s", c.GoMethod, name)
		}
		return c.Params[i]
	}

	send := find("Access.Chats.SendMessage")
	if send.Group != "chats" || send.Name != "send-message" || send.Method != "POST" || send.Path != "/v2/access/chats/{userId}/messages" || send.Permission != "messages:write" || send.Summary == "" {
		t.Errorf("send-message: %+v", send)
	}
	if u := param(send, "userId"); u.In != "path" || u.Flag != "user" || !u.Required || u.Type != "integer" {
		t.Errorf("userId: %+v", u)
	}
	if p := param(send, "price"); p.In != "body" || p.Type != "number" || p.Min == nil || *p.Min != 0 || p.Max == nil || *p.Max != 200 || p.Default != "0" {
		t.Errorf("price: %+v", p)
	}
	if m := param(send, "mediaItems"); m.Type != "array" || m.ItemType != "string" {
		t.Errorf("mediaItems ([integer, string] items): %+v", m)
	}
	if tags := param(send, "userTags"); tags.Type != "array" || tags.ItemType != "integer" {
		t.Errorf("userTags: %+v", tags)
	}

	list := find("Access.Subscribers.List")
	if list.Group != "subscribers" || list.Name != "list" {
		t.Errorf("subscribers list: %+v", list)
	}
	if l := param(list, "limit"); l.In != "query" || l.Type != "integer" || l.Max == nil || l.Flag != "limit" {
		t.Errorf("limit: %+v", l)
	}
	chart := find("Access.Analytics.PostsChart")
	if by := param(chart, "by"); len(by.Enum) == 0 || by.Enum[0] != "purchases" {
		t.Errorf("posts-chart --by: %+v", by)
	}
	if g := find("Access.UserLists.AddMember"); g.Group != "user-lists" || g.Name != "add-member" {
		t.Errorf("user lists: %s %s", g.Group, g.Name)
	}

	// The pagination style comes from x-pagination; "none" is left empty.
	for goMethod, style := range map[string]string{
		"Access.Subscribers.List": "offset", "Access.Earnings.Transactions": "marker",
		"Access.Posts.List": "posts-cursor", "Access.Self.Get": "", "Access.Chats.SendMessage": "",
	} {
		if c := find(goMethod); c.Pagination != style {
			t.Errorf("%s: pagination %q, want %q", goMethod, c.Pagination, style)
		}
	}
	if lit := list.goLiteral(); !strings.Contains(lit, `Pagination: "offset",`) {
		t.Errorf("the literal of a paged call lacks its style:\n%s", lit)
	}
	if lit := send.goLiteral(); strings.Contains(lit, "Pagination") {
		t.Errorf("the literal of a call that does not page names a style:\n%s", lit)
	}
}

func TestKebab(t *testing.T) {
	for in, want := range map[string]string{
		"SendMessage": "send-message", "List": "list", "UserLists": "user-lists", "userId": "user-id",
		"first_id": "first-id", "userIDs": "user-ids", "beforePublishTime": "before-publish-time",
		"GetMany": "get-many", "HTTPServer": "http-server", "page2Size": "page2-size",
	} {
		if got := kebab(in); got != want {
			t.Errorf("kebab(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestNameFlags(t *testing.T) {
	ps := []CLIParam{
		{In: "path", Name: "userId"},
		{In: "path", Name: "listId"},
		{In: "query", Name: "list"},
		{In: "body", Name: "json"},
	}
	if err := nameFlags(ps); err != nil {
		t.Fatal(err)
	}
	got := []string{ps[0].Flag, ps[1].Flag, ps[2].Flag, ps[3].Flag}
	if want := []string{"user", "list-id", "list", "param-json"}; !slices.Equal(got, want) {
		t.Errorf("flags %v, want %v", got, want)
	}
	if err := nameFlags([]CLIParam{{In: "query", Name: "a_b"}, {In: "body", Name: "aB"}}); err == nil {
		t.Error("two parameters with one flag name passed")
	}
}

func TestRunCLIWritesOnlyWhenChanged(t *testing.T) {
	out := filepath.Join(t.TempDir(), "access_gen.go")
	if err := runCLI(specFile, out); err != nil {
		t.Fatal(err)
	}
	st1, err := os.Stat(out)
	if err != nil {
		t.Fatal(err)
	}
	old := st1.ModTime().Add(-1e9 * 3600)
	if err := os.Chtimes(out, old, old); err != nil {
		t.Fatal(err)
	}
	if err := runCLI(specFile, out); err != nil {
		t.Fatal(err)
	}
	if st2, _ := os.Stat(out); !st2.ModTime().Equal(old) {
		t.Error("an up-to-date file was rewritten")
	}
	if err := runCLI("nope.yaml", out); err == nil {
		t.Error("a missing spec passed")
	}
}
