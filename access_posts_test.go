package ofauth

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const postFixture = `{
	"id": 90210, "text": "<p>Hello</p>", "rawText": "Hello", "postedAt": "2024-03-01T12:30:00+00:00",
	"postedAtPrecise": "1709296200.000000", "author": {"id": 77, "_view": "m"}, "responseType": "post",
	"media": [{"id": 5001, "type": "photo", "canView": true, "createdAt": "2024-03-01T12:00:00Z", "isReady": true,
		"releaseForms": [], "files": {"full": {"url": "https://cdn/x.jpg", "width": 10, "height": 20, "sources": []}}}],
	"mediaCount": 1, "isMediaReady": true, "canViewMedia": true, "canDelete": true, "canEdit": true,
	"canComment": true, "canToggleFavorite": false, "isFavorite": false, "favoritesCount": 12,
	"isMarkdownDisabled": false, "isOpened": true, "tipsAmount": "12.50", "somethingNew": {"a": 1}
}`

func TestPostsList(t *testing.T) {
	a, mux := accessFor(t, "conn_1")
	mux.HandleFunc("GET /v2/access/posts", func(w http.ResponseWriter, r *http.Request) {
		assertAccessRequest(t, r, "conn_1", url.Values{
			"limit": {"5"}, "sortBy": {"tips"}, "sortDirection": {"asc"}, "pinned": {"false"},
			"includePostCounts": {"true"}, "beforePublishTime": {"1709296200.000000"},
		})
		writeJSON(w, 200, `{"list": [`+postFixture+`], "hasMore": true, "headMarker": "1709300000.000000",
			"tailMarker": "1709296200.000000", "counters": {"postsCount": 40, "photosCount": 31, "videosCount": 9}}`)
	})
	p := &PostListParams{Limit: 5, SortBy: PostSortTips, SortDirection: "asc", Pinned: new(bool), IncludePostCounts: true,
		BeforePublishTime: "1709296200.000000"}
	page, err := a.Posts.List(context.Background(), p)
	require.NoError(t, err)
	assert.True(t, page.HasMore)
	assert.Equal(t, "1709296200.000000", page.NextMarker)
	require.Len(t, page.Items, 1)
	post := page.Items[0]
	assert.Equal(t, int64(90210), post.ID)
	assert.Equal(t, time.Date(2024, 3, 1, 12, 30, 0, 0, time.UTC), post.PostedAt.UTC())
	assert.Equal(t, "12.50", post.TipsAmount)
	assert.Equal(t, int64(12), post.FavoritesCount)
	require.NotNil(t, post.Author)
	assert.Equal(t, AuthorRef{ID: 77, View: "m"}, *post.Author)
	require.Len(t, post.Media, 1)
	assert.Equal(t, int64(5001), post.Media[0].ID)
	assert.Equal(t, MediaPhoto, post.Media[0].Type)
	assert.Equal(t, "https://cdn/x.jpg", post.Media[0].Files.Full.URL)

	full, err := a.Posts.ListPage(context.Background(), p)
	require.NoError(t, err)
	assert.Equal(t, int64(40), full.Counters.PostsCount)
	assert.Equal(t, int64(31), full.Counters.PhotosCount)
	assert.Equal(t, "1709300000.000000", full.HeadMarker)
}

func TestPostsListNilParamsSendsNoQuery(t *testing.T) {
	a, mux := accessFor(t, "conn_1")
	mux.HandleFunc("GET /v2/access/posts", func(w http.ResponseWriter, r *http.Request) {
		assertAccessRequest(t, r, "conn_1", nil)
		writeJSON(w, 200, `{"list": [], "hasMore": false, "tailMarker": null, "counters": null}`)
	})
	page, err := a.Posts.List(context.Background(), nil)
	require.NoError(t, err)
	assert.Empty(t, page.Items)
	assert.False(t, page.HasMore)
}

func TestPostsListByUserEscapesUsername(t *testing.T) {
	a, mux := accessFor(t, "conn_1")
	mux.HandleFunc("GET /v2/access/users/{userId}/posts", func(w http.ResponseWriter, r *http.Request) {
		assertAccessRequest(t, r, "conn_1", url.Values{"limit": {"10"}})
		assert.Equal(t, "/v2/access/users/4242/posts", r.URL.EscapedPath())
		assert.Equal(t, "4242", r.PathValue("userId"))
		writeJSON(w, 200, `{"list": [`+postFixture+`], "hasMore": false, "tailMarker": "1709296200.000000"}`)
	})
	page, err := a.Posts.ListByUser(context.Background(), 4242, &PostListParams{Limit: 10})
	require.NoError(t, err)
	require.Len(t, page.Items, 1)
	assert.False(t, page.HasMore)
}

// postPages serves three pages of posts keyed by beforePublishTime and
// records the cursors it was sent.
func postPages(t *testing.T, mux *http.ServeMux, pattern string) *callLog {
	t.Helper()
	seen := &callLog{}
	pages := map[string]string{
		"":   `{"list": [{"id": 3}, {"id": 2}], "hasMore": true, "tailMarker": "t2"}`,
		"t2": `{"list": [{"id": 1}], "hasMore": true, "tailMarker": "t1"}`,
		"t1": `{"list": [{"id": 0}], "hasMore": false, "tailMarker": "t0"}`,
	}
	mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		cursor := r.URL.Query().Get("beforePublishTime")
		seen.add(cursor)
		assert.Equal(t, "2", r.URL.Query().Get("limit"))
		writeJSON(w, 200, pages[cursor])
	})
	return seen
}

func TestPostsAllFollowsTailMarker(t *testing.T) {
	a, mux := accessFor(t, "conn_1")
	seen := postPages(t, mux, "GET /v2/access/posts")
	p := &PostListParams{Limit: 2}
	var ids []int64
	for post, err := range a.Posts.All(context.Background(), p) {
		require.NoError(t, err)
		ids = append(ids, post.ID)
	}
	assert.Equal(t, []int64{3, 2, 1, 0}, ids)
	assert.Equal(t, []string{"", "t2", "t1"}, seen.list())
	assert.Equal(t, &PostListParams{Limit: 2}, p, "params untouched")
}

func TestPostsAllByUserStopsOnBreak(t *testing.T) {
	a, mux := accessFor(t, "conn_1")
	seen := postPages(t, mux, "GET /v2/access/users/{userId}/posts")
	var ids []int64
	for post, err := range a.Posts.AllByUser(context.Background(), 4242, &PostListParams{Limit: 2}) {
		require.NoError(t, err)
		ids = append(ids, post.ID)
		if post.ID == 2 {
			break
		}
	}
	assert.Equal(t, []int64{3, 2}, ids)
	assert.Equal(t, []string{""}, seen.list(), "no request after the break")
}

func TestPostsGet(t *testing.T) {
	a, mux := accessFor(t, "conn_1")
	mux.HandleFunc("GET /v2/access/posts/{postId}", func(w http.ResponseWriter, r *http.Request) {
		assertAccessRequest(t, r, "conn_1", nil)
		assert.Equal(t, "90210", r.PathValue("postId"))
		writeJSON(w, 200, `{"id": 90210, "postedAt": "2024-03-01T12:30:00Z", "price": 9.99, "preview": [5001],
			"canEditText": true, "canEditMedia": false, "tipsAmount": "0", "author": null,
			"releaseForms": [{"id": 4, "name": "Jane", "partnerSource": "of", "type": "user", "user": null}], "media": []}`)
	})
	post, err := a.Posts.Get(context.Background(), 90210)
	require.NoError(t, err)
	assert.Equal(t, int64(90210), post.ID)
	assert.InDelta(t, 9.99, post.Price, 1e-9)
	assert.Equal(t, []int64{5001}, post.Preview)
	assert.True(t, post.CanEditText)
	assert.Nil(t, post.Author)
	assert.Equal(t, time.Date(2024, 3, 1, 12, 30, 0, 0, time.UTC), post.PostedAt)
	require.Len(t, post.ReleaseForms, 1)
	assert.Equal(t, "Jane", post.ReleaseForms[0].Name)
	assert.Nil(t, post.ReleaseForms[0].User)
}

func TestPostsCreateBody(t *testing.T) {
	a, mux := accessFor(t, "conn_1")
	mux.HandleFunc("POST /v2/access/posts", func(w http.ResponseWriter, r *http.Request) {
		assertAccessRequest(t, r, "conn_1", nil)
		assert.Equal(t, "application/json", r.Header.Get("Content-Type"))
		assert.Equal(t, map[string]any{
			"text":              "New set",
			"mediaItems":        []any{float64(5001), "upload:3f2a", "https://example.com/a.jpg"},
			"price":             float64(0),
			"previewMediaCount": float64(1),
			"isMarkdown":        false,
			"releaseForms":      map[string]any{"users": []any{float64(77)}},
			"userTags":          []any{float64(78)},
			"scheduledDate":     "2024-04-01T09:00:00Z",
			"expireAfter":       float64(7),
		}, readJSON(t, r))
		writeJSON(w, 200, postFixture)
	})
	when := time.Date(2024, 4, 1, 9, 0, 0, 0, time.UTC)
	free, one, md := 0.0, 1, false
	post, err := a.Posts.Create(context.Background(), &PostParams{
		Text:              "New set",
		MediaItems:        []MediaItem{MediaItemOf(5001), "upload:3f2a", "https://example.com/a.jpg"},
		Price:             &free,
		PreviewMediaCount: &one,
		IsMarkdown:        &md,
		ReleaseForms:      &ReleaseFormsParams{Users: []int64{77}},
		UserTags:          []int64{78},
		ScheduledDate:     &when,
		ExpireAfter:       7,
	})
	require.NoError(t, err)
	assert.Equal(t, int64(90210), post.ID)
}

func TestPostsCreateNilParamsSendsEmptyObject(t *testing.T) {
	a, mux := accessFor(t, "conn_1")
	mux.HandleFunc("POST /v2/access/posts", func(w http.ResponseWriter, r *http.Request) {
		assert.Empty(t, readJSON(t, r))
		writeJSON(w, 200, postFixture)
	})
	_, err := a.Posts.Create(context.Background(), nil)
	require.NoError(t, err)
}

func TestPostsUpdateAndDelete(t *testing.T) {
	a, mux := accessFor(t, "conn_1")
	mux.HandleFunc("PUT /v2/access/posts/{postId}", func(w http.ResponseWriter, r *http.Request) {
		assertAccessRequest(t, r, "conn_1", nil)
		assert.Equal(t, "42", r.PathValue("postId"))
		assert.Equal(t, map[string]any{"text": "edited", "fundRaisingTargetAmount": float64(50),
			"fundRaisingTipsPresets": []any{float64(5), 10.5}}, readJSON(t, r))
		writeJSON(w, 200, postFixture)
	})
	mux.HandleFunc("DELETE /v2/access/posts/{postId}", func(w http.ResponseWriter, r *http.Request) {
		assertAccessRequest(t, r, "conn_1", nil)
		assert.Equal(t, "42", r.PathValue("postId"))
		assert.Empty(t, r.Header.Get("Content-Type"))
		w.WriteHeader(http.StatusNoContent)
	})
	post, err := a.Posts.Update(context.Background(), 42, &PostParams{Text: "edited", FundRaisingTargetAmount: 50,
		FundRaisingTipsPresets: []float64{5, 10.5}})
	require.NoError(t, err)
	assert.Equal(t, "Hello", post.RawText)
	require.NoError(t, a.Posts.Delete(context.Background(), 42))
}

func TestMediaItemJSON(t *testing.T) {
	b, err := json.Marshal([]MediaItem{MediaItemOf(7), "12", "upload:ab-cd", "https://x/y.png", ""})
	require.NoError(t, err)
	assert.JSONEq(t, `[7, 12, "upload:ab-cd", "https://x/y.png", ""]`, string(b))
}
