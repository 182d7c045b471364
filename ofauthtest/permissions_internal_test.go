package ofauthtest

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
)

// TestEveryAccessRouteNeedsItsPermission calls every operation of the spec
// that documents an x-permission on a connection without it, and expects
// the documented 403 naming that permission; with the permission granted
// back, the same call is let through.
func TestEveryAccessRouteNeedsItsPermission(t *testing.T) {
	s := NewUnstartedServer(WithRateLimit(0, 0))
	t.Cleanup(s.Close)
	conn := s.AddConnection("scopes").ID
	var all []string
	for _, gr := range generatedRoutes {
		if gr.Permission != "" && gr.Permission != "*" {
			all = append(all, gr.Permission)
		}
	}
	if err := s.RevokePermission(conn, all...); err != nil {
		t.Fatal(err)
	}
	serve := func(gr *generatedRoute) *httptest.ResponseRecorder {
		req := httptest.NewRequest(gr.Method, samplePath(gr.Pattern), nil)
		req.Header.Set("apiKey", s.APIKey)
		req.Header.Set("x-connection-id", conn)
		rec := httptest.NewRecorder()
		s.serveHTTP(rec, req)
		return rec
	}
	checked := 0
	for i := range generatedRoutes {
		gr := &generatedRoutes[i]
		if gr.Permission == "" || gr.Permission == "*" {
			continue
		}
		checked++
		rec := serve(gr)
		var body struct {
			Type    string
			Details struct{ Permission string }
		}
		_ = json.Unmarshal(rec.Body.Bytes(), &body)
		if rec.Code != http.StatusForbidden || body.Type != codeForbidden || body.Details.Permission != gr.Permission {
			t.Errorf("%s %s without %s: %d %s", gr.Method, gr.Pattern, gr.Permission, rec.Code, rec.Body)
			continue
		}
		if err := s.GrantPermission(conn, gr.Permission); err != nil {
			t.Fatal(err)
		}
		if rec := serve(gr); rec.Code == http.StatusForbidden {
			t.Errorf("%s %s with %s: still 403: %s", gr.Method, gr.Pattern, gr.Permission, rec.Body)
		}
		if err := s.RevokePermission(conn, gr.Permission); err != nil {
			t.Fatal(err)
		}
	}
	if checked < 100 {
		t.Fatalf("only %d operations document a permission", checked)
	}
	t.Logf("%d operations checked", checked)
}
