package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pb33f/libopenapi"
	"github.com/pb33f/libopenapi/datamodel/high/base"
)

const routesFile = "../../ofauthtest/routes_gen.go"

// TestRouteTableUpToDate fails when ofauthtest/routes_gen.go is not what
// the generator makes of the spec today.
func TestRouteTableUpToDate(t *testing.T) {
	want, err := RouteTable(loadSpec(t), "ofauthtest")
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(routesFile)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s is stale: run go generate ./... in the repository root", routesFile)
	}
	if first, _, _ := strings.Cut(string(got), "\n"); first != Header {
		t.Fatalf("first line %q, want %q", first, Header)
	}
}

// TestRouteTableDeterministic renders the table from two separate parses
// of the spec: the bytes must not differ (no map order, no randomness).
func TestRouteTableDeterministic(t *testing.T) {
	a, err := RouteTable(loadSpec(t), "ofauthtest")
	if err != nil {
		t.Fatal(err)
	}
	b, err := RouteTable(loadSpec(t), "ofauthtest")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Fatal("two renderings of the same spec differ")
	}
}

func TestRunRoutesWritesOnlyWhenChanged(t *testing.T) {
	out := filepath.Join(t.TempDir(), "routes_gen.go")
	if err := runRoutes(specFile, out); err != nil {
		t.Fatal(err)
	}
	first, err := os.Stat(out)
	if err != nil {
		t.Fatal(err)
	}
	if err := runRoutes(specFile, out); err != nil {
		t.Fatal(err)
	}
	second, err := os.Stat(out)
	if err != nil {
		t.Fatal(err)
	}
	if !second.ModTime().Equal(first.ModTime()) {
		t.Fatal("an unchanged route table was rewritten")
	}
}

// TestEveryBodyValidates checks every canned body against its operation's
// success schema, and that every operation with a JSON success schema has
// a body.
func TestEveryBodyValidates(t *testing.T) {
	s := loadSpec(t)
	routes, err := Routes(s)
	if err != nil {
		t.Fatal(err)
	}
	if len(routes) != len(s.Operations) {
		t.Fatalf("%d routes for %d operations", len(routes), len(s.Operations))
	}
	for _, r := range routes {
		t.Run(r.Method+" "+r.Path, func(t *testing.T) {
			schema := successSchema(t, s, r)
			if schema == nil {
				if r.Body != "" {
					t.Fatalf("a body without a schema: %s", r.Body)
				}
				return
			}
			if r.Body == "" {
				t.Fatal("no body for a JSON success schema")
			}
			dec := json.NewDecoder(strings.NewReader(r.Body))
			dec.UseNumber()
			var v any
			if err := dec.Decode(&v); err != nil {
				t.Fatalf("invalid JSON: %v", err)
			}
			for _, p := range validate("$", v, schema) {
				t.Error(p)
			}
		})
	}
}

func successSchema(t *testing.T, s *Spec, r Route) *base.Schema {
	t.Helper()
	item, _ := s.Model.Paths.PathItems.Get(r.Path)
	op, _ := item.GetOperations().Get(strings.ToLower(r.Method))
	resp, ok := op.Responses.Codes.Get(fmt.Sprint(r.Status))
	if !ok {
		t.Fatalf("no %d response", r.Status)
	}
	if resp.Content == nil {
		return nil
	}
	mt, ok := resp.Content.Get("application/json")
	if !ok || mt.Schema == nil {
		return nil
	}
	return mt.Schema.Schema()
}

// validate is a structural JSON Schema check of v: types, const and enum,
// required properties, numeric and length bounds, item counts, date
// formats, allOf/oneOf/anyOf. It returns the problems found.
func validate(at string, v any, s *base.Schema) []string {
	if s == nil {
		return nil
	}
	var probs []string
	bad := func(format string, args ...any) { probs = append(probs, at+": "+fmt.Sprintf(format, args...)) }
	if len(s.Enum) > 0 || s.Const != nil {
		allowed := s.Enum
		if s.Const != nil {
			allowed = append(slices.Clone(allowed), s.Const)
		}
		found := false
		for _, n := range allowed {
			found = found || sameJSON(t2v(n), v)
		}
		if !found {
			bad("%v is not an allowed value", v)
		}
	}
	for _, part := range s.AllOf {
		probs = append(probs, validate(at, v, part.Schema())...)
	}
	for _, alts := range [][]*base.SchemaProxy{s.OneOf, s.AnyOf} {
		if len(alts) > 0 && !slices.ContainsFunc(alts, func(p *base.SchemaProxy) bool { return len(validate(at, v, p.Schema())) == 0 }) {
			bad("matches none of %d alternatives", len(alts))
		}
	}
	intAsNumber := jsonType(v) == "integer" && slices.Contains(s.Type, "number")
	if len(s.Type) > 0 && !slices.Contains(s.Type, jsonType(v)) && !intAsNumber {
		bad("%s, want %v", jsonType(v), s.Type)
		return probs
	}
	switch x := v.(type) {
	case map[string]any:
		for _, req := range s.Required {
			if _, ok := x[req]; !ok {
				bad("required %q missing", req)
			}
		}
		if s.Properties != nil {
			for k, p := range s.Properties.FromOldest() {
				if pv, ok := x[k]; ok {
					probs = append(probs, validate(at+"."+k, pv, p.Schema())...)
				}
			}
		}
	case []any:
		if s.MinItems != nil && int64(len(x)) < *s.MinItems || s.MaxItems != nil && int64(len(x)) > *s.MaxItems {
			bad("%d items out of bounds", len(x))
		}
		if s.Items != nil && s.Items.IsA() {
			for i, item := range x {
				probs = append(probs, validate(fmt.Sprintf("%s[%d]", at, i), item, s.Items.A.Schema())...)
			}
		}
	case json.Number:
		f, _ := x.Float64()
		if s.Minimum != nil && f < *s.Minimum || s.Maximum != nil && f > *s.Maximum {
			bad("%v out of range", f)
		}
	case string:
		if s.MinLength != nil && int64(len(x)) < *s.MinLength || s.MaxLength != nil && int64(len(x)) > *s.MaxLength {
			bad("length %d out of bounds", len(x))
		}
		switch s.Format {
		case "date-time":
			if _, err := time.Parse(time.RFC3339Nano, x); err != nil {
				bad("%q is not a date-time", x)
			}
		case "date":
			if _, err := time.Parse(time.DateOnly, x); err != nil {
				bad("%q is not a date", x)
			}
		}
	}
	return probs
}

func jsonType(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case string:
		return "string"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	case json.Number:
		if _, err := x.Int64(); err == nil {
			return "integer"
		}
		return "number"
	}
	return fmt.Sprintf("%T", v)
}

// sameJSON compares a decoded spec value with a decoded body value.
func sameJSON(a, b any) bool {
	ja, err1 := json.Marshal(a)
	jb, err2 := json.Marshal(b)
	if err1 != nil || err2 != nil {
		return false
	}
	var na, nb any
	_ = json.Unmarshal(ja, &na)
	_ = json.Unmarshal(jb, &nb)
	return reflect.DeepEqual(na, nb)
}

func t2v(n interface{ Decode(any) error }) any {
	v, err := nodeValue(n)
	if err != nil {
		return err
	}
	return v
}

// schemaOf builds the schema named S of a minimal document.
func schemaOf(t *testing.T, yamlSchema string) *base.SchemaProxy {
	t.Helper()
	src := "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    S:\n" + indent(yamlSchema, "      ")
	doc, err := libopenapi.NewDocument([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	m, err := doc.BuildV3Model()
	if err != nil {
		t.Fatal(err)
	}
	p, ok := m.Model.Components.Schemas.Get("S")
	if !ok {
		t.Fatal("no schema S")
	}
	return p
}

func indent(s, by string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	for i, l := range lines {
		lines[i] = by + l
	}
	return strings.Join(lines, "\n") + "\n"
}

func TestSynthesize(t *testing.T) {
	cases := []struct {
		name, schema, want string
	}{
		{"example wins", "type: object\nexample: {a: 1}\nproperties:\n  b: {type: string}", `{"a":1}`},
		{"enum first", "type: string\nenum: [photo, video]", `"photo"`},
		{"default", "type: integer\ndefault: 7", `7`},
		{"date-time", "type: string\nformat: date-time", `"` + synthDateTime + `"`},
		{"date", "type: string\nformat: date", `"` + synthDate + `"`},
		{"clamped", "type: integer\nminimum: 100\nmaximum: 200", `100`},
		{"max items", "type: array\nmaxItems: 1\nitems: {type: boolean}", `[false]`},
		{"min items", "type: array\nminItems: 3\nitems: {type: integer, maximum: 5}", `[5,5,5]`},
		{"nullable filled", "type: [string, 'null']\nformat: email", `"creator1@example.com"`},
		{"oneOf skips null", "oneOf:\n- {type: 'null'}\n- {type: integer, minimum: 3, maximum: 3}", `3`},
		{
			"fields by name",
			"type: object\nrequired: [id]\nproperties:\n  id: {type: integer}\n  userId: {type: string}\n  username: {type: string}\n  avatar: {type: [string, 'null']}\n  createdAt: {type: string}\n  hasMore: {type: boolean}\n  price: {type: number}\n  paid: {type: boolean}",
			`{"id":300000001,"userId":"user_1001","username":"sandbox_creator1","avatar":"https://public.onlyfans.com/files/avatars/1/avatar.jpg","createdAt":"` + synthDateTime + `","hasMore":false,"price":19.99,"paid":false}`,
		},
		{"allOf merges", "allOf:\n- {type: object, properties: {a: {type: integer, default: 1}}}\n- {type: object, properties: {b: {type: string, enum: [x]}}}", `{"a":1,"b":"x"}`},
		{"map", "type: object\nadditionalProperties: {type: integer, default: 2}", `{"key1":2,"key2":2}`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := schemaOf(t, c.schema)
			got, err := Synthesize(p)
			if err != nil {
				t.Fatal(err)
			}
			var compact bytes.Buffer
			if err := json.Compact(&compact, got); err != nil {
				t.Fatal(err)
			}
			if compact.String() != c.want {
				t.Fatalf("got  %s\nwant %s", compact.String(), c.want)
			}
			dec := json.NewDecoder(bytes.NewReader(got))
			dec.UseNumber()
			var v any
			if err := dec.Decode(&v); err != nil {
				t.Fatal(err)
			}
			if c.name != "example wins" { // an example need not follow the schema
				for _, p := range validate("$", v, p.Schema()) {
					t.Error(p)
				}
			}
		})
	}
}

// TestSynthesizeRecursiveSchema ends a self-referencing schema at the
// depth bound.
func TestSynthesizeRecursiveSchema(t *testing.T) {
	src := "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    S:\n      type: object\n      properties:\n        name: {type: string}\n        children:\n          type: array\n          items: {$ref: '#/components/schemas/S'}\n"
	doc, err := libopenapi.NewDocument([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	m, err := doc.BuildV3Model()
	if err != nil {
		t.Fatal(err)
	}
	p, _ := m.Model.Components.Schemas.Get("S")
	got, err := Synthesize(p)
	if err != nil {
		t.Fatal(err)
	}
	// Below the depth bound an object keeps only its required properties:
	// S has none, so the nesting ends in {}.
	if !json.Valid(got) || !bytes.Contains(got, []byte(`{}`)) || bytes.Count(got, []byte(`"children"`)) > 1<<synthMaxDepth {
		t.Fatalf("recursion not bounded:\n%.400s", got)
	}
}

func TestQueryRules(t *testing.T) {
	routes, err := Routes(loadSpec(t))
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(routes, func(r Route) bool { return r.Method == "GET" && r.Path == "/v2/access/vault/media" })
	if i < 0 {
		t.Fatal("GET /v2/access/vault/media missing")
	}
	rules := map[string]QueryRule{}
	for _, q := range routes[i].Query {
		rules[q.Name] = q
	}
	limit := rules["limit"]
	if limit.Type != "integer" || limit.Min == nil || *limit.Min != 1 || limit.Max == nil || *limit.Max != 40 {
		t.Errorf("limit rule %+v", limit)
	}
	if got := rules["sortBy"].Enum; !slices.Equal(got, []string{"recent", "most-liked", "highest-tips"}) {
		t.Errorf("sortBy enum %v", got)
	}
	j := slices.IndexFunc(routes, func(r Route) bool { return r.Method == "POST" && r.Path == "/v2/access/users/lists" })
	if j < 0 || !slices.Equal(routes[j].BodyRequired, []string{"name"}) {
		t.Errorf("POST /v2/access/users/lists required body fields: %+v", routes[j].BodyRequired)
	}
}
