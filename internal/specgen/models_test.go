package main

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// repoRoot is the SDK package's folder, where the model files live.
const repoRoot = "../.."

// TestModelFilesUpToDate fails when a *_models_gen.go file of the SDK is
// not what the generator makes of the spec today, or when one is left
// over that the spec no longer names.
func TestModelFilesUpToDate(t *testing.T) {
	models, err := Models(loadSpec(t))
	if err != nil {
		t.Fatal(err)
	}
	want, err := ModelFiles(models, "ofauth")
	if err != nil {
		t.Fatal(err)
	}
	have, err := filepath.Glob(filepath.Join(repoRoot, "*"+modelsSuffix))
	if err != nil {
		t.Fatal(err)
	}
	if len(have) != len(want) {
		t.Errorf("%d generated model files in the tree, the spec names %d: run go generate ./...", len(have), len(want))
	}
	for name, src := range want {
		got, err := os.ReadFile(filepath.Join(repoRoot, name))
		if err != nil {
			t.Errorf("%s: %v (run go generate ./...)", name, err)
			continue
		}
		if !bytes.Equal(got, src) {
			t.Errorf("%s is stale: run go generate ./... in the repository root", name)
		}
		if first, _, _ := strings.Cut(string(got), "\n"); first != ModelsHeader {
			t.Errorf("%s: first line %q, want %q", name, first, ModelsHeader)
		}
	}
}

// TestOverridesAreHandWritten checks that every schema marked
// x-go-override is declared by hand in the SDK package, and that no
// generated type is declared a second time.
func TestOverridesAreHandWritten(t *testing.T) {
	s := loadSpec(t)
	declared := map[string][]string{} // type name → files declaring it
	files, err := filepath.Glob(filepath.Join(repoRoot, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		af, err := parser.ParseFile(fset, f, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range af.Decls {
			if gd, ok := d.(*ast.GenDecl); ok && gd.Tok == token.TYPE {
				for _, spec := range gd.Specs {
					name := spec.(*ast.TypeSpec).Name.Name
					declared[name] = append(declared[name], filepath.Base(f))
				}
			}
		}
	}
	overrides := 0
	for name, proxy := range s.Model.Components.Schemas.FromOldest() {
		override, err := extBool(proxy.Schema().Extensions, extOverride)
		if err != nil {
			t.Fatal(err)
		}
		if override != nil && *override {
			overrides++
			goType, err := extString(proxy.Schema().Extensions, extName)
			if err != nil {
				t.Fatal(err)
			}
			if goType == "" {
				goType = name
			}
			if files := declared[goType]; len(files) != 1 || !strings.HasSuffix(files[0], "_models_override.go") {
				t.Errorf("override %s (schema %s) is declared in %v, want one _models_override.go file", goType, name, files)
			}
		}
	}
	if overrides == 0 {
		t.Error("no schema is marked x-go-override")
	}
	models, err := Models(s)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range models {
		if want := []string{m.File + modelsSuffix}; !reflect.DeepEqual(declared[m.Name], want) {
			t.Errorf("%s is declared in %v, want only %v", m.Name, declared[m.Name], want)
		}
	}
}

// modelSpec exercises every rule of the model generator.
const modelSpec = `openapi: 3.1.0
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Thing:
      x-go-file: things
      type: object
      description: A thing of the API.
      required: [id, name, tags]
      properties:
        id: {type: integer, format: int64}
        name: {type: string, description: what people call it}
        avatarUrl: {type: string}
        createdAt: {type: string, format: date-time}
        score: {type: number}
        active: {type: boolean}
        tags: {type: array, items: {type: string}}
        counts: {type: object, additionalProperties: {type: integer}}
        extra: {type: object}
        anything: {}
        listId: {type: [string, integer], x-go-type: ID}
        owner:
          $ref: '#/components/schemas/Owner'
        maybeOwner:
          anyOf:
          - $ref: '#/components/schemas/Owner'
          - type: 'null'
        ownerPtr:
          x-go-pointer: true
          $ref: '#/components/schemas/Owner'
        plainOwner:
          x-go-pointer: false
          anyOf:
          - $ref: '#/components/schemas/Owner'
          - type: 'null'
        ownerPage:
          $ref: '#/components/schemas/OwnerPage'
        purchasedSumm: {type: number, x-go-name: PurchasedSum}
        big: {type: string, x-go-type: int64, x-go-string: true, x-go-omitempty: false}
        note: {type: string, x-go-doc: "the API's spelling"}
        renamed:
          $ref: '#/components/schemas/Renamed'
    Owner:
      x-go-file: things
      x-go-doc: Owner owns things.
      type: object
      properties:
        userId: {type: integer, format: int64}
    OwnerPage:
      x-go-type: Page[Owner]
      type: object
    Special:
      x-go-file: things
      x-go-override: true
      type: object
    BodyOnly:
      type: object
      properties:
        a: {type: string}
    Derived:
      x-go-file: other
      x-go-embed: [Owner]
      type: object
      properties:
        userId: {type: integer, format: int64}
        more: {type: string}
    Renamed:
      x-go-file: other
      x-go-name: Nice
      description: Nice is named in Go.
      type: object
      properties:
        a: {type: string}
`

func TestModelsFollowTheRules(t *testing.T) {
	s, err := Load([]byte(modelSpec))
	if err != nil {
		t.Fatal(err)
	}
	models, err := Models(s)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, m := range models {
		names = append(names, m.Name)
	}
	if want := []string{"Thing", "Owner", "Derived", "Nice"}; !reflect.DeepEqual(names, want) {
		t.Fatalf("models %v, want %v (no override, no schema without x-go-file)", names, want)
	}
	thing := models[0]
	if thing.File != "things" || thing.Doc != "Thing is a thing of the API." {
		t.Errorf("file %q doc %q", thing.File, thing.Doc)
	}
	want := []Field{
		{"ID", "int64", "id", ""},
		{"Name", "string", "name", "what people call it"},
		{"AvatarURL", "string", "avatarUrl,omitempty", ""},
		{"CreatedAt", "time.Time", "createdAt,omitempty", ""},
		{"Score", "float64", "score,omitempty", ""},
		{"Active", "bool", "active,omitempty", ""},
		{"Tags", "[]string", "tags", ""},
		{"Counts", "map[string]int64", "counts,omitempty", ""},
		{"Extra", "json.RawMessage", "extra,omitempty", ""},
		{"Anything", "json.RawMessage", "anything,omitempty", ""},
		{"ListID", "ID", "listId,omitempty", ""},
		{"Owner", "Owner", "owner,omitempty", ""},
		{"MaybeOwner", "*Owner", "maybeOwner,omitempty", ""},
		{"OwnerPtr", "*Owner", "ownerPtr,omitempty", ""},
		{"PlainOwner", "Owner", "plainOwner,omitempty", ""},
		{"OwnerPage", "Page[Owner]", "ownerPage,omitempty", ""},
		{"PurchasedSum", "float64", "purchasedSumm,omitempty", ""},
		{"Big", "int64", "big,string", ""},
		{"Note", "string", "note,omitempty", "the API's spelling"},
		{"Renamed", "Nice", "renamed,omitempty", ""},
	}
	if !reflect.DeepEqual(thing.Fields, want) {
		t.Errorf("fields\n got %+v\nwant %+v", thing.Fields, want)
	}
	if models[1].Doc != "Owner owns things." || models[1].Fields[0].Name != "UserID" {
		t.Errorf("owner %+v", models[1])
	}
	derived := models[2]
	if !reflect.DeepEqual(derived.Embed, []string{"Owner"}) || len(derived.Fields) != 1 || derived.Fields[0].Name != "More" {
		t.Errorf("derived %+v: want Owner embedded and only the field it lacks", derived)
	}

	files, err := ModelFiles(models, "pkg")
	if err != nil {
		t.Fatal(err)
	}
	src := string(files["things"+modelsSuffix])
	for _, want := range []string{
		ModelsHeader + "\n\npackage pkg\n",
		"\"encoding/json\"",
		"\"time\"",
		"// Thing is a thing of the API.\ntype Thing struct {",
		"\tName         string           `json:\"name\"` // what people call it\n",
	} {
		if !strings.Contains(src, want) {
			t.Errorf("things file lacks %q:\n%s", want, src)
		}
	}
	if other := string(files["other"+modelsSuffix]); strings.Contains(other, "import") || !strings.Contains(other, "\tOwner\n\n\tMore string") {
		t.Errorf("other file:\n%s", other)
	}
}

func TestModelsReject(t *testing.T) {
	for name, c := range map[string]struct{ old, new, wantErr string }{
		"two types":         {"listId: {type: [string, integer], x-go-type: ID}", "listId: {type: [string, integer]}", "need an x-go-type"},
		"inline object":     {"extra: {type: object}", "extra: {type: object, properties: {a: {type: string}}}", "inline object"},
		"bad pointer":       {"x-go-pointer: true", "x-go-pointer: maybe", "x-go-pointer"},
		"embed not schema":  {"x-go-embed: [Owner]", "x-go-embed: [Nobody]", "not a component schema"},
		"unknown type":      {"score: {type: number}", "score: {type: decimal}", ""},
		"file not a string": {"x-go-file: other", "x-go-file: [other]", "x-go-file"},
	} {
		t.Run(name, func(t *testing.T) {
			doc := strings.Replace(modelSpec, c.old, c.new, 1)
			if doc == modelSpec {
				t.Fatalf("%q is not in the spec", c.old)
			}
			s, err := Load([]byte(doc))
			if err == nil {
				_, err = Models(s)
			}
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.Contains(err.Error(), c.wantErr) {
				t.Fatalf("error %q does not mention %q", err, c.wantErr)
			}
		})
	}
}

func TestGoName(t *testing.T) {
	for in, want := range map[string]string{
		"id": "ID", "userId": "UserID", "avatarUrl": "AvatarURL", "ids": "IDs", "name": "Name",
		"canPinnedToFeed": "CanPinnedToFeed", "_view": "View", "240": "X240", "apiKey": "APIKey",
		"mediaUploadId": "MediaUploadID", "c144": "C144", "x-connection-id": "XConnectionID",
	} {
		if got := goName(in); got != want {
			t.Errorf("goName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDocText(t *testing.T) {
	for _, c := range []struct{ name, doc, desc, want string }{
		{"T", "T is written.", "ignored", "T is written."},
		{"T", "", "T holds things.", "T holds things."},
		{"T", "", "A  list\n of things.", "T is a list of things."},
		{"T", "", "", "T is the T schema of the API."},
	} {
		if got := docText(c.name, c.doc, c.desc); got != c.want {
			t.Errorf("docText(%q, %q, %q) = %q, want %q", c.name, c.doc, c.desc, got, c.want)
		}
	}
}

func TestRunModelsWritesAndPrunes(t *testing.T) {
	dir := t.TempDir()
	spec := filepath.Join(dir, "openapi.yaml")
	if err := os.WriteFile(spec, []byte(modelSpec), 0o600); err != nil {
		t.Fatal(err)
	}
	stale := filepath.Join(dir, "gone"+modelsSuffix)
	keep := filepath.Join(dir, "handwritten.go")
	for _, f := range []string{stale, keep} {
		if err := os.WriteFile(f, []byte("package pkg\n"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := runModels(spec, dir, "pkg"); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("stale generated file left: %v", err)
	}
	if _, err := os.Stat(keep); err != nil {
		t.Errorf("hand-written file removed: %v", err)
	}
	things := filepath.Join(dir, "things"+modelsSuffix)
	before, err := os.Stat(things)
	if err != nil {
		t.Fatal(err)
	}
	// A second run with nothing changed must not rewrite the file.
	if err := runModels(spec, dir, "pkg"); err != nil {
		t.Fatal(err)
	}
	after, err := os.Stat(things)
	if err != nil {
		t.Fatal(err)
	}
	if !after.ModTime().Equal(before.ModTime()) {
		t.Error("up-to-date file rewritten")
	}
	if err := runModels(filepath.Join(dir, "missing.yaml"), dir, "pkg"); err == nil {
		t.Error("no error for a missing spec")
	}
}
