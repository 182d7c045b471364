package ofauth

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const messageFixture = `{
	"id": 880001, "text": "hey", "fromUser": {"id": 77, "_view": "s"}, "media": [], "previews": [5001],
	"isFree": false, "price": 4.99, "lockedText": true, "giphyId": null, "releaseForms": null,
	"createdAt": "2024-05-02T08:15:30.000Z", "changedAt": null, "isOpened": true, "queueId": 3100000001,
	"canPurchaseReason": "already_bought"
}`

func TestChatsList(t *testing.T) {
	a, mux := accessFor(t, "conn_1")
	mux.HandleFunc("GET /v2/access/chats", func(w http.ResponseWriter, r *http.Request) {
		assertAccessRequest(t, r, "conn_1", url.Values{
			"limit": {"20"}, "offset": {"40"}, "order": {"recent"}, "filter": {"who_tipped"},
			"query": {"jane"}, "userListId": {"12"},
		})
		writeJSON(w, 200, `{"list": [
			{"withUser": {"id": 77, "_view": "s"}, "canSendMessage": false, "canNotSendReason": "blocked",
			 "unreadMessagesCount": 3, "lastMessage": `+messageFixture+`, "lastReadMessageId": 879999},
			{"withUser": {"id": 78}, "canSendMessage": true, "canNotSendReason": false, "lastMessage": null}
		], "hasMore": true, "nextOffset": 55}`)
	})
	page, err := a.Chats.List(context.Background(), &ChatListParams{Limit: 20, Offset: 40, Order: ChatOrderRecent,
		Filter: ChatFilterWhoTipped, Query: "jane", UserListID: "12"})
	require.NoError(t, err)
	assert.True(t, page.HasMore)
	assert.Equal(t, 55, page.NextOffset, "nextOffset wins over offset+len")
	require.Len(t, page.Items, 2)
	c := page.Items[0]
	assert.Equal(t, int64(77), c.WithUser.ID)
	assert.Equal(t, ChatReason("blocked"), c.CanNotSendReason)
	assert.Equal(t, int64(3), c.UnreadMessagesCount)
	assert.Equal(t, int64(879999), c.LastReadMessageID)
	require.NotNil(t, c.LastMessage)
	assert.Equal(t, int64(880001), c.LastMessage.ID)
	assert.Equal(t, time.Date(2024, 5, 2, 8, 15, 30, 0, time.UTC), c.LastMessage.CreatedAt)
	assert.Equal(t, ChatReason(""), page.Items[1].CanNotSendReason)
	assert.Nil(t, page.Items[1].LastMessage)
}

func TestChatsAllFollowsNextOffsetAndStopsOnBreak(t *testing.T) {
	a, mux := accessFor(t, "conn_1")
	seen := &callLog{}
	mux.HandleFunc("GET /v2/access/chats", func(w http.ResponseWriter, r *http.Request) {
		off := r.URL.Query().Get("offset")
		seen.add(off)
		assert.Equal(t, "2", r.URL.Query().Get("limit"))
		switch off {
		case "":
			writeJSON(w, 200, `{"list": [{"withUser": {"id": 1}}, {"withUser": {"id": 2}}], "hasMore": true, "nextOffset": 10}`)
		case "10":
			writeJSON(w, 200, `{"list": [{"withUser": {"id": 3}}, {"withUser": {"id": 4}}], "hasMore": true}`)
		case "12":
			writeJSON(w, 200, `{"list": [{"withUser": {"id": 5}}], "hasMore": false}`)
		default:
			t.Errorf("unexpected offset %q", off)
		}
	})
	p := &ChatListParams{Limit: 2}
	var ids []int64
	for c, err := range a.Chats.All(context.Background(), p) {
		require.NoError(t, err)
		ids = append(ids, c.WithUser.ID)
	}
	assert.Equal(t, []int64{1, 2, 3, 4, 5}, ids)
	assert.Equal(t, []string{"", "10", "12"}, seen.list())
	assert.Equal(t, &ChatListParams{Limit: 2}, p)

	for c, err := range a.Chats.All(context.Background(), p) {
		require.NoError(t, err)
		if c.WithUser.ID == 1 {
			break
		}
	}
	assert.Len(t, seen.list(), 4, "one more request, then the break stops the walk")
}

func TestChatsMessages(t *testing.T) {
	a, mux := accessFor(t, "conn_1")
	mux.HandleFunc("GET /v2/access/chats/{userId}/messages", func(w http.ResponseWriter, r *http.Request) {
		assertAccessRequest(t, r, "conn_1", url.Values{"limit": {"10"}, "offset": {"5"}, "query": {"pics"}, "last_id": {"880000"},
			"first_id": {"1"}, "include_users": {"true"}})
		assert.Equal(t, "77", r.PathValue("userId"))
		writeJSON(w, 200, `{"list": [`+messageFixture+`], "hasMore": false}`)
	})
	page, err := a.Chats.Messages(context.Background(), 77, &ChatMessagesParams{Limit: 10, Offset: 5, Query: "pics",
		LastID: 880000, FirstID: 1, IncludeUsers: true})
	require.NoError(t, err)
	assert.False(t, page.HasMore)
	assert.Equal(t, 6, page.NextOffset)
	require.Len(t, page.Items, 1)
	m := page.Items[0]
	assert.Equal(t, MessageSender{ID: 77, View: "s"}, m.FromUser)
	assert.Equal(t, []int64{5001}, m.Previews)
	assert.True(t, m.LockedText)
	assert.Equal(t, int64(3100000001), m.QueueID)
	assert.Equal(t, "already_bought", m.CanPurchaseReason)
	assert.True(t, m.ChangedAt.IsZero())
	assert.Empty(t, m.GiphyID)
}

func TestChatsAllMessages(t *testing.T) {
	a, mux := accessFor(t, "conn_1")
	seen := &callLog{}
	mux.HandleFunc("GET /v2/access/chats/{userId}/messages", func(w http.ResponseWriter, r *http.Request) {
		off, _ := strconv.Atoi(r.URL.Query().Get("offset"))
		seen.add(strconv.Itoa(off))
		assert.Equal(t, "pics", r.URL.Query().Get("query"))
		fmt.Fprintf(w, `{"list": [{"id": %d}, {"id": %d}], "hasMore": %t}`, 100-off, 99-off, off < 6)
	})
	var ids []int64
	for m, err := range a.Chats.AllMessages(context.Background(), 77, &ChatMessagesParams{Limit: 2, Offset: 2, Query: "pics"}) {
		require.NoError(t, err)
		ids = append(ids, m.ID)
	}
	assert.Equal(t, []int64{98, 97, 96, 95, 94, 93}, ids)
	assert.Equal(t, []string{"2", "4", "6"}, seen.list())
}

func TestChatsMediaAndAllMedia(t *testing.T) {
	a, mux := accessFor(t, "conn_1")
	seen := &callLog{}
	mux.HandleFunc("GET /v2/access/chats/{userId}/media", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		seen.add(q.Get("offset"))
		assert.Equal(t, "videos", q.Get("type"))
		assert.Equal(t, "false", q.Get("opened"))
		assert.Equal(t, "78", r.PathValue("userId"))
		if q.Get("offset") == "" {
			writeJSON(w, 200, `{"list": [{"id": 1, "media": [{"id": 9, "type": "video", "duration": 12.5}]}], "hasMore": true}`)
			return
		}
		writeJSON(w, 200, `{"list": [{"id": 2}], "hasMore": false}`)
	})
	p := &ChatMediaParams{Type: ChatMediaVideos, Opened: new(bool)}
	page, err := a.Chats.Media(context.Background(), 78, p)
	require.NoError(t, err)
	require.Len(t, page.Items, 1)
	assert.InDelta(t, 12.5, page.Items[0].Media[0].Duration, 1e-9)

	var ids []int64
	for m, err := range a.Chats.AllMedia(context.Background(), 78, p) {
		require.NoError(t, err)
		ids = append(ids, m.ID)
	}
	assert.Equal(t, []int64{1, 2}, ids)
	assert.Equal(t, []string{"", "", "1"}, seen.list())
}

func TestChatsSendMessage(t *testing.T) {
	a, mux := accessFor(t, "conn_1")
	mux.HandleFunc("POST /v2/access/chats/{userId}/messages", func(w http.ResponseWriter, r *http.Request) {
		assertAccessRequest(t, r, "conn_1", nil)
		assert.Equal(t, "77", r.PathValue("userId"))
		assert.Equal(t, map[string]any{
			"text":               "for you",
			"mediaItems":         []any{float64(5001), "upload:9"},
			"price":              9.99,
			"isLockedText":       true,
			"isForwardedMessage": false,
		}, readJSON(t, r))
		writeJSON(w, 200, messageFixture)
	})
	price, locked, fwd := 9.99, true, false
	m, err := a.Chats.SendMessage(context.Background(), 77, &MessageParams{Text: "for you",
		MediaItems: []MediaItem{MediaItemOf(5001), "upload:9"}, Price: &price, IsLockedText: &locked, IsForwardedMessage: &fwd})
	require.NoError(t, err)
	assert.Equal(t, int64(880001), m.ID)
	assert.JSONEq(t, "null", string(m.ReleaseForms))
}

func TestChatsUnsendMessage(t *testing.T) {
	a, mux := accessFor(t, "conn_1")
	mux.HandleFunc("DELETE /v2/access/chats/{userId}/messages/{messageId}", func(w http.ResponseWriter, r *http.Request) {
		assertAccessRequest(t, r, "conn_1", nil)
		assert.Equal(t, "77", r.PathValue("userId"))
		assert.Equal(t, "880001", r.PathValue("messageId"))
		assert.Equal(t, map[string]any{"withUserId": float64(77)}, readJSON(t, r))
		writeJSON(w, 200, `{"success": true, "queue": {"id": 880001, "date": "2024-05-02T08:15:30Z", "price": "4.99",
			"sentCount": 120, "mediaTypes": {"photo": 2}, "canUnsend": false}}`)
	})
	require.NoError(t, a.Chats.UnsendMessage(context.Background(), 77, 880001))
}

func TestChatReasonForms(t *testing.T) {
	for in, want := range map[string]ChatReason{`"muted"`: "muted", `false`: "", `true`: "", `null`: "", `3`: ""} {
		var c Chat
		require.NoError(t, json.Unmarshal([]byte(`{"canNotSendReason": `+in+`}`), &c), in)
		assert.Equal(t, want, c.CanNotSendReason, in)
	}
}
