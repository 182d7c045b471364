package main

import (
	"slices"
	"testing"
)

func routeOf(t *testing.T, routes []Route, method, path string) Route {
	t.Helper()
	i := slices.IndexFunc(routes, func(r Route) bool { return r.Method == method && r.Path == path })
	if i < 0 {
		t.Fatalf("%s %s missing", method, path)
	}
	return routes[i]
}

func ruleNamed(t *testing.T, rules []QueryRule, name string) QueryRule {
	t.Helper()
	i := slices.IndexFunc(rules, func(q QueryRule) bool { return q.Name == name })
	if i < 0 {
		t.Fatalf("no rule %q among %+v", name, rules)
	}
	return rules[i]
}

// The body rules follow nested objects, array items and unions.
func TestBodyRulesNest(t *testing.T) {
	routes, err := Routes(loadSpec(t))
	if err != nil {
		t.Fatal(err)
	}
	link := routeOf(t, routes, "POST", "/v2/link/init")
	geo := ruleNamed(t, link.BodyRules, "geolocation")
	if country := ruleNamed(t, geo.Props, "country"); geo.Type != "object" || !country.Required || country.Type != "string" {
		t.Errorf("geolocation %+v", geo)
	}
	if state := ruleNamed(t, geo.Props, "state"); state.Required {
		t.Errorf("state is optional: %+v", state)
	}

	settings := routeOf(t, routes, "PATCH", "/v2/account/connections/{connectionId}/settings")
	inner := ruleNamed(t, ruleNamed(t, settings.BodyRules, "vaultPlus").Props, "settings")
	if got := ruleNamed(t, inner.Props, "storageLimitPurgeStrategy").Enum; !slices.Contains(got, "purge_oldest") {
		t.Errorf("nested enum %v", got)
	}
	if q := ruleNamed(t, inner.Props, "imageQualities"); q.Items == nil || !slices.Equal(q.Items.Enum, []string{"thumb", "preview", "full"}) {
		t.Errorf("imageQualities %+v", q)
	}

	post := routeOf(t, routes, "POST", "/v2/access/posts")
	media := ruleNamed(t, post.BodyRules, "mediaItems")
	if media.Items == nil || len(media.Items.OneOf) != 2 || media.Items.OneOf[0].Type != "integer" || media.Items.OneOf[1].Type != "string" {
		t.Errorf("mediaItems %+v", media)
	}
	if q := ruleNamed(t, post.BodyRules, "fundRaisingTipsPresets"); q.MaxItems != 4 || q.Items == nil || q.Items.Type != "number" {
		t.Errorf("fundRaisingTipsPresets %+v", q)
	}
	users := ruleNamed(t, ruleNamed(t, post.BodyRules, "releaseForms").Props, "users")
	if users.Items == nil || users.Items.Type != "integer" {
		t.Errorf("releaseForms.users %+v", users)
	}
}

// Path parameters get rules, and the canned body names them where its
// schema has a field for them.
func TestPathRulesAndEcho(t *testing.T) {
	routes, err := Routes(loadSpec(t))
	if err != nil {
		t.Fatal(err)
	}
	media := routeOf(t, routes, "GET", "/v2/access/chats/{userId}/media")
	if len(media.PathRules) != 1 || media.PathRules[0].Type != "integer" || media.PathRules[0].Min == nil || *media.PathRules[0].Min != 1 {
		t.Errorf("path rules %+v", media.PathRules)
	}
	user := routeOf(t, routes, "GET", "/v2/access/users/{userId}")
	if !slices.Equal(user.Echo, []Echo{{Param: "userId", Field: "id", Number: true}}) {
		t.Errorf("GET /users/{userId} echo %+v", user.Echo)
	}
	if r := user.PathRules[0]; len(r.OneOf) != 2 {
		t.Errorf("userId takes an id or a username: %+v", r)
	}
	member := routeOf(t, routes, "POST", "/v2/access/users/lists/{listId}/users/{userId}")
	if !slices.Contains(member.Echo, Echo{Param: "listId", Field: "list.id"}) {
		t.Errorf("adding a member answers its list: %+v", member.Echo)
	}
	for _, r := range routes {
		for _, e := range r.Echo {
			if !slices.ContainsFunc(r.PathRules, func(q QueryRule) bool { return q.Name == e.Param }) {
				t.Errorf("%s %s echoes %q, no parameter of its path", r.Method, r.Path, e.Param)
			}
		}
	}
}

// echoRules finds owner fields in the items of a list answer, and leaves
// the items' own ids alone.
func TestEchoRulesInListItems(t *testing.T) {
	page := schemaOf(t, `
type: object
properties:
  hasMore: {type: boolean}
  list:
    type: array
    items:
      type: object
      properties:
        id: {type: integer}
        chatId: {type: string}
        user:
          type: object
          properties:
            id: {type: integer}
`)
	got := echoRules("/chats/{chatId}/users/{userId}", []QueryRule{{Name: "chatId"}, {Name: "userId"}}, page.Schema())
	want := []Echo{
		{Param: "chatId", Field: "list[].chatId"},
		{Param: "userId", Field: "list[].user.id", Number: true},
	}
	if !slices.Equal(got, want) {
		t.Errorf("echo %+v, want %+v", got, want)
	}
}
