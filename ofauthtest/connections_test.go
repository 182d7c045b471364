package ofauthtest_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ofauth-go/ofauth"
	"github.com/ofauth-go/ofauth/ofauthtest"
)

func TestConnectionsListFilters(t *testing.T) {
	s := start(t)
	c := client(t, s)
	var ids []string
	for i := 0; i < 12; i++ {
		ids = append(ids, s.AddConnection("").ID)
	}
	require.NoError(t, s.ExpireConnection(ids[3]))
	imported, err := c.Connections.Import(ctx(t), &ofauth.ImportConnectionParams{
		Cookie: "auth_id=123456789; sess=abc; fp=def", UserAgent: "Mozilla/5.0", ClientReferenceID: "ext_1",
	})
	require.NoError(t, err)
	assert.True(t, imported.Imported)
	assert.Equal(t, "123456789", imported.UserData.ID)
	assert.Equal(t, "ext_1", imported.ClientReferenceID)

	first, err := c.Connections.List(ctx(t), nil)
	require.NoError(t, err)
	assert.Len(t, first.Items, 10, "the default page size")
	assert.True(t, first.HasMore)
	assert.Equal(t, ids[0], first.Items[0].ID, "oldest first")

	var all []string
	for conn, err := range c.Connections.All(ctx(t), &ofauth.ConnectionListParams{Limit: 5}) {
		require.NoError(t, err)
		all = append(all, conn.ID)
	}
	assert.Len(t, all, 13)

	expired, err := c.Connections.List(ctx(t), &ofauth.ConnectionListParams{Status: ofauth.ConnectionExpired})
	require.NoError(t, err)
	require.Len(t, expired.Items, 1)
	assert.Equal(t, ids[3], expired.Items[0].ID)
	assert.False(t, expired.Items[0].ExpiredAt.IsZero())

	onlyImported, err := c.Connections.List(ctx(t), &ofauth.ConnectionListParams{Imported: ofauth.Ptr(true)})
	require.NoError(t, err)
	require.Len(t, onlyImported.Items, 1)
	assert.Equal(t, imported.ID, onlyImported.Items[0].ID)

	managed, err := c.Connections.List(ctx(t), &ofauth.ConnectionListParams{Imported: ofauth.Ptr(false), Limit: 100})
	require.NoError(t, err)
	assert.Len(t, managed.Items, 12)

	resp, m := call(t, s, http.MethodGet, "/v2/account/connections?status=gone", "", nil)
	assertFieldError(t, resp, m, "status")
	resp, m = call(t, s, http.MethodGet, "/v2/account/connections?limit=0", "", nil)
	assertFieldError(t, resp, m, "limit")
	// The spec puts no cap on this limit: a large one answers every
	// connection on one page.
	resp, m = call(t, s, http.MethodGet, "/v2/account/connections?limit=1000", "", nil)
	require.Equal(t, http.StatusOK, resp.StatusCode, "%v", m)
	assert.Len(t, m["list"], 13)
	assert.Equal(t, false, m["hasMore"])
	resp, _ = call(t, s, http.MethodGet, "/v2/connections", "", nil)
	assert.Equal(t, http.StatusOK, resp.StatusCode, "the legacy path")
	resp, m = call(t, s, http.MethodGet, "/v2/connections?imported=yes", "", nil)
	assertFieldError(t, resp, m, "imported")
}

func TestConnectionDeleteAndInvalidate(t *testing.T) {
	s := start(t)
	c := client(t, s)
	id := connect(t, s, c, "")
	require.NoError(t, c.Connections.Invalidate(ctx(t), id))
	conn, _ := s.Connection(id)
	assert.Equal(t, ofauthtest.StatusExpired, conn.Status)
	err := c.Access.WithConnection(id).Do(ctx(t), http.MethodGet, "/self", nil, nil)
	require.ErrorIs(t, err, ofauth.ErrSessionExpired)

	require.NoError(t, c.Connections.Delete(ctx(t), id))
	require.ErrorIs(t, c.Connections.Delete(ctx(t), id), ofauth.ErrNotFound)
	require.ErrorIs(t, c.Connections.Invalidate(ctx(t), id), ofauth.ErrNotFound)
	err = c.Access.WithConnection(id).Do(ctx(t), http.MethodGet, "/self", nil, nil)
	require.ErrorIs(t, err, ofauth.ErrSessionNotProvided)
	assert.Empty(t, s.Connections())
}

func TestConnectionSettings(t *testing.T) {
	s := start(t)
	c := client(t, s)
	id := s.AddConnection("").ID
	got, err := c.Connections.Settings(ctx(t), id)
	require.NoError(t, err)
	assert.Equal(t, id, got.ConnectionID)
	assert.False(t, got.VaultPlus.Enabled)
	assert.Nil(t, got.VaultPlus.SettingsOverrides)

	days := 3
	res, err := c.Connections.UpdateSettings(ctx(t), id, &ofauth.ConnectionSettingsUpdateParams{VaultPlus: &ofauth.ConnectionVaultPlusUpdateParams{
		Enabled: ofauth.Ptr(true), Settings: &ofauth.VaultPlusSettings{RetentionDays: &days},
	}})
	require.NoError(t, err)
	assert.True(t, res.Settings.VaultPlus.Enabled)
	require.NotNil(t, res.Settings.VaultPlus.SettingsOverrides)
	assert.Equal(t, 3, *res.Settings.VaultPlus.SettingsOverrides.RetentionDays)

	resp, m := call(t, s, http.MethodPatch, "/v2/account/connections/"+id+"/settings", "", map[string]any{"vaultPlus": map[string]any{"settings": nil}})
	require.Equal(t, http.StatusOK, resp.StatusCode, m)
	got, err = c.Connections.Settings(ctx(t), id)
	require.NoError(t, err)
	assert.Nil(t, got.VaultPlus.SettingsOverrides, "null resets to the defaults")

	_, err = c.Connections.Settings(ctx(t), "conn_nonexistent")
	require.ErrorIs(t, err, ofauth.ErrNotFound)
	resp, m = call(t, s, http.MethodPatch, "/v2/account/connections/"+id+"/other", "", map[string]any{})
	assertEnvelope(t, resp, m, http.StatusNotFound, "ROUTE_NOT_FOUND")
}

func TestImportValidationAndUpdate(t *testing.T) {
	s := start(t)
	c := client(t, s)
	for _, cookie := range []string{"sess=a; fp=b", "auth_id=1; fp=b", "auth_id=x1; sess=a; fp=b"} {
		_, err := c.Connections.Import(ctx(t), &ofauth.ImportConnectionParams{Cookie: cookie, UserAgent: "UA"})
		require.ErrorIs(t, err, ofauth.ErrBadRequest, cookie)
	}
	conn, err := c.Connections.Import(ctx(t), &ofauth.ImportConnectionParams{Cookie: "auth_id=42; sess=a; fp=b", UserAgent: "UA"})
	require.NoError(t, err)
	require.NoError(t, s.ExpireConnection(conn.ID))

	_, err = c.Connections.UpdateImport(ctx(t), conn.ID, &ofauth.UpdateImportParams{Cookie: "auth_id=43; sess=a; fp=b", UserAgent: "UA"})
	require.ErrorIs(t, err, ofauth.ErrBadRequest, "another user")
	updated, err := c.Connections.UpdateImport(ctx(t), conn.ID, &ofauth.UpdateImportParams{Cookie: "auth_id=42; sess=new; fp=b", UserAgent: "UA"})
	require.NoError(t, err)
	assert.Equal(t, conn.ID, updated.ID)
	assert.Equal(t, ofauth.ConnectionActive, updated.Status)

	managed := s.AddConnection("")
	_, err = c.Connections.UpdateImport(ctx(t), managed.ID, &ofauth.UpdateImportParams{Cookie: "auth_id=42; sess=a; fp=b", UserAgent: "UA"})
	require.ErrorIs(t, err, ofauth.ErrBadRequest, "not imported")
}
