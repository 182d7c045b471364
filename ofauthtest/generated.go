package ofauthtest

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// generatedRoute is one operation of spec/openapi.yaml as routes_gen.go
// describes it.
type generatedRoute struct {
	Method      string
	Pattern     string // the spec's path template, also a ServeMux pattern
	OperationID string
	Permission  string      // connection scope an Access operation needs
	Connection  bool        // the operation takes x-connection-id
	Status      int         // documented success status
	PathRules   []queryRule // the path parameters', in the path's order
	Query       []queryRule
	// BodyRequired lists the required top-level fields of the JSON body.
	BodyRequired []string
	// BodyRules are the schemas of the body's top-level fields, checked
	// when a field is sent (null counts as not sent), each with the rules
	// of what it nests.
	BodyRules []queryRule
	Body      string // canned success body; empty for none
	// Echo puts the path's ids into the canned body.
	Echo []echoRule
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
// canned body with the documented status, naming the ids of the path
// where the body has fields for them.
func (gr *generatedRoute) serve(w http.ResponseWriter, r *http.Request) {
	if _, ok := gr.readRequest(w, r); !ok {
		return
	}
	if gr.Body == "" {
		w.WriteHeader(gr.Status)
		return
	}
	if len(gr.Echo) > 0 {
		writeJSON(w, gr.Status, gr.echoed(pathParams(gr.Pattern, r.URL.Path)))
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(gr.Body)))
	w.WriteHeader(gr.Status)
	_, _ = w.Write([]byte(gr.Body))
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
