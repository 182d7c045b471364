package main

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"text/template"

	"github.com/pb33f/libopenapi/datamodel/high/base"
	v3 "github.com/pb33f/libopenapi/datamodel/high/v3"
)

// Route is what the fake API needs to answer one operation of the spec
// without a hand-written handler.
type Route struct {
	Operation
	Status       int         // the documented success status
	PathRules    []QueryRule // the path parameters' rules, in the path's order
	Query        []QueryRule // the query parameters' rules
	BodyRequired []string    // required top-level fields of the JSON body
	// BodyRules are the top-level fields' schemas, checked when sent, each
	// with the rules of what it nests.
	BodyRules []QueryRule
	Body      string // canned success body; empty for no body
	// Echo places path parameters into the canned body (see echoRules).
	Echo []Echo
}

// QueryRule is the schema of one query or path parameter or body value, as
// the fake checks it.
type QueryRule struct {
	Name     string
	Type     string // integer | number | boolean | string | array
	Format   string // date | date-time | …
	Enum     []string
	Min, Max *float64
	Default  string // the schema's default, as sent in a query
	MinLen   int64  // a string's minLength; 0 for none
	MaxLen   int64  // a string's maxLength; 0 for none
	// Required is a query parameter's required, or, for a property of a
	// nested body object, whether the object must hold it.
	Required bool
	// What a body field nests: an object's properties, an array's item
	// schema and size bounds (0 for none), a map's value schema, and a
	// union's alternatives (the value must match one).
	Props              []QueryRule
	Items              *QueryRule
	MinItems, MaxItems int64
	Values             *QueryRule
	OneOf              []QueryRule
}

// Routes reads, for every operation of s, the facts the fake API serves
// it from, with a canned body synthesised from its success schema.
func Routes(s *Spec) ([]Route, error) {
	out := make([]Route, 0, len(s.Operations))
	for _, op := range s.Operations {
		item, ok := s.Model.Paths.PathItems.Get(op.Path)
		if !ok {
			return nil, fmt.Errorf("%s %s: path vanished", op.Method, op.Path)
		}
		mop, ok := item.GetOperations().Get(strings.ToLower(op.Method))
		if !ok {
			return nil, fmt.Errorf("%s %s: operation vanished", op.Method, op.Path)
		}
		r, err := readRoute(op, mop, item.Parameters)
		if err != nil {
			return nil, fmt.Errorf("%s %s: %w", op.Method, op.Path, err)
		}
		out = append(out, r)
	}
	return out, nil
}

func readRoute(op Operation, mop *v3.Operation, shared []*v3.Parameter) (Route, error) {
	r := Route{Operation: op}
	params := append(slices.Clip(shared), mop.Parameters...)
	for _, p := range params {
		if p != nil && p.In == "query" {
			r.Query = append(r.Query, queryRule(p))
		}
	}
	for _, pp := range op.PathParams {
		for _, p := range params {
			if p != nil && p.In == "path" && p.Name == pp.Name {
				r.PathRules = append(r.PathRules, pathRule(p))
				break
			}
		}
	}
	if rb := mop.RequestBody; rb != nil && rb.Content != nil {
		if mt, ok := rb.Content.Get("application/json"); ok && mt.Schema != nil {
			if sch := mt.Schema.Schema(); sch != nil {
				r.BodyRequired = requiredFields(sch)
				r.BodyRules = bodyRules(sch)
			}
		}
	}
	if mop.Responses == nil || mop.Responses.Codes == nil {
		return r, fmt.Errorf("no responses")
	}
	var success *v3.Response
	for code, resp := range mop.Responses.Codes.FromOldest() {
		n, err := strconv.Atoi(code)
		if err != nil || n < 200 || n > 299 {
			continue
		}
		if r.Status == 0 || n < r.Status {
			r.Status, success = n, resp
		}
	}
	if success == nil {
		return r, fmt.Errorf("no 2xx response")
	}
	if r.Status == 204 || success.Content == nil {
		return r, nil
	}
	mt, ok := success.Content.Get("application/json")
	if !ok || mt.Schema == nil {
		return r, nil
	}
	body, err := Synthesize(mt.Schema)
	if err != nil {
		return r, fmt.Errorf("synthesising the %d body: %w", r.Status, err)
	}
	r.Body = string(body)
	if len(r.PathRules) > 0 {
		r.Echo = echoRules(op.Path, r.PathRules, resolvedSchema(mt.Schema))
	}
	return r, nil
}

// requiredFields lists the required properties of an object schema,
// allOf parts included.
func requiredFields(s *base.Schema) []string {
	out := slices.Clone(s.Required)
	for _, part := range s.AllOf {
		if ps := part.Schema(); ps != nil {
			out = append(out, requiredFields(ps)...)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func queryRule(p *v3.Parameter) QueryRule {
	q := QueryRule{Name: p.Name, Type: "string"}
	if p.Schema != nil {
		if s := p.Schema.Schema(); s != nil {
			q, _ = schemaRule(p.Name, s)
			if q.Type == "object" { // a deepObject parameter: sent as name[key]
				q.Type = "string"
			}
		}
	}
	if p.Required != nil {
		q.Required = *p.Required
	}
	return q
}

// bodyRules reads the rules of the top-level properties of a JSON body
// schema, allOf parts included, each with the rules of what it nests.
func bodyRules(s *base.Schema) []QueryRule {
	var out []QueryRule
	for name, ps := range objectProps(s) {
		out = append(out, bodyRule(name, ps, 1))
	}
	return out
}

// resolvedSchema is the schema a property stands for: for a $ref with
// sibling keywords, the referenced one.
func resolvedSchema(p *base.SchemaProxy) *base.Schema {
	if p.IsTransformedRefWithSiblings() {
		if full, err := p.BuildTransformedRefSemanticSchema(nil); err == nil && full != nil && len(full.AllOf) == 2 {
			return full.AllOf[1].Schema()
		}
	}
	return p.Schema()
}

// schemaRule reads the checkable facts of one schema; ok is false for a
// union, whose alternatives a single rule cannot describe.
func schemaRule(name string, s *base.Schema) (q QueryRule, ok bool) {
	q = QueryRule{Name: name, Type: "string"}
	if len(s.Type) == 0 && (len(s.OneOf) > 0 || len(s.AnyOf) > 0 || len(s.AllOf) > 0) {
		return q, false
	}
	if nonNull := slices.DeleteFunc(slices.Clone(s.Type), func(t string) bool { return t == "null" }); len(nonNull) > 1 {
		return q, false // several types, e.g. an id sent as a string or a number
	}
	if t := schemaType(s); t != "null" {
		q.Type = t
	}
	elem := s
	if q.Type == "array" && s.Items != nil && s.Items.IsA() {
		if is := s.Items.A.Schema(); is != nil {
			elem = is
		}
	}
	scalarFacts(&q, elem)
	if s.Default != nil {
		q.Default = s.Default.Value
	}
	return q, true
}

// scalarFacts copies the checkable facts of a scalar schema into q.
func scalarFacts(q *QueryRule, elem *base.Schema) {
	q.Format = elem.Format
	for _, n := range elem.Enum {
		if n != nil {
			q.Enum = append(q.Enum, n.Value)
		}
	}
	q.Min, q.Max = elem.Minimum, elem.Maximum
	if elem.MinLength != nil {
		q.MinLen = *elem.MinLength
	}
	if elem.MaxLength != nil {
		q.MaxLen = *elem.MaxLength
	}
	// Exclusive bounds become inclusive ones for whole numbers only.
	integer := schemaType(elem) == "integer"
	if elem.ExclusiveMinimum != nil && elem.ExclusiveMinimum.IsB() && integer {
		v := elem.ExclusiveMinimum.B + 1
		q.Min = &v
	}
	if elem.ExclusiveMaximum != nil && elem.ExclusiveMaximum.IsB() && integer {
		v := elem.ExclusiveMaximum.B - 1
		q.Max = &v
	}
}

// goLiteral renders a Route as one entry of the generated table.
func (r Route) goLiteral() string {
	var b strings.Builder
	fmt.Fprintf(&b, "{\n\t\tMethod: %q, Pattern: %q, OperationID: %q,\n", r.Method, r.Path, r.OperationID)
	fmt.Fprintf(&b, "\t\tPermission: %q, Connection: %t, Status: %d,\n", r.Permission, r.Connection, r.Status)
	writeRules(&b, "PathRules", r.PathRules)
	writeRules(&b, "Query", r.Query)
	if len(r.BodyRequired) > 0 {
		fmt.Fprintf(&b, "\t\tBodyRequired: %s,\n", stringSlice(r.BodyRequired))
	}
	writeRules(&b, "BodyRules", r.BodyRules)
	if r.Body != "" {
		if strings.Contains(r.Body, "`") {
			fmt.Fprintf(&b, "\t\tBody: %q,\n", r.Body)
		} else {
			b.WriteString("\t\tBody: `" + r.Body + "`,\n")
		}
	}
	if len(r.Echo) > 0 {
		b.WriteString("\t\tEcho: []echoRule{\n")
		for _, e := range r.Echo {
			fmt.Fprintf(&b, "\t\t\t{Param: %q, Field: %q, Number: %t},\n", e.Param, e.Field, e.Number)
		}
		b.WriteString("\t\t},\n")
	}
	b.WriteString("\t}")
	return b.String()
}

// writeRules renders a field of rules; gofmt indents the result.
func writeRules(b *strings.Builder, field string, rules []QueryRule) {
	if len(rules) == 0 {
		return
	}
	b.WriteString(field + ": " + ruleSlice(rules) + ",\n")
}

func (q QueryRule) goLiteral() string {
	var parts []string
	if q.Name != "" {
		parts = append(parts, fmt.Sprintf("Name: %q", q.Name))
	}
	if q.Type != "" {
		parts = append(parts, fmt.Sprintf("Type: %q", q.Type))
	}
	if q.Format != "" {
		parts = append(parts, fmt.Sprintf("Format: %q", q.Format))
	}
	if len(q.Enum) > 0 {
		parts = append(parts, "Enum: "+stringSlice(q.Enum))
	}
	if q.Min != nil {
		parts = append(parts, "HasMin: true, Min: "+strconv.FormatFloat(*q.Min, 'g', -1, 64))
	}
	if q.Max != nil {
		parts = append(parts, "HasMax: true, Max: "+strconv.FormatFloat(*q.Max, 'g', -1, 64))
	}
	if q.Default != "" {
		parts = append(parts, fmt.Sprintf("Default: %q", q.Default))
	}
	if q.MinLen > 0 {
		parts = append(parts, fmt.Sprintf("MinLen: %d", q.MinLen))
	}
	if q.MaxLen > 0 {
		parts = append(parts, fmt.Sprintf("MaxLen: %d", q.MaxLen))
	}
	if q.Required {
		parts = append(parts, "Required: true")
	}
	if q.MinItems > 0 {
		parts = append(parts, fmt.Sprintf("MinItems: %d", q.MinItems))
	}
	if q.MaxItems > 0 {
		parts = append(parts, fmt.Sprintf("MaxItems: %d", q.MaxItems))
	}
	if q.Items != nil {
		parts = append(parts, "Items: &queryRule"+q.Items.goLiteral())
	}
	if q.Values != nil {
		parts = append(parts, "Values: &queryRule"+q.Values.goLiteral())
	}
	if len(q.Props) > 0 {
		parts = append(parts, "Props: "+ruleSlice(q.Props))
	}
	if len(q.OneOf) > 0 {
		parts = append(parts, "OneOf: "+ruleSlice(q.OneOf))
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

// ruleSlice renders nested rules, one a line.
func ruleSlice(rules []QueryRule) string {
	var b strings.Builder
	b.WriteString("[]queryRule{\n")
	for _, q := range rules {
		b.WriteString(q.goLiteral() + ",\n")
	}
	b.WriteString("}")
	return b.String()
}

func stringSlice(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = strconv.Quote(s)
	}
	return "[]string{" + strings.Join(q, ", ") + "}"
}

var routeTmpl = template.Must(template.New("routes").Parse(Header + `

package {{.Package}}

// generatedRoutes holds every operation of spec/openapi.yaml, by path then
// method, with the rules of its path and query parameters and of its JSON
// body at every depth, a canned success body synthesised from its response
// schema, and the fields of that body that name the path's ids. The server
// answers those without a hand-written handler from it and checks the
// others' bodies by it; Fixture falls back to it.
var generatedRoutes = []generatedRoute{
{{- range .Items}}
	{{.}},
{{- end}}
}
`))

// RouteTable renders ofauthtest/routes_gen.go.
func RouteTable(s *Spec, pkg string) ([]byte, error) {
	routes, err := Routes(s)
	if err != nil {
		return nil, err
	}
	lits := make([]string, len(routes))
	for i, r := range routes {
		lits[i] = r.goLiteral()
	}
	return renderTable(routeTmpl, pkg, lits, "the route table")
}
