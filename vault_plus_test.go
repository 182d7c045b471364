package ofauth

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const vaultPlusItemJSON = `{"id":"m1","type":"video","duration":12.5,"media":{"full":{"id":987,"status":"stored","quality":"full",
	"sizeBytes":5242880,"contentType":"video/mp4","source":"vault","accessCount":4,"createdAt":1735689600000,
	"expiresAt":1738368000000,"storedAt":null,"lastAccessedAt":1735689660000,"url":"https://media.ofauth.com/m1"}}}`

func TestVaultPlus(t *testing.T) {
	c, mux := setup(t, WithConnectionID("conn_default"))
	conn := func(r *http.Request) string { return r.Header.Get("x-connection-id") }
	mux.HandleFunc("POST /v2/vault-plus/store/list/{id}", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "conn_7", conn(r))
		assert.Equal(t, "41", r.PathValue("id"))
		writeJSON(w, 200, `{"queued":true,"listId":"41","estimatedItems":40}`)
	})
	mux.HandleFunc("GET /v2/vault-plus/store/status", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "conn_default", conn(r))
		writeJSON(w, 200, `{"connectionId":"conn_default","totalMedia":10,"storedCount":7,"pendingCount":3,"totalSizeBytes":123456789}`)
	})
	mux.HandleFunc("GET /v2/vault-plus/store/stats", func(w http.ResponseWriter, r *http.Request) {
		assert.Empty(t, conn(r), "an organization route")
		writeJSON(w, 200, `{"totalConnections":5,"connectionsWithVaultPlus":2,"totalStorageBytes":9,"totalMediaCount":3}`)
	})
	mux.HandleFunc("GET /v2/vault-plus/{id}", func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, vaultPlusItemJSON) })
	mux.HandleFunc("DELETE /v2/vault-plus/{id}", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, `{"success":true,"mediaId":"m1","freedBytes":5242880}`)
	})
	mux.HandleFunc("POST /v2/vault-plus/batch", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, map[string]any{"mediaIds": []any{"m1", "m2"}}, readJSON(t, r))
		writeJSON(w, 200, `{"items":[`+vaultPlusItemJSON+`]}`)
	})
	mux.HandleFunc("GET /v2/vault-plus/list", func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Query().Get("cursor") {
		case "":
			assert.Equal(t, "status=stored", r.URL.RawQuery)
			writeJSON(w, 200, `{"items":[`+vaultPlusItemJSON+`],"nextCursor":"c2"}`)
		case "c2":
			writeJSON(w, 200, `{"items":[{"id":"m2","type":"image","media":{}}]}`)
		default:
			t.Errorf("unexpected cursor %q", r.URL.Query().Get("cursor"))
		}
	})
	mux.HandleFunc("DELETE /v2/vault-plus/purge", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, `{"success":true,"purgedCount":7,"freedBytes":99}`)
	})

	ctx := context.Background()
	vp := c.VaultPlus
	q, err := vp.WithConnection("conn_7").StoreList(ctx, 41)
	require.NoError(t, err)
	assert.Equal(t, &VaultPlusStoreResult{Queued: true, ListID: 41, EstimatedItems: 40}, q)
	st, err := vp.StoreStatus(ctx)
	require.NoError(t, err)
	assert.Equal(t, int64(123456789), st.TotalSizeBytes)
	stats, err := vp.Stats(ctx)
	require.NoError(t, err)
	assert.Equal(t, 2, stats.ConnectionsWithVaultPlus)

	item, err := vp.Get(ctx, "m1")
	require.NoError(t, err)
	full := item.Media["full"]
	assert.Equal(t, "987", full.ID)
	assert.Equal(t, int64(5242880), full.SizeBytes)
	assert.True(t, full.CreatedAt.Equal(time.UnixMilli(1735689600000)))
	assert.True(t, full.StoredAt.IsZero())
	assert.InDelta(t, 12.5, item.Duration, 1e-9)

	require.NoError(t, vp.Delete(ctx, "m1"))
	items, err := vp.Batch(ctx, []string{"m1", "m2"})
	require.NoError(t, err)
	require.Len(t, items, 1)
	_, err = vp.Batch(ctx, nil)
	assert.ErrorIs(t, err, ErrInvalidParams)
	_, err = vp.Batch(ctx, make([]string, 101))
	assert.ErrorIs(t, err, ErrInvalidParams)

	var ids []string
	for it, err := range vp.All(ctx, &VaultPlusListParams{Status: "stored"}) {
		require.NoError(t, err)
		ids = append(ids, it.ID)
	}
	assert.Equal(t, []string{"m1", "m2"}, ids)
	require.NoError(t, vp.Purge(ctx))
}

func TestVaultPlusNeedsConnection(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("no request expected, got %s %s", r.Method, r.URL.Path)
	})
	_, err := c.VaultPlus.StoreStatus(context.Background())
	assert.ErrorIs(t, err, ErrNoConnection)
	err = c.VaultPlus.WithConnection("  ").Purge(context.Background())
	assert.ErrorIs(t, err, ErrNoConnection)
}

func TestAccessDoAndConnectionScoping(t *testing.T) {
	c, mux := setup(t, WithConnectionID("conn_default"))
	mux.HandleFunc("POST /v2/access/chats/{id}/messages", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "conn_other", r.Header.Get("x-connection-id"))
		assert.Equal(t, "5", r.URL.Query().Get("limit"))
		assert.Equal(t, map[string]any{"text": "hi"}, readJSON(t, r))
		writeJSON(w, 200, `{"id":1,"text":"hi"}`)
	})
	mux.HandleFunc("GET /v2/access/self", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "conn_default", r.Header.Get("x-connection-id"))
		w.Header().Set("Content-Type", "text/plain")
		w.Write([]byte("not json"))
	})
	ctx := context.Background()
	var raw json.RawMessage
	require.NoError(t, c.Access.WithConnection("conn_other").Do(ctx, "post", "/chats/42/messages?limit=5", map[string]string{"text": "hi"}, &raw))
	assert.JSONEq(t, `{"id":1,"text":"hi"}`, string(raw))
	require.NoError(t, c.Access.Do(ctx, "GET", "self", nil, &raw))
	assert.Equal(t, `"not json"`, string(raw), "text kept as a JSON string")
	assert.Equal(t, "conn_default", c.Access.ConnectionID())
	assert.Equal(t, "conn_x", c.Access.WithConnection(" conn_x ").ConnectionID())

	for _, p := range []string{"/../account/whoami", "/a/./b", "/x/{id}", "/ok?%zz"} {
		assert.ErrorIs(t, c.Access.Do(ctx, "GET", p, nil, nil), ErrInvalidParams, p)
	}
	assert.ErrorIs(t, c.Access.Do(ctx, "", "/self", nil, nil), ErrInvalidParams)
}

func TestAccessWithoutConnectionSendsNothing(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("no request expected, got %s", r.URL.Path)
	})
	err := c.Access.Do(context.Background(), "GET", "/self", nil, nil)
	assert.ErrorIs(t, err, ErrNoConnection)
	assert.False(t, strings.Contains(err.Error(), "\n"))
}
