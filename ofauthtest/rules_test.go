package ofauthtest_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ofauth-go/ofauth/ofauthtest"
)

// A canned route answers for the id it is asked about: the user of GET
// /users/{userId} carries that id, as a number since the schema says so.
func TestCannedAnswerNamesThePathID(t *testing.T) {
	s, id := generatedConn(t)
	resp, m := call(t, s, http.MethodGet, "/v2/access/users/4242", id, nil)
	require.Equal(t, http.StatusOK, resp.StatusCode, "%v", m)
	assert.Equal(t, 4242.0, m["id"])
	resp, other := call(t, s, http.MethodGet, "/v2/access/users/77", id, nil)
	require.Equal(t, http.StatusOK, resp.StatusCode, "%v", other)
	assert.Equal(t, 77.0, other["id"])
	assert.Equal(t, m["username"], other["username"], "the rest of the body stays canned")

	// The path also takes a username (Users.GetByUsername): it is
	// answered, and the numeric id stays the canned one.
	resp, byName := call(t, s, http.MethodGet, "/v2/access/users/jane_doe", id, nil)
	require.Equal(t, http.StatusOK, resp.StatusCode, "%v", byName)
	assert.IsType(t, 0.0, byName["id"])

	// Fixture serves the same answer.
	body, err := ofauthtest.Fixture(http.MethodGet, "/v2/access/users/31337")
	require.NoError(t, err)
	var fixture map[string]any
	require.NoError(t, json.Unmarshal(body, &fixture))
	assert.Equal(t, 31337.0, fixture["id"])
}

// An id that does not fit the path parameter's schema is a 400 naming the
// parameter, on canned, stateful and hand-written routes alike.
func TestPathIDOfTheWrongTypeIsBadRequest(t *testing.T) {
	s, id := generatedConn(t)
	for _, tc := range []struct{ path, field, says string }{
		{"/v2/access/chats/abc/media", "userId", "an integer"},               // canned
		{"/v2/access/analytics/posts/0", "postId", "at least 1"},             // canned, below the minimum
		{"/v2/access/promotions/bundles/1.5", "bundleId", "an integer"},      // stateful
		{"/v2/access/chats/abc/messages", "userId", "an integer"},            // hand-written
		{"/v2/access/subscriptions/x1/history", "subscriptionId", "integer"}, // canned
	} {
		resp, m := call(t, s, http.MethodGet, tc.path, id, nil)
		assertFieldError(t, resp, m, tc.field)
		assert.Contains(t, m["error"], tc.says, tc.path)
	}
	resp, m := call(t, s, http.MethodGet, "/v2/access/chats/12/media", id, nil)
	assert.Equal(t, http.StatusOK, resp.StatusCode, "%v", m)
}

// Body checks follow the schema into nested objects, array items and
// unions, and name the field by its path.
func TestBodyChecksReachNestedFields(t *testing.T) {
	s, id := generatedConn(t)
	conn := "/v2/account/connections/" + id + "/settings"
	for _, tc := range []struct {
		name, method, path string
		body               any
		field, says        string
	}{
		{"an item of the wrong type", http.MethodPost, "/v2/access/posts",
			map[string]any{"text": "hi", "releaseForms": map[string]any{"users": []any{1, "x"}}}, "releaseForms.users[1]", "an integer"},
		{"a nested object of the wrong type", http.MethodPost, "/v2/access/posts",
			map[string]any{"text": "hi", "releaseForms": []any{1}}, "releaseForms", "an object"},
		{"too many items", http.MethodPost, "/v2/access/posts",
			map[string]any{"text": "hi", "fundRaisingTipsPresets": []any{1, 2, 3, 4, 5}}, "fundRaisingTipsPresets", "at most 4 items"},
		{"too few items", http.MethodPost, "/v2/access/promotions",
			map[string]any{"discount": 30, "message": "m", "finishDays": 7, "subscribeCounts": 10, "subscribeDays": 30, "type": []any{}}, "type", "at least 1 item"},
		{"a union item matching no branch", http.MethodPost, "/v2/access/mass-messages",
			map[string]any{"text": "hi", "userIds": []any{1, "2", true}}, "userIds[2]", "an integer or a string"},
		{"a nested enum", http.MethodPatch, conn,
			map[string]any{"vaultPlus": map[string]any{"settings": map[string]any{"storageLimitPurgeStrategy": "random"}}},
			"vaultPlus.settings.storageLimitPurgeStrategy", "purge_oldest"},
		{"an enum in nested array items", http.MethodPatch, conn,
			map[string]any{"vaultPlus": map[string]any{"settings": map[string]any{"imageQualities": []any{"thumb", "huge"}}}},
			"vaultPlus.settings.imageQualities[1]", "thumb, preview, full"},
		{"a nested required field", http.MethodPost, "/v2/link/init",
			map[string]any{"redirectUrl": "https://app.example/cb", "geolocation": map[string]any{"state": "CA"}}, "geolocation.country", "is required"},
		{"a nested boolean", http.MethodPost, "/v2/link/init",
			map[string]any{"redirectUrl": "https://app.example/cb", "options": map[string]any{"returnRawSession": "yes"}}, "options.returnRawSession", "true or false"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, m := call(t, s, tc.method, tc.path, id, tc.body)
			assertFieldError(t, resp, m, tc.field)
			assert.Contains(t, m["error"], tc.says)
		})
	}
	// The same bodies, made valid, pass.
	for _, ok := range []struct {
		method, path string
		body         any
	}{
		{http.MethodPost, "/v2/access/posts", map[string]any{"text": "hi", "releaseForms": map[string]any{"users": []any{1, 2}}, "fundRaisingTipsPresets": []any{5, 10}}},
		{http.MethodPost, "/v2/access/mass-messages", map[string]any{"text": "hi", "userIds": []any{1, "2"}}},
		{http.MethodPatch, conn, map[string]any{"vaultPlus": map[string]any{"settings": map[string]any{"imageQualities": []any{"thumb", "full"}, "storageLimitPurgeStrategy": "block_new"}}}},
		{http.MethodPost, "/v2/link/init", map[string]any{"redirectUrl": "https://app.example/cb", "geolocation": map[string]any{"country": "US"}, "options": map[string]any{"returnRawSession": true}}},
	} {
		resp, m := call(t, s, ok.method, ok.path, id, ok.body)
		assert.True(t, resp.StatusCode < 300, "%s %s: %d %v", ok.method, ok.path, resp.StatusCode, m)
	}
}
