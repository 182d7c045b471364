package ofauthtest

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestGeneratedRoutesYieldToHandWritten checks which operations the
// generated table serves: none of those with a hand-written handler, all
// of the others, and a request to a hand-written route reaches its
// handler, not the canned body.
func TestGeneratedRoutesYieldToHandWritten(t *testing.T) {
	s := newInProcess()
	handWritten := 0
	for i := range generatedRoutes {
		gr := &generatedRoutes[i]
		if handledBy(s.router, gr) {
			handWritten++
		}
	}
	t.Logf("%d operations: %d hand-written, %d generated", len(generatedRoutes), handWritten, len(generatedRoutes)-handWritten)
	if handWritten == 0 || handWritten == len(generatedRoutes) {
		t.Fatalf("%d of %d operations hand-written: the probe is broken", handWritten, len(generatedRoutes))
	}
	for _, probe := range []struct {
		method, path string
		hand         bool
	}{
		{http.MethodGet, "/v2/access/self", true},
		{http.MethodGet, "/v2/access/subscribers", true},
		{http.MethodPatch, "/v2/account/connections/conn_1/settings", true},
		{http.MethodGet, "/v2/access/proxy/users/me", true},
		{http.MethodGet, "/v2/access/self/notifications", false},
		{http.MethodGet, "/v2/access/users/lists/5", false},
		{http.MethodGet, "/v2/access/users/5/posts", false},
	} {
		gr := &generatedRoute{Method: probe.method, Pattern: probe.path}
		if got := handledBy(s.router, gr); got != probe.hand {
			t.Errorf("%s %s: hand-written %t, want %t", probe.method, probe.path, got, probe.hand)
		}
	}

	req := httptest.NewRequest(http.MethodGet, "/v2/access/self", nil)
	req.Header.Set("apiKey", "sk_sandbox_x")
	req.Header.Set("x-connection-id", "conn_x")
	rec := httptest.NewRecorder()
	s.serveHTTP(rec, req)
	canned, _ := cannedBody(http.MethodGet, "/v2/access/self")
	if rec.Code != http.StatusOK || strings.TrimSpace(rec.Body.String()) == strings.TrimSpace(string(canned)) {
		t.Fatalf("GET /v2/access/self answered %d from the canned body, not its handler", rec.Code)
	}
}

func TestMatchTemplate(t *testing.T) {
	for _, c := range []struct {
		template, path string
		want           bool
	}{
		{"/v2/access/users/{userId}/posts", "/v2/access/users/7/posts", true},
		{"/v2/access/users/{userId}/posts", "/v2/access/users//posts", false},
		{"/v2/access/users/{userId}/posts", "/v2/access/users/7/posts/1", false},
		{"/v2/access/users/lists", "/v2/access/users/list", false},
	} {
		if got := matchTemplate(c.template, c.path); got != c.want {
			t.Errorf("matchTemplate(%q, %q) = %t", c.template, c.path, got)
		}
	}
}
