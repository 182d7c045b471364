package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/pb33f/libopenapi/datamodel/high/base"
)

// Fixed values of the synthesised bodies: the same spec always gives the
// same bytes, so the generated file stays stable under `go generate`.
const (
	synthDateTime = "2026-01-15T12:00:00.000Z"
	synthDate     = "2026-01-15"
	// synthMaxDepth bounds nesting: below it, objects keep only their
	// required properties and arrays their minimum length, which also ends
	// recursive schemas.
	synthMaxDepth = 6
)

// ordered is a JSON object whose keys keep the schema's order.
type ordered struct {
	keys []string
	vals map[string]any
}

func (o *ordered) set(k string, v any) {
	if o.vals == nil {
		o.vals = map[string]any{}
	}
	if _, ok := o.vals[k]; !ok {
		o.keys = append(o.keys, k)
	}
	o.vals[k] = v
}

// MarshalJSON writes the keys in insertion order.
func (o *ordered) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteByte('{')
	for i, k := range o.keys {
		if i > 0 {
			buf.WriteByte(',')
		}
		kb, err := json.Marshal(k)
		if err != nil {
			return nil, err
		}
		vb, err := json.Marshal(o.vals[k])
		if err != nil {
			return nil, err
		}
		buf.Write(kb)
		buf.WriteByte(':')
		buf.Write(vb)
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

// Synthesize returns an indented JSON value for schema: the schema's own
// const, example, examples, default or first enum value when it has one,
// else a value chosen from the type, the format and the property name.
// The result is deterministic.
func Synthesize(proxy *base.SchemaProxy) ([]byte, error) {
	v, err := synthValue("", proxy, 0, 0)
	if err != nil {
		return nil, err
	}
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	if err := json.Indent(&out, raw, "", "  "); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

func synthValue(name string, proxy *base.SchemaProxy, depth, idx int) (any, error) {
	if proxy == nil {
		return map[string]any{}, nil
	}
	s := proxy.Schema()
	if proxy.IsTransformedRefWithSiblings() {
		// A $ref with sibling keywords (a description) reads as
		// allOf: [siblings, $ref]; Schema() gives the siblings alone.
		if full, err := proxy.BuildTransformedRefSemanticSchema(nil); err == nil && full != nil {
			s = full
		}
	}
	if s == nil {
		if err := proxy.GetBuildError(); err != nil {
			return nil, fmt.Errorf("schema of %q: %w", name, err)
		}
		return map[string]any{}, nil
	}
	return synthSchema(name, s, depth, idx)
}

func synthSchema(name string, s *base.Schema, depth, idx int) (any, error) {
	if n := firstSet(s.Const, s.Example, first(s.Examples), s.Default, first(s.Enum)); n != nil {
		return nodeValue(n)
	}
	if len(s.AllOf) > 0 {
		return synthAllOf(name, s, depth, idx)
	}
	if alts := append(slices.Clone(s.OneOf), s.AnyOf...); len(alts) > 0 {
		for _, alt := range alts {
			if as := alt.Schema(); as != nil && !onlyNull(as) {
				return synthSchema(name, as, depth, idx)
			}
		}
		return nil, nil
	}
	switch schemaType(s) {
	case "object":
		return synthObject(s, depth, idx)
	case "array":
		return synthArray(name, s, depth)
	case "integer":
		return synthInteger(name, s, idx), nil
	case "number":
		return synthNumber(name, s), nil
	case "boolean":
		return synthBool(name), nil
	case "null":
		return nil, nil
	}
	return synthString(name, s, idx), nil
}

func first[T any](ns []*T) *T {
	if len(ns) == 0 {
		return nil
	}
	return ns[0]
}

// firstSet returns the first non-nil of ps.
func firstSet[T any](ps ...*T) *T {
	for _, p := range ps {
		if p != nil {
			return p
		}
	}
	return nil
}

// nodeValue decodes a YAML value of the spec (a *yaml.Node) into
// JSON-ready Go values.
func nodeValue(n interface{ Decode(any) error }) (any, error) {
	var v any
	if err := n.Decode(&v); err != nil {
		return nil, fmt.Errorf("decoding an example: %w", err)
	}
	return v, nil
}

func onlyNull(s *base.Schema) bool {
	return len(s.Type) == 1 && s.Type[0] == "null"
}

// schemaType is the schema's first non-null type, inferred from its
// keywords when it names none.
func schemaType(s *base.Schema) string {
	for _, t := range s.Type {
		if t != "null" {
			return t
		}
	}
	switch {
	case s.Properties != nil && s.Properties.Len() > 0, s.AdditionalProperties != nil:
		return "object"
	case s.Items != nil:
		return "array"
	case len(s.Type) == 1:
		return "null"
	}
	return "object"
}

func synthAllOf(name string, s *base.Schema, depth, idx int) (any, error) {
	merged := &ordered{}
	for _, part := range s.AllOf {
		v, err := synthValue(name, part, depth, idx)
		if err != nil {
			return nil, err
		}
		o, ok := v.(*ordered)
		if !ok {
			return v, nil // a scalar allOf: its first part decides
		}
		for _, k := range o.keys {
			merged.set(k, o.vals[k])
		}
	}
	own, err := synthObject(s, depth, idx)
	if err != nil {
		return nil, err
	}
	for _, k := range own.keys {
		merged.set(k, own.vals[k])
	}
	return merged, nil
}

func synthObject(s *base.Schema, depth, idx int) (*ordered, error) {
	o := &ordered{}
	if s.Properties != nil {
		for k, p := range s.Properties.FromOldest() {
			if depth >= synthMaxDepth && !slices.Contains(s.Required, k) {
				continue
			}
			v, err := synthValue(k, p, depth+1, idx)
			if err != nil {
				return nil, err
			}
			o.set(k, v)
		}
	}
	// A map (additionalProperties only) gets two entries.
	if len(o.keys) == 0 && s.AdditionalProperties != nil && s.AdditionalProperties.IsA() && depth < synthMaxDepth {
		for i, k := range []string{"key1", "key2"} {
			v, err := synthValue(k, s.AdditionalProperties.A, depth+1, i)
			if err != nil {
				return nil, err
			}
			o.set(k, v)
		}
	}
	return o, nil
}

func synthArray(name string, s *base.Schema, depth int) ([]any, error) {
	n := 2
	if depth >= synthMaxDepth {
		n = 0
	}
	if s.MinItems != nil && int64(n) < *s.MinItems {
		n = int(*s.MinItems)
	}
	if s.MaxItems != nil && int64(n) > *s.MaxItems {
		n = int(*s.MaxItems)
	}
	out := make([]any, 0, n)
	var items *base.SchemaProxy
	if s.Items != nil && s.Items.IsA() {
		items = s.Items.A
	}
	for i := range n {
		if items == nil {
			out = append(out, fmt.Sprintf("%s %d", singular(name), i+1))
			continue
		}
		v, err := synthValue(singular(name), items, depth+1, i)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// singular names an item of an array property: "users" → "user".
func singular(name string) string {
	if strings.HasSuffix(name, "s") && len(name) > 1 {
		return name[:len(name)-1]
	}
	return name
}

func clamp(v float64, s *base.Schema) float64 {
	if s.Minimum != nil && v < *s.Minimum {
		v = *s.Minimum
	}
	if s.ExclusiveMinimum != nil && s.ExclusiveMinimum.IsB() && v <= s.ExclusiveMinimum.B {
		v = s.ExclusiveMinimum.B + 1
	}
	if s.Maximum != nil && v > *s.Maximum {
		v = *s.Maximum
	}
	if s.ExclusiveMaximum != nil && s.ExclusiveMaximum.IsB() && v >= s.ExclusiveMaximum.B {
		v = s.ExclusiveMaximum.B - 1
	}
	return v
}

// isIDName tells ids by their camelCase or snake_case suffix, so that
// "paid" or "valid" are not ids.
func isIDName(name string) bool {
	lower := strings.ToLower(name)
	return lower == "id" || lower == "ids" || strings.HasSuffix(name, "Id") || strings.HasSuffix(name, "Ids") ||
		strings.HasSuffix(name, "ID") || strings.HasSuffix(lower, "_id")
}

func synthInteger(name string, s *base.Schema, idx int) int64 {
	lower := strings.ToLower(name)
	v := 12.0 + float64(idx)
	switch {
	case isIDName(name):
		v = 300000001 + float64(idx)
	case strings.Contains(lower, "price") || strings.Contains(lower, "amount"):
		v = 10
	case strings.Contains(lower, "offset") || strings.Contains(lower, "page"):
		v = 0
	case strings.Contains(lower, "limit"):
		v = 20
	case strings.Contains(lower, "year"):
		v = 2026
	case strings.Contains(lower, "percent") || strings.Contains(lower, "discount"):
		v = 50
	case strings.HasSuffix(lower, "days"):
		v = 30
	case strings.Contains(lower, "bytes"), lower == "size", strings.HasSuffix(name, "Size"):
		v = 1048576
	case lower == "width":
		v = 1080
	case lower == "height":
		v = 1920
	case strings.Contains(lower, "duration"):
		v = 30
	}
	return int64(math.Round(clamp(v, s)))
}

// synthNumber gives money and rates a fraction and anything else (counts
// typed as number) a whole value, which an integer field decodes too.
func synthNumber(name string, s *base.Schema) float64 {
	lower := strings.ToLower(name)
	v := 12.0
	switch {
	case strings.Contains(lower, "price"), strings.Contains(lower, "amount"), lower == "net", lower == "gross",
		lower == "total", strings.Contains(lower, "earning"), strings.Contains(lower, "revenue"), strings.Contains(lower, "tips"):
		v = 19.99
	case strings.Contains(lower, "fee"), strings.Contains(lower, "vat"), strings.Contains(lower, "tax"):
		v = 4
	case strings.Contains(lower, "rate"), strings.Contains(lower, "percent"), strings.Contains(lower, "delta"):
		v = 0.25
	}
	return clamp(v, s)
}

// synthBool keeps pagination flags off, so a canned page is always the
// last one and iterators stop.
func synthBool(name string) bool {
	lower := strings.ToLower(name)
	if strings.Contains(lower, "more") {
		return false
	}
	return strings.HasPrefix(lower, "is") || strings.HasPrefix(lower, "can") || strings.HasPrefix(lower, "has")
}

func synthString(name string, s *base.Schema, idx int) string {
	v := stringFor(name, s.Format, idx)
	if s.MinLength != nil {
		for int64(len(v)) < *s.MinLength {
			v += "x"
		}
	}
	if s.MaxLength != nil && int64(len(v)) > *s.MaxLength {
		v = v[:*s.MaxLength]
	}
	return v
}

func stringFor(name, format string, idx int) string {
	lower := strings.ToLower(name)
	n := idx + 1
	switch format {
	case "date-time":
		return synthDateTime
	case "date":
		return synthDate
	case "email":
		return fmt.Sprintf("creator%d@example.com", n)
	case "uuid":
		return fmt.Sprintf("3f1c2a5e-7b6d-4e8f-9a0b-%012d", n)
	case "uri", "url":
		return urlFor(lower, n)
	}
	switch {
	case strings.Contains(lower, "avatar"), strings.Contains(lower, "url"), strings.Contains(lower, "thumb"),
		strings.Contains(lower, "preview"), strings.Contains(lower, "header") && !strings.Contains(lower, "headermarker"),
		lower == "src", lower == "source", strings.HasSuffix(lower, "link"), isThumbSize(lower):
		return urlFor(lower, n)
	case strings.HasSuffix(name, "At"), strings.HasSuffix(lower, "date"), strings.HasSuffix(name, "Time"), lower == "time":
		return synthDateTime
	case lower == "email":
		return fmt.Sprintf("creator%d@example.com", n)
	case lower == "username", strings.HasSuffix(lower, "username"):
		return fmt.Sprintf("sandbox_creator%d", n)
	case lower == "name", strings.HasSuffix(lower, "name"):
		return fmt.Sprintf("Sandbox Creator %d", n)
	case isIDName(name):
		return fmt.Sprintf("%s_%d", idPrefix(lower), 1000+n)
	case strings.Contains(lower, "currency"):
		return "USD"
	case strings.Contains(lower, "country"):
		return "US"
	case strings.Contains(lower, "marker"), strings.Contains(lower, "cursor"):
		return fmt.Sprintf("cursor_%d", n)
	case strings.Contains(lower, "text"), strings.Contains(lower, "message"), strings.Contains(lower, "description"),
		strings.Contains(lower, "about"), strings.Contains(lower, "caption"), strings.Contains(lower, "title"):
		return fmt.Sprintf("Hello from the sandbox %d", n)
	case lower == "status", lower == "state":
		return "active"
	case strings.Contains(lower, "direction"):
		return "desc"
	case lower == "order", strings.HasPrefix(lower, "sort"):
		return "recent"
	case lower == "type", lower == "kind":
		return "photo"
	case lower == "":
		return fmt.Sprintf("value %d", n)
	}
	return fmt.Sprintf("%s %d", name, n)
}

// isThumbSize tells the keys of OnlyFans thumbnail maps: "c50", "c144".
func isThumbSize(lower string) bool {
	if len(lower) < 2 || lower[0] != 'c' {
		return false
	}
	for _, r := range lower[1:] {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

func urlFor(lower string, n int) string {
	switch {
	case strings.Contains(lower, "avatar"):
		return fmt.Sprintf("https://public.onlyfans.com/files/avatars/%d/avatar.jpg", n)
	case strings.Contains(lower, "header"):
		return fmt.Sprintf("https://public.onlyfans.com/files/headers/%d/header.jpg", n)
	case strings.Contains(lower, "thumb"), strings.Contains(lower, "preview"), isThumbSize(lower):
		return fmt.Sprintf("https://cdn.ofauth.example/media/%d/thumb.jpg", n)
	}
	return fmt.Sprintf("https://cdn.ofauth.example/media/%d/full.jpg", n)
}

// idPrefix shortens a string id's property name to a prefix:
// "connectionId" → "conn".
func idPrefix(lower string) string {
	p := strings.TrimSuffix(strings.TrimSuffix(lower, "ids"), "id")
	p = strings.TrimSuffix(p, "_")
	switch {
	case p == "":
		return "id"
	case len(p) > 4:
		return p[:4]
	}
	return p
}
