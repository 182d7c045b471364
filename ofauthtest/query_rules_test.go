package ofauthtest_test

import (
	"net/http"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The hand-written routes check query parameters by the spec's rules, like
// the generated ones: a bad enum, number, limit or date is a 400 naming
// the parameter.
func TestHandWrittenRoutesCheckQueryBySpec(t *testing.T) {
	s, id := generatedConn(t)
	for _, tc := range []struct{ path, field, says string }{
		{"/v2/access/subscribers?type=everyone", "type", "all, active, expired, latest"},
		{"/v2/access/subscribers?latestType=old", "latestType", "total, new, renewals"},
		{"/v2/access/subscribers?limit=101", "limit", "between 1 and 100"},
		{"/v2/access/subscribers?limit=0", "limit", "between 1 and 100"},
		{"/v2/access/subscribers?offset=next", "offset", "an integer"},
		{"/v2/access/subscribers?startDate=2026-13-01", "startDate", "YYYY-MM-DD"},
		{"/v2/access/subscribers?endDate=yesterday", "endDate", "YYYY-MM-DD"},
		{"/v2/access/chats?limit=21", "limit", "between 1 and 20"},
		{"/v2/access/chats?order=newest", "order", "recent, old"},
		{"/v2/access/chats?filter=vip", "filter", "priority, who_tipped, unread"},
		{"/v2/access/chats?offset=1.5", "offset", "an integer"},
		{"/v2/access/chats/1/messages?limit=11", "limit", "at most 10"},
		{"/v2/access/chats/1/messages?last_id=0", "last_id", "at least 1"},
		{"/v2/access/chats/1/messages?first_id=abc", "first_id", "an integer"},
		{"/v2/access/chats/1/messages?include_users=maybe", "include_users", "true or false"},
		{"/v2/access/posts?limit=11", "limit", "between 1 and 10"},
		{"/v2/access/posts?sortBy=likes", "sortBy", "publish_date, tips, favorites_count"},
		{"/v2/access/posts?sortDirection=up", "sortDirection", "asc, desc"},
		{"/v2/access/posts?pinned=yes", "pinned", "true or false"},
		{"/v2/access/posts?beforePublishTime=soon", "beforePublishTime", "tailMarker"},
		{"/v2/access/earnings/chart?by=everything", "by", "total, messages"},
		{"/v2/access/earnings/chart?withTotal=yes", "withTotal", "true or false"},
		{"/v2/access/earnings/chart?startDate=01/02/2026", "startDate", "YYYY-MM-DD"},
		{"/v2/access/earnings/chart?startDate=2026-02-01&endDate=2026-01-01", "startDate", "after endDate"},
		{"/v2/access/earnings/transactions?type=refunds", "type", "subscribes, chat_messages"},
		{"/v2/access/earnings/transactions?tipsSource=tv", "tipsSource", "chat, post_all"},
		{"/v2/access/earnings/transactions?startDate=2026-1-5", "startDate", "YYYY-MM-DD"},
		{"/v2/access/earnings/transactions?marker=abc", "marker", "nextMarker"},
		{"/v2/account/connections?status=gone", "status", "active, expired, awaiting_2fa"},
		{"/v2/account/connections?imported=1", "imported", "true, false"},
		{"/v2/account/connections?offset=-1", "offset", "at least 0"},
		{"/v2/connections?limit=0", "limit", "at least 1"}, // the legacy alias
	} {
		t.Run(tc.path, func(t *testing.T) {
			resp, m := call(t, s, http.MethodGet, tc.path, id, nil)
			assertFieldError(t, resp, m, tc.field)
			assert.Contains(t, m["error"], tc.says)
		})
	}
}

// Values the spec allows answer 200, including ones the handlers used to
// refuse (a user list named by a string id, a date-time where a date is
// documented, the legacy path's query).
func TestHandWrittenRoutesAcceptQueryBySpec(t *testing.T) {
	s, id := generatedConn(t)
	resp, chats := call(t, s, http.MethodGet, "/v2/access/chats?limit=1", id, nil)
	require.Equal(t, http.StatusOK, resp.StatusCode, "%v", chats)
	list, _ := chats["list"].([]any)
	require.NotEmpty(t, list)
	fan := list[0].(map[string]any)["withUser"].(map[string]any)["id"].(float64)
	// No cap on the connections limit, and no overflow on huge values.
	resp, m := call(t, s, http.MethodGet, "/v2/account/connections?limit=9000000000000000000", id, nil)
	require.Equal(t, http.StatusOK, resp.StatusCode, "%v", m)
	assert.NotEmpty(t, m["list"])
	resp, m = call(t, s, http.MethodGet, "/v2/account/connections?limit=9e18&offset=9e18", id, nil)
	require.Equal(t, http.StatusOK, resp.StatusCode, "%v", m)
	assert.Empty(t, m["list"], "an offset past the end")
	for _, path := range []string{
		"/v2/access/subscribers?type=active&latestType=new&limit=100&offset=0&startDate=2020-01-01&endDate=2030-01-01T00:00:00Z&query=a",
		"/v2/access/chats?limit=20&offset=0&order=old&filter=unread&userListId=fans",
		"/v2/access/chats?userListId=42",
		"/v2/access/chats/" + strconv.FormatFloat(fan, 'f', -1, 64) + "/messages?limit=10&offset=0&last_id=999999999999&first_id=1&include_users=1",
		"/v2/access/posts?limit=10&sortBy=tips&sortDirection=asc&pinned=false&includePostCounts=true",
		"/v2/access/posts?beforePublishTime=2030-01-01T00:00:00Z",
		"/v2/access/earnings/chart?by=tips_chat&withTotal=true&monthlyTotal=0&startDate=2026-01-01&endDate=2026-02-01",
		"/v2/access/earnings/transactions?type=tips&tipsSource=chat&startDate=2020-01-01",
		"/v2/account/connections?status=active&imported=false&limit=5&offset=0",
		"/v2/connections?imported=true",
	} {
		resp, m = call(t, s, http.MethodGet, path, id, nil)
		assert.Equal(t, http.StatusOK, resp.StatusCode, "%s: %v", path, m)
	}
}

// A limit within the spec's bounds still pages: subscribers hold at most
// 20 a page whatever the limit, chats honour it.
func TestHandWrittenRoutesPageWithinTheSpecLimit(t *testing.T) {
	s, id := generatedConn(t)
	resp, m := call(t, s, http.MethodGet, "/v2/access/subscribers?limit=100", id, nil)
	require.Equal(t, http.StatusOK, resp.StatusCode, "%v", m)
	list, _ := m["list"].([]any)
	assert.NotEmpty(t, list)
	assert.LessOrEqual(t, len(list), 20)

	resp, m = call(t, s, http.MethodGet, "/v2/access/chats?limit=2", id, nil)
	require.Equal(t, http.StatusOK, resp.StatusCode, "%v", m)
	assert.Len(t, m["list"], 2)
	assert.Equal(t, 2.0, m["nextOffset"])
}
