package ofauthtest

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// generatedRoute is one operation of spec/openapi.yaml as routes_gen.go
// describes it.
type generatedRoute struct {
	Method      string
	Pattern     string // the spec's path template, also a ServeMux pattern
	OperationID string
	Permission  string // connection scope an Access operation needs
	Connection  bool   // the operation takes x-connection-id
	Status      int    // documented success status
	Query       []queryRule
	// BodyRequired lists the required top-level fields of the JSON body.
	BodyRequired []string
	// BodyRules are the schemas of the body's top-level fields, checked
	// when a field is sent (null counts as not sent).
	BodyRules []queryRule
	Body      string // canned success body; empty for none
}

// queryRule is the schema of one query parameter.
type queryRule struct {
	Name           string
	Type           string // integer | number | boolean | string | array
	Format         string // date | date-time | …
	Enum           []string
	HasMin, HasMax bool
	Min, Max       float64
	Default        string // the value the API assumes when the parameter is absent
	MinLen, MaxLen int    // a string's length bounds; 0 for none
	Required       bool
}

// generatedRoutes returns the handler of every generated route that no
// hand-written handler of m already answers (those keep priority): it
// serves a request that fits one, through the same middleware as the
// hand-written routes, and reports whether it did. The spec's templates
// overlap in ways ServeMux rejects ("/users/{userId}/posts" and
// "/users/lists/{listId}"), so they are matched here, the template with
// the most literal segments first.
func (s *Server) generatedRoutes(m *http.ServeMux) func(http.ResponseWriter, *http.Request) bool {
	type entry struct {
		route    *generatedRoute
		handler  http.HandlerFunc
		literals int
	}
	var entries []entry
	for i := range generatedRoutes {
		gr := &generatedRoutes[i]
		if handledBy(m, gr) {
			continue
		}
		var h http.HandlerFunc
		if gr.Connection {
			ah := func(w http.ResponseWriter, r *http.Request, _ accessCall) { gr.serve(w, r) }
			if sh := s.statefulHandler(gr); sh != nil {
				ah = sh
			}
			if gr.Permission != "" && gr.Permission != "*" {
				ah = s.needs(gr.Permission, ah)
			}
			h = s.access(ah)
		} else {
			h = s.api(gr.serve)
		}
		entries = append(entries, entry{gr, h, strings.Count(gr.Pattern, "/") - strings.Count(gr.Pattern, "{")})
	}
	slices.SortStableFunc(entries, func(a, b entry) int { return b.literals - a.literals })
	return func(w http.ResponseWriter, r *http.Request) bool {
		for _, e := range entries {
			if e.route.Method == r.Method && matchTemplate(e.route.Pattern, r.URL.Path) {
				e.handler(w, r)
				return true
			}
		}
		return false
	}
}

// handledBy reports whether a hand-written route of m answers gr: a
// request to gr's path, its parameters filled in, reaches a pattern other
// than the catch-all.
func handledBy(m *http.ServeMux, gr *generatedRoute) bool {
	req := &http.Request{Method: gr.Method, URL: &url.URL{Path: samplePath(gr.Pattern)}, Host: "ofauth.test"}
	_, pattern := m.Handler(req)
	return pattern != "" && pattern != "/"
}

// samplePath fills a path template's parameters with a sample value.
func samplePath(template string) string {
	segs := strings.Split(template, "/")
	for i, seg := range segs {
		if strings.HasPrefix(seg, "{") {
			segs[i] = "1"
		}
	}
	return strings.Join(segs, "/")
}

// serve validates the request against the route's rules and answers the
// canned body with the documented status.
func (gr *generatedRoute) serve(w http.ResponseWriter, r *http.Request) {
	if field, msg := gr.checkQuery(r.URL.Query()); field != "" {
		invalidField(w, field, msg)
		return
	}
	if len(gr.BodyRequired) > 0 || len(gr.BodyRules) > 0 {
		if r.Body == nil { // a server request always has one; an in-process one may not
			r.Body = http.NoBody
		}
		var body map[string]json.RawMessage
		if !readJSON(w, r, &body, len(gr.BodyRequired) == 0) {
			return
		}
		if field, msg := gr.checkBody(body); field != "" {
			invalidField(w, field, msg)
			return
		}
	}
	if gr.Body == "" {
		w.WriteHeader(gr.Status)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(gr.Body)))
	w.WriteHeader(gr.Status)
	_, _ = w.Write([]byte(gr.Body))
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
			if m := rule.check(v); m != "" {
				return rule.Name, m
			}
		}
	}
	return "", ""
}

// checkBody returns the first field of a JSON body that is missing or
// breaks its rule, with the reason, or "" when all are valid.
func (gr *generatedRoute) checkBody(body map[string]json.RawMessage) (field, msg string) {
	for _, f := range gr.BodyRequired {
		if v, ok := body[f]; !ok || string(v) == "null" {
			return f, f + " is required"
		}
	}
	for _, rule := range gr.BodyRules {
		if raw, ok := body[rule.Name]; ok {
			if m := rule.checkJSON(raw); m != "" {
				return rule.Name, m
			}
		}
	}
	return "", ""
}

// checkJSON returns why a JSON body value breaks the rule, or "".
func (q queryRule) checkJSON(raw json.RawMessage) string {
	var v any
	if json.Unmarshal(raw, &v) != nil || v == nil {
		return ""
	}
	switch q.Type {
	case "integer", "number":
		n, ok := v.(float64)
		if !ok {
			return q.Name + " must be " + article(q.Type)
		}
		return q.check(strconv.FormatFloat(n, 'f', -1, 64))
	case "boolean":
		if _, ok := v.(bool); !ok {
			return q.Name + " must be true or false"
		}
	case "string":
		s, ok := v.(string)
		if !ok {
			return q.Name + " must be a string"
		}
		if n := utf8.RuneCountInString(s); (q.MinLen > 0 && n < q.MinLen) || (q.MaxLen > 0 && n > q.MaxLen) {
			return q.Name + " must be " + q.lengthText()
		}
		return q.check(s)
	case "array":
		arr, ok := v.([]any)
		if !ok {
			return q.Name + " must be an array"
		}
		for _, e := range arr {
			if s, isString := e.(string); isString && len(q.Enum) > 0 && !slices.Contains(q.Enum, s) {
				return q.Name + " items must be one of " + strings.Join(q.Enum, ", ")
			}
		}
	case "object":
		if _, ok := v.(map[string]any); !ok {
			return q.Name + " must be an object"
		}
	}
	return ""
}

func (q queryRule) lengthText() string {
	switch {
	case q.MinLen > 0 && q.MaxLen > 0:
		return "between " + strconv.Itoa(q.MinLen) + " and " + strconv.Itoa(q.MaxLen) + " characters"
	case q.MinLen > 0:
		return "at least " + strconv.Itoa(q.MinLen) + " characters"
	}
	return "at most " + strconv.Itoa(q.MaxLen) + " characters"
}

// check returns why v breaks the rule, or "".
func (q queryRule) check(v string) string {
	if len(q.Enum) > 0 && !slices.Contains(q.Enum, v) {
		return q.Name + " must be one of " + strings.Join(q.Enum, ", ")
	}
	switch q.Type {
	case "integer", "number":
		n, err := strconv.ParseFloat(v, 64)
		if err != nil || (q.Type == "integer" && n != float64(int64(n))) {
			return q.Name + " must be " + article(q.Type)
		}
		if (q.HasMin && n < q.Min) || (q.HasMax && n > q.Max) {
			return q.Name + " must be " + q.rangeText()
		}
	case "boolean":
		if v != "true" && v != "false" && v != "1" && v != "0" {
			return q.Name + " must be true or false"
		}
	}
	switch q.Format {
	case "date", "date-time":
		// Like the API, either form is accepted for either format.
		if _, err := time.Parse(time.DateOnly, v); err != nil {
			if _, err := time.Parse(time.RFC3339Nano, v); err != nil {
				return q.Name + " must be a date (YYYY-MM-DD) or an ISO 8601 date-time"
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

// cannedBody returns the generated success body of the operation that
// answers method and path, for Fixture.
func cannedBody(method, path string) ([]byte, bool) {
	for i := range generatedRoutes {
		gr := &generatedRoutes[i]
		if gr.Method == method && matchTemplate(gr.Pattern, path) {
			return []byte(gr.Body), true
		}
	}
	return nil, false
}

// matchTemplate reports whether path fits the template, a "{name}"
// segment standing for any one non-empty segment.
func matchTemplate(template, path string) bool {
	want, got := strings.Split(template, "/"), strings.Split(path, "/")
	if len(want) != len(got) {
		return false
	}
	for i := range want {
		if strings.HasPrefix(want[i], "{") {
			if got[i] == "" {
				return false
			}
		} else if want[i] != got[i] {
			return false
		}
	}
	return true
}
