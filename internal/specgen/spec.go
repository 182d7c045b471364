package main

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/pb33f/libopenapi"
	v3 "github.com/pb33f/libopenapi/datamodel/high/v3"
)

// Pagination styles an operation's x-pagination may name.
var paginationStyles = []string{"offset", "marker", "posts-cursor", "vaultplus-cursor", "none"}

// Operation is what the generator needs to know about one operation of the
// spec: the HTTP facts plus the x- extensions the SDK relies on.
type Operation struct {
	Method      string // upper case, e.g. "GET"
	Path        string // full template, e.g. "/v2/access/subscribers/{userId}"
	OperationID string
	GoMethod    string // x-go-method, e.g. "Access.Subscribers.List"
	Pagination  string // x-pagination
	Permission  string // x-permission; empty outside the Access API
	Idempotent  bool   // x-idempotent
	// Connection reports whether the operation sends the x-connection-id
	// header (every Access call and the connection-scoped Vault+ calls).
	Connection bool
	// PathParams are the path's parameters in the order the path names
	// them, each with the Go type the SDK method takes it as.
	PathParams []PathParam
}

// PathParam is one path parameter and its Go type: int64 for an integer
// of format int64, int for another integer, the schema's x-go-type for a
// string that has one (ID), string otherwise.
type PathParam struct {
	Name   string
	GoType string
}

// Spec is the parsed document and the operations read from it, sorted by
// path, then method.
type Spec struct {
	Model      *v3.Document
	Operations []Operation
}

// Load parses an OpenAPI 3.1 document and reads every operation. It fails
// on a document that is not 3.1, that does not build, or whose operations
// lack the extensions the SDK needs.
func Load(raw []byte) (*Spec, error) {
	doc, err := libopenapi.NewDocument(raw)
	if err != nil {
		return nil, err
	}
	if v := doc.GetVersion(); !strings.HasPrefix(v, "3.1") {
		return nil, fmt.Errorf("openapi version %q, want 3.1.x", v)
	}
	model, err := doc.BuildV3Model()
	if err != nil {
		return nil, fmt.Errorf("building the model: %w", err)
	}
	s := &Spec{Model: &model.Model}
	if model.Model.Paths == nil {
		return nil, errors.New("the document has no paths")
	}
	var errs []error
	for path, item := range model.Model.Paths.PathItems.FromOldest() {
		for method, op := range item.GetOperations().FromOldest() {
			o, err := readOperation(strings.ToUpper(method), path, op, item.Parameters)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			s.Operations = append(s.Operations, o)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	slices.SortFunc(s.Operations, func(a, b Operation) int {
		if c := strings.Compare(a.Path, b.Path); c != 0 {
			return c
		}
		return methodRank(a.Method) - methodRank(b.Method)
	})
	return s, nil
}

func readOperation(method, path string, op *v3.Operation, shared []*v3.Parameter) (Operation, error) {
	o := Operation{Method: method, Path: path, OperationID: op.OperationId}
	where := method + " " + path
	var err error
	if o.GoMethod, err = stringExt(op, "x-go-method"); err != nil {
		return o, fmt.Errorf("%s: %w", where, err)
	}
	if o.Pagination, err = stringExt(op, "x-pagination"); err != nil {
		return o, fmt.Errorf("%s: %w", where, err)
	}
	if !slices.Contains(paginationStyles, o.Pagination) {
		return o, fmt.Errorf("%s: x-pagination %q is none of %v", where, o.Pagination, paginationStyles)
	}
	if o.Idempotent, err = boolExt(op, "x-idempotent"); err != nil {
		return o, fmt.Errorf("%s: %w", where, err)
	}
	if strings.HasPrefix(path, "/v2/access/") {
		if o.Permission, err = stringExt(op, "x-permission"); err != nil {
			return o, fmt.Errorf("%s: %w", where, err)
		}
	}
	for _, p := range op.Parameters {
		if p != nil && p.In == "header" && strings.EqualFold(p.Name, "x-connection-id") {
			o.Connection = true
		}
	}
	if o.OperationID == "" {
		return o, fmt.Errorf("%s: no operationId", where)
	}
	if o.PathParams, err = pathParams(path, append(slices.Clip(shared), op.Parameters...)); err != nil {
		return o, fmt.Errorf("%s: %w", where, err)
	}
	return o, nil
}

// pathParams lists the parameters the path template names, in its order,
// with their Go types; every one must be declared "in: path" with a schema.
func pathParams(path string, params []*v3.Parameter) ([]PathParam, error) {
	declared := map[string]*v3.Parameter{}
	for _, p := range params {
		if p != nil && p.In == "path" {
			declared[p.Name] = p
		}
	}
	var out []PathParam
	for rest := path; ; {
		open := strings.IndexByte(rest, '{')
		if open < 0 {
			break
		}
		end := strings.IndexByte(rest[open:], '}')
		if end < 0 {
			return nil, fmt.Errorf("unclosed path parameter in %q", path)
		}
		name := rest[open+1 : open+end]
		rest = rest[open+end+1:]
		p, ok := declared[name]
		if !ok {
			return nil, fmt.Errorf("path parameter %q is not declared", name)
		}
		goType, err := goTypeOf(p)
		if err != nil {
			return nil, fmt.Errorf("path parameter %q: %w", name, err)
		}
		out = append(out, PathParam{Name: name, GoType: goType})
	}
	return out, nil
}

// goTypeOf maps a parameter's schema to the Go type the SDK uses for it.
func goTypeOf(p *v3.Parameter) (string, error) {
	if p.Schema == nil || p.Schema.Schema() == nil {
		return "", errors.New("no schema")
	}
	s := p.Schema.Schema()
	if s.Extensions != nil {
		if node, ok := s.Extensions.Get("x-go-type"); ok && node != nil {
			var t string
			if err := node.Decode(&t); err != nil {
				return "", fmt.Errorf("x-go-type: %w", err)
			}
			if t == "" {
				return "", errors.New("x-go-type is empty")
			}
			return t, nil
		}
	}
	switch {
	case slices.Contains(s.Type, "integer") && s.Format == "int64":
		return "int64", nil
	case slices.Contains(s.Type, "integer"):
		return "int", nil
	case slices.Contains(s.Type, "string"):
		return "string", nil
	}
	return "", fmt.Errorf("schema type %v has no Go type", s.Type)
}

func stringExt(op *v3.Operation, name string) (string, error) {
	var v string
	if err := decodeExt(op, name, &v); err != nil {
		return "", err
	}
	if v == "" {
		return "", fmt.Errorf("%s is empty", name)
	}
	return v, nil
}

func boolExt(op *v3.Operation, name string) (bool, error) {
	var v bool
	err := decodeExt(op, name, &v)
	return v, err
}

func decodeExt(op *v3.Operation, name string, into any) error {
	if op.Extensions == nil {
		return fmt.Errorf("no %s", name)
	}
	node, ok := op.Extensions.Get(name)
	if !ok || node == nil {
		return fmt.Errorf("no %s", name)
	}
	if err := node.Decode(into); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

// methodRank orders the methods of one path the way the API docs list them.
func methodRank(m string) int {
	order := []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete}
	if i := slices.Index(order, m); i >= 0 {
		return i
	}
	return len(order)
}
