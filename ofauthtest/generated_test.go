package ofauthtest_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ofauth-go/ofauth/ofauthtest"
)

// generatedConn starts a server and connects a creator through Link.
func generatedConn(t *testing.T) (*ofauthtest.Server, string) {
	t.Helper()
	s := start(t)
	return s, connect(t, s, client(t, s), "generated")
}

// assertFieldError checks a 400 in the error envelope naming field, in
// the message and in details.field.
func assertFieldError(t *testing.T, resp *http.Response, m map[string]any, field string) {
	t.Helper()
	assertEnvelope(t, resp, m, http.StatusBadRequest, "BAD_REQUEST")
	assert.Contains(t, m["error"], field)
	details, _ := m["details"].(map[string]any)
	assert.Equal(t, field, details["field"], "details: %v", m["details"])
}

func TestGeneratedRouteAnswersCannedBody(t *testing.T) {
	s, id := generatedConn(t)
	resp, m := call(t, s, http.MethodGet, "/v2/access/vault/media?limit=10&sortBy=recent&sortDirection=asc", id, nil)
	require.Equal(t, http.StatusOK, resp.StatusCode, "%v", m)
	assert.Contains(t, m, "list")
	want, err := ofauthtest.Fixture(http.MethodGet, "/v2/access/vault/media")
	require.NoError(t, err)
	var fixture map[string]any
	require.NoError(t, json.Unmarshal(want, &fixture))
	assert.Equal(t, fixture, m, "the served body is the exported canned body")
}

func TestGeneratedRouteRejectsBadEnum(t *testing.T) {
	s, id := generatedConn(t)
	resp, m := call(t, s, http.MethodGet, "/v2/access/vault/media?sortBy=oldest", id, nil)
	assertFieldError(t, resp, m, "sortBy")
	assert.Contains(t, m["error"], "recent, most-liked, highest-tips")
}

func TestGeneratedRouteRejectsOutOfRangeLimit(t *testing.T) {
	s, id := generatedConn(t)
	for _, q := range []string{"limit=41", "limit=0", "limit=ten", "limit=1.5"} {
		resp, m := call(t, s, http.MethodGet, "/v2/access/vault/media?"+q, id, nil)
		assertFieldError(t, resp, m, "limit")
	}
	resp, m := call(t, s, http.MethodGet, "/v2/access/vault/media?limit=40", id, nil)
	assert.Equal(t, http.StatusOK, resp.StatusCode, "%v", m)
}

func TestGeneratedRouteRejectsBadDate(t *testing.T) {
	s, id := generatedConn(t)
	resp, m := call(t, s, http.MethodGet, "/v2/access/analytics/promotions/chart?startDate=yesterday", id, nil)
	assertFieldError(t, resp, m, "startDate")
	for _, ok := range []string{"2026-01-02", "2026-01-02T10:00:00Z"} {
		resp, m = call(t, s, http.MethodGet, "/v2/access/analytics/promotions/chart?startDate="+ok, id, nil)
		assert.Equal(t, http.StatusOK, resp.StatusCode, "%s: %v", ok, m)
	}
}

func TestGeneratedRouteRejectsMissingRequiredQuery(t *testing.T) {
	s, id := generatedConn(t)
	resp, m := call(t, s, http.MethodGet, "/v2/access/users/list", id, nil)
	assertFieldError(t, resp, m, "userIds")
	resp, m = call(t, s, http.MethodGet, "/v2/access/users/list?userIds=1,2", id, nil)
	assert.Equal(t, http.StatusOK, resp.StatusCode, "%v", m)
}

func TestGeneratedRouteRejectsMissingBodyField(t *testing.T) {
	s, id := generatedConn(t)
	resp, m := call(t, s, http.MethodPost, "/v2/access/users/lists", id, map[string]any{"other": 1})
	assertFieldError(t, resp, m, "name")
	resp, m = call(t, s, http.MethodPost, "/v2/access/users/lists", id, map[string]any{"name": nil})
	assertFieldError(t, resp, m, "name")
	resp, m = call(t, s, http.MethodPost, "/v2/access/users/lists", id, "{not json")
	assertEnvelope(t, resp, m, http.StatusBadRequest, "BAD_REQUEST")
	resp, m = call(t, s, http.MethodPost, "/v2/access/users/lists", id, map[string]any{"name": "VIP"})
	assert.Equal(t, http.StatusOK, resp.StatusCode, "%v", m)
}

// The generated routes sit behind the same middleware as the hand-written
// ones: API key, connection, permission, faults.
func TestGeneratedRouteMiddleware(t *testing.T) {
	s, id := generatedConn(t)
	const path = "/v2/access/self/notifications"

	resp, m := callKey(t, s, "sk_sandbox_wrong", http.MethodGet, path, id, nil)
	assertEnvelope(t, resp, m, http.StatusUnauthorized, "UNAUTHORIZED")

	resp, m = call(t, s, http.MethodGet, path, "", nil)
	assertEnvelope(t, resp, m, http.StatusUnauthorized, "SESSION_NOT_PROVIDED")

	s.Inject(ofauthtest.Fault{Method: http.MethodGet, Path: path, Status: http.StatusServiceUnavailable})
	resp, _ = call(t, s, http.MethodGet, path, id, nil)
	assert.Equal(t, http.StatusServiceUnavailable, resp.StatusCode)

	resp, m = call(t, s, http.MethodGet, path, id, nil)
	require.Equal(t, http.StatusOK, resp.StatusCode, "%v", m)

	require.NoError(t, s.RevokePermission(id, "notifications:read"))
	resp, m = call(t, s, http.MethodGet, path, id, nil)
	assertEnvelope(t, resp, m, http.StatusForbidden, "FORBIDDEN")
}

func TestUnknownRouteStillNotFound(t *testing.T) {
	s, id := generatedConn(t)
	resp, m := call(t, s, http.MethodPatch, "/v2/access/self/notifications", id, nil)
	assertEnvelope(t, resp, m, http.StatusNotFound, "ROUTE_NOT_FOUND")
}

func TestFixtureFallsBackToCannedBody(t *testing.T) {
	// Needs a body, which Fixture does not send: the canned body answers.
	body, err := ofauthtest.Fixture(http.MethodPost, "/v2/access/users/lists")
	require.NoError(t, err)
	var list map[string]any
	require.NoError(t, json.Unmarshal(body, &list))
	assert.Contains(t, list, "name")

	// Served by a generated route: the live answer is the canned body.
	body, err = ofauthtest.Fixture(http.MethodGet, "/v2/access/self/notifications?limit=5")
	require.NoError(t, err)
	assert.True(t, json.Valid(body), "%s", body)

	_, err = ofauthtest.Fixture(http.MethodGet, "/v2/access/nowhere")
	require.ErrorContains(t, err, "ROUTE_NOT_FOUND")
}

// The top-level fields of a JSON body are checked against the spec when
// sent: type, range and length, on stateful and canned routes alike.
func TestGeneratedRouteChecksBodyFields(t *testing.T) {
	s, id := generatedConn(t)
	valid := map[string]any{"discount": 30, "message": "Spring", "finishDays": 7, "subscribeCounts": 10, "subscribeDays": 30, "type": []string{"new"}}
	with := func(k string, v any) map[string]any {
		m := map[string]any{}
		for key, val := range valid {
			m[key] = val
		}
		m[k] = v
		return m
	}
	for _, tc := range []struct {
		name, method, path string
		body               any
		field, says        string
	}{
		{"above the maximum", http.MethodPost, "/v2/access/promotions", with("discount", 101), "discount", "between 1 and 100"},
		{"below the minimum", http.MethodPost, "/v2/access/promotions", with("finishDays", 0), "finishDays", "between 1 and 365"},
		{"a fraction for an integer", http.MethodPost, "/v2/access/promotions", with("discount", 2.5), "discount", "an integer"},
		{"a string for an integer", http.MethodPost, "/v2/access/promotions", with("subscribeDays", "30"), "subscribeDays", "an integer"},
		{"too long", http.MethodPost, "/v2/access/promotions", with("message", strings.Repeat("x", 1001)), "message", "at most 1000 characters"},
		{"not an array", http.MethodPost, "/v2/access/promotions", with("type", "new"), "type", "an array"},
		{"a boolean of the wrong type", http.MethodPost, "/v2/access/posts", map[string]any{"text": "hi", "isLockedText": "yes"}, "isLockedText", "true or false"},
		{"on a canned route", http.MethodPost, "/v2/access/promotions/tracking-links/share-access", map[string]any{"campaignId": "abc", "userId": 5}, "campaignId", "an integer"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, m := call(t, s, tc.method, tc.path, id, tc.body)
			assertFieldError(t, resp, m, tc.field)
			assert.Contains(t, m["error"], tc.says)
		})
	}
	resp, m := call(t, s, http.MethodPost, "/v2/access/promotions", id, valid)
	assert.Equal(t, http.StatusOK, resp.StatusCode, "%v", m)
	resp, m = call(t, s, http.MethodPost, "/v2/access/promotions/tracking-links/share-access", id, map[string]any{"campaignId": 7, "userId": 5})
	assert.Equal(t, http.StatusOK, resp.StatusCode, "%v", m)
}
