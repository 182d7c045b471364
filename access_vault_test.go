package ofauth

import (
	"context"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const vaultMediaFixture = `{"id": 5001, "type": "video", "convertedToVideo": false, "canView": true, "hasError": false,
	"createdAt": "2024-02-10T10:00:00Z", "isReady": true, "duration": 31.5, "releaseForms": [],
	"videoSources": {"240": "https://cdn/240.mp4", "720": null},
	"counters": {"likesCount": 42, "tipsSumm": 120.75}, "hasPosts": true,
	"lists": [{"id": 12, "type": "custom", "name": "Beach"}]}`

func TestVaultList(t *testing.T) {
	a, mux := accessFor(t, "conn_1")
	mux.HandleFunc("GET /v2/access/vault/media", func(w http.ResponseWriter, r *http.Request) {
		assertAccessRequest(t, r, "conn_1", url.Values{"limit": {"40"}, "offset": {"80"}, "listId": {"12"}, "sortBy": {"most-liked"},
			"sortDirection": {"desc"}, "query": {"sand"}, "mediaType": {"video"}})
		writeJSON(w, 200, `{"list": [`+vaultMediaFixture+`], "hasMore": true}`)
	})
	page, err := a.Vault.List(context.Background(), &VaultMediaListParams{Limit: 40, Offset: 80, ListID: 12,
		SortBy: VaultSortMostLiked, SortDirection: "desc", Query: "sand", MediaType: MediaVideo})
	require.NoError(t, err)
	assert.True(t, page.HasMore)
	assert.Equal(t, 81, page.NextOffset)
	require.Len(t, page.Items, 1)
	m := page.Items[0]
	assert.Equal(t, int64(5001), m.ID)
	assert.Equal(t, time.Date(2024, 2, 10, 10, 0, 0, 0, time.UTC), m.CreatedAt)
	assert.InDelta(t, 31.5, m.Duration, 1e-9)
	assert.InDelta(t, 120.75, m.Counters.TipsSumm, 1e-9)
	assert.Equal(t, int64(42), m.Counters.LikesCount)
	assert.Equal(t, []VaultMediaListRef{{ID: 12, Type: VaultListCustom, Name: "Beach"}}, m.Lists)
	require.NotNil(t, m.VideoSources)
	assert.Equal(t, VideoSources{P240: "https://cdn/240.mp4"}, *m.VideoSources)
	assert.Nil(t, m.Files)
}

func TestVaultAll(t *testing.T) {
	a, mux := accessFor(t, "conn_1")
	seen := &callLog{}
	mux.HandleFunc("GET /v2/access/vault/media", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		seen.add(q.Get("offset"))
		assert.Equal(t, "photo", q.Get("mediaType"))
		switch q.Get("offset") {
		case "":
			writeJSON(w, 200, `{"list": [{"id": 1}, {"id": 2}], "hasMore": true}`)
		case "2":
			writeJSON(w, 200, `{"list": [{"id": 3}], "hasMore": true}`)
		default:
			writeJSON(w, 200, `{"list": [], "hasMore": true}`)
		}
	})
	p := &VaultMediaListParams{MediaType: MediaPhoto}
	var ids []int64
	for m, err := range a.Vault.All(context.Background(), p) {
		require.NoError(t, err)
		ids = append(ids, m.ID)
	}
	assert.Equal(t, []int64{1, 2, 3}, ids)
	assert.Equal(t, []string{"", "2", "3"}, seen.list(), "an empty page ends the walk")
	assert.Equal(t, &VaultMediaListParams{MediaType: MediaPhoto}, p)

	for _, err := range a.Vault.All(context.Background(), p) {
		require.NoError(t, err)
		break
	}
	assert.Len(t, seen.list(), 4, "breaking stops further requests")
}

func TestVaultAllYieldsErrorOnce(t *testing.T) {
	a, mux := accessFor(t, "conn_1")
	mux.HandleFunc("GET /v2/access/vault/media", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusForbidden, `{"error": "missing scope", "code": "AUTH_INSUFFICIENT_SCOPE"}`)
	})
	var errs []error
	for m, err := range a.Vault.All(context.Background(), nil) {
		assert.Nil(t, m)
		errs = append(errs, err)
	}
	require.Len(t, errs, 1)
	var apiErr *APIError
	require.ErrorAs(t, errs[0], &apiErr)
	assert.Equal(t, http.StatusForbidden, apiErr.StatusCode)
}

func TestEmbeddedModelsDecodeBaseAndOwnFields(t *testing.T) {
	var vm VaultMedia
	require.NoError(t, unmarshalJSON([]byte(`{"id":9007199254740993,"type":"video","createdAt":"2025-03-01T10:00:00Z",
		"counters":{"likesCount":4,"tipsSumm":12.5},"hasPosts":true,"lists":[{"id":7,"type":"custom","name":"Set"}]}`), &vm))
	assert.Equal(t, int64(9007199254740993), vm.ID)
	assert.True(t, vm.CreatedAt.Equal(time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC)))
	assert.Equal(t, VaultMediaCounters{LikesCount: 4, TipsSumm: 12.5}, vm.Counters)
	assert.True(t, vm.HasPosts)
	assert.Equal(t, "Set", vm.Lists[0].Name)

	var tp TopPost
	require.NoError(t, unmarshalJSON([]byte(`{"id":5,"postedAt":"2025-03-02 08:00:00","text":"hi","hasVoting":true}`), &tp))
	assert.Equal(t, int64(5), tp.ID)
	assert.Equal(t, "hi", tp.Text)
	assert.True(t, tp.PostedAt.Equal(time.Date(2025, 3, 2, 8, 0, 0, 0, time.UTC)))
	assert.True(t, tp.HasVoting)
}
