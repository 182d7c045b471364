package ofauth

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// Proxy calls any OnlyFans API endpoint through the connection, for what
// the typed groups do not cover. path is the OnlyFans path, with or
// without its "/api2/v2" prefix ("/users/me", "api2/v2/users/me" and
// "users/me" are the same call); it may carry a query string, which is
// merged with query. body, when non-nil, is sent as JSON. The answer is
// decoded into out: nil discards it, a *json.RawMessage or *[]byte keeps
// it as is (a text answer becomes a JSON string in a *json.RawMessage),
// anything else is a JSON target. method is one of GET, POST, PUT, PATCH
// and DELETE.
//
//	var me json.RawMessage
//	err := a.Proxy(ctx, "GET", "/api2/v2/users/me", nil, nil, &me)
//
// <METHOD> /v2/access/proxy/{path}
func (s *AccessService) Proxy(ctx context.Context, method, path string, query url.Values, body, out any, opts ...CallOption) error {
	method = strings.ToUpper(strings.TrimSpace(method))
	switch method {
	case http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete:
	default:
		return refused(opts, fmt.Errorf("%w: proxy method %q is not one of GET, POST, PUT, PATCH, DELETE", ErrInvalidParams, truncateString(method, 16)))
	}
	route, q, err := proxyRoute(path)
	if err != nil {
		return refused(opts, err)
	}
	for k, vs := range query {
		q[k] = append(q[k], vs...)
	}
	return accessGroup{scope: s.scope}.do(ctx, &request{opts: opts, method: method, route: route, query: q, body: body, out: out, template: "/v2/access/proxy/{path}"})
}

// proxyRoute turns an OnlyFans path into the proxy route and its query:
// it drops a leading "api2/v2", makes the path absolute and refuses
// absolute URLs, dot segments and an empty path.
func proxyRoute(path string) (string, url.Values, error) {
	p := strings.TrimSpace(path)
	if strings.Contains(p, "://") {
		return "", nil, fmt.Errorf("%w: proxy path %q must be a path, not a URL", ErrInvalidParams, truncateString(p, 64))
	}
	p = strings.TrimPrefix(p, "/")
	if rest, ok := strings.CutPrefix(p, "api2/v2"); ok && (rest == "" || rest[0] == '/' || rest[0] == '?') {
		p = rest
	}
	p, q, err := splitPath(p)
	if err != nil {
		return "", nil, err
	}
	if strings.Trim(p, "/") == "" {
		return "", nil, fmt.Errorf("%w: empty proxy path", ErrInvalidParams)
	}
	if escapedDotSegment(p) {
		return "", nil, fmt.Errorf("%w: proxy path %q has an encoded dot segment or a bad escape", ErrInvalidParams, truncateString(p, 64))
	}
	return "/v2/access/proxy" + p, q, nil
}

// escapedDotSegment reports a percent-encoded "." or ".." segment, which a
// server could decode into a step up the path, or a bad escape.
func escapedDotSegment(p string) bool {
	for _, seg := range strings.Split(p, "/") {
		if dec, err := url.PathUnescape(seg); err != nil || dec == "." || dec == ".." {
			return true
		}
	}
	return false
}
