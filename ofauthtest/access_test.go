package ofauthtest_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ofauth-go/ofauth"
	"github.com/ofauth-go/ofauth/ofauthtest"
)

// self is the SelfSummary shape.
type self struct {
	ID               int64   `json:"id"`
	Username         string  `json:"username"`
	Name             string  `json:"name"`
	IsAuth           bool    `json:"isAuth"`
	IsVerified       bool    `json:"isVerified"`
	Avatar           *string `json:"avatar"`
	SubscribersCount *int    `json:"subscribersCount"`
	PostsCount       int     `json:"postsCount"`
	PhotosCount      int     `json:"photosCount"`
	VideosCount      int     `json:"videosCount"`
}

func TestSelfMatchesTheConnection(t *testing.T) {
	s := start(t)
	c := client(t, s)
	id := connect(t, s, c, "")
	conn, _ := s.Connection(id)

	var me self
	require.NoError(t, c.Access.WithConnection(id).Do(ctx(t), http.MethodGet, "/self", nil, &me))
	assert.Equal(t, conn.User.ID, strconv.FormatInt(me.ID, 10))
	assert.Equal(t, conn.User.Username, me.Username)
	assert.Equal(t, conn.User.Name, me.Name)
	assert.True(t, me.IsAuth)
	require.NotNil(t, me.SubscribersCount)
	assert.Positive(t, *me.SubscribersCount)
	assert.Positive(t, me.PostsCount)

	conn, _ = s.Connection(id)
	assert.False(t, conn.LastCheckedAt.IsZero(), "an Access call counts as a check")
}

func TestAccessWithoutAUsableConnection(t *testing.T) {
	s := start(t)
	c := client(t, s)

	resp, m := call(t, s, http.MethodGet, "/v2/access/self", "", nil)
	assertEnvelope(t, resp, m, http.StatusUnauthorized, "SESSION_NOT_PROVIDED")

	err := c.Access.WithConnection("conn_unknown").Do(ctx(t), http.MethodGet, "/self", nil, nil)
	require.ErrorIs(t, err, ofauth.ErrSessionNotProvided)
	assert.False(t, ofauth.NeedsReauth(err), "an unknown connection cannot log in again")

	id := connect(t, s, c, "")
	a := c.Access.WithConnection(id)
	require.NoError(t, a.Do(ctx(t), http.MethodGet, "/self", nil, nil))
	require.NoError(t, s.ExpireConnection(id))
	err = a.Do(ctx(t), http.MethodGet, "/self", nil, nil)
	require.ErrorIs(t, err, ofauth.ErrSessionExpired)
	assert.True(t, ofauth.NeedsReauth(err))
	ae := apiError(t, err)
	assert.Equal(t, http.StatusUnauthorized, ae.StatusCode)
	assert.Equal(t, "refresh_session", ae.ActionRequired)
	assert.Equal(t, 1, ae.Attempts)

	require.ErrorIs(t, s.ExpireConnection("conn_nothing"), ofauthtest.ErrUnknownConnection)
}

// subscriber is the part of the Subscriber model the tests read.
type subscriber struct {
	ID           int64   `json:"id"`
	Name         string  `json:"name"`
	Username     string  `json:"username"`
	DisplayName  *string `json:"displayName"`
	Subscription struct {
		IsActive     bool    `json:"isActive"`
		IsExpired    bool    `json:"isExpired"`
		SubscribedAt *string `json:"subscribedAt"`
		History      []any   `json:"history"`
	} `json:"subscription"`
	Spending struct {
		Total float64 `json:"total"`
	} `json:"spending"`
	Capabilities map[string]bool   `json:"capabilities"`
	Lists        []json.RawMessage `json:"lists"`
}

type page[T any] struct {
	List       []T  `json:"list"`
	HasMore    bool `json:"hasMore"`
	NextOffset *int `json:"nextOffset"`
}

func TestSubscribersPaging(t *testing.T) {
	s := start(t)
	c := client(t, s)
	a := c.Access.WithConnection(connect(t, s, c, ""))

	seen := map[int64]bool{}
	offset, requests := 0, 0
	for {
		var p page[subscriber]
		require.NoError(t, a.Do(ctx(t), http.MethodGet, fmt.Sprintf("/subscribers?limit=50&offset=%d", offset), nil, &p))
		requests++
		assert.LessOrEqual(t, len(p.List), 20, "pages hold at most 20 fans")
		for _, f := range p.List {
			assert.False(t, seen[f.ID], "fan %d twice", f.ID)
			seen[f.ID] = true
			assert.NotEmpty(t, f.Username)
			assert.NotEmpty(t, f.Name)
			assert.NotNil(t, f.DisplayName)
			assert.NotEmpty(t, f.Subscription.History)
			assert.Len(t, f.Capabilities, 6)
			assert.NotEmpty(t, f.Lists)
			assert.NotEqual(t, f.Subscription.IsActive, f.Subscription.IsExpired)
		}
		offset += len(p.List)
		if !p.HasMore {
			break
		}
	}
	assert.Len(t, seen, ofauthtest.DefaultSubscribers)
	assert.Equal(t, 3, requests)

	var active, expired page[subscriber]
	require.NoError(t, a.Do(ctx(t), http.MethodGet, "/subscribers?type=active&limit=20", nil, &active))
	require.NoError(t, a.Do(ctx(t), http.MethodGet, "/subscribers?type=expired&limit=20", nil, &expired))
	for _, f := range active.List {
		assert.True(t, f.Subscription.IsActive)
	}
	for _, f := range expired.List {
		assert.False(t, f.Subscription.IsActive)
	}

	err := a.Do(ctx(t), http.MethodGet, "/subscribers?limit=0", nil, nil)
	require.ErrorIs(t, err, ofauth.ErrBadRequest)
	err = a.Do(ctx(t), http.MethodGet, "/subscribers?type=vip", nil, nil)
	require.ErrorIs(t, err, ofauth.ErrBadRequest)
}

func TestFixturesAreDeterministic(t *testing.T) {
	fans := func(opts ...ofauthtest.ServerOption) []subscriber {
		s := start(t, append([]ofauthtest.ServerOption{ofauthtest.WithClock(newClock().Now)}, opts...)...)
		c := client(t, s)
		var p page[subscriber]
		require.NoError(t, c.Access.WithConnection(connect(t, s, c, "")).Do(ctx(t), http.MethodGet, "/subscribers?limit=20", nil, &p))
		return p.List
	}
	a, b := fans(), fans()
	assert.Equal(t, a, b)
	assert.NotEqual(t, a, fans(ofauthtest.WithSeed(99)))
	assert.Len(t, fans(ofauthtest.WithSubscribers(3)), 3)
	assert.Empty(t, fans(ofauthtest.WithSubscribers(0)))
}

type chat struct {
	WithUser struct {
		ID int64 `json:"id"`
	} `json:"withUser"`
	UnreadMessagesCount int `json:"unreadMessagesCount"`
	LastMessage         *struct {
		ID        int64  `json:"id"`
		Text      string `json:"text"`
		CreatedAt string `json:"createdAt"`
	} `json:"lastMessage"`
}

type message struct {
	ID       int64  `json:"id"`
	Text     string `json:"text"`
	FromUser struct {
		ID int64 `json:"id"`
	} `json:"fromUser"`
	Media     []map[string]any `json:"media"`
	Previews  []int64          `json:"previews"`
	IsFree    bool             `json:"isFree"`
	CreatedAt string           `json:"createdAt"`
}

func TestChatsAndMessages(t *testing.T) {
	s := start(t)
	c := client(t, s)
	id := connect(t, s, c, "")
	a := c.Access.WithConnection(id)

	var chats page[chat]
	require.NoError(t, a.Do(ctx(t), http.MethodGet, "/chats?limit=5", nil, &chats))
	require.Len(t, chats.List, 5)
	assert.True(t, chats.HasMore)
	require.NotNil(t, chats.NextOffset)
	assert.Equal(t, 5, *chats.NextOffset)
	for i := 1; i < len(chats.List); i++ {
		assert.GreaterOrEqual(t, chats.List[i-1].LastMessage.CreatedAt, chats.List[i].LastMessage.CreatedAt, "most recent first")
	}

	fan := chats.List[len(chats.List)-1].WithUser.ID
	path := fmt.Sprintf("/chats/%d/messages", fan)
	var msgs page[message]
	require.NoError(t, a.Do(ctx(t), http.MethodGet, path+"?limit=3", nil, &msgs))
	require.NotEmpty(t, msgs.List)
	assert.Equal(t, chats.List[len(chats.List)-1].LastMessage.ID, msgs.List[0].ID)

	var sent message
	require.NoError(t, a.Do(ctx(t), http.MethodPost, path, map[string]any{
		"text": "Thanks for subscribing!", "mediaItems": []any{3_000_000_001, "https://cdn.example/x.jpg"}, "previewMediaCount": 1,
	}, &sent))
	assert.Equal(t, "Thanks for subscribing!", sent.Text)
	assert.Len(t, sent.Media, 2)
	assert.Equal(t, []int64{3_000_000_001}, sent.Previews)
	assert.True(t, sent.IsFree)
	assert.Greater(t, sent.ID, msgs.List[0].ID)

	require.NoError(t, a.Do(ctx(t), http.MethodGet, path+"?limit=1", nil, &msgs))
	assert.Equal(t, sent.ID, msgs.List[0].ID, "the sent message is the newest")
	require.NoError(t, a.Do(ctx(t), http.MethodGet, "/chats?limit=1", nil, &chats))
	assert.Equal(t, fan, chats.List[0].WithUser.ID, "the chat moved to the top")

	for _, body := range []map[string]any{
		{},
		{"text": "x", "price": 500},
		{"text": "x", "mediaItems": []any{"upload:nothing"}},
		{"text": "x", "mediaItems": []any{"not-a-media"}},
	} {
		require.ErrorIs(t, a.Do(ctx(t), http.MethodPost, path, body, nil), ofauth.ErrBadRequest, "%v", body)
	}
	require.ErrorIs(t, a.Do(ctx(t), http.MethodPost, "/chats/123/messages", map[string]any{"text": "x"}, nil), ofauth.ErrNotFound)
	require.ErrorIs(t, a.Do(ctx(t), http.MethodGet, "/chats/abc/messages", nil, nil), ofauth.ErrBadRequest)
}

type post struct {
	ID              int64  `json:"id"`
	PostedAtPrecise string `json:"postedAtPrecise"`
	Text            string `json:"text"`
	MediaCount      int    `json:"mediaCount"`
	Media           []any  `json:"media"`
}

type postsPage struct {
	List       []post         `json:"list"`
	HasMore    bool           `json:"hasMore"`
	HeadMarker string         `json:"headMarker"`
	TailMarker string         `json:"tailMarker"`
	Counters   map[string]int `json:"counters"`
}

func TestPostsCursor(t *testing.T) {
	s := start(t)
	c := client(t, s)
	a := c.Access.WithConnection(connect(t, s, c, ""))
	seen := map[int64]bool{}
	marker := ""
	var counters map[string]int
	for i := 0; ; i++ {
		require.Less(t, i, 10, "the cursor does not move")
		var p postsPage
		path := "/posts?limit=10"
		if marker != "" {
			path += "&beforePublishTime=" + marker
		}
		require.NoError(t, a.Do(ctx(t), http.MethodGet, path, nil, &p))
		for _, po := range p.List {
			assert.False(t, seen[po.ID])
			seen[po.ID] = true
			assert.Equal(t, po.MediaCount, len(po.Media))
		}
		if len(p.List) > 0 {
			assert.Equal(t, p.List[0].PostedAtPrecise, p.HeadMarker)
			assert.Equal(t, p.List[len(p.List)-1].PostedAtPrecise, p.TailMarker)
		}
		counters = p.Counters
		if !p.HasMore {
			break
		}
		marker = p.TailMarker
	}
	assert.Len(t, seen, counters["postsCount"])
	assert.Len(t, counters, 8)

	var me self
	require.NoError(t, a.Do(ctx(t), http.MethodGet, "/self", nil, &me))
	assert.Equal(t, me.PostsCount, len(seen))
	require.ErrorIs(t, a.Do(ctx(t), http.MethodGet, "/posts?limit=11", nil, nil), ofauth.ErrBadRequest)
}

type transaction struct {
	ID        string `json:"id"`
	Type      string `json:"type"`
	CreatedAt string `json:"createdAt"`
	Amounts   struct {
		Gross, Net, Fee float64
	} `json:"amounts"`
	Currency string `json:"currency"`
	User     struct {
		ID       int64  `json:"id"`
		Username string `json:"username"`
	} `json:"user"`
}

func TestEarnings(t *testing.T) {
	s := start(t, ofauthtest.WithClock(newClock().Now))
	c := client(t, s)
	a := c.Access.WithConnection(connect(t, s, c, ""))

	var all []transaction
	marker := ""
	for i := 0; ; i++ {
		require.Less(t, i, 20)
		var p struct {
			List       []transaction `json:"list"`
			HasMore    bool          `json:"hasMore"`
			NextMarker *int64        `json:"nextMarker"`
		}
		path := "/earnings/transactions"
		if marker != "" {
			path += "?marker=" + marker
		}
		require.NoError(t, a.Do(ctx(t), http.MethodGet, path, nil, &p))
		all = append(all, p.List...)
		if !p.HasMore {
			assert.Nil(t, p.NextMarker)
			break
		}
		require.NotNil(t, p.NextMarker)
		marker = strconv.FormatInt(*p.NextMarker, 10)
	}
	require.Len(t, all, 60)
	ids := map[string]bool{}
	for i, tx := range all {
		assert.False(t, ids[tx.ID])
		ids[tx.ID] = true
		assert.Equal(t, "USD", tx.Currency)
		assert.InDelta(t, tx.Amounts.Gross, tx.Amounts.Net+tx.Amounts.Fee, 0.001)
		if i > 0 {
			assert.Greater(t, all[i-1].CreatedAt, tx.CreatedAt, "newest first")
		}
	}

	var tips struct {
		List []transaction `json:"list"`
	}
	require.NoError(t, a.Do(ctx(t), http.MethodGet, "/earnings/transactions?type=tips", nil, &tips))
	for _, tx := range tips.List {
		assert.Equal(t, "tips", tx.Type)
	}

	var chart struct {
		Chart []struct {
			Date  time.Time `json:"date"`
			Count float64   `json:"count"`
		} `json:"chart"`
		Total float64 `json:"total"`
		Gross float64 `json:"gross"`
		Delta float64 `json:"delta"`
	}
	require.NoError(t, a.Do(ctx(t), http.MethodGet, "/earnings/chart?startDate=2025-02-01&endDate=2025-02-28", nil, &chart))
	require.Len(t, chart.Chart, 28)
	sum := 0.0
	for _, p := range chart.Chart {
		sum += p.Count
	}
	assert.InDelta(t, chart.Total, sum, 0.01)
	assert.Positive(t, chart.Total)
	assert.GreaterOrEqual(t, chart.Gross, chart.Total)

	require.ErrorIs(t, a.Do(ctx(t), http.MethodGet, "/earnings/chart?startDate=yesterday", nil, nil), ofauth.ErrBadRequest)
	require.ErrorIs(t, a.Do(ctx(t), http.MethodGet, "/earnings/chart?by=everything", nil, nil), ofauth.ErrBadRequest)
	require.ErrorIs(t, a.Do(ctx(t), http.MethodGet, "/earnings/transactions?marker=abc", nil, nil), ofauth.ErrBadRequest)
}

func TestProxy(t *testing.T) {
	s := start(t)
	c := client(t, s)
	id := connect(t, s, c, "")
	conn, _ := s.Connection(id)
	a := c.Access.WithConnection(id)

	var me map[string]any
	require.NoError(t, a.Do(ctx(t), http.MethodGet, "/proxy/users/me", nil, &me))
	assert.Equal(t, conn.User.Username, me["username"])

	var echo map[string]any
	require.NoError(t, a.Do(ctx(t), http.MethodPost, "/proxy/messages/queue?x=1", map[string]any{"text": "Hello!"}, &echo))
	assert.Equal(t, "POST", echo["method"])
	assert.Equal(t, "/messages/queue", echo["path"])
	assert.Equal(t, map[string]any{"text": "Hello!"}, echo["body"])
	assert.Equal(t, map[string]any{"x": []any{"1"}}, echo["query"])

	resp, m := call(t, s, http.MethodGet, "/v2/access/proxy/users/me", "", nil)
	assertEnvelope(t, resp, m, http.StatusUnauthorized, "SESSION_NOT_PROVIDED")
}

func TestRateLimitBucket(t *testing.T) {
	clock := newClock()
	s := start(t, ofauthtest.WithClock(clock.Now), ofauthtest.WithRateLimit(60, 3))
	conn := s.AddConnection("")

	for i := 2; i >= 0; i-- {
		resp, _ := call(t, s, http.MethodGet, "/v2/access/self", conn.ID, nil)
		assert.Equal(t, http.StatusOK, resp.StatusCode)
		assert.Equal(t, "3", resp.Header.Get("X-RateLimit-Limit"))
		assert.Equal(t, strconv.Itoa(i), resp.Header.Get("X-RateLimit-Remaining"))
	}
	resp, m := call(t, s, http.MethodGet, "/v2/access/self", conn.ID, nil)
	assertEnvelope(t, resp, m, http.StatusTooManyRequests, "RATE_LIMIT_EXCEEDED")
	assert.Equal(t, "1", resp.Header.Get("Retry-After"))
	assert.Equal(t, "3", resp.Header.Get("X-RateLimit-Reset"), "seconds until the bucket is full")

	// Buckets are per connection.
	other := s.AddConnection("")
	resp, _ = call(t, s, http.MethodGet, "/v2/access/self", other.ID, nil)
	assert.Equal(t, http.StatusOK, resp.StatusCode)

	clock.Add(time.Second)
	resp, _ = call(t, s, http.MethodGet, "/v2/access/self", conn.ID, nil)
	assert.Equal(t, http.StatusOK, resp.StatusCode)

	// Non-Access routes are not limited.
	resp, _ = call(t, s, http.MethodGet, "/v2/account/whoami", "", nil)
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Empty(t, resp.Header.Get("X-RateLimit-Limit"))
}

func TestRateLimitDefaultsAndOff(t *testing.T) {
	s := start(t)
	conn := s.AddConnection("")
	resp, _ := call(t, s, http.MethodGet, "/v2/access/self", conn.ID, nil)
	assert.Equal(t, "90", resp.Header.Get("X-RateLimit-Limit"))
	assert.Equal(t, "89", resp.Header.Get("X-RateLimit-Remaining"))

	off := start(t, ofauthtest.WithRateLimit(0, 0))
	conn = off.AddConnection("")
	resp, _ = call(t, off, http.MethodGet, "/v2/access/self", conn.ID, nil)
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Empty(t, resp.Header.Get("X-RateLimit-Limit"))
}
