package main

import (
	"fmt"
	"net/url"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
	"go.yaml.in/yaml/v4"
)

// TestSpecIsValidOpenAPI31 validates the document against the OpenAPI 3.1
// schema with libopenapi-validator.
func TestSpecIsValidOpenAPI31(t *testing.T) {
	raw, err := os.ReadFile(specFile)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := libopenapi.NewDocument(raw)
	if err != nil {
		t.Fatal(err)
	}
	if v := doc.GetVersion(); v != "3.1.0" {
		t.Fatalf("openapi %q, want 3.1.0", v)
	}
	v, errs := validator.NewValidator(doc)
	if len(errs) > 0 {
		t.Fatalf("building the validator: %v", errs)
	}
	if ok, verrs := v.ValidateDocument(); !ok {
		for _, e := range verrs {
			t.Errorf("%s: %s", e.Message, e.Reason)
			for _, s := range e.SchemaValidationErrors {
				t.Errorf("  %s at %s (line %d)", s.Reason, s.FieldPath, s.Line)
			}
		}
	}
}

// TestEveryOperationIsComplete checks what the SDK and its generator rely
// on beyond the OpenAPI schema: unique operationIds, the x- extensions, a
// 2xx answer and the shared error answers, schemas on every JSON body.
func TestEveryOperationIsComplete(t *testing.T) {
	s := loadSpec(t)
	if len(s.Operations) == 0 {
		t.Fatal("no operations")
	}
	ids := map[string]string{}
	for _, o := range s.Operations {
		where := o.Method + " " + o.Path
		if prev, dup := ids[o.OperationID]; dup {
			t.Errorf("%s: operationId %s already used by %s", where, o.OperationID, prev)
		}
		ids[o.OperationID] = where
		if strings.HasPrefix(o.Path, "/v2/access/") && !o.Connection {
			t.Errorf("%s: an Access operation without the x-connection-id parameter", where)
		}
		if parts := strings.Split(o.GoMethod, "."); len(parts) < 2 {
			t.Errorf("%s: x-go-method %q is not Group.Method", where, o.GoMethod)
		}
	}
	for path, item := range s.Model.Paths.PathItems.FromOldest() {
		for method, op := range item.GetOperations().FromOldest() {
			where := strings.ToUpper(method) + " " + path
			if op.Responses == nil || op.Responses.Codes == nil {
				t.Errorf("%s: no responses", where)
				continue
			}
			var success bool
			for code, resp := range op.Responses.Codes.FromOldest() {
				if strings.HasPrefix(code, "2") {
					success = true
				}
				if resp.Content == nil {
					if code != "204" {
						t.Errorf("%s %s: no content", where, code)
					}
					continue
				}
				for mt, media := range resp.Content.FromOldest() {
					if media.Schema == nil {
						t.Errorf("%s %s %s: no schema", where, code, mt)
					}
				}
			}
			if !success {
				t.Errorf("%s: no 2xx response", where)
			}
			for _, code := range []string{"4XX", "429", "5XX"} {
				if _, ok := op.Responses.Codes.Get(code); !ok {
					t.Errorf("%s: no %s response", where, code)
				}
			}
			if op.RequestBody != nil && op.RequestBody.Content != nil {
				for mt, media := range op.RequestBody.Content.FromOldest() {
					if media.Schema == nil {
						t.Errorf("%s: request %s without a schema", where, mt)
					}
				}
			}
		}
	}
}

// TestRefsResolveAndSchemasAreUsed walks the raw document: every $ref
// must point at something that exists, and every component schema must be
// reachable from an operation (a query params type through the
// operations' x-go-params).
func TestRefsResolveAndSchemasAreUsed(t *testing.T) {
	raw, err := os.ReadFile(specFile)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := yaml.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	// Reachability: start from the paths, follow each $ref into what it names.
	reached := map[string]bool{}
	queue := refsIn(doc["paths"])
	for len(queue) > 0 {
		ref := queue[0]
		queue = queue[1:]
		if reached[ref] {
			continue
		}
		reached[ref] = true
		target, err := resolvePointer(doc, ref)
		if err != nil {
			t.Errorf("$ref %s: %v", ref, err)
			continue
		}
		queue = append(queue, refsIn(target)...)
	}
	// Refs outside the reachable part must resolve too.
	for _, ref := range refsIn(doc["components"]) {
		if _, err := resolvePointer(doc, ref); err != nil {
			t.Errorf("$ref %s: %v", ref, err)
		}
	}
	components, _ := doc["components"].(map[string]any)
	for _, kind := range []string{"schemas", "parameters", "responses", "headers"} {
		items, _ := components[kind].(map[string]any)
		if len(items) == 0 {
			t.Errorf("no components/%s", kind)
		}
		for name, item := range items {
			// A query params type is tied to its operations by their
			// x-go-params instead (see checkQueryParams).
			if sc, _ := item.(map[string]any); sc[extQueryType] == true {
				continue
			}
			if !reached["#/components/"+kind+"/"+name] {
				t.Errorf("components/%s/%s is never used by an operation", kind, name)
			}
		}
	}
}

func TestResolvePointer(t *testing.T) {
	doc := map[string]any{"a": map[string]any{"b/c": map[string]any{"d~e": 1}, "l": []any{"x"}}}
	for ref, want := range map[string]string{
		"#/a/b~1c/d~0e": "1",
		"#/a/l/0":       "x",
	} {
		got, err := resolvePointer(doc, ref)
		if err != nil || fmt.Sprint(got) != want {
			t.Errorf("%s: %v, %v; want %s", ref, got, err, want)
		}
	}
	for _, ref := range []string{"#/a/missing", "#/a/l/1", "#/a/l/x", "other.yaml#/a", "#/a/b~1c/d~0e/f"} {
		if _, err := resolvePointer(doc, ref); err == nil {
			t.Errorf("%s resolved", ref)
		}
	}
}

// refsIn collects every $ref string under v.
func refsIn(v any) []string {
	var out []string
	switch v := v.(type) {
	case map[string]any:
		if r, ok := v["$ref"].(string); ok {
			out = append(out, r)
		}
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			out = append(out, refsIn(v[k])...)
		}
	case []any:
		for _, e := range v {
			out = append(out, refsIn(e)...)
		}
	}
	return out
}

// resolvePointer follows a local JSON pointer ("#/a/b") through doc.
func resolvePointer(doc map[string]any, ref string) (any, error) {
	ptr, ok := strings.CutPrefix(ref, "#/")
	if !ok {
		return nil, fmt.Errorf("not a local reference")
	}
	var cur any = doc
	for _, tok := range strings.Split(ptr, "/") {
		tok = strings.NewReplacer("~1", "/", "~0", "~").Replace(tok)
		if u, err := url.PathUnescape(tok); err == nil {
			tok = u
		}
		switch c := cur.(type) {
		case map[string]any:
			next, ok := c[tok]
			if !ok {
				return nil, fmt.Errorf("no %q", tok)
			}
			cur = next
		case []any:
			var i int
			if _, err := fmt.Sscan(tok, &i); err != nil || i < 0 || i >= len(c) {
				return nil, fmt.Errorf("bad index %q", tok)
			}
			cur = c[i]
		default:
			return nil, fmt.Errorf("%q below a scalar", tok)
		}
	}
	return cur, nil
}
