package main

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package's tests if any goroutine outlives them.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

const (
	specFile  = "../../spec/openapi.yaml"
	tableFile = "../../endpoints_gen_test.go"
)

// parsedSpec parses the repository's spec once for all tests, which only
// read it: building the model is the slow part of this package's tests.
var parsedSpec = sync.OnceValues(func() (*Spec, error) {
	raw, err := os.ReadFile(specFile)
	if err != nil {
		return nil, err
	}
	return Load(raw)
})

// loadSpec returns the repository's spec, parsed.
func loadSpec(t *testing.T) *Spec {
	t.Helper()
	s, err := parsedSpec()
	if err != nil {
		t.Fatalf("loading %s: %v", specFile, err)
	}
	return s
}

// TestEndpointTableUpToDate fails when endpoints_gen_test.go is not what
// the generator makes of the spec today.
func TestEndpointTableUpToDate(t *testing.T) {
	want, err := EndpointTable(loadSpec(t), "ofauth")
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(tableFile)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s is stale: run go generate ./... in the repository root", tableFile)
	}
	if first, _, _ := strings.Cut(string(got), "\n"); first != Header {
		t.Fatalf("first line %q, want %q", first, Header)
	}
}

func TestRunWritesOnlyWhenChanged(t *testing.T) {
	out := filepath.Join(t.TempDir(), "table.go")
	if err := run(specFile, out, "ofauth"); err != nil {
		t.Fatal(err)
	}
	first, err := os.Stat(out)
	if err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile(out) // #nosec G304 -- a file of this test's temp dir
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(src, []byte(Header+"\n\npackage ofauth\n")) {
		t.Fatalf("unexpected start of the generated file:\n%.200s", src)
	}
	if err := run(specFile, out, "ofauth"); err != nil {
		t.Fatal(err)
	}
	second, err := os.Stat(out)
	if err != nil {
		t.Fatal(err)
	}
	if !second.ModTime().Equal(first.ModTime()) {
		t.Fatal("an unchanged table was rewritten")
	}
}

func TestRunReportsAMissingSpec(t *testing.T) {
	err := run(filepath.Join(t.TempDir(), "none.yaml"), filepath.Join(t.TempDir(), "out.go"), "ofauth")
	if err == nil {
		t.Fatal("no error for a missing spec")
	}
}

// miniSpec is a valid one-operation document; tests break one fact each.
const miniSpec = `openapi: 3.1.0
info: {title: t, version: "1"}
paths:
  /v2/access/self:
    get:
      operationId: accessSelfGet
      parameters:
        - {name: x-connection-id, in: header, required: true, schema: {type: string}}
      responses:
        "200": {description: OK, content: {application/json: {schema: {type: object}}}}
      x-go-method: Access.Self.Get
      x-permission: profile:read
      x-pagination: none
      x-idempotent: true
`

func TestLoadReadsTheExtensions(t *testing.T) {
	s, err := Load([]byte(miniSpec))
	if err != nil {
		t.Fatal(err)
	}
	want := Operation{Method: "GET", Path: "/v2/access/self", OperationID: "accessSelfGet", GoMethod: "Access.Self.Get",
		Pagination: "none", Permission: "profile:read", Idempotent: true, Connection: true}
	if len(s.Operations) != 1 || !reflect.DeepEqual(s.Operations[0], want) {
		t.Fatalf("got %+v, want [%+v]", s.Operations, want)
	}
}

func TestLoadRejects(t *testing.T) {
	for name, c := range map[string]struct{ old, new, wantErr string }{
		"openapi 3.0":           {"openapi: 3.1.0", "openapi: 3.0.3", "want 3.1"},
		"no x-go-method":        {"x-go-method:", "x-go-name:", "no x-go-method"},
		"empty x-go-method":     {"x-go-method: Access.Self.Get", `x-go-method: ""`, "x-go-method is empty"},
		"unknown pagination":    {"x-pagination: none", "x-pagination: page", `x-pagination "page"`},
		"no x-permission":       {"x-permission:", "x-scope:", "no x-permission"},
		"no x-idempotent":       {"x-idempotent:", "x-safe:", "no x-idempotent"},
		"x-idempotent not bool": {"x-idempotent: true", "x-idempotent: sometimes", "x-idempotent"},
		"no operationId":        {"operationId:", "summary:", "no operationId"},
		"not YAML":              {"openapi: 3.1.0", "openapi: [", ""},
	} {
		t.Run(name, func(t *testing.T) {
			doc := strings.Replace(miniSpec, c.old, c.new, 1)
			_, err := Load([]byte(doc))
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.Contains(err.Error(), c.wantErr) {
				t.Fatalf("error %q does not mention %q", err, c.wantErr)
			}
		})
	}
}

// pathSpec has one operation with three path parameters of different Go
// types, declared out of the path's order.
const pathSpec = `openapi: 3.1.0
info: {title: t, version: "1"}
paths:
  /v2/access/users/lists/{listId}/users/{userId}/parts/{part}:
    get:
      operationId: op
      parameters:
        - {name: userId, in: path, required: true, schema: {type: integer, format: int64}}
        - {name: part, in: path, required: true, schema: {type: integer}}
        - {name: listId, in: path, required: true, schema: {type: string, x-go-type: ID}}
      responses:
        "200": {description: OK}
      x-go-method: Access.X.Y
      x-permission: p
      x-pagination: none
      x-idempotent: true
`

func TestLoadReadsPathParamsInPathOrder(t *testing.T) {
	s, err := Load([]byte(pathSpec))
	if err != nil {
		t.Fatal(err)
	}
	want := []PathParam{{"listId", "ID"}, {"userId", "int64"}, {"part", "int"}}
	if got := s.Operations[0].PathParams; !reflect.DeepEqual(got, want) {
		t.Fatalf("got %+v, want %+v", got, want)
	}
}

func TestLoadRejectsBadPathParams(t *testing.T) {
	for name, c := range map[string]struct{ old, new, wantErr string }{
		"undeclared":      {"- {name: part, in: path", "- {name: other, in: path", `"part" is not declared`},
		"no Go type":      {"schema: {type: integer}}", "schema: {type: boolean}}", "has no Go type"},
		"empty x-go-type": {"x-go-type: ID", `x-go-type: ""`, "x-go-type"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := Load([]byte(strings.Replace(pathSpec, c.old, c.new, 1)))
			if err == nil || !strings.Contains(err.Error(), c.wantErr) {
				t.Fatalf("error %v does not mention %q", err, c.wantErr)
			}
		})
	}
}
