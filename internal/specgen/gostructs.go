package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
)

// goField is a struct field as the generated validation needs it.
type goField struct {
	Name    string
	Pointer bool // *T: optional, so not checked
}

// goStructs reads the exported struct types of the Go package in dir
// (tests left out; generated models count), each with its fields by JSON
// name, so that a check on a body property names the field the models
// declare for it (trialLinkName is TrialLinkParams.Name).
func goStructs(dir string) (map[string]map[string]goField, error) {
	fset := token.NewFileSet()
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	out := map[string]map[string]goField{}
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		for _, decl := range f.Decls {
			gd, ok := decl.(*ast.GenDecl)
			if !ok || gd.Tok != token.TYPE {
				continue
			}
			for _, spec := range gd.Specs {
				ts := spec.(*ast.TypeSpec)
				if st, ok := ts.Type.(*ast.StructType); ok && ts.Name.IsExported() {
					out[ts.Name.Name] = structFields(st)
				}
			}
		}
	}
	return out, nil
}

func structFields(st *ast.StructType) map[string]goField {
	fields := map[string]goField{}
	for _, f := range st.Fields.List {
		if f.Tag == nil || len(f.Names) != 1 {
			continue
		}
		tag, err := strconv.Unquote(f.Tag.Value)
		if err != nil {
			continue
		}
		json, _, _ := strings.Cut(reflect.StructTag(tag).Get("json"), ",")
		if json == "" || json == "-" {
			continue
		}
		_, ptr := f.Type.(*ast.StarExpr)
		fields[json] = goField{Name: f.Names[0].Name, Pointer: ptr}
	}
	return fields
}
