package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/pb33f/libopenapi/datamodel/high/base"
	v3 "github.com/pb33f/libopenapi/datamodel/high/v3"
)

// The x- extensions below describe an Access operation's Go method. The
// generator writes one method per operation (and its All… iterator when
// the operation pages), except for x-go-override operations, whose
// methods are written by hand.
const (
	extOverride = "x-go-override" // true: the method (or model) is hand-written
	extParams   = "x-go-params"   // the params type the method takes as p
	extQuery    = "x-go-query"    // "values": p encodes its own query (p.values())
	extResult   = "x-go-result"   // the Go type returned (the item type of a page); absent: error only
	extEnvelope = "x-go-envelope" // list (default) or items: the key of a page's items
	extDoc      = "x-go-doc"      // the doc comment after the method (or model) name
)

// stateChangeVerbs name the calls that change state with no resource to
// return: by the return rule, they give error only.
var stateChangeVerbs = []string{"Delete", "Remove", "Stop", "Unsend", "Share", "Unshare", "Restrict", "Unrestrict", "Invalidate", "Purge", "Set"}

// GoMethod is one generated service method.
type GoMethod struct {
	Op       Operation
	Group    string // e.g. "UserLists"
	Name     string // e.g. "Members"
	Doc      string
	Params   string  // params type, or ""
	OwnQuery bool    // p.values() encodes the query
	Result   string  // Go type, or "" for error only
	Envelope string  // list or items (paged operations)
	Checks   []Check // validation of p, from the body schema
}

// Check is one refusal of bad params before any request: Cond holds for
// bad input, Msg says why.
type Check struct{ Cond, Msg string }

// Methods reads the generated methods of every Access group, keyed by
// group, each group's methods in spec order. It refuses an operation that
// would break the rules of the API: params types end in Params, numeric
// ids are int64, state changes return error only, no call returns a bare
// acknowledgement, a paged call takes params with its cursor.
//
// structs are the package's struct types (see goStructs): validation
// names the params' fields through them.
func Methods(s *Spec, structs map[string]map[string]goField) (map[string][]GoMethod, error) {
	out := map[string][]GoMethod{}
	seen := map[string]bool{}
	var errs []error
	for _, op := range s.Operations {
		parts := strings.Split(op.GoMethod, ".")
		if len(parts) != 3 || parts[0] != "Access" {
			continue
		}
		if seen[op.GoMethod] {
			errs = append(errs, fmt.Errorf("%s: two operations", op.GoMethod))
			continue
		}
		seen[op.GoMethod] = true
		mop, err := specOperation(s, op)
		if err != nil {
			return nil, err
		}
		if override, err := optBoolExt(mop, extOverride); err != nil || override {
			if err != nil {
				errs = append(errs, fmt.Errorf("%s: %w", op.GoMethod, err))
			}
			continue
		}
		m, err := readMethod(s, structs, op, mop, parts[1], parts[2])
		if err != nil {
			errs = append(errs, fmt.Errorf("%s (%s %s): %w", op.GoMethod, op.Method, op.Path, err))
			continue
		}
		out[m.Group] = append(out[m.Group], m)
	}
	return out, errors.Join(errs...)
}

func specOperation(s *Spec, op Operation) (*v3.Operation, error) {
	item, ok := s.Model.Paths.PathItems.Get(op.Path)
	if !ok {
		return nil, fmt.Errorf("%s %s: path vanished", op.Method, op.Path)
	}
	mop, ok := item.GetOperations().Get(strings.ToLower(op.Method))
	if !ok {
		return nil, fmt.Errorf("%s %s: operation vanished", op.Method, op.Path)
	}
	return mop, nil
}

func readMethod(s *Spec, structs map[string]map[string]goField, op Operation, mop *v3.Operation, group, name string) (GoMethod, error) {
	m := GoMethod{Op: op, Group: group, Name: name}
	var err error
	if !isExported(group) || !isExported(name) {
		return m, errors.New("group and method must be exported Go names")
	}
	if m.Params, err = optStringExt(mop, extParams); err != nil {
		return m, err
	}
	if m.Result, err = optStringExt(mop, extResult); err != nil {
		return m, err
	}
	query, err := optStringExt(mop, extQuery)
	if err != nil {
		return m, err
	}
	m.OwnQuery = query == "values"
	if query != "" && query != "values" {
		return m, fmt.Errorf("%s %q is not \"values\"", extQuery, query)
	}
	if m.Doc, err = optStringExt(mop, extDoc); err != nil {
		return m, err
	}
	if m.Doc == "" {
		m.Doc = lowerFirst(strings.TrimSpace(mop.Summary))
	}
	if err := m.checkRules(s); err != nil {
		return m, err
	}
	if m.paged() {
		if err := m.readPaging(mop); err != nil {
			return m, err
		}
	}
	if m.Params != "" {
		fields, ok := structs[m.Params]
		if !ok {
			return m, fmt.Errorf("params type %s is not a struct of the package", m.Params)
		}
		if op.Method != "GET" {
			if m.Checks, err = bodyChecks(mop, m.Params, fields); err != nil {
				return m, err
			}
		}
	}
	return m, nil
}

// checkRules refuses an operation whose method would break a rule of the
// API.
func (m *GoMethod) checkRules(s *Spec) error {
	if m.Params != "" && (!strings.HasSuffix(m.Params, "Params") || !isExported(m.Params)) {
		return fmt.Errorf("params type %q: a params type is an exported name ending in Params", m.Params)
	}
	for _, p := range m.Op.PathParams {
		if strings.HasSuffix(p.Name, "Id") && p.GoType != "int64" && p.GoType != "ID" && p.GoType != "string" {
			return fmt.Errorf("path parameter %s is %s: ids are int64, ID or string", p.Name, p.GoType)
		}
	}
	if m.Result == "" && m.Op.Method == "GET" {
		return errors.New("a GET returns what it reads: give it x-go-result (or x-go-override)")
	}
	if m.Result != "" && slices.Contains(stateChangeVerbs, firstWord(m.Name)) {
		return fmt.Errorf("%s returns %s: a state change returns error only", m.Name, m.Result)
	}
	if isAcknowledgement(s, m.Result) {
		return fmt.Errorf("%s returns %s, a bare acknowledgement: return error only", m.Name, m.Result)
	}
	if m.Op.Pagination != "none" && m.Op.Pagination != "offset" && m.Op.Pagination != "marker" {
		return fmt.Errorf("x-pagination %s has no generated form; mark the operation %s", m.Op.Pagination, extOverride)
	}
	if m.paged() && (m.Params == "" || m.Result == "" || m.Op.Method != "GET") {
		return errors.New("a paged call is a GET with params and a result")
	}
	if m.Params != "" && m.Op.Method == "GET" && m.Params == m.Result {
		return errors.New("params and result are the same type")
	}
	return nil
}

// readPaging checks the cursor parameter and reads the envelope.
func (m *GoMethod) readPaging(mop *v3.Operation) error {
	cursor := map[string]string{"offset": "offset", "marker": "marker"}[m.Op.Pagination]
	if queryParam(mop, cursor) == nil {
		return fmt.Errorf("%s pagination without a %q query parameter", m.Op.Pagination, cursor)
	}
	env, err := optStringExt(mop, extEnvelope)
	if err != nil {
		return err
	}
	switch env {
	case "", "list":
		m.Envelope = "list"
	case "items":
		m.Envelope = env
	default:
		return fmt.Errorf("%s %q is neither list nor items (a list sent as a bare array or a page stays hand-written)", extEnvelope, env)
	}
	if m.Envelope == "items" && m.Op.Pagination != "offset" {
		return fmt.Errorf("%s items needs offset pagination", extEnvelope)
	}
	return nil
}

func queryParam(mop *v3.Operation, name string) *v3.Parameter {
	for _, p := range mop.Parameters {
		if p != nil && p.In == "query" && p.Name == name {
			return p
		}
	}
	return nil
}

func (m *GoMethod) paged() bool { return m.Op.Pagination != "none" }

// Iterator is the name of the All… twin of a paged method: All for List,
// All<X> for <X> or List<X>.
func (m *GoMethod) Iterator() string {
	if m.Name == "List" {
		return "All"
	}
	return "All" + strings.TrimPrefix(m.Name, "List")
}

// isAcknowledgement reports a result type whose schema holds nothing but
// a success flag.
func isAcknowledgement(s *Spec, typ string) bool {
	if typ == "" || s.Model.Components == nil || s.Model.Components.Schemas == nil {
		return false
	}
	for name, proxy := range s.Model.Components.Schemas.FromOldest() {
		if name != typ {
			continue
		}
		sch := proxy.Schema()
		if sch == nil || sch.Properties == nil || sch.Properties.Len() != 1 {
			return false
		}
		_, ok := sch.Properties.Get("success")
		return ok
	}
	return false
}

// bodyChecks derives the refusals of a body's params from its schema:
// a required body needs non-nil params, and every required, non-null
// property its bounds (minLength, minItems, minimum, maximum).
func bodyChecks(mop *v3.Operation, params string, fields map[string]goField) ([]Check, error) {
	rb := mop.RequestBody
	if rb == nil || rb.Content == nil {
		return nil, nil
	}
	mt, ok := rb.Content.Get("application/json")
	if !ok || mt.Schema == nil || mt.Schema.Schema() == nil {
		return nil, nil
	}
	sch := mt.Schema.Schema()
	required := requiredFields(sch)
	var checks []Check
	if len(required) > 0 || (rb.Required != nil && *rb.Required) {
		checks = append(checks, Check{"p == nil", "no params"})
	}
	for _, name := range required {
		prop := property(sch, name)
		if prop == nil || slices.Contains(prop.Type, "null") || multiType(prop) {
			continue
		}
		f, ok := fields[name]
		if !ok {
			return nil, fmt.Errorf("%s has no field for the required body property %q", params, name)
		}
		if !f.Pointer {
			checks = append(checks, propertyChecks("p."+f.Name, name, prop)...)
		}
	}
	return checks, nil
}

// property finds a property of an object schema, allOf parts included.
func property(s *base.Schema, name string) *base.Schema {
	if s.Properties != nil {
		if p, ok := s.Properties.Get(name); ok && p != nil {
			return resolvedSchema(p)
		}
	}
	for _, part := range s.AllOf {
		if ps := part.Schema(); ps != nil {
			if p := property(ps, name); p != nil {
				return p
			}
		}
	}
	return nil
}

func propertyChecks(field, name string, s *base.Schema) []Check {
	var out []Check
	switch schemaType(s) {
	case "string":
		if s.MinLength != nil && *s.MinLength > 0 {
			out = append(out, Check{"strings.TrimSpace(" + field + ") == \"\"", "empty " + name})
		}
		if s.MaxLength != nil {
			out = append(out, Check{fmt.Sprintf("utf8.RuneCountInString(%s) > %d", field, *s.MaxLength),
				fmt.Sprintf("%s longer than %d characters", name, *s.MaxLength)})
		}
	case "array":
		if s.MinItems != nil && *s.MinItems > 0 {
			out = append(out, Check{fmt.Sprintf("len(%s) < %d", field, *s.MinItems), fmt.Sprintf("%s needs at least %d", name, *s.MinItems)})
		}
		if s.MaxItems != nil {
			out = append(out, Check{fmt.Sprintf("len(%s) > %d", field, *s.MaxItems), fmt.Sprintf("%s takes at most %d", name, *s.MaxItems)})
		}
	case "integer", "number":
		if s.Minimum != nil {
			out = append(out, Check{fmt.Sprintf("%s < %s", field, number(*s.Minimum)), fmt.Sprintf("%s below %s", name, number(*s.Minimum))})
		}
		if s.Maximum != nil {
			out = append(out, Check{fmt.Sprintf("%s > %s", field, number(*s.Maximum)), fmt.Sprintf("%s above %s", name, number(*s.Maximum))})
		}
	}
	return out
}

func number(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// goFieldName is the Go name of a JSON name: userId is UserID, mediaIds
// MediaIDs, avatarUrl AvatarURL.
func goFieldName(json string) string {
	n := upperFirst(json)
	for _, suffix := range [][2]string{{"Ids", "IDs"}, {"Id", "ID"}, {"Urls", "URLs"}, {"Url", "URL"}} {
		if strings.HasSuffix(n, suffix[0]) {
			return strings.TrimSuffix(n, suffix[0]) + suffix[1]
		}
	}
	return n
}

// goArgName is the Go name of a path parameter: userId is userID.
func goArgName(param string) string {
	n := goFieldName(param)
	return lowerFirst(n)
}

// MethodFiles renders one file per group with generated methods, keyed by
// file name (access_<group>_gen.go).
func MethodFiles(s *Spec, pkg string, structs map[string]map[string]goField) (map[string][]byte, error) {
	groups, err := Methods(s, structs)
	if err != nil {
		return nil, err
	}
	out := map[string][]byte{}
	for group, ms := range groups {
		src, err := renderGroup(pkg, group, ms)
		if err != nil {
			return nil, fmt.Errorf("group %s: %w", group, err)
		}
		out["access_"+snake(group)+"_gen.go"] = src
	}
	return out, nil
}

func renderGroup(pkg, group string, ms []GoMethod) ([]byte, error) {
	var body bytes.Buffer
	imports := map[string]bool{"context": true}
	for i := range ms {
		ms[i].render(&body, imports)
	}
	list := make([]string, 0, len(imports))
	for imp := range imports {
		list = append(list, imp)
	}
	return goFile(pkg, list, body.Bytes(), "group "+group)
}

// render writes the method and, for a paged one, its iterator.
func (m *GoMethod) render(b *bytes.Buffer, imports map[string]bool) {
	svc := m.Group + "Service"
	var sig, call []string
	var args []string
	for _, p := range m.Op.PathParams {
		arg := goArgName(p.Name)
		sig = append(sig, arg+" "+p.GoType)
		call = append(call, arg)
		switch p.GoType {
		case "int64":
			args = append(args, "idArg("+arg+")")
		case "ID":
			args = append(args, "string("+arg+")")
		default:
			args = append(args, arg)
		}
	}
	if m.Params != "" {
		sig = append(sig, "p *"+m.Params)
	}
	argList := "nil"
	if len(args) > 0 {
		argList = "[]string{" + strings.Join(args, ", ") + "}"
	}
	query, body := "nil", "nil"
	if m.Params != "" {
		switch {
		case m.Op.Method != "GET":
			body = "p"
		case m.OwnQuery:
			query = "p.values()"
		default:
			query = "query.Values(p)"
			imports["github.com/ofauth-go/ofauth/internal/query"] = true
		}
	}
	results := "error"
	zero := ""
	switch {
	case m.Result == "":
	case m.paged():
		results = "(*Page[" + m.Result + "], error)"
		zero = "nil, "
	case byValue(m.Result):
		results = "(" + m.Result + ", error)"
		zero = "nil, "
	default:
		results = "(*" + m.Result + ", error)"
		zero = "nil, "
	}

	writeDoc(b, m.Name+" "+m.Doc)
	b.WriteString("//\n")
	fmt.Fprintf(b, "// %s %s\n", m.Op.Method, m.Op.Path)
	fmt.Fprintf(b, "func (s *%s) %s(%s) %s {\n", svc, m.Name, strings.Join(append(append([]string{"ctx context.Context"}, sig...), "opts ...CallOption"), ", "), results)
	for _, c := range m.Checks {
		imports["fmt"] = true
		if strings.Contains(c.Cond, "strings.") {
			imports["strings"] = true
		}
		if strings.Contains(c.Cond, "utf8.") {
			imports["unicode/utf8"] = true
		}
		fmt.Fprintf(b, "\tif %s {\n\t\treturn %srefused(opts, fmt.Errorf(\"%%w: %s\", ErrInvalidParams))\n\t}\n", c.Cond, zero, c.Msg)
	}
	route := strconv.Quote(m.Op.Path)
	method := "http.Method" + methodConst(m.Op.Method)
	switch {
	case m.Result == "":
		imports["net/http"] = true
		fields := []string{"method: " + method, "route: " + route}
		if argList != "nil" {
			fields = append(fields, "args: "+argList)
		}
		if query != "nil" {
			fields = append(fields, "query: "+query)
		}
		if body != "nil" {
			fields = append(fields, "body: "+body)
		}
		fmt.Fprintf(b, "\treturn s.with(opts).do(ctx, &request{%s})\n", strings.Join(fields, ", "))
	case m.paged():
		fmt.Fprintf(b, "\treturn %s\n", m.pageCall(route, argList, query))
	case m.Op.Method == "GET" && byValue(m.Result):
		fmt.Fprintf(b, "\tout, err := accessGet[%s](ctx, s.with(opts), %s, %s, %s)\n\tif err != nil {\n\t\treturn nil, err\n\t}\n\treturn *out, nil\n", m.Result, route, argList, query)
	case byValue(m.Result):
		imports["net/http"] = true
		fmt.Fprintf(b, "\tout, err := accessSend[%s](ctx, s.with(opts), %s, %s, %s, %s)\n\tif err != nil {\n\t\treturn nil, err\n\t}\n\treturn *out, nil\n", m.Result, method, route, argList, body)
	case m.Op.Method == "GET":
		fmt.Fprintf(b, "\treturn accessGet[%s](ctx, s.with(opts), %s, %s, %s)\n", m.Result, route, argList, query)
	default:
		imports["net/http"] = true
		fmt.Fprintf(b, "\treturn accessSend[%s](ctx, s.with(opts), %s, %s, %s, %s)\n", m.Result, method, route, argList, body)
	}
	b.WriteString("}\n\n")
	if m.paged() {
		imports["iter"] = true
		m.renderIterator(b, svc, sig, call)
	}
}

func (m *GoMethod) pageCall(route, args, query string) string {
	switch {
	case m.Op.Pagination == "marker":
		return fmt.Sprintf("getMarkerPage[%s](ctx, s.with(opts), %s, %s, %s)", m.Result, route, args, query)
	case m.Envelope == "items":
		return fmt.Sprintf("getItemsPage[%s](ctx, s.with(opts), %s, %s, %s, paramsOf(p).Offset)", m.Result, route, args, query)
	}
	return fmt.Sprintf("getOffsetPage[%s](ctx, s.with(opts), %s, %s, %s, paramsOf(p).Offset)", m.Result, route, args, query)
}

func (m *GoMethod) renderIterator(b *bytes.Buffer, svc string, sig, call []string) {
	walk, field, typ, start := "walkOffsets", "Offset", "int", "p.Offset"
	if m.Op.Pagination == "marker" {
		walk, field, typ, start = "walkMarkers", "Marker", "string", "p.Marker"
	}
	writeDoc(b, fmt.Sprintf("%s walks every item %s lists, page by page, starting at %s; opts apply to every page's call. p is not modified.", m.Iterator(), m.Name, start))
	fmt.Fprintf(b, "func (s *%s) %s(%s) iter.Seq2[*%s, error] {\n", svc, m.Iterator(), strings.Join(append(append([]string{"ctx context.Context"}, sig...), "opts ...CallOption"), ", "), m.Result)
	list := "s." + m.Name
	if len(call) > 0 {
		list = fmt.Sprintf("func(ctx context.Context, q *%s, o ...CallOption) (*Page[%s], error) {\n\t\treturn s.%s(ctx, %s, q, o...)\n\t}", m.Params, m.Result, m.Name, strings.Join(call, ", "))
	}
	fmt.Fprintf(b, "\treturn %s(ctx, opts, p, func(q *%s) *%s { return &q.%s }, %s)\n}\n\n", walk, m.Params, typ, field, list)
}

// byValue reports a result returned as is rather than by pointer: a map
// or a slice.
func byValue(t string) bool { return strings.HasPrefix(t, "map[") || strings.HasPrefix(t, "[]") }

func methodConst(m string) string {
	return map[string]string{"GET": "Get", "POST": "Post", "PUT": "Put", "PATCH": "Patch", "DELETE": "Delete"}[m]
}

// writeDoc writes text as a // comment wrapped at 76 columns; a blank
// line in text separates paragraphs.
func writeDoc(b *bytes.Buffer, text string) {
	for i, para := range strings.Split(strings.TrimSpace(text), "\n\n") {
		if i > 0 {
			b.WriteString("//\n")
		}
		line := "//"
		for _, w := range strings.Fields(para) {
			if len(line)+1+len(w) > 76 && line != "//" {
				b.WriteString(line + "\n")
				line = "//"
			}
			line += " " + w
		}
		b.WriteString(line + "\n")
	}
}

// snake is UserLists → user_lists.
func snake(s string) string {
	var b strings.Builder
	for i, r := range s {
		if unicode.IsUpper(r) {
			if i > 0 {
				b.WriteByte('_')
			}
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}

func firstWord(name string) string {
	for i := 1; i < len(name); i++ {
		if name[i] >= 'A' && name[i] <= 'Z' {
			return name[:i]
		}
	}
	return name
}

func isExported(name string) bool {
	for i, r := range name {
		if i == 0 && !unicode.IsUpper(r) {
			return false
		}
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			return false
		}
	}
	return name != ""
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

func optStringExt(op *v3.Operation, name string) (string, error) {
	if op.Extensions == nil {
		return "", nil
	}
	node, ok := op.Extensions.Get(name)
	if !ok || node == nil {
		return "", nil
	}
	var v string
	if err := node.Decode(&v); err != nil {
		return "", fmt.Errorf("%s: %w", name, err)
	}
	return strings.TrimSpace(v), nil
}

func optBoolExt(op *v3.Operation, name string) (bool, error) {
	if op.Extensions == nil {
		return false, nil
	}
	node, ok := op.Extensions.Get(name)
	if !ok || node == nil {
		return false, nil
	}
	var v bool
	if err := node.Decode(&v); err != nil {
		return false, fmt.Errorf("%s: %w", name, err)
	}
	return v, nil
}

// runMethods writes the generated methods of every Access group into dir
// and removes a group's stale file when the group has none left.
func runMethods(specPath, dir string) error {
	spec, err := loadSpecFile(specPath)
	if err != nil {
		return err
	}
	structs, err := goStructs(dir)
	if err != nil {
		return err
	}
	files, err := MethodFiles(spec, "ofauth", structs)
	if err != nil {
		return err
	}
	stale, err := filepath.Glob(filepath.Join(dir, "access_*_gen.go"))
	if err != nil {
		return err
	}
	for _, f := range stale {
		if _, keep := files[filepath.Base(f)]; keep {
			continue
		}
		if mine, err := methodsFile(f); err != nil || !mine {
			continue // another generator's output, or unreadable: leave it
		}
		if err := os.Remove(f); err != nil {
			return err
		}
	}
	for name, src := range files {
		if err := writeIfChanged(filepath.Join(dir, name), src); err != nil {
			return err
		}
	}
	return nil
}

// methodsFile reports whether path is a file this generator wrote: its
// header, and methods but no type declarations (unlike generated models).
func methodsFile(path string) (bool, error) {
	src, err := os.ReadFile(path) // #nosec G304 -- a file of the generator's own output directory
	if err != nil {
		return false, err
	}
	return bytes.HasPrefix(src, []byte(ModelsHeader+"\n")) && !bytes.Contains(src, []byte("\ntype ")), nil
}
