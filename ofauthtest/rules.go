package ofauthtest

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// queryRule is the schema of one query parameter, path parameter or body
// value, as routes_gen.go describes it.
type queryRule struct {
	Name           string
	Type           string // integer | number | boolean | string | array | object; "" for any
	Format         string // date | date-time | …
	Enum           []string
	HasMin, HasMax bool
	Min, Max       float64
	Default        string // the value the API assumes when the parameter is absent
	MinLen, MaxLen int    // a string's length bounds; 0 for none
	// Required is a query parameter's required, or, for a property of a
	// nested body object, whether the object must hold it.
	Required bool
	// What a body value nests: an object's properties, an array's item
	// rule and size bounds (0 for none), a map's value rule, and a
	// union's alternatives (the value must match one of them).
	Props              []queryRule
	Items              *queryRule
	MinItems, MaxItems int
	Values             *queryRule
	OneOf              []queryRule
}

// readRequest validates a request against gr's rules (path, query, JSON
// body), answering 400 itself, and returns its JSON body (empty when it
// has none). Canned, stateful and special routes all check through it.
func (gr *generatedRoute) readRequest(w http.ResponseWriter, r *http.Request) (map[string]any, bool) {
	if !gr.checkURL(w, r) {
		return nil, false
	}
	body := map[string]any{}
	if r.Body == nil { // a server request always has one; an in-process one may not
		r.Body = http.NoBody
	}
	var raw map[string]json.RawMessage
	if !readJSON(w, r, &raw, len(gr.BodyRequired) == 0) {
		return nil, false
	}
	if field, msg := gr.checkBody(raw); field != "" {
		invalidField(w, field, msg)
		return nil, false
	}
	for k, v := range raw {
		var x any
		if json.Unmarshal(v, &x) == nil {
			body[k] = x
		}
	}
	return body, true
}

// checkURL checks r's path and query parameters against gr's rules,
// answering 400 naming the first bad one and reporting false.
func (gr *generatedRoute) checkURL(w http.ResponseWriter, r *http.Request) bool {
	field, msg := gr.checkPath(r.URL.Path)
	if field == "" {
		field, msg = gr.checkQuery(r.URL.Query())
	}
	if field != "" {
		invalidField(w, field, msg)
		return false
	}
	return true
}

// invalidField answers 400 in the error envelope, naming the field in the
// message and in details.field.
func invalidField(w http.ResponseWriter, field, msg string) {
	writeErrorBody(w, http.StatusBadRequest, errorBody{
		Error:   msg,
		Type:    codeBadRequest,
		Details: map[string]string{"field": field},
	})
}

// checkPath returns the first path parameter whose value breaks its rule
// (an id that is not a number where the spec wants one), with the reason.
func (gr *generatedRoute) checkPath(path string) (field, msg string) {
	if len(gr.PathRules) == 0 {
		return "", ""
	}
	params := pathParams(gr.Pattern, path)
	for _, rule := range gr.PathRules {
		v, err := url.PathUnescape(params[rule.Name])
		if err != nil {
			return rule.Name, rule.Name + " is not a valid path segment"
		}
		if m := rule.checkText(rule.Name, v); m != "" {
			return rule.Name, m
		}
	}
	return "", ""
}

// checkText returns why the text of a path parameter breaks the rule, or
// "": a union's text must fit one of its alternatives.
func (q queryRule) checkText(name, v string) string {
	if len(q.OneOf) == 0 {
		return q.checkNamed(name, v)
	}
	for _, alt := range q.OneOf {
		if alt.checkNamed(name, v) == "" {
			return ""
		}
	}
	return name + " must be " + q.kinds()
}

// checkQuery returns the first query parameter that breaks its rule, with
// the reason, or "" when all are valid.
func (gr *generatedRoute) checkQuery(q url.Values) (field, msg string) {
	for _, rule := range gr.Query {
		vals := q[rule.Name]
		if len(vals) == 0 || (len(vals) == 1 && vals[0] == "") {
			if rule.Required {
				return rule.Name, rule.Name + " is required"
			}
			continue
		}
		for _, v := range vals {
			if m := rule.checkQueryText(v); m != "" {
				return rule.Name, m
			}
		}
	}
	return "", ""
}

// checkBody returns the first field of a JSON body that is missing or
// breaks its rule, at any depth, named by its path ("media[2].id",
// "price.amount"), with the reason; "" when all are valid.
func (gr *generatedRoute) checkBody(body map[string]json.RawMessage) (field, msg string) {
	for _, f := range gr.BodyRequired {
		if v, ok := body[f]; !ok || string(v) == "null" {
			return f, f + " is required"
		}
	}
	for _, rule := range gr.BodyRules {
		raw, ok := body[rule.Name]
		if !ok {
			continue
		}
		var v any
		if json.Unmarshal(raw, &v) != nil {
			continue // readJSON already decoded it
		}
		if field, msg := rule.checkValue(rule.Name, v); field != "" {
			return field, msg
		}
	}
	return "", ""
}

// checkValue returns the path of the first part of v, a decoded JSON value
// at path, that breaks the rule, with the reason. null counts as not sent.
func (q queryRule) checkValue(path string, v any) (field, msg string) {
	if v == nil {
		return "", ""
	}
	if len(q.OneOf) > 0 {
		return q.checkUnion(path, v)
	}
	switch q.Type {
	case "integer", "number":
		n, ok := v.(float64)
		if !ok {
			return path, path + " must be " + article(q.Type)
		}
		if m := q.checkNamed(path, strconv.FormatFloat(n, 'f', -1, 64)); m != "" {
			return path, m
		}
	case "boolean":
		if _, ok := v.(bool); !ok {
			return path, path + " must be true or false"
		}
	case "string":
		s, ok := v.(string)
		if !ok {
			return path, path + " must be a string"
		}
		if n := utf8.RuneCountInString(s); (q.MinLen > 0 && n < q.MinLen) || (q.MaxLen > 0 && n > q.MaxLen) {
			return path, path + " must be " + q.lengthText()
		}
		if m := q.checkNamed(path, s); m != "" {
			return path, m
		}
	case "array":
		arr, ok := v.([]any)
		if !ok {
			return path, path + " must be an array"
		}
		return q.checkItems(path, arr)
	case "object":
		obj, ok := v.(map[string]any)
		if !ok {
			return path, path + " must be an object"
		}
		return q.checkProps(path, obj)
	}
	return "", ""
}

// checkItems checks an array's size and each of its items.
func (q queryRule) checkItems(path string, arr []any) (field, msg string) {
	if q.MinItems > 0 && len(arr) < q.MinItems {
		return path, path + " must have at least " + plural(q.MinItems, "item")
	}
	if q.MaxItems > 0 && len(arr) > q.MaxItems {
		return path, path + " must have at most " + plural(q.MaxItems, "item")
	}
	if q.Items == nil {
		return "", ""
	}
	for i, e := range arr {
		if field, msg := q.Items.checkValue(path+"["+strconv.Itoa(i)+"]", e); field != "" {
			return field, msg
		}
	}
	return "", ""
}

// plural counts things: "1 item", "4 items".
func plural(n int, thing string) string {
	if n == 1 {
		return "1 " + thing
	}
	return strconv.Itoa(n) + " " + thing + "s"
}

// checkProps checks an object's required and known properties, and the
// values of a map.
func (q queryRule) checkProps(path string, obj map[string]any) (field, msg string) {
	for _, p := range q.Props {
		sub := path + "." + p.Name
		v, ok := obj[p.Name]
		if !ok || v == nil {
			if p.Required {
				return sub, sub + " is required"
			}
			continue
		}
		if field, msg := p.checkValue(sub, v); field != "" {
			return field, msg
		}
	}
	if q.Values == nil {
		return "", ""
	}
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	slices.Sort(keys) // the same body always names the same field
	for _, k := range keys {
		if slices.ContainsFunc(q.Props, func(p queryRule) bool { return p.Name == k }) {
			continue
		}
		if field, msg := q.Values.checkValue(path+"."+k, obj[k]); field != "" {
			return field, msg
		}
	}
	return "", ""
}

// checkUnion accepts a value that fits any alternative. Otherwise, when
// only one alternative has the value's JSON type, its complaint is the
// most precise; else the message lists the kinds allowed.
func (q queryRule) checkUnion(path string, v any) (field, msg string) {
	var typed []queryRule
	for _, alt := range q.OneOf {
		f, _ := alt.checkValue(path, v)
		if f == "" {
			return "", ""
		}
		if alt.fitsType(v) {
			typed = append(typed, alt)
		}
	}
	if len(typed) == 1 {
		return typed[0].checkValue(path, v)
	}
	return path, path + " must be " + q.kinds()
}

// fitsType reports whether v has the JSON type of the rule.
func (q queryRule) fitsType(v any) bool {
	switch v.(type) {
	case float64:
		return q.Type == "integer" || q.Type == "number"
	case bool:
		return q.Type == "boolean"
	case string:
		return q.Type == "string"
	case []any:
		return q.Type == "array"
	case map[string]any:
		return q.Type == "object"
	}
	return false
}

// kinds describes a union's alternatives: "an integer or a string".
func (q queryRule) kinds() string {
	var out []string
	for _, alt := range q.OneOf {
		var k string
		switch alt.Type {
		case "integer", "number":
			k = article(alt.Type)
		case "boolean":
			k = "true or false"
		case "":
			k = "any value"
		default:
			k = "an " + alt.Type
			if alt.Type == "string" {
				k = "a string"
			}
		}
		if !slices.Contains(out, k) {
			out = append(out, k)
		}
	}
	if len(out) < 2 {
		return strings.Join(out, "")
	}
	return strings.Join(out[:len(out)-1], ", ") + " or " + out[len(out)-1]
}

func (q queryRule) lengthText() string {
	switch {
	case q.MinLen > 0 && q.MaxLen > 0:
		return "between " + strconv.Itoa(q.MinLen) + " and " + plural(q.MaxLen, "character")
	case q.MinLen > 0:
		return "at least " + plural(q.MinLen, "character")
	}
	return "at most " + plural(q.MaxLen, "character")
}

// checkQueryText returns why v, a query parameter's text, breaks the
// rule, its length bounds included, or "".
func (q queryRule) checkQueryText(v string) string {
	if n := utf8.RuneCountInString(v); q.Type == "string" && ((q.MinLen > 0 && n < q.MinLen) || (q.MaxLen > 0 && n > q.MaxLen)) {
		return q.Name + " must be " + q.lengthText()
	}
	return q.checkNamed(q.Name, v)
}

// checkNamed returns why the text v breaks the rule, naming it name, or
// "".
func (q queryRule) checkNamed(name, v string) string {
	if len(q.Enum) > 0 && !slices.Contains(q.Enum, v) {
		return name + " must be one of " + strings.Join(q.Enum, ", ")
	}
	switch q.Type {
	case "integer", "number":
		n, err := strconv.ParseFloat(v, 64)
		if err != nil || (q.Type == "integer" && n != float64(int64(n))) {
			return name + " must be " + article(q.Type)
		}
		if (q.HasMin && n < q.Min) || (q.HasMax && n > q.Max) {
			return name + " must be " + q.rangeText()
		}
	case "boolean":
		if v != "true" && v != "false" && v != "1" && v != "0" {
			return name + " must be true or false"
		}
	}
	switch q.Format {
	case "date", "date-time":
		// Like the API, either form is accepted for either format.
		if _, err := time.Parse(time.DateOnly, v); err != nil {
			if _, err := time.Parse(time.RFC3339Nano, v); err != nil {
				return name + " must be a date (YYYY-MM-DD) or an ISO 8601 date-time"
			}
		}
	}
	return ""
}

func article(typ string) string {
	if typ == "integer" {
		return "an integer"
	}
	return "a number"
}

func (q queryRule) rangeText() string {
	f := func(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
	switch {
	case q.HasMin && q.HasMax:
		return "between " + f(q.Min) + " and " + f(q.Max)
	case q.HasMin:
		return "at least " + f(q.Min)
	}
	return "at most " + f(q.Max)
}

// routesByLiterals is the route table, the template with the most
// literal segments first, so that a path fitting two templates finds the
// more specific one.
var routesByLiterals = func() []*generatedRoute {
	out := make([]*generatedRoute, len(generatedRoutes))
	for i := range generatedRoutes {
		out[i] = &generatedRoutes[i]
	}
	literals := func(gr *generatedRoute) int {
		return strings.Count(gr.Pattern, "/") - strings.Count(gr.Pattern, "{")
	}
	slices.SortStableFunc(out, func(a, b *generatedRoute) int { return literals(b) - literals(a) })
	return out
}()

// routeFor returns the operation of the spec that method and path call,
// or nil.
func routeFor(method, path string) *generatedRoute {
	for _, gr := range routesByLiterals {
		if gr.Method == method && matchTemplate(gr.Pattern, path) {
			return gr
		}
	}
	return nil
}

// checked runs the spec's checks of the operation a hand-written route
// serves before h, by the same rules as the generated routes: path ids,
// query parameters, and a JSON body's fields at any depth. The body is
// left for h to read; an empty or malformed one is h's to answer.
func checked(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if specCheck(w, r, routeFor(r.Method, r.URL.Path)) {
			h(w, r)
		}
	}
}

// checkedAs is checked for a legacy alias the spec does not name, which
// serves the operation at method and path: its query rules apply (the
// alias's path has no parameters to check).
func checkedAs(method, path string, h http.HandlerFunc) http.HandlerFunc {
	gr := routeFor(method, path)
	if gr == nil {
		return h
	}
	return func(w http.ResponseWriter, r *http.Request) {
		if field, msg := gr.checkQuery(r.URL.Query()); field != "" {
			invalidField(w, field, msg)
			return
		}
		h(w, r)
	}
}

// checkedAccess is checked for an Access handler.
func checkedAccess(h accessHandler) accessHandler {
	return func(w http.ResponseWriter, r *http.Request, a accessCall) {
		if specCheck(w, r, routeFor(r.Method, r.URL.Path)) {
			h(w, r, a)
		}
	}
}

// specCheck answers 400 and reports false when r breaks the rules of gr,
// its operation (nil: none to check).
func specCheck(w http.ResponseWriter, r *http.Request, gr *generatedRoute) bool {
	if gr == nil {
		return true
	}
	if !gr.checkURL(w, r) {
		return false
	}
	if (len(gr.BodyRules) == 0 && len(gr.BodyRequired) == 0) || r.Body == nil {
		return true
	}
	b, err := io.ReadAll(io.LimitReader(r.Body, maxJSONBody+1))
	r.Body = io.NopCloser(io.MultiReader(bytes.NewReader(b), r.Body))
	if err != nil {
		return true
	}
	var raw map[string]json.RawMessage
	if json.Unmarshal(b, &raw) != nil {
		return true
	}
	if field, msg := gr.checkBody(raw); field != "" {
		invalidField(w, field, msg)
		return false
	}
	return true
}
