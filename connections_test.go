package ofauth

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const connectionJSON = `{
  "status": "expired",
  "id": "conn_abc123",
  "userData": {"id": "of_user_456", "name": null, "username": "janedoe", "avatar": null},
  "permissions": ["profile:read", "posts:read"],
  "expiredAt": "2025-02-01T08:00:00.000Z",
  "createdAt": "2024-01-15T10:30:00Z",
  "updatedAt": "2024-01-16T10:30:00+01:00",
  "clientReferenceId": null,
  "imported": true,
  "lastCheckedAt": null,
  "somethingNew": {"x": 1}
}`

func TestConnectionDecoding(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("GET /v2/account/connections", func(w http.ResponseWriter, r *http.Request) {
		assertHeaders(t, r)
		writeJSON(w, 200, `{"list":[`+connectionJSON+`],"hasMore":false}`)
	})
	page, err := c.Connections.List(context.Background(), nil)
	require.NoError(t, err)
	require.Len(t, page.Items, 1)
	conn := page.Items[0]
	assert.Equal(t, "conn_abc123", conn.ID)
	assert.Equal(t, ConnectionExpired, conn.Status)
	assert.Equal(t, ConnectionUser{ID: "of_user_456", Username: "janedoe"}, conn.UserData)
	assert.Equal(t, []string{"profile:read", "posts:read"}, conn.Permissions)
	assert.True(t, conn.Imported)
	assert.Empty(t, conn.ClientReferenceID)
	assert.True(t, conn.CreatedAt.Equal(time.Date(2024, 1, 15, 10, 30, 0, 0, time.UTC)))
	assert.True(t, conn.UpdatedAt.Equal(time.Date(2024, 1, 16, 9, 30, 0, 0, time.UTC)))
	assert.True(t, conn.ExpiredAt.Equal(time.Date(2025, 2, 1, 8, 0, 0, 0, time.UTC)))
	assert.True(t, conn.LastCheckedAt.IsZero())
	assert.False(t, page.HasMore)
	assert.Equal(t, 1, page.NextOffset)
}

func TestConnectionUserIDVariants(t *testing.T) {
	var u ConnectionUser
	require.NoError(t, u.UnmarshalJSON([]byte(`{"userId":123456789,"name":"Jane"}`)))
	assert.Equal(t, ConnectionUser{ID: "123456789", Name: "Jane"}, u)
	var conn Connection
	require.NoError(t, conn.UnmarshalJSON([]byte(`{"id":"conn_1","platformUserId":987,"status":"active"}`)))
	assert.Equal(t, "987", conn.PlatformUserID)
	assert.Equal(t, "987", conn.UserData.ID)
	assert.Error(t, conn.UnmarshalJSON([]byte(`[]`)))
	require.NoError(t, conn.UnmarshalJSON([]byte(`{"id":12,"status":null,"clientReferenceId":456}`)))
	assert.Equal(t, "12", conn.ID)
	assert.Equal(t, "456", conn.ClientReferenceID)
	assert.Empty(t, conn.Status)
}

func TestConnectionsListQuery(t *testing.T) {
	c, mux := setup(t)
	var queries []string
	mux.HandleFunc("GET /v2/account/connections", func(w http.ResponseWriter, r *http.Request) {
		queries = append(queries, r.URL.RawQuery)
		writeJSON(w, 200, `{"list":[],"hasMore":false}`)
	})
	ctx := context.Background()
	_, err := c.Connections.List(ctx, nil)
	require.NoError(t, err)
	_, err = c.Connections.List(ctx, &ConnectionListParams{})
	require.NoError(t, err)
	_, err = c.Connections.List(ctx, &ConnectionListParams{Status: ConnectionAwaiting2FA, Imported: Ptr(false), Limit: 25, Offset: 50})
	require.NoError(t, err)
	assert.Equal(t, []string{"", "", "imported=false&limit=25&offset=50&status=awaiting_2fa"}, queries)
}

// connectionPages serves total connections in pages of the requested size.
func connectionPages(t *testing.T, mux *http.ServeMux, total int, withNextOffset bool, hits *atomic.Int32) {
	mux.HandleFunc("GET /v2/account/connections", func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		offset, _ := strconv.Atoi(r.URL.Query().Get("offset"))
		limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
		if limit == 0 {
			limit = 10
		}
		var list []map[string]any
		for i := offset; i < total && i < offset+limit; i++ {
			list = append(list, map[string]any{"id": fmt.Sprintf("conn_%03d", i), "status": "active"})
		}
		body := map[string]any{"list": list, "hasMore": offset+limit < total}
		if withNextOffset {
			body["nextOffset"] = offset + limit
		}
		writeJSON(w, 200, body)
	})
}

func TestConnectionsAllWalksEveryPage(t *testing.T) {
	for _, next := range []bool{false, true} {
		t.Run(fmt.Sprintf("nextOffset=%v", next), func(t *testing.T) {
			c, mux := setup(t)
			var hits atomic.Int32
			connectionPages(t, mux, 23, next, &hits)
			p := &ConnectionListParams{Limit: 10, Status: ConnectionActive}
			var ids []string
			for conn, err := range c.Connections.All(context.Background(), p) {
				require.NoError(t, err)
				ids = append(ids, conn.ID)
			}
			require.Len(t, ids, 23)
			assert.Equal(t, "conn_000", ids[0])
			assert.Equal(t, "conn_022", ids[22])
			assert.Equal(t, int32(3), hits.Load())
			assert.Equal(t, &ConnectionListParams{Limit: 10, Status: ConnectionActive}, p, "params untouched")
		})
	}
}

func TestConnectionsAllStopsWhenCallerBreaks(t *testing.T) {
	c, mux := setup(t)
	var hits atomic.Int32
	connectionPages(t, mux, 100, false, &hits)
	n := 0
	for _, err := range c.Connections.All(context.Background(), &ConnectionListParams{Limit: 10}) {
		require.NoError(t, err)
		if n++; n == 12 {
			break
		}
	}
	assert.Equal(t, int32(2), hits.Load())
}

func TestConnectionsAllYieldsErrorOnce(t *testing.T) {
	c, mux := setup(t, WithMaxRetries(0))
	var hits atomic.Int32
	mux.HandleFunc("GET /v2/account/connections", func(w http.ResponseWriter, r *http.Request) {
		if hits.Add(1) == 1 {
			writeJSON(w, 200, `{"list":[{"id":"conn_1"}],"hasMore":true}`)
			return
		}
		writeJSON(w, 401, `{"type":"UNAUTHORIZED","error":"bad key"}`)
	})
	var got []string
	var errs []error
	for conn, err := range c.Connections.All(context.Background(), nil) {
		if err != nil {
			assert.Nil(t, conn)
			errs = append(errs, err)
			continue
		}
		got = append(got, conn.ID)
	}
	assert.Equal(t, []string{"conn_1"}, got)
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], ErrUnauthorized)
}

func TestPaginationGuards(t *testing.T) {
	cases := map[string]string{
		"repeated page":             `{"list":[{"id":"conn_1"}],"hasMore":true,"nextOffset":0}`,
		"empty page with hasMore":   `{"list":[],"hasMore":true}`,
		"server ignores the offset": `{"list":[{"id":"conn_1"},{"id":"conn_2"}],"hasMore":true}`,
	}
	for name, body := range cases {
		t.Run(name, func(t *testing.T) {
			c, mux := setup(t)
			var hits atomic.Int32
			mux.HandleFunc("GET /v2/account/connections", func(w http.ResponseWriter, r *http.Request) {
				hits.Add(1)
				writeJSON(w, 200, body)
			})
			n := 0
			for _, err := range c.Connections.All(context.Background(), nil) {
				require.NoError(t, err)
				n++
			}
			assert.LessOrEqual(t, hits.Load(), int32(2), "the walk ended")
			assert.LessOrEqual(t, n, 2)
		})
	}
}

func TestConnectionsGet(t *testing.T) {
	c, mux := setup(t)
	var hits atomic.Int32
	connectionPages(t, mux, 150, false, &hits)
	conn, err := c.Connections.Get(context.Background(), "conn_120")
	require.NoError(t, err)
	assert.Equal(t, "conn_120", conn.ID)
	_, err = c.Connections.Get(context.Background(), "conn_missing")
	assert.ErrorIs(t, err, ErrNotFound)
	_, err = c.Connections.Get(context.Background(), "")
	assert.ErrorIs(t, err, ErrInvalidParams)
}

func TestConnectionWrites(t *testing.T) {
	c, mux := setup(t)
	ctx := context.Background()
	mux.HandleFunc("DELETE /v2/account/connections/conn_1", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, `{"success":true,"message":"Connection disconnected successfully"}`)
	})
	mux.HandleFunc("POST /v2/account/connections/conn_1/invalidate", func(w http.ResponseWriter, r *http.Request) {
		assert.Empty(t, r.Header.Get("Content-Type"), "no body")
		w.WriteHeader(204)
	})
	mux.HandleFunc("GET /v2/account/connections/conn_1/settings", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, `{"connectionId":"conn_1","vaultPlus":{"enabled":true,"settingsOverrides":null,
			"stats":{"vaultPlusEnabled":true,"totalStorageBytes":1073741824,"storageLimitBytes":5368709120,"mediaCount":12,"storedCount":10,"storageUsagePercent":20.5}}}`)
	})
	mux.HandleFunc("PATCH /v2/account/connections/conn_1/settings", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, map[string]any{"vaultPlus": map[string]any{"enabled": false, "settings": nil}}, readJSON(t, r))
		writeJSON(w, 200, `{"settings":{"connectionId":"conn_1","vaultPlus":{"enabled":false}},"purgeResult":{"purgedCount":3,"freedBytes":2048}}`)
	})
	mux.HandleFunc("POST /v2/account/connections/import", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, map[string]any{"cookie": "auth_id=1; sess=s; fp=f", "userAgent": "UA", "clientReferenceId": "user_9"}, readJSON(t, r))
		writeJSON(w, 201, `{"id":"conn_imp","status":"active","imported":true,"userData":{"id":"1","username":"u"}}`)
	})
	mux.HandleFunc("PATCH /v2/account/connections/import/conn_imp", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, map[string]any{"cookie": "c2", "userAgent": "UA2"}, readJSON(t, r))
		writeJSON(w, 200, `{"id":"conn_imp","status":"active","imported":true}`)
	})

	require.NoError(t, c.Connections.Delete(ctx, "conn_1"))
	require.NoError(t, c.Connections.Invalidate(ctx, "conn_1"))
	st, err := c.Connections.Settings(ctx, "conn_1")
	require.NoError(t, err)
	assert.True(t, st.VaultPlus.Enabled)
	assert.Nil(t, st.VaultPlus.SettingsOverrides)
	assert.Equal(t, int64(1073741824), st.VaultPlus.Stats.TotalStorageBytes)
	assert.InDelta(t, 20.5, st.VaultPlus.Stats.StorageUsagePercent, 1e-9)
	res, err := c.Connections.UpdateSettings(ctx, "conn_1", &ConnectionSettingsUpdateParams{VaultPlus: &ConnectionVaultPlusUpdateParams{Enabled: Ptr(false), ResetSettings: true, Settings: &VaultPlusSettings{}}})
	require.NoError(t, err)
	assert.Equal(t, &PurgeResult{PurgedCount: 3, FreedBytes: 2048}, res.PurgeResult)
	imp, err := c.Connections.Import(ctx, &ImportConnectionParams{Cookie: "auth_id=1; sess=s; fp=f", UserAgent: "UA", ClientReferenceID: "user_9"})
	require.NoError(t, err)
	assert.True(t, imp.Imported)
	_, err = c.Connections.UpdateImport(ctx, "conn_imp", &UpdateImportParams{Cookie: "c2", UserAgent: "UA2"})
	require.NoError(t, err)

	_, err = c.Connections.Import(ctx, nil)
	assert.ErrorIs(t, err, ErrInvalidParams)
	_, err = c.Connections.UpdateImport(ctx, "conn_imp", &UpdateImportParams{Cookie: "c"})
	assert.ErrorIs(t, err, ErrInvalidParams)
}

func TestAccountSettings(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("GET /v2/account/settings", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, `{"vaultPlus":{"autoEnableForNewConnections":true,"defaultSettings":{"autoCacheVault":true,"retentionDays":30,"imageQualities":["thumb","full"],"storageLimitPurgeStrategy":"purge_oldest"}}}`)
	})
	mux.HandleFunc("PATCH /v2/account/settings", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, map[string]any{"vaultPlus": map[string]any{"applyToExistingConnections": true, "defaultSettings": map[string]any{"cacheVideos": false}}}, readJSON(t, r))
		writeJSON(w, 200, `{"settings":{"vaultPlus":{"autoEnableForNewConnections":true}},"broadcastResult":{"affectedConnections":2,"purgeResults":[{"connectionId":"conn_1","purgedCount":1,"freedBytes":10}]}}`)
	})
	ctx := context.Background()
	s, err := c.Account.Settings(ctx)
	require.NoError(t, err)
	assert.True(t, s.VaultPlus.AutoEnableForNewConnections)
	assert.Equal(t, 30, *s.VaultPlus.DefaultSettings.RetentionDays)
	assert.Equal(t, []string{"thumb", "full"}, s.VaultPlus.DefaultSettings.ImageQualities)
	res, err := c.Account.UpdateSettings(ctx, &AccountSettingsUpdateParams{VaultPlus: &OrgVaultPlusUpdateParams{
		ApplyToExistingConnections: Ptr(true), DefaultSettings: &VaultPlusSettings{CacheVideos: Ptr(false)}}})
	require.NoError(t, err)
	assert.Equal(t, 2, res.BroadcastResult.AffectedConnections)
	assert.Equal(t, "conn_1", res.BroadcastResult.PurgeResults[0].ConnectionID)
}
