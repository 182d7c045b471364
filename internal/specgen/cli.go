package main

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"text/template"
	"unicode"

	"github.com/pb33f/libopenapi/datamodel/high/base"
	v3 "github.com/pb33f/libopenapi/datamodel/high/v3"
	"go.yaml.in/yaml/v4"
)

// CLICall is one `ofauth access GROUP CALL` command: an Access operation
// with its parameters, as the command line offers them.
type CLICall struct {
	Group, Name string // kebab case, from x-go-method
	GoMethod    string
	Method      string
	Path        string
	Summary     string
	Permission  string
	Pagination  string // the x-pagination style; "" when the operation does not page
	Params      []CLIParam
}

// CLIParam is one flag of a CLICall: a path or query parameter, or a
// top-level field of the JSON body.
type CLIParam struct {
	In          string // path | query | body
	Name        string // as the API spells it
	Flag        string // the flag's name, kebab case
	Type        string // string | integer | number | boolean | array | object
	ItemType    string // element type of an array
	Enum        []string
	Default     string
	Min, Max    *float64
	Required    bool
	Description string
}

// reservedFlags are the names the CLI's own flags take on every access
// command; a parameter with one of them gets a "param-" prefix.
var reservedFlags = []string{"api-key", "base-url", "connection", "data", "help", "include", "json", "paginate", "verbose"}

// CLICalls reads every Access operation with a JSON (or no) body, except
// the proxy, which `ofauth api` covers, sorted by group and call.
func CLICalls(s *Spec) ([]CLICall, error) {
	var out []CLICall
	for _, op := range s.Operations {
		parts := strings.Split(op.GoMethod, ".")
		if len(parts) != 3 || parts[0] != "Access" {
			continue
		}
		item, ok := s.Model.Paths.PathItems.Get(op.Path)
		if !ok {
			return nil, fmt.Errorf("%s %s: path vanished", op.Method, op.Path)
		}
		mop, ok := item.GetOperations().Get(strings.ToLower(op.Method))
		if !ok {
			return nil, fmt.Errorf("%s %s: operation vanished", op.Method, op.Path)
		}
		if !jsonOrNoBody(mop) {
			continue // raw part uploads: `ofauth upload` runs that flow
		}
		c := CLICall{
			Group: kebab(parts[1]), Name: kebab(parts[2]), GoMethod: op.GoMethod,
			Method: op.Method, Path: op.Path, Summary: oneLine(mop.Summary), Permission: op.Permission,
		}
		if op.Pagination != "none" {
			c.Pagination = op.Pagination
		}
		var err error
		if c.Params, err = cliParams(mop); err != nil {
			return nil, fmt.Errorf("%s %s: %w", op.Method, op.Path, err)
		}
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b CLICall) int {
		if c := strings.Compare(a.Group, b.Group); c != 0 {
			return c
		}
		return strings.Compare(a.Name, b.Name)
	})
	for i := 1; i < len(out); i++ {
		if out[i].Group == out[i-1].Group && out[i].Name == out[i-1].Name {
			return nil, fmt.Errorf("%s and %s are both `%s %s`", out[i-1].GoMethod, out[i].GoMethod, out[i].Group, out[i].Name)
		}
	}
	return out, nil
}

func jsonOrNoBody(mop *v3.Operation) bool {
	rb := mop.RequestBody
	if rb == nil || rb.Content == nil || rb.Content.Len() == 0 {
		return true
	}
	_, ok := rb.Content.Get("application/json")
	return ok
}

func cliParams(mop *v3.Operation) ([]CLIParam, error) {
	var ps []CLIParam
	for _, p := range mop.Parameters {
		if p == nil || (p.In != "path" && p.In != "query") {
			continue
		}
		cp := CLIParam{In: p.In, Name: p.Name, Description: oneLine(p.Description)}
		if p.Required != nil {
			cp.Required = *p.Required
		}
		if p.Schema != nil {
			cp.fromSchema(p.Schema.Schema())
		} else {
			cp.Type = "string"
		}
		ps = append(ps, cp)
	}
	if rb := mop.RequestBody; rb != nil && rb.Content != nil {
		if mt, ok := rb.Content.Get("application/json"); ok && mt.Schema != nil {
			if sch := mt.Schema.Schema(); sch != nil {
				ps = append(ps, bodyParams(sch)...)
			}
		}
	}
	return ps, nameFlags(ps)
}

// bodyParams lists the top-level properties of an object schema, allOf
// parts included, each once.
func bodyParams(s *base.Schema) []CLIParam {
	var ps []CLIParam
	required := requiredFields(s)
	if s.Properties != nil {
		for name, prop := range s.Properties.FromOldest() {
			cp := CLIParam{In: "body", Name: name, Required: slices.Contains(required, name)}
			if ps := prop.Schema(); ps != nil {
				cp.fromSchema(ps)
				cp.Description = oneLine(ps.Description)
			} else {
				cp.Type = "object"
			}
			ps = append(ps, cp)
		}
	}
	for _, part := range s.AllOf {
		if sch := part.Schema(); sch != nil {
			for _, p := range bodyParams(sch) {
				if !slices.ContainsFunc(ps, func(q CLIParam) bool { return q.Name == p.Name }) {
					ps = append(ps, p)
				}
			}
		}
	}
	return ps
}

func (p *CLIParam) fromSchema(s *base.Schema) {
	p.Type = "string"
	if s == nil {
		return
	}
	switch t := schemaType(s); {
	case multiType(s):
		// e.g. [integer, string]: the text is sent as given
	case t == "integer", t == "number", t == "boolean", t == "string", t == "array", t == "object":
		p.Type = t
	}
	if len(s.OneOf) > 0 || len(s.AnyOf) > 0 {
		p.Type = "object" // a union: sent as the JSON the user writes
	}
	elem := s
	if p.Type == "array" {
		p.ItemType = "string"
		if s.Items != nil && s.Items.IsA() {
			if is := s.Items.A.Schema(); is != nil {
				elem = is
				if t := schemaType(is); multiType(is) {
					p.ItemType = "string"
				} else if t == "integer" || t == "number" || t == "boolean" || t == "object" {
					p.ItemType = t
				}
			}
		}
	}
	for _, n := range elem.Enum {
		if n != nil && n.Value != "" {
			p.Enum = append(p.Enum, n.Value)
		}
	}
	if s.Default != nil && s.Default.Kind == yaml.ScalarNode { // lists and maps are left out
		p.Default = s.Default.Value
	}
	p.Min, p.Max = elem.Minimum, elem.Maximum
	if elem.ExclusiveMinimum != nil && elem.ExclusiveMinimum.IsB() {
		p.Min = &elem.ExclusiveMinimum.B
	}
	if elem.ExclusiveMaximum != nil && elem.ExclusiveMaximum.IsB() {
		p.Max = &elem.ExclusiveMaximum.B
	}
}

// multiType reports a schema allowing more than one non-null type.
func multiType(s *base.Schema) bool {
	n := 0
	for _, t := range s.Type {
		if t != "null" {
			n++
		}
	}
	return n > 1
}

// nameFlags gives every parameter its flag: the kebab-case name, a path
// parameter's "-id" suffix dropped when that stays unique (`--user 123`
// for {userId}), and a "param-" prefix on a clash with the CLI's flags.
func nameFlags(ps []CLIParam) error {
	taken := map[string]bool{}
	for _, r := range reservedFlags {
		taken[r] = true
	}
	base := make([]string, len(ps))
	for i, p := range ps {
		base[i] = kebab(p.Name)
	}
	for i := range ps {
		f := base[i]
		if short, ok := strings.CutSuffix(f, "-id"); ok && ps[i].In == "path" && short != "" &&
			!taken[short] && !slices.Contains(base, short) {
			f = short
		}
		if taken[f] && slices.Contains(reservedFlags, f) {
			f = "param-" + f
		}
		if taken[f] {
			return fmt.Errorf("two parameters make the flag --%s", f)
		}
		taken[f] = true
		ps[i].Flag = f
	}
	return nil
}

// kebab turns camelCase, PascalCase and snake_case into kebab-case:
// "SendMessage" → "send-message", "first_id" → "first-id",
// "userIDs" → "user-ids".
func kebab(s string) string {
	rs := []rune(s)
	var b strings.Builder
	for i, r := range rs {
		switch {
		case r == '_' || r == '.' || r == ' ' || r == '-':
			if b.Len() > 0 && !strings.HasSuffix(b.String(), "-") {
				b.WriteByte('-')
			}
			continue
		case unicode.IsUpper(r) && i > 0:
			prev := rs[i-1]
			nextLower := i+1 < len(rs) && unicode.IsLower(rs[i+1]) && rs[i+1] != 's'
			if (unicode.IsLower(prev) || unicode.IsDigit(prev)) || (unicode.IsUpper(prev) && nextLower) {
				if !strings.HasSuffix(b.String(), "-") {
					b.WriteByte('-')
				}
			}
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return strings.Trim(b.String(), "-")
}

// oneLine joins a multi-line description into one line for --help.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

func (c CLICall) goLiteral() string {
	var b strings.Builder
	fmt.Fprintf(&b, "{\n\t\tGroup: %q, Name: %q, GoMethod: %q,\n", c.Group, c.Name, c.GoMethod)
	fmt.Fprintf(&b, "\t\tMethod: %q, Path: %q, Permission: %q,", c.Method, c.Path, c.Permission)
	if c.Pagination != "" {
		fmt.Fprintf(&b, " Pagination: %q,", c.Pagination)
	}
	fmt.Fprintf(&b, "\n\t\tSummary: %q,\n", c.Summary)
	if len(c.Params) > 0 {
		b.WriteString("\t\tParams: []accessParam{\n")
		for _, p := range c.Params {
			b.WriteString("\t\t\t" + p.goLiteral() + ",\n")
		}
		b.WriteString("\t\t},\n")
	}
	b.WriteString("\t}")
	return b.String()
}

func (p CLIParam) goLiteral() string {
	parts := []string{
		"In: " + map[string]string{"path": "inPath", "query": "inQuery", "body": "inBody"}[p.In],
		fmt.Sprintf("Name: %q", p.Name), fmt.Sprintf("Flag: %q", p.Flag), fmt.Sprintf("Type: %q", p.Type),
	}
	if p.ItemType != "" {
		parts = append(parts, fmt.Sprintf("ItemType: %q", p.ItemType))
	}
	if p.Required {
		parts = append(parts, "Required: true")
	}
	if len(p.Enum) > 0 {
		parts = append(parts, "Enum: "+stringSlice(p.Enum))
	}
	if p.Default != "" {
		parts = append(parts, fmt.Sprintf("Default: %q", p.Default))
	}
	if p.Min != nil {
		parts = append(parts, "HasMin: true, Min: "+strconv.FormatFloat(*p.Min, 'g', -1, 64))
	}
	if p.Max != nil {
		parts = append(parts, "HasMax: true, Max: "+strconv.FormatFloat(*p.Max, 'g', -1, 64))
	}
	if p.Description != "" {
		parts = append(parts, fmt.Sprintf("Description: %q", p.Description))
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

var cliTmpl = template.Must(template.New("cli").Parse(Header + `

package {{.Package}}

// accessCalls holds every Access operation of spec/openapi.yaml with a
// JSON body or none, by group then call; ` + "`ofauth access`" + ` builds its
// commands and their flags from it.
var accessCalls = []accessCall{
{{- range .Items}}
	{{.}},
{{- end}}
}
`))

// CLITable renders cmd/ofauth/access_gen.go.
func CLITable(s *Spec, pkg string) ([]byte, error) {
	calls, err := CLICalls(s)
	if err != nil {
		return nil, err
	}
	lits := make([]string, len(calls))
	for i, c := range calls {
		lits[i] = c.goLiteral()
	}
	return renderTable(cliTmpl, pkg, lits, "the CLI table")
}

// runCLI writes the CLI's Access table derived from the spec at specPath
// to out, leaving an up-to-date file untouched.
func runCLI(specPath, out string) error {
	spec, err := loadSpecFile(specPath)
	if err != nil {
		return err
	}
	src, err := CLITable(spec, "main")
	if err != nil {
		return err
	}
	return writeIfChanged(out, src)
}
