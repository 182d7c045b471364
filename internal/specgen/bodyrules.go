package main

import (
	"iter"
	"slices"
	"strings"

	"github.com/pb33f/libopenapi/datamodel/high/base"
	v3 "github.com/pb33f/libopenapi/datamodel/high/v3"
)

// bodyRuleDepth bounds how deep the rules of a body follow its schema;
// below it a value's type is checked, not its contents, which also ends
// recursive schemas.
const bodyRuleDepth = 8

// bodyRule reads the rule of one body value: its type and bounds, and,
// for an object, an array, a map or a union, the rules of what it holds.
func bodyRule(name string, s *base.Schema, depth int) QueryRule {
	if alts := alternatives(s); len(alts) > 0 {
		if len(alts) == 1 {
			return bodyRule(name, alts[0], depth)
		}
		q := QueryRule{Name: name}
		for _, a := range alts {
			q.OneOf = append(q.OneOf, bodyRule("", a, depth))
		}
		return q
	}
	if len(s.Type) == 0 && s.Properties == nil && len(s.AllOf) > 0 {
		// allOf of a scalar (a $ref plus a description, say): the first
		// part that is not an object decides.
		for _, part := range s.AllOf {
			if ps := resolvedSchema(part); ps != nil && schemaType(ps) != "object" {
				return bodyRule(name, ps, depth)
			}
		}
	}
	types := slices.DeleteFunc(slices.Clone(s.Type), func(t string) bool { return t == "null" })
	if len(types) > 1 { // e.g. an id sent as a number or a string
		q := QueryRule{Name: name}
		for _, t := range types {
			q.OneOf = append(q.OneOf, typedRule("", s, t, depth))
		}
		return q
	}
	return typedRule(name, s, schemaType(s), depth)
}

// typedRule reads s as a value of type t.
func typedRule(name string, s *base.Schema, t string, depth int) QueryRule {
	q := QueryRule{Name: name, Type: t}
	switch t {
	case "null":
		q.Type = ""
	case "object":
		if depth >= bodyRuleDepth {
			return q
		}
		required := requiredFields(s)
		for prop, ps := range objectProps(s) {
			r := bodyRule(prop, ps, depth+1)
			r.Required = slices.Contains(required, prop)
			q.Props = append(q.Props, r)
		}
		for _, r := range required {
			if !slices.ContainsFunc(q.Props, func(p QueryRule) bool { return p.Name == r }) {
				q.Props = append(q.Props, QueryRule{Name: r, Required: true})
			}
		}
		if ap := s.AdditionalProperties; ap != nil && ap.IsA() && ap.A != nil {
			if vs := resolvedSchema(ap.A); vs != nil {
				v := bodyRule("", vs, depth+1)
				q.Values = &v
			}
		}
	case "array":
		if s.MinItems != nil {
			q.MinItems = *s.MinItems
		}
		if s.MaxItems != nil {
			q.MaxItems = *s.MaxItems
		}
		if s.Items != nil && s.Items.IsA() && depth < bodyRuleDepth {
			if is := resolvedSchema(s.Items.A); is != nil {
				it := bodyRule("", is, depth+1)
				q.Items = &it
			}
		}
	default:
		scalarFacts(&q, s)
		if s.Default != nil {
			q.Default = s.Default.Value
		}
	}
	return q
}

// alternatives are the branches of a oneOf or anyOf schema, those that
// only allow null left out (null always counts as not sent).
func alternatives(s *base.Schema) []*base.Schema {
	var out []*base.Schema
	for _, p := range append(slices.Clone(s.OneOf), s.AnyOf...) {
		if as := resolvedSchema(p); as != nil && !onlyNull(as) {
			out = append(out, as)
		}
	}
	return out
}

// objectProps yields the properties of an object schema, allOf parts
// included, each once, in the schema's order.
func objectProps(s *base.Schema) iter.Seq2[string, *base.Schema] {
	return func(yield func(string, *base.Schema) bool) {
		seen := map[string]bool{}
		var walk func(s *base.Schema) bool
		walk = func(s *base.Schema) bool {
			for _, part := range s.AllOf {
				if ps := resolvedSchema(part); ps != nil && !walk(ps) {
					return false
				}
			}
			if s.Properties == nil {
				return true
			}
			for name, p := range s.Properties.FromOldest() {
				ps := resolvedSchema(p)
				if ps == nil || seen[name] {
					continue
				}
				seen[name] = true
				if !yield(name, ps) {
					return false
				}
			}
			return true
		}
		walk(s)
	}
}

// pathRule reads the rule of a path parameter.
func pathRule(p *v3.Parameter) QueryRule {
	if p.Schema != nil {
		if s := resolvedSchema(p.Schema); s != nil {
			return bodyRule(p.Name, s, 0)
		}
	}
	return QueryRule{Name: p.Name, Type: "string"}
}

// Echo places the value of a path parameter into a canned body, so that
// an answer names the object it was asked about.
type Echo struct {
	Param string
	// Field is where the value goes: dot-separated keys, "[]" after a key
	// for each item of that array ("list[].userId"), "[]" alone for each
	// item of a top-level array.
	Field string
	// Number is set when the field is a number: a value that is not one
	// is then left out.
	Number bool
}

// echoRules finds, from the response schema, where the answer of a route
// holds its path parameters: a field named like the parameter
// ("listId"), the id of an object named like it minus "Id" ("user.id"
// for userId), in the answer or in each item of its list; and the
// answer's own id for the parameter that ends the path (GET
// /users/{userId} answers that user).
func echoRules(template string, params []QueryRule, resp *base.Schema) []Echo {
	if resp == nil {
		return nil
	}
	var out []Echo
	last := ""
	if strings.HasSuffix(template, "}") {
		last = params[len(params)-1].Name
	}
	isObject := schemaType(resp) == "object" && len(alternatives(resp)) == 0
	listKey, item := listItems(resp)
	for _, p := range params {
		if isObject {
			if f, num, ok := ownerField(resp, p.Name); ok {
				out = append(out, Echo{Param: p.Name, Field: f, Number: num})
			} else if id := propSchema(resp, "id"); p.Name == last && id != nil && isScalar(id) {
				out = append(out, Echo{Param: p.Name, Field: "id", Number: isNumber(id)})
			}
		}
		if item != nil {
			if f, num, ok := ownerField(item, p.Name); ok {
				out = append(out, Echo{Param: p.Name, Field: listKey + "[]." + f, Number: num})
			}
		}
	}
	return out
}

// listItems returns the item schema of a list answer and the key of its
// array: "" for a top-level array, else the one property of the object
// that is an array of objects; nil when there is no such single list.
func listItems(resp *base.Schema) (string, *base.Schema) {
	itemOf := func(s *base.Schema) *base.Schema {
		if s == nil || schemaType(s) != "array" || s.Items == nil || !s.Items.IsA() {
			return nil
		}
		if is := resolvedSchema(s.Items.A); is != nil && schemaType(is) == "object" {
			return is
		}
		return nil
	}
	if it := itemOf(resp); it != nil {
		return "", it
	}
	key, found := "", (*base.Schema)(nil)
	for name, ps := range objectProps(resp) {
		if it := itemOf(ps); it != nil {
			if found != nil {
				return "", nil // several lists: none is the answer's
			}
			key, found = name, it
		}
	}
	return key, found
}

// ownerField finds the field of object o that names param: a scalar
// property of the same name, or the scalar id of an object property
// named like param minus its "Id" suffix.
func ownerField(o *base.Schema, param string) (field string, number, ok bool) {
	if ps := propSchema(o, param); ps != nil && isScalar(ps) {
		return param, isNumber(ps), true
	}
	owner, cut := strings.CutSuffix(param, "Id")
	if !cut || owner == "" {
		return "", false, false
	}
	if ps := propSchema(o, owner); ps != nil && schemaType(ps) == "object" {
		if id := propSchema(ps, "id"); id != nil && isScalar(id) {
			return owner + ".id", isNumber(id), true
		}
	}
	return "", false, false
}

// propSchema is the schema of object o's property name, or nil.
func propSchema(o *base.Schema, name string) *base.Schema {
	for n, ps := range objectProps(o) {
		if n == name {
			return ps
		}
	}
	return nil
}

func isScalar(s *base.Schema) bool {
	switch schemaType(s) {
	case "integer", "number", "string":
		return len(alternatives(s)) == 0
	}
	return false
}

func isNumber(s *base.Schema) bool {
	t := schemaType(s)
	return t == "integer" || t == "number"
}
