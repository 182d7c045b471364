package main

import (
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
)

// Where a parameter goes.
const (
	inPath  = "path"
	inQuery = "query"
	inBody  = "body"
)

// accessCall is one Access operation of the spec, as access_gen.go lists
// it: `ofauth access GROUP CALL` sends it.
type accessCall struct {
	Group, Name string // kebab case, from x-go-method
	GoMethod    string // e.g. "Access.Chats.SendMessage"
	Method      string
	Path        string // e.g. "/v2/access/chats/{userId}/messages"
	Permission  string
	Pagination  string // offset | marker | posts-cursor; "" when the call does not page
	Summary     string
	Params      []accessParam
}

// accessParam is one flag of an accessCall.
type accessParam struct {
	In          string // inPath, inQuery or inBody
	Name        string // as the API spells it
	Flag        string
	Type        string // string | integer | number | boolean | array | object
	ItemType    string // an array's element type
	Required    bool
	Enum        []string
	Default     string // the API's default, shown in --help; never sent
	HasMin      bool
	Min         float64
	HasMax      bool
	Max         float64
	Description string
}

func (a *app) accessCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "access GROUP CALL",
		Short: "Call the Access API: one command per operation of the spec",
		Long: `Call the Access API of a connected creator account. Every operation of the
API description has a command: 'ofauth access GROUP CALL --help' lists its
flags (path and query parameters and the JSON body's fields) with their types,
allowed values, defaults and bounds. -d gives the body as JSON (inline, @FILE
or @-); flags set single fields on top of it.

Each call goes through the SDK, which retries on 429 and 5xx answers with
backoff. --include prints the status, the request id and the rate-limit
headers first. A call that lists in pages has --paginate: it follows the
list through every page and prints each item as one JSON line, as
'ofauth api --paginate' does.`,
		Example: `  ofauth access self get
  ofauth access subscribers list --limit 20
  ofauth access subscribers list --paginate --include
  ofauth access chats send-message --user 123 --text hi`,
	}
	groups := map[string]*cobra.Command{}
	for i := range accessCalls {
		c := &accessCalls[i]
		g := groups[c.Group]
		if g == nil {
			g = &cobra.Command{Use: c.Group, Short: "Access " + strings.ReplaceAll(c.Group, "-", " ") + " calls"}
			groups[c.Group] = g
			cmd.AddCommand(g)
		}
		g.AddCommand(a.accessCallCommand(c))
	}
	return cmd
}

func (a *app) accessCallCommand(c *accessCall) *cobra.Command {
	values := make([]*paramValue, len(c.Params))
	var data string
	var paginate, include bool
	cmd := &cobra.Command{
		Use:   c.Name,
		Short: c.Summary,
		Long:  fmt.Sprintf("%s\n\n%s %s (permission %s; SDK: %s)", c.Summary, c.Method, c.Path, c.Permission, c.GoMethod),
		Args:  args(0, "no arguments (parameters are flags)"),
		RunE: a.runE(func(cmd *cobra.Command, _ []string) error {
			path, q, body, err := c.build(values, data, a)
			if err != nil {
				return err
			}
			svc, err := a.accessService()
			if err != nil {
				return err
			}
			var send any // nil, not a nil map: no body at all
			if body != nil {
				send = body
			}
			fetch := accessFetch(svc, c.Method, path, send)
			if paginate {
				return a.paginate(cmd.Context(), cmd.CommandPath(), q, include, fetch)
			}
			return a.printOnce(cmd.Context(), q, include, fetch)
		}),
	}
	f := cmd.Flags()
	for i, p := range c.Params {
		v := &paramValue{p: p}
		values[i] = v
		fl := f.VarPF(v, p.Flag, "", p.usage())
		if p.Type == "boolean" {
			fl.NoOptDefVal = "true"
		}
		if p.Required {
			_ = cmd.MarkFlagRequired(p.Flag) // the flag was just defined
		}
	}
	if slices.ContainsFunc(c.Params, func(p accessParam) bool { return p.In == inBody }) {
		f.StringVarP(&data, "data", "d", "", "JSON body: inline, @FILE or @- (stdin); flags override its fields")
	}
	// Only a call that lists in pages can be followed through them.
	if c.Pagination != "" {
		f.BoolVar(&paginate, "paginate", false, "walk every page ("+c.Pagination+" style); print each item as a JSON line")
	}
	f.BoolVarP(&include, "include", "i", false, "print status, request id and rate-limit headers")
	return cmd
}

// usage describes a parameter for --help from the spec.
func (p accessParam) usage() string {
	var parts []string
	// pflag reads a `quoted` word as the value's name: keep quotes plain.
	desc := strings.ReplaceAll(p.Description, "`", "'")
	if desc != "" {
		parts = append(parts, desc)
	}
	// Facts the description already states are not repeated.
	lower := strings.ToLower(desc)
	states := func(words ...string) bool {
		return slices.ContainsFunc(words, func(w string) bool { return strings.Contains(lower, w) })
	}
	if len(p.Enum) > 0 {
		parts = append(parts, "one of "+strings.Join(p.Enum, "|"))
	}
	switch {
	case states("min", "max", "range", ".."):
	case p.HasMin && p.HasMax:
		parts = append(parts, fmt.Sprintf("%g..%g", p.Min, p.Max))
	case p.HasMin:
		parts = append(parts, fmt.Sprintf("min %g", p.Min))
	case p.HasMax:
		parts = append(parts, fmt.Sprintf("max %g", p.Max))
	}
	if p.Default != "" && !states("default") {
		parts = append(parts, "API default "+p.Default)
	}
	if p.Type == "array" {
		parts = append(parts, "repeat or separate with commas")
	}
	if p.Type == "object" {
		parts = append(parts, "JSON")
	}
	where := p.In
	if p.Required {
		where += ", required"
	}
	return strings.Join(parts, "; ") + " (" + where + ")"
}

// paramValue is a flag typed by the spec: it checks the value as it is
// set, so a bad one is a usage error naming the flag.
type paramValue struct {
	p      accessParam
	set    bool
	values []string // one, or an array's items
	json   []any    // the values as JSON, for the body
}

func (v *paramValue) Type() string {
	if v.p.Type == "array" {
		return v.p.ItemType + "s"
	}
	return v.p.Type
}

func (v *paramValue) String() string { return strings.Join(v.values, ",") }

func (v *paramValue) Set(s string) error {
	items := []string{s}
	typ := v.p.Type
	if typ == "array" {
		items, typ = splitItems(s), v.p.ItemType
	} else {
		v.values, v.json = nil, nil // a repeated scalar flag: the last wins
	}
	for _, it := range items {
		j, err := v.p.check(typ, it)
		if err != nil {
			return err
		}
		v.values = append(v.values, it)
		v.json = append(v.json, j)
	}
	v.set = true
	return nil
}

func splitItems(s string) []string {
	var out []string
	for _, it := range strings.Split(s, ",") {
		if it = strings.TrimSpace(it); it != "" {
			out = append(out, it)
		}
	}
	return out
}

// check parses one value of type typ against the spec's enum and bounds,
// returning its JSON form.
func (p accessParam) check(typ, s string) (any, error) {
	if len(p.Enum) > 0 && !slices.Contains(p.Enum, s) {
		return nil, fmt.Errorf("%q is not one of %s", s, strings.Join(p.Enum, ", "))
	}
	var n float64
	var out any
	switch typ {
	case "integer":
		i, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("%q is not an integer", s)
		}
		n, out = float64(i), i
	case "number":
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return nil, fmt.Errorf("%q is not a number", s)
		}
		n, out = f, f
	case "boolean":
		b, err := strconv.ParseBool(s)
		if err != nil {
			return nil, fmt.Errorf("%q is not true or false", s)
		}
		return b, nil
	case "object":
		if !json.Valid([]byte(s)) {
			return nil, fmt.Errorf("%q is not JSON", s)
		}
		return json.RawMessage(s), nil
	default:
		return s, nil
	}
	if p.HasMin && n < p.Min {
		return nil, fmt.Errorf("%s is below the minimum %g", s, p.Min)
	}
	if p.HasMax && n > p.Max {
		return nil, fmt.Errorf("%s is above the maximum %g", s, p.Max)
	}
	return out, nil
}

// build fills the path template (relative to /v2/access), the query and
// the body from the flags.
func (c *accessCall) build(values []*paramValue, data string, a *app) (string, url.Values, map[string]any, error) {
	path := strings.TrimPrefix(c.Path, accessPrefix)
	q := url.Values{}
	var body map[string]any
	if data != "" {
		raw, err := a.readData(data)
		if err != nil {
			return "", nil, nil, err
		}
		if err := json.Unmarshal(raw, &body); err != nil || body == nil {
			return "", nil, nil, usagef("-d must be a JSON object")
		}
	}
	for _, v := range values {
		if !v.set {
			continue
		}
		switch v.p.In {
		case inPath:
			path = strings.ReplaceAll(path, "{"+v.p.Name+"}", url.PathEscape(v.values[0]))
		case inQuery:
			for _, s := range v.values {
				q.Add(v.p.Name, s)
			}
		case inBody:
			if body == nil {
				body = map[string]any{}
			}
			if v.p.Type == "array" {
				body[v.p.Name] = v.json
			} else {
				body[v.p.Name] = v.json[0]
			}
		}
	}
	if strings.Contains(path, "{") {
		return "", nil, nil, usagef("a path parameter is missing: %s", path)
	}
	return path, q, body, nil
}
