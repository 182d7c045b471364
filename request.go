package ofauth

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"strings"
)

// request describes one API call.
type request struct {
	method      string
	route       string                    // path template below the base URL, with "{name}" placeholders
	args        []string                  // placeholder values in order; each is path-escaped
	query       url.Values                // nil or empty: no query string
	body        any                       // JSON request body; nil: none
	raw         []byte                    // raw request body (an upload part) instead of body
	stream      func() (io.Reader, error) // streamed raw body, opened once per attempt; instead of raw
	length      int64                     // the stream's length in bytes
	contentType string                    // Content-Type of raw or stream
	connID      string                    // x-connection-id; empty: not sent
	needsConn   bool                      // fail with ErrNoConnection when connID is empty
	out         any                       // decode target; nil discards the body
	respHeader  http.Header               // when non-nil, receives the response headers
	template    string                    // route for telemetry when route is a caller's raw path; "": route
	opts        []CallOption              // the caller's per-call options
}

// isNil reports a nil interface or a nil pointer, map or slice inside one.
func isNil(v any) bool {
	if v == nil {
		return true
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Interface:
		return rv.IsNil()
	}
	return false
}

// expandRoute fills the "{name}" placeholders of route with path-escaped
// args. An empty, "." or ".." arg is an error: it would change which
// endpoint is hit (a normalising proxy resolves dot segments). Every other
// value stays in its segment: PathEscape encodes "/", "?", "#" and "%".
func expandRoute(route string, args []string) (string, error) {
	if len(args) == 0 && !strings.Contains(route, "{") {
		return route, nil
	}
	var b strings.Builder
	b.Grow(len(route) + 16)
	rest := route
	for i := 0; ; i++ {
		open := strings.IndexByte(rest, '{')
		if open < 0 {
			if i != len(args) {
				return "", fmt.Errorf("%w: %s takes %d path values, got %d", ErrInvalidParams, route, i, len(args))
			}
			b.WriteString(rest)
			return b.String(), nil
		}
		end := strings.IndexByte(rest[open:], '}')
		if end < 0 || i >= len(args) {
			return "", fmt.Errorf("%w: %s: missing path value", ErrInvalidParams, route)
		}
		name := rest[open+1 : open+end]
		if strings.TrimSpace(args[i]) == "" {
			return "", fmt.Errorf("%w: %s: empty %s", ErrInvalidParams, route, name)
		}
		if args[i] == "." || args[i] == ".." { // PathEscape keeps dots: the value would step out of its segment
			return "", fmt.Errorf("%w: %s: %s %q is a dot segment", ErrInvalidParams, route, name, args[i])
		}
		b.WriteString(rest[:open])
		b.WriteString(url.PathEscape(args[i]))
		rest = rest[open+end+1:]
	}
}

// rawJSON keeps a JSON body as is and turns a text body into a JSON string,
// so a *json.RawMessage is always valid JSON (or nil for an empty body).
func rawJSON(body []byte) json.RawMessage {
	t := bytes.TrimSpace(body)
	if len(t) == 0 {
		return nil
	}
	if json.Valid(t) {
		return bytes.Clone(t)
	}
	b, _ := json.Marshal(string(body))
	return b
}
