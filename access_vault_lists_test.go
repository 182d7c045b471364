package ofauth

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const vaultListFixture = `{"id": 12, "type": "custom", "name": "Beach", "hasMedia": true, "canUpdate": true, "canDelete": true,
	"medias": [{"type": "photo", "url": "https://cdn/p.jpg"}, {"type": null}]}`

func TestVaultListsListAndListPage(t *testing.T) {
	a, mux := accessFor(t, "conn_1")
	mux.HandleFunc("GET /v2/access/vault/lists", func(w http.ResponseWriter, r *http.Request) {
		assertAccessRequest(t, r, "conn_1", url.Values{"limit": {"10"}, "offset": {"20"}, "query": {"bea"}})
		writeJSON(w, 200, `{"list": [`+vaultListFixture+`], "hasMore": true, "canCreateVaultLists": true,
			"order": "desc", "sort": "recent",
			"all": {"videosCount": 4, "photosCount": 96, "gifsCount": 0, "audiosCount": 1, "medias": [{"type": "photo"}, {"type": null}]}}`)
	})
	p := &VaultListListParams{Limit: 10, Offset: 20, Query: "bea"}
	page, err := a.VaultLists.List(context.Background(), p)
	require.NoError(t, err)
	assert.True(t, page.HasMore)
	assert.Equal(t, 21, page.NextOffset)
	require.Len(t, page.Items, 1)
	l := page.Items[0]
	assert.Equal(t, int64(12), l.ID)
	assert.Equal(t, VaultListCustom, l.Type)
	assert.Equal(t, []VaultListMediaPreview{{Type: MediaPhoto, URL: "https://cdn/p.jpg"}, {}}, l.Medias)

	full, err := a.VaultLists.ListPage(context.Background(), p)
	require.NoError(t, err)
	assert.True(t, full.CanCreateVaultLists)
	assert.Equal(t, int64(96), full.All.PhotosCount)
	assert.Equal(t, int64(1), full.All.AudiosCount)
	require.Len(t, full.All.Medias, 2)
	assert.JSONEq(t, `"photo"`, string(full.All.Medias[0].Type))
	assert.Equal(t, "recent", full.Sort)
}

func TestVaultListsAll(t *testing.T) {
	a, mux := accessFor(t, "conn_1")
	seen := &callLog{}
	mux.HandleFunc("GET /v2/access/vault/lists", func(w http.ResponseWriter, r *http.Request) {
		off := r.URL.Query().Get("offset")
		seen.add(off)
		if off == "" {
			writeJSON(w, 200, `{"list": [{"id": 1}, {"id": 2}], "hasMore": true}`)
			return
		}
		writeJSON(w, 200, `{"list": [{"id": 3}], "hasMore": false}`)
	})
	var ids []int64
	for l, err := range a.VaultLists.All(context.Background(), nil) {
		require.NoError(t, err)
		ids = append(ids, l.ID)
	}
	assert.Equal(t, []int64{1, 2, 3}, ids)
	assert.Equal(t, []string{"", "2"}, seen.list())
}

func TestVaultListsWrites(t *testing.T) {
	a, mux := accessFor(t, "conn_1")
	mux.HandleFunc("POST /v2/access/vault/lists", func(w http.ResponseWriter, r *http.Request) {
		assertAccessRequest(t, r, "conn_1", nil)
		assert.Equal(t, map[string]any{"name": "Beach"}, readJSON(t, r))
		writeJSON(w, 200, vaultListFixture)
	})
	mux.HandleFunc("PATCH /v2/access/vault/lists/{listId}", func(w http.ResponseWriter, r *http.Request) {
		assertAccessRequest(t, r, "conn_1", nil)
		assert.Equal(t, "12", r.PathValue("listId"))
		assert.Equal(t, map[string]any{"name": "Sea", "clearMedia": false}, readJSON(t, r))
		writeJSON(w, 200, `{"id": 12, "type": "custom", "name": "Sea", "hasMedia": false}`)
	})
	mux.HandleFunc("DELETE /v2/access/vault/lists/{listId}", func(w http.ResponseWriter, r *http.Request) {
		assertAccessRequest(t, r, "conn_1", nil)
		assert.Equal(t, "12", r.PathValue("listId"))
		writeJSON(w, 200, `{}`)
	})
	mux.HandleFunc("POST /v2/access/vault/lists/{listId}/media", func(w http.ResponseWriter, r *http.Request) {
		assertAccessRequest(t, r, "conn_1", nil)
		assert.Equal(t, "12", r.PathValue("listId"))
		assert.Equal(t, map[string]any{"mediaIds": []any{float64(5001), float64(5002)}}, readJSON(t, r))
		writeJSON(w, 200, vaultListFixture)
	})
	ctx := context.Background()
	l, err := a.VaultLists.Create(ctx, "Beach")
	require.NoError(t, err)
	assert.Equal(t, "Beach", l.Name)

	clearMedia := false
	l, err = a.VaultLists.Update(ctx, 12, &VaultListUpdateParams{Name: "Sea", ClearMedia: &clearMedia})
	require.NoError(t, err)
	assert.Equal(t, "Sea", l.Name)
	assert.False(t, l.HasMedia)

	require.NoError(t, a.VaultLists.Delete(ctx, 12))

	l, err = a.VaultLists.AddMedia(ctx, 12, []int64{5001, 5002})
	require.NoError(t, err)
	assert.True(t, l.HasMedia)
}

func TestVaultListsValidation(t *testing.T) {
	a, _ := accessFor(t, "conn_1") // no handlers: any request would fail the call with a 404
	ctx := context.Background()
	_, err := a.VaultLists.Create(ctx, "  ")
	assert.ErrorIs(t, err, ErrInvalidParams)
	_, err = a.VaultLists.Update(ctx, 12, nil)
	assert.ErrorIs(t, err, ErrInvalidParams)
	_, err = a.VaultLists.Update(ctx, 12, &VaultListUpdateParams{})
	assert.ErrorIs(t, err, ErrInvalidParams)
	_, err = a.VaultLists.AddMedia(ctx, 12, nil)
	assert.ErrorIs(t, err, ErrInvalidParams)
}

func TestVaultListsMedia(t *testing.T) {
	a, mux := accessFor(t, "conn_1")
	seen := &callLog{}
	mux.HandleFunc("GET /v2/access/vault/lists/{listId}/media", func(w http.ResponseWriter, r *http.Request) {
		assertHeaders(t, r)
		assert.Equal(t, "12", r.PathValue("listId"))
		q := r.URL.Query()
		seen.add(q.Encode())
		if q.Get("offset") == "" {
			writeJSON(w, 200, `{"list": [`+vaultMediaFixture+`], "hasMore": true}`)
			return
		}
		writeJSON(w, 200, `{"list": [{"id": 5002}], "hasMore": false}`)
	})
	p := &VaultListMediaParams{Limit: 1, SortBy: VaultSortRecent, SortDirection: "asc", Query: "x", MediaType: MediaVideo}
	page, err := a.VaultLists.Media(context.Background(), 12, p)
	require.NoError(t, err)
	require.Len(t, page.Items, 1)
	assert.InDelta(t, 120.75, page.Items[0].Counters.TipsSumm, 1e-9)

	var ids []int64
	for m, err := range a.VaultLists.AllMedia(context.Background(), 12, p) {
		require.NoError(t, err)
		ids = append(ids, m.ID)
	}
	assert.Equal(t, []int64{5001, 5002}, ids)
	first := "limit=1&mediaType=video&query=x&sortBy=recent&sortDirection=asc"
	assert.Equal(t, []string{first, first, "limit=1&mediaType=video&offset=1&query=x&sortBy=recent&sortDirection=asc"}, seen.list())
}
