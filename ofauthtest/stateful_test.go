package ofauthtest_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ofauth-go/ofauth/ofauthtest"
)

// rawCall sends a JSON request and decodes any JSON answer (objects and
// bare arrays alike).
func rawCall(t *testing.T, s *ofauthtest.Server, method, path, connID, body string) (int, any) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, s.URL+path, rd)
	require.NoError(t, err)
	req.Header.Set("apiKey", s.APIKey)
	req.Header.Set("x-connection-id", connID)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	var v any
	if len(bytes.TrimSpace(raw)) > 0 {
		require.NoError(t, json.Unmarshal(raw, &v), "%s", raw)
	}
	return resp.StatusCode, v
}

// items returns the list of a list body: a bare array or its key.
func items(t *testing.T, body any, key string) []map[string]any {
	t.Helper()
	if m, ok := body.(map[string]any); ok && key != "" {
		body = m[key]
	}
	arr, ok := body.([]any)
	require.True(t, ok, "no list under %q in %v", key, body)
	out := make([]map[string]any, len(arr))
	for i, e := range arr {
		out[i], _ = e.(map[string]any)
	}
	return out
}

// idOf formats a JSON id as a path segment.
func idOf(v any) string {
	if f, ok := v.(float64); ok {
		return fmt.Sprintf("%d", int64(f))
	}
	return fmt.Sprint(v)
}

// findByID returns the item with the id, or nil.
func findByID(list []map[string]any, id string) map[string]any {
	for _, it := range list {
		if idOf(it["id"]) == id {
			return it
		}
	}
	return nil
}

// lifecycle is one stateful area driven over raw HTTP.
type lifecycle struct {
	name       string
	create     string // POST path
	createBody string
	list       string // GET path of the list showing the objects
	key        string // the list's key; "" for a bare array
	get        string // GET path of one object, "{id}" for its id; "" when there is none
	update     string // METHOD path
	updateBody string
	field      string // field the update changes
	want       any
	del        string // DELETE path
	// getOmits tells that the get route's schema lacks field (a post's
	// editing view has no text).
	getOmits bool
}

func TestStatefulLifecycles(t *testing.T) {
	for _, lc := range []lifecycle{
		{name: "user lists", create: "/v2/access/users/lists", createBody: `{"name": "VIPs"}`,
			list: "/v2/access/users/lists", key: "list", get: "/v2/access/users/lists/{id}",
			update: "PATCH /v2/access/users/lists/{id}", updateBody: `{"name": "Top fans"}`, field: "name", want: "Top fans",
			del: "/v2/access/users/lists/{id}"},
		{name: "vault lists", create: "/v2/access/vault/lists", createBody: `{"name": "Beach"}`,
			list: "/v2/access/vault/lists", key: "list",
			update: "PATCH /v2/access/vault/lists/{id}", updateBody: `{"name": "Beach 2026"}`, field: "name", want: "Beach 2026",
			del: "/v2/access/vault/lists/{id}"},
		{name: "mass messages", create: "/v2/access/mass-messages", createBody: `{"text": "Weekend sale", "userLists": ["fans"]}`,
			list: "/v2/access/analytics/mass-messages/sent", key: "items", get: "/v2/access/mass-messages/{id}",
			update: "PUT /v2/access/mass-messages/{id}", updateBody: `{"text": "Weekend sale, last day"}`, field: "text", want: "Weekend sale, last day",
			del: "/v2/access/mass-messages/{id}"},
		{name: "promotions", create: "/v2/access/promotions",
			createBody: `{"discount": 30, "message": "Spring", "finishDays": 7, "subscribeCounts": 10, "subscribeDays": 30, "type": ["new"]}`,
			list:       "/v2/access/promotions",
			update:     "PUT /v2/access/promotions/{id}", updateBody: `{"message": "Spring, extended"}`, field: "message", want: "Spring, extended",
			del: "/v2/access/promotions/{id}"},
		{name: "bundles", create: "/v2/access/promotions/bundles", createBody: `{"discount": 10, "duration": 3}`,
			list: "/v2/access/promotions/bundles", get: "/v2/access/promotions/bundles/{id}",
			update: "PUT /v2/access/promotions/bundles/{id}", updateBody: `{"discount": 25}`, field: "discount", want: 25.0,
			del: "/v2/access/promotions/bundles/{id}"},
		{name: "tracking links", create: "/v2/access/promotions/tracking-links", createBody: `{"name": "instagram"}`,
			list: "/v2/access/promotions/tracking-links", key: "list", get: "/v2/access/promotions/tracking-links/{id}",
			update: "PUT /v2/access/promotions/tracking-links/{id}", updateBody: `{"name": "instagram-bio"}`, field: "name", want: "instagram-bio",
			del: "/v2/access/promotions/tracking-links/{id}"},
		{name: "trial links", create: "/v2/access/promotions/trial-links", createBody: `{"trialLinkName": "reddit", "subscribeDays": 7}`,
			list: "/v2/access/promotions/trial-links", key: "list", get: "/v2/access/promotions/trial-links/{id}",
			update: "PUT /v2/access/promotions/trial-links/{id}", updateBody: `{"trialLinkName": "reddit-2"}`, field: "trialLinkName", want: "reddit-2",
			del: "/v2/access/promotions/trial-links/{id}"},
		{name: "posts", create: "/v2/access/posts", createBody: `{"text": "New set tomorrow"}`,
			list: "/v2/access/posts", key: "list", get: "/v2/access/posts/{id}",
			update: "PUT /v2/access/posts/{id}", updateBody: `{"text": "New set today"}`, field: "text", want: "New set today",
			del: "/v2/access/posts/{id}", getOmits: true},
	} {
		t.Run(lc.name, func(t *testing.T) {
			s, conn := generatedConn(t)
			status, created := rawCall(t, s, http.MethodPost, lc.create, conn, lc.createBody)
			require.Equal(t, http.StatusOK, status, "%v", created)
			if arr, ok := created.([]any); ok { // creates that answer the list, newest first
				require.NotEmpty(t, arr)
				created = arr[0]
			}
			id := idOf(created.(map[string]any)["id"])
			require.NotEmpty(t, id)
			at := func(p string) string { return strings.ReplaceAll(p, "{id}", id) }

			status, list := rawCall(t, s, http.MethodGet, lc.list, conn, "")
			require.Equal(t, http.StatusOK, status, "%v", list)
			require.NotNil(t, findByID(items(t, list, lc.key), id), "the list shows the new object")

			method, path, _ := strings.Cut(lc.update, " ")
			status, updated := rawCall(t, s, method, at(path), conn, lc.updateBody)
			require.Equal(t, http.StatusOK, status, "%v", updated)
			status, list = rawCall(t, s, http.MethodGet, lc.list, conn, "")
			require.Equal(t, http.StatusOK, status)
			assert.Equal(t, lc.want, findByID(items(t, list, lc.key), id)[lc.field], "the list shows the change")
			if lc.get != "" {
				status, one := rawCall(t, s, http.MethodGet, at(lc.get), conn, "")
				require.Equal(t, http.StatusOK, status, "%v", one)
				if !lc.getOmits {
					assert.Equal(t, lc.want, one.(map[string]any)[lc.field], "get shows the change")
				}
			}

			status, _ = rawCall(t, s, http.MethodDelete, at(lc.del), conn, "")
			require.Equal(t, http.StatusOK, status)
			_, list = rawCall(t, s, http.MethodGet, lc.list, conn, "")
			assert.Nil(t, findByID(items(t, list, lc.key), id), "the list no longer shows it")
			if lc.get != "" {
				status, gone := rawCall(t, s, http.MethodGet, at(lc.get), conn, "")
				assert.Equal(t, http.StatusNotFound, status, "%v", gone)
			}
			status, again := rawCall(t, s, http.MethodDelete, at(lc.del), conn, "")
			assert.Equal(t, http.StatusNotFound, status, "deleting twice: %v", again)
		})
	}
}

// firstFanWhoCanChat returns a fan the creator can message.
func firstFanWhoCanChat(t *testing.T, s *ofauthtest.Server, conn string) string {
	t.Helper()
	_, chats := rawCall(t, s, http.MethodGet, "/v2/access/chats?limit=20", conn, "")
	for _, ch := range items(t, chats, "list") {
		if ch["canSendMessage"] == true {
			return idOf(ch["withUser"].(map[string]any)["id"])
		}
	}
	t.Fatal("no fan to chat with")
	return ""
}

func TestUserListMembersLifecycle(t *testing.T) {
	s, conn := generatedConn(t)
	fan := firstFanWhoCanChat(t, s, conn)
	_, created := rawCall(t, s, http.MethodPost, "/v2/access/users/lists", conn, `{"name": "Whales"}`)
	list := idOf(created.(map[string]any)["id"])
	members := "/v2/access/users/lists/" + list + "/users"

	_, page := rawCall(t, s, http.MethodGet, members, conn, "")
	assert.Empty(t, items(t, page, "list"), "a new list starts empty")
	status, added := rawCall(t, s, http.MethodPost, members+"/"+fan, conn, "")
	require.Equal(t, http.StatusOK, status, "%v", added)
	_, page = rawCall(t, s, http.MethodGet, members, conn, "")
	require.NotNil(t, findByID(items(t, page, "list"), fan))
	_, one := rawCall(t, s, http.MethodGet, "/v2/access/users/lists/"+list, conn, "")
	assert.Equal(t, 1.0, one.(map[string]any)["usersCount"])

	status, left := rawCall(t, s, http.MethodDelete, members+"/"+fan, conn, "")
	require.Equal(t, http.StatusOK, status, "%v", left)
	assert.Empty(t, items(t, left, "list"), "removing answers the members left")
	status, _ = rawCall(t, s, http.MethodDelete, members+"/"+fan, conn, "")
	assert.Equal(t, http.StatusNotFound, status)

	// Adding a user to several lists at once.
	status, _ = rawCall(t, s, http.MethodPost, "/v2/access/users/"+fan+"/lists", conn, `{"listIds": [`+list+`]}`)
	require.Equal(t, http.StatusOK, status)
	_, page = rawCall(t, s, http.MethodGet, members, conn, "")
	assert.NotNil(t, findByID(items(t, page, "list"), fan))

	rawCall(t, s, http.MethodDelete, "/v2/access/users/lists/"+list, conn, "")
	status, _ = rawCall(t, s, http.MethodGet, members, conn, "")
	assert.Equal(t, http.StatusNotFound, status, "the members of a deleted list")
}

func TestVaultListMediaAndVaultPlusLifecycle(t *testing.T) {
	s, conn := generatedConn(t)
	_, created := rawCall(t, s, http.MethodPost, "/v2/access/vault/lists", conn, `{"name": "Store me"}`)
	list := idOf(created.(map[string]any)["id"])
	status, owner := rawCall(t, s, http.MethodPost, "/v2/access/vault/lists/"+list+"/media", conn, `{"mediaIds": [3100000001, 3100000002]}`)
	require.Equal(t, http.StatusOK, status, "%v", owner)
	assert.Equal(t, list, idOf(owner.(map[string]any)["id"]), "adding media answers the list")
	assert.Equal(t, true, owner.(map[string]any)["hasMedia"])
	_, media := rawCall(t, s, http.MethodGet, "/v2/access/vault/lists/"+list+"/media", conn, "")
	require.Len(t, items(t, media, "list"), 2)

	// Vault+: storing the list makes its media items; get, delete, purge.
	status, queued := rawCall(t, s, http.MethodPost, "/v2/vault-plus/store/list/"+list, conn, "")
	require.Equal(t, http.StatusOK, status, "%v", queued)
	assert.Equal(t, 2.0, queued.(map[string]any)["estimatedItems"])
	_, vp := rawCall(t, s, http.MethodGet, "/v2/vault-plus/list", conn, "")
	require.NotNil(t, findByID(items(t, vp, "items"), "3100000001"))
	status, one := rawCall(t, s, http.MethodGet, "/v2/vault-plus/3100000001", conn, "")
	require.Equal(t, http.StatusOK, status, "%v", one)
	_, batch := rawCall(t, s, http.MethodPost, "/v2/vault-plus/batch", conn, `{"mediaIds": ["3100000001", "404"]}`)
	assert.Len(t, items(t, batch, "items"), 1, "batch answers the items that exist")
	status, _ = rawCall(t, s, http.MethodDelete, "/v2/vault-plus/3100000001", conn, "")
	require.Equal(t, http.StatusOK, status)
	status, _ = rawCall(t, s, http.MethodGet, "/v2/vault-plus/3100000001", conn, "")
	assert.Equal(t, http.StatusNotFound, status)
	_, purged := rawCall(t, s, http.MethodDelete, "/v2/vault-plus/purge", conn, "")
	assert.Equal(t, true, purged.(map[string]any)["success"])
	_, vp = rawCall(t, s, http.MethodGet, "/v2/vault-plus/list", conn, "")
	assert.Empty(t, items(t, vp, "items"))
}

func TestMessageSendListUnsend(t *testing.T) {
	s, conn := generatedConn(t)
	fan := firstFanWhoCanChat(t, s, conn)
	msgs := "/v2/access/chats/" + fan + "/messages"
	status, sent := rawCall(t, s, http.MethodPost, msgs, conn, `{"text": "Unsend me"}`)
	require.Equal(t, http.StatusOK, status, "%v", sent)
	id := idOf(sent.(map[string]any)["id"])
	_, page := rawCall(t, s, http.MethodGet, msgs, conn, "")
	require.NotNil(t, findByID(items(t, page, "list"), id))
	status, ack := rawCall(t, s, http.MethodDelete, msgs+"/"+id, conn, `{"withUserId": `+fan+`}`)
	require.Equal(t, http.StatusOK, status, "%v", ack)
	assert.Equal(t, true, ack.(map[string]any)["success"])
	_, page = rawCall(t, s, http.MethodGet, msgs, conn, "")
	assert.Nil(t, findByID(items(t, page, "list"), id))
	status, _ = rawCall(t, s, http.MethodDelete, msgs+"/"+id, conn, `{"withUserId": `+fan+`}`)
	assert.Equal(t, http.StatusNotFound, status)
}

func TestSubscriberCustomNameShowsInTheList(t *testing.T) {
	s, conn := generatedConn(t)
	_, subs := rawCall(t, s, http.MethodGet, "/v2/access/subscribers", conn, "")
	fan := idOf(items(t, subs, "list")[0]["id"])
	for _, name := range []string{"Big tipper", "Biggest tipper"} {
		status, _ := rawCall(t, s, http.MethodPut, "/v2/access/subscribers/"+fan+"/custom-name", conn, `{"displayName": "`+name+`"}`)
		require.Equal(t, http.StatusOK, status)
		_, subs = rawCall(t, s, http.MethodGet, "/v2/access/subscribers", conn, "")
		assert.Equal(t, name, findByID(items(t, subs, "list"), fan)["displayName"])
	}
	for _, tc := range []struct{ path, body string }{
		{"note", `{"notice": "Likes beach sets"}`},
		{"discount", `{"discount": 20, "period": 3}`},
	} {
		status, _ := rawCall(t, s, http.MethodPut, "/v2/access/subscribers/"+fan+"/"+tc.path, conn, tc.body)
		assert.Equal(t, http.StatusOK, status, tc.path)
	}
	status, m := rawCall(t, s, http.MethodPut, "/v2/access/subscribers/1/note", conn, `{"notice": "x"}`)
	assert.Equal(t, http.StatusNotFound, status, "%v", m)
}

func TestOffsetPaginationOverAStatefulList(t *testing.T) {
	s, conn := generatedConn(t)
	for i := range 23 {
		status, _ := rawCall(t, s, http.MethodPost, "/v2/access/users/lists", conn, fmt.Sprintf(`{"name": "list %d"}`, i))
		require.Equal(t, http.StatusOK, status)
	}
	// 23 new lists and the 2 seeded ones: pages of 10, 10 and 5.
	seen := map[string]bool{}
	offset := 0
	for page := 0; ; page++ {
		_, body := rawCall(t, s, http.MethodGet, fmt.Sprintf("/v2/access/users/lists?limit=10&offset=%d", offset), conn, "")
		env := body.(map[string]any)
		list := items(t, body, "list")
		for _, it := range list {
			id := idOf(it["id"])
			assert.False(t, seen[id], "id %s on two pages", id)
			seen[id] = true
		}
		offset += len(list)
		assert.Equal(t, float64(offset), env["nextOffset"])
		if env["hasMore"] != true {
			assert.Equal(t, 2, page)
			assert.Len(t, list, 5)
			break
		}
		require.Len(t, list, 10)
	}
	assert.Len(t, seen, 25)
	// Without limit the spec's default (10) applies; above the cap is a 400.
	_, body := rawCall(t, s, http.MethodGet, "/v2/access/users/lists", conn, "")
	assert.Len(t, items(t, body, "list"), 10)
	resp, m := call(t, s, http.MethodGet, "/v2/access/users/lists?limit=101", conn, nil)
	assertFieldError(t, resp, m, "limit")
	_, body = rawCall(t, s, http.MethodGet, "/v2/access/users/lists?query=list%2022", conn, "")
	assert.Len(t, items(t, body, "list"), 1, "query filters by name")
}

func TestVaultPlusCursorPagination(t *testing.T) {
	s, conn := generatedConn(t)
	_, created := rawCall(t, s, http.MethodPost, "/v2/access/vault/lists", conn, `{"name": "Many"}`)
	list := idOf(created.(map[string]any)["id"])
	ids := make([]string, 12)
	for i := range ids {
		ids[i] = fmt.Sprint(3_200_000_000 + i)
	}
	rawCall(t, s, http.MethodPost, "/v2/access/vault/lists/"+list+"/media", conn, `{"mediaIds": [`+strings.Join(ids, ",")+`]}`)
	rawCall(t, s, http.MethodPost, "/v2/vault-plus/store/list/"+list, conn, "")
	// 12 stored and 2 seeded items, 5 a page: a cursor twice, then none.
	seen := 0
	path := "/v2/vault-plus/list?limit=5"
	for pages := 1; ; pages++ {
		_, body := rawCall(t, s, http.MethodGet, path, conn, "")
		seen += len(items(t, body, "items"))
		next, has := body.(map[string]any)["nextCursor"]
		if !has {
			assert.Equal(t, 3, pages)
			break
		}
		require.Less(t, pages, 3)
		path = "/v2/vault-plus/list?limit=5&cursor=" + next.(string)
	}
	assert.Equal(t, 14, seen)
}
