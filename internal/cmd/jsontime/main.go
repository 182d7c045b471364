// Command jsontime writes json_time_gen.go for the ofauth package: an
// UnmarshalJSON for every struct with time.Time fields, decoding those
// fields leniently (ISO strings, dates, epoch numbers, null, "") through
// jsonx.Time. Structs that declare their own UnmarshalJSON are left alone.
//
// A struct that embeds a type with an UnmarshalJSON gets one too: the
// embedded method would otherwise be promoted and decode only the embedded
// part. It decodes each embedded value, then its own fields.
//
// Run it with `go generate` from the module root.
package main

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/printer"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
)

// Output is the generated file's name, in the package directory.
const Output = "json_time_gen.go"

func main() {
	dir := "."
	if len(os.Args) > 1 {
		dir = os.Args[1]
	}
	src, err := Generate(dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, "jsontime:", err)
		os.Exit(1)
	}
	if err := os.WriteFile(filepath.Join(dir, Output), src, 0o644); err != nil { //nolint:gosec // a Go source file, readable like the others
		fmt.Fprintln(os.Stderr, "jsontime:", err)
		os.Exit(1)
	}
}

type timeStruct struct {
	name   string
	fields []timeField // time.Time fields
	embeds []string    // embedded types, when one of them decodes itself
	own    []ownField  // the other fields, when embeds is set
}

type timeField struct {
	goName, jsonName string
}

type ownField struct {
	goName, typ, tag string
}

// Generate returns the generated source for the package in dir.
func Generate(dir string) ([]byte, error) {
	fset := token.NewFileSet()
	pkgs, err := parser.ParseDir(fset, dir, func(fi os.FileInfo) bool {
		return !strings.HasSuffix(fi.Name(), "_test.go") && fi.Name() != Output
	}, 0)
	if err != nil {
		return nil, err
	}
	if len(pkgs) != 1 {
		return nil, fmt.Errorf("want one package in %s, found %d", dir, len(pkgs))
	}
	var pkgName string
	var files []*ast.File
	for name, p := range pkgs {
		pkgName = name
		for _, f := range p.Files {
			files = append(files, f)
		}
	}
	custom := declaredUnmarshalers(files)
	var specs []*ast.TypeSpec
	for _, f := range files {
		for _, decl := range f.Decls {
			gd, ok := decl.(*ast.GenDecl)
			if !ok || gd.Tok != token.TYPE {
				continue
			}
			for _, spec := range gd.Specs {
				ts := spec.(*ast.TypeSpec)
				if _, ok := ts.Type.(*ast.StructType); ok && ts.TypeParams == nil && !custom[ts.Name.Name] {
					specs = append(specs, ts)
				}
			}
		}
	}
	// decoders holds every type with an UnmarshalJSON, declared or
	// generated; embedding one makes the outer struct need one too, so
	// repeat until nothing changes.
	decoders := map[string]bool{}
	for name := range custom {
		decoders[name] = true
	}
	byName := map[string]timeStruct{}
	for changed := true; changed; {
		changed = false
		for _, ts := range specs {
			if _, done := byName[ts.Name.Name]; done {
				continue
			}
			s := inspect(fset, ts.Name.Name, ts.Type.(*ast.StructType), decoders)
			if len(s.fields) > 0 || len(s.embeds) > 0 {
				byName[s.name] = s
				decoders[s.name] = true
				changed = true
			}
		}
	}
	structs := make([]timeStruct, 0, len(byName))
	for _, s := range byName {
		structs = append(structs, s)
	}
	sort.Slice(structs, func(i, j int) bool { return structs[i].name < structs[j].name })
	return render(pkgName, structs)
}

func declaredUnmarshalers(files []*ast.File) map[string]bool {
	m := map[string]bool{}
	for _, f := range files {
		for _, decl := range f.Decls {
			fd, ok := decl.(*ast.FuncDecl)
			if !ok || fd.Recv == nil || fd.Name.Name != "UnmarshalJSON" {
				continue
			}
			t := fd.Recv.List[0].Type
			if star, ok := t.(*ast.StarExpr); ok {
				t = star.X
			}
			if id, ok := t.(*ast.Ident); ok {
				m[id.Name] = true
			}
		}
	}
	return m
}

func inspect(fset *token.FileSet, name string, st *ast.StructType, decoders map[string]bool) timeStruct {
	s := timeStruct{name: name}
	var embedded []string
	needsTwoStep := false
	for _, f := range st.Fields.List {
		if len(f.Names) == 0 {
			id, ok := f.Type.(*ast.Ident)
			if !ok {
				continue // a type of another package: not one of ours to decode
			}
			embedded = append(embedded, id.Name)
			needsTwoStep = needsTwoStep || decoders[id.Name]
			continue
		}
		jsonName, ok := jsonTag(f)
		if !ok {
			continue // not a JSON model field
		}
		for _, n := range f.Names {
			if !n.IsExported() {
				continue
			}
			jn := jsonName
			if jn == "" {
				jn = n.Name
			}
			if isTime(f.Type) {
				s.fields = append(s.fields, timeField{goName: n.Name, jsonName: jn})
				continue
			}
			tag, _ := strconv.Unquote(f.Tag.Value)
			s.own = append(s.own, ownField{goName: n.Name, typ: exprString(fset, f.Type), tag: tag})
		}
	}
	if needsTwoStep {
		s.embeds = embedded
	} else {
		s.own = nil // the alias form decodes them
	}
	return s
}

// jsonTag returns the field's JSON name ("" for the Go name) and whether
// it is a JSON field at all.
func jsonTag(f *ast.Field) (string, bool) {
	if f.Tag == nil {
		return "", false
	}
	tag, _ := strconv.Unquote(f.Tag.Value)
	j, ok := reflect.StructTag(tag).Lookup("json")
	if !ok || j == "-" {
		return "", false
	}
	head, _, _ := strings.Cut(j, ",")
	return head, true
}

func exprString(fset *token.FileSet, e ast.Expr) string {
	var b bytes.Buffer
	if err := printer.Fprint(&b, fset, e); err != nil {
		return types.ExprString(e) // printer fails only on writes, which a Buffer never fails
	}
	return b.String()
}

func isTime(e ast.Expr) bool {
	sel, ok := e.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	pkg, ok := sel.X.(*ast.Ident)
	return ok && pkg.Name == "time" && sel.Sel.Name == "Time"
}

func render(pkg string, structs []timeStruct) ([]byte, error) {
	var b bytes.Buffer
	fmt.Fprintf(&b, "// Code generated by internal/cmd/jsontime; DO NOT EDIT.\n\npackage %s\n\n", pkg)
	if len(structs) > 0 {
		b.WriteString("import (\n\t\"encoding/json\"\n\n\t\"github.com/ofauth-go/ofauth/internal/jsonx\"\n)\n")
	}
	for _, s := range structs {
		if len(s.embeds) > 0 {
			renderTwoStep(&b, s)
		} else {
			renderAlias(&b, s)
		}
	}
	return format.Source(b.Bytes())
}

// renderAlias decodes through an alias type, whose method set is empty,
// with the time fields shadowed by jsonx.Time.
func renderAlias(b *bytes.Buffer, s timeStruct) {
	fmt.Fprintf(b, "\n// UnmarshalJSON decodes %s with lenient timestamps.\n", s.name)
	fmt.Fprintf(b, "func (v *%s) UnmarshalJSON(b []byte) error {\n\ttype plain %s\n\taux := struct {\n\t\t*plain\n", s.name, s.name)
	for _, f := range s.fields {
		fmt.Fprintf(b, "\t\t%s jsonx.Time `json:%q`\n", f.goName, f.jsonName)
	}
	b.WriteString("\t}{plain: (*plain)(v)}\n\tif err := json.Unmarshal(b, &aux); err != nil {\n\t\treturn err\n\t}\n")
	for _, f := range s.fields {
		fmt.Fprintf(b, "\tv.%s = aux.%s.Time\n", f.goName, f.goName)
	}
	b.WriteString("\treturn nil\n}\n")
}

// renderTwoStep decodes each embedded value with its own decoder, then the
// struct's own fields.
func renderTwoStep(b *bytes.Buffer, s timeStruct) {
	fmt.Fprintf(b, "\n// UnmarshalJSON decodes %s: the embedded %s, then its own fields.\n", s.name, strings.Join(s.embeds, " and "))
	fmt.Fprintf(b, "func (v *%s) UnmarshalJSON(b []byte) error {\n", s.name)
	for _, e := range s.embeds {
		fmt.Fprintf(b, "\tif err := json.Unmarshal(b, &v.%s); err != nil {\n\t\treturn err\n\t}\n", e)
	}
	if len(s.fields)+len(s.own) == 0 {
		b.WriteString("\treturn nil\n}\n")
		return
	}
	b.WriteString("\tvar aux struct {\n")
	for _, f := range s.own {
		fmt.Fprintf(b, "\t\t%s %s `%s`\n", f.goName, f.typ, f.tag)
	}
	for _, f := range s.fields {
		fmt.Fprintf(b, "\t\t%s jsonx.Time `json:%q`\n", f.goName, f.jsonName)
	}
	b.WriteString("\t}\n\tif err := json.Unmarshal(b, &aux); err != nil {\n\t\treturn err\n\t}\n")
	for _, f := range s.own {
		fmt.Fprintf(b, "\tv.%s = aux.%s\n", f.goName, f.goName)
	}
	for _, f := range s.fields {
		fmt.Fprintf(b, "\tv.%s = aux.%s.Time\n", f.goName, f.goName)
	}
	b.WriteString("\treturn nil\n}\n")
}
