package ofauthtest

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	mrand "math/rand/v2"
	"net/http"
	"slices"
	"strings"
	"time"
)

// Connection states, as the API sends them.
const (
	StatusActive      = "active"
	StatusExpired     = "expired"
	StatusAwaiting2FA = "awaiting_2fa"
)

// defaultPermissions is what every connection is granted: the data access
// permissions a client app may ask for.
var defaultPermissions = []string{
	"profile:read", "profile:write", "posts:read", "posts:write",
	"messages:read", "messages:write", "notifications:read",
	"subscribers:read", "subscribers:write", "subscriptions:read",
	"promotions:read", "promotions:write", "analytics:read", "earnings:read",
	"vault:read", "vault:write", "lists:read", "lists:write", "users:write",
}

// Connection is a snapshot of a connection the server holds.
type Connection struct {
	ID                string
	Status            string // StatusActive, StatusExpired or StatusAwaiting2FA
	User              User   // the connected OnlyFans account
	Permissions       []string
	ClientReferenceID string
	Imported          bool
	CreatedAt         time.Time
	UpdatedAt         time.Time
	ExpiredAt         time.Time // zero unless expired
	LastCheckedAt     time.Time // the last Access call; zero before
}

// User is an OnlyFans account as the server shows it.
type User struct {
	ID       string // numeric, as a string
	Name     string
	Username string
	Avatar   string
}

// connection is the server's record of a connection; guarded by Server.mu.
type connection struct {
	Connection
	vaultPlusEnabled  bool
	settingsOverrides map[string]any // nil: the organization's defaults
}

func (c *connection) snapshot() Connection {
	out := c.Connection
	out.Permissions = append([]string(nil), c.Permissions...)
	return out
}

// connectionJSON is the API's Connection object.
type connectionJSON struct {
	ID                string   `json:"id"`
	Status            string   `json:"status"`
	UserData          userJSON `json:"userData"`
	Permissions       []string `json:"permissions"`
	ExpiredAt         *string  `json:"expiredAt"`
	CreatedAt         string   `json:"createdAt"`
	UpdatedAt         string   `json:"updatedAt"`
	ClientReferenceID *string  `json:"clientReferenceId"`
	Imported          bool     `json:"imported"`
	LastCheckedAt     *string  `json:"lastCheckedAt"`
}

type userJSON struct {
	ID       string  `json:"id"`
	Name     string  `json:"name"`
	Username string  `json:"username"`
	Avatar   *string `json:"avatar"`
}

func (c *connection) toJSON() connectionJSON {
	out := connectionJSON{
		ID:     c.ID,
		Status: c.Status,
		UserData: userJSON{
			ID: c.User.ID, Name: c.User.Name, Username: c.User.Username, Avatar: strPtr(c.User.Avatar),
		},
		Permissions:       append([]string{}, c.Permissions...),
		ExpiredAt:         isoPtr(c.ExpiredAt),
		CreatedAt:         isoTime(c.CreatedAt),
		UpdatedAt:         isoTime(c.UpdatedAt),
		ClientReferenceID: strPtr(c.ClientReferenceID),
		Imported:          c.Imported,
		LastCheckedAt:     isoPtr(c.LastCheckedAt),
	}
	return out
}

func strPtr(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// Connections returns every connection, in creation order.
func (s *Server) Connections() []Connection {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Connection, 0, len(s.connOrder))
	for _, id := range s.connOrder {
		out = append(out, s.conns[id].snapshot())
	}
	return out
}

// Connection returns the connection with the id, and false when there is
// none (never created, or deleted).
func (s *Server) Connection(id string) (Connection, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.conns[id]
	if !ok {
		return Connection{}, false
	}
	return c.snapshot(), true
}

// AddConnection creates an active connection for a new creator without
// going through Link, and sends connection.created, for tests that only
// need a connection id.
func (s *Server) AddConnection(clientReferenceID string) Connection {
	s.mu.Lock()
	c := s.newConnectionLocked(s.newCreatorLocked(""), clientReferenceID, false)
	s.queueConnectionEventLocked(eventConnectionCreated, c)
	snap := c.snapshot()
	s.mu.Unlock()
	return snap
}

// ErrUnknownConnection is returned by Server methods given an unknown
// connection id.
var ErrUnknownConnection = errors.New("ofauthtest: no such connection")

// ExpireConnection expires a connection as OnlyFans ending its session
// does: its Access calls fail with 401 SESSION_EXPIRED until the creator
// reconnects through Link, and connection.expired is sent.
func (s *Server) ExpireConnection(id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.conns[id]
	if !ok {
		return fmt.Errorf("%w: %q", ErrUnknownConnection, id)
	}
	s.expireLocked(c)
	return nil
}

// InvalidateConnection invalidates a connection as
// POST /v2/account/connections/{id}/invalidate does: the same as
// ExpireConnection (connection.expired; the creator can reconnect).
func (s *Server) InvalidateConnection(id string) error {
	return s.ExpireConnection(id)
}

// DeleteConnection removes a connection as
// DELETE /v2/account/connections/{id} does: it is gone for good, its
// Access calls get 401 SESSION_NOT_PROVIDED, and connection.disconnected
// is sent.
func (s *Server) DeleteConnection(id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.conns[id]
	if !ok {
		return fmt.Errorf("%w: %q", ErrUnknownConnection, id)
	}
	s.deleteLocked(c)
	return nil
}

// RevokePermission takes permissions (e.g. "posts:read") away from a
// connection, as a creator reconnecting with fewer scopes does: Access
// calls that need one of them get 403 FORBIDDEN, and connection.updated
// is sent with the remaining permissions. Unknown or absent permissions
// are ignored.
func (s *Server) RevokePermission(id string, permissions ...string) error {
	return s.changePermissions(id, func(have []string) []string {
		return slices.DeleteFunc(have, func(p string) bool { return slices.Contains(permissions, p) })
	})
}

// GrantPermission gives permissions back to a connection (or new ones),
// and sends connection.updated.
func (s *Server) GrantPermission(id string, permissions ...string) error {
	return s.changePermissions(id, func(have []string) []string {
		for _, p := range permissions {
			if p != "" && !slices.Contains(have, p) {
				have = append(have, p)
			}
		}
		return have
	})
}

func (s *Server) changePermissions(id string, change func([]string) []string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.conns[id]
	if !ok {
		return fmt.Errorf("%w: %q", ErrUnknownConnection, id)
	}
	before := slices.Clone(c.Permissions)
	c.Permissions = change(c.Permissions)
	if !slices.Equal(before, c.Permissions) {
		c.UpdatedAt = s.now()
		s.queueConnectionEventLocked(eventConnectionUpdated, c)
	}
	return nil
}

// expireLocked marks c expired; the event goes out on the transition only.
func (s *Server) expireLocked(c *connection) {
	if c.Status == StatusExpired {
		return
	}
	now := s.now()
	c.Status, c.ExpiredAt, c.UpdatedAt = StatusExpired, now, now
	s.queueConnectionEventLocked(eventConnectionExpired, c)
}

// newConnectionLocked stores a new active connection for user.
func (s *Server) newConnectionLocked(user User, ref string, imported bool) *connection {
	return s.newConnectionWithIDLocked(randomID("conn_", 20), user, ref, imported)
}

// newConnectionWithIDLocked is newConnectionLocked with a given id.
func (s *Server) newConnectionWithIDLocked(id string, user User, ref string, imported bool) *connection {
	now := s.now()
	c := &connection{
		Connection: Connection{
			ID:                id,
			Status:            StatusActive,
			User:              user,
			Permissions:       append([]string(nil), defaultPermissions...),
			ClientReferenceID: ref,
			Imported:          imported,
			CreatedAt:         now,
			UpdatedAt:         now,
		},
		vaultPlusEnabled: s.org.vaultPlus.AutoEnableForNewConnections,
	}
	s.conns[c.ID] = c
	s.connOrder = append(s.connOrder, c.ID)
	return c
}

// newCreatorLocked invents the next OnlyFans creator from the seeded
// generator; id, when set, fixes the user id (imports carry it).
func (s *Server) newCreatorLocked(id string) User {
	first, last := pick(s.rng, creatorFirstNames), pick(s.rng, lastNames)
	uid := id
	if uid == "" {
		uid = fmt.Sprint(200_000_000 + s.rng.Int64N(300_000_000))
	}
	var username string
	switch s.rng.IntN(3) {
	case 0:
		username = strings.ToLower(first + last)
	case 1:
		username = strings.ToLower(first) + "." + strings.ToLower(last)
	default:
		username = strings.ToLower(first) + "_" + fmt.Sprint(s.rng.IntN(900)+100)
	}
	return User{ID: uid, Name: first + " " + last, Username: username, Avatar: avatarURL(uid)}
}

func pick[T any](r *mrand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// organization is the account behind the API key.
type organization struct {
	id        string
	name      string
	vaultPlus orgVaultPlus
}

type orgVaultPlus struct {
	AutoEnableForNewConnections bool           `json:"autoEnableForNewConnections"`
	DefaultSettings             map[string]any `json:"defaultSettings"`
}

func newOrganization(r *mrand.Rand) organization {
	return organization{
		id:   fmt.Sprintf("org_%012x", r.Uint64()&0xffffffffffff),
		name: "Sandbox Organization",
		vaultPlus: orgVaultPlus{
			AutoEnableForNewConnections: false,
			DefaultSettings: map[string]any{
				"autoCacheVault": true, "autoCacheMessages": true, "autoCachePosts": true, "autoCacheStories": false,
				"minAccessCountVault": 0, "minAccessCountMessages": 0, "minAccessCountPosts": 0, "minAccessCountStories": 0,
				"cacheImages": true, "cacheVideos": true, "cacheAudio": false,
				"imageQualities": []any{"thumb", "full"}, "videoQualities": []any{"720p"},
				"retentionDays": 90, "accessExpiryDays": 30, "presignedUrlTtlSeconds": 3600,
				"storageLimitBytes": 10 << 30, "storageLimitPurgeStrategy": "purge_oldest",
			},
		},
	}
}

func (s *Server) handleWhoami(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	body := map[string]any{"id": s.org.id, "name": s.org.name, "permissions": defaultPermissions}
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, body)
}

func (s *Server) accountSettingsLocked() map[string]any {
	return map[string]any{"vaultPlus": map[string]any{
		"autoEnableForNewConnections": s.org.vaultPlus.AutoEnableForNewConnections,
		"defaultSettings":             cloneMap(s.org.vaultPlus.DefaultSettings),
	}}
}

func (s *Server) handleGetAccountSettings(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	body := s.accountSettingsLocked()
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, body)
}

// vaultPlusSettings validates the types of a VaultPlusSettings object;
// every field is optional.
type vaultPlusSettings struct {
	AutoCacheVault            *bool     `json:"autoCacheVault"`
	AutoCacheMessages         *bool     `json:"autoCacheMessages"`
	AutoCachePosts            *bool     `json:"autoCachePosts"`
	AutoCacheStories          *bool     `json:"autoCacheStories"`
	MinAccessCountVault       *float64  `json:"minAccessCountVault"`
	MinAccessCountMessages    *float64  `json:"minAccessCountMessages"`
	MinAccessCountPosts       *float64  `json:"minAccessCountPosts"`
	MinAccessCountStories     *float64  `json:"minAccessCountStories"`
	CacheImages               *bool     `json:"cacheImages"`
	CacheVideos               *bool     `json:"cacheVideos"`
	CacheAudio                *bool     `json:"cacheAudio"`
	ImageQualities            *[]string `json:"imageQualities"`
	VideoQualities            *[]string `json:"videoQualities"`
	RetentionDays             *float64  `json:"retentionDays"`
	AccessExpiryDays          *float64  `json:"accessExpiryDays"`
	PresignedURLTTLSeconds    *float64  `json:"presignedUrlTtlSeconds"`
	StorageLimitBytes         *float64  `json:"storageLimitBytes"`
	StorageLimitPurgeStrategy *string   `json:"storageLimitPurgeStrategy"`
}

// settingsPatch checks raw against vaultPlusSettings and returns its keys
// as a map, to merge over the current settings.
func settingsPatch(raw json.RawMessage) (map[string]any, error) {
	var typed vaultPlusSettings
	if err := json.Unmarshal(raw, &typed); err != nil {
		return nil, errors.New(jsonProblem(err))
	}
	if v := typed.StorageLimitPurgeStrategy; v != nil {
		switch *v {
		case "purge_oldest", "purge_largest", "purge_smallest", "block_new":
		default:
			return nil, errors.New("storageLimitPurgeStrategy must be purge_oldest, purge_largest, purge_smallest or block_new")
		}
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, errors.New("settings must be an object")
	}
	known, err := json.Marshal(typed)
	if err != nil {
		return nil, err
	}
	var keep map[string]any
	if err := json.Unmarshal(known, &keep); err != nil {
		return nil, err
	}
	for k, v := range m { // keep only the documented keys that were sent
		if _, ok := keep[k]; !ok || v == nil {
			delete(m, k)
		}
	}
	return m, nil
}

func (s *Server) handlePatchAccountSettings(w http.ResponseWriter, r *http.Request) {
	var body struct {
		VaultPlus *struct {
			AutoEnableForNewConnections *bool           `json:"autoEnableForNewConnections"`
			ApplyToExistingConnections  *bool           `json:"applyToExistingConnections"`
			DefaultSettings             json.RawMessage `json:"defaultSettings"`
		} `json:"vaultPlus"`
	}
	if !readJSON(w, r, &body, false) {
		return
	}
	var patch map[string]any
	if vp := body.VaultPlus; vp != nil && len(vp.DefaultSettings) > 0 && string(vp.DefaultSettings) != "null" {
		p, err := settingsPatch(vp.DefaultSettings)
		if err != nil {
			badRequest(w, "vaultPlus.defaultSettings: %v", err)
			return
		}
		patch = p
	}
	s.mu.Lock()
	resp := map[string]any{}
	if vp := body.VaultPlus; vp != nil {
		if vp.AutoEnableForNewConnections != nil {
			s.org.vaultPlus.AutoEnableForNewConnections = *vp.AutoEnableForNewConnections
		}
		for k, v := range patch {
			s.org.vaultPlus.DefaultSettings[k] = v
		}
		if vp.ApplyToExistingConnections != nil && *vp.ApplyToExistingConnections {
			purges := []map[string]any{}
			for _, id := range s.connOrder {
				s.conns[id].settingsOverrides = nil
				purges = append(purges, map[string]any{"connectionId": id, "purgedCount": 0, "freedBytes": 0})
			}
			resp["broadcastResult"] = map[string]any{"affectedConnections": len(s.connOrder), "purgeResults": purges}
		}
	}
	resp["settings"] = s.accountSettingsLocked()
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, resp)
}

func (s *Server) handleListConnections(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	status, imported := q.Get("status"), q.Get("imported") // "true", "false" or "" for both
	limit, offset := limitParam(r, 10), offsetParam(r)
	s.mu.Lock()
	var match []connectionJSON
	for _, id := range s.connOrder {
		c := s.conns[id]
		if (status == "" || c.Status == status) && (imported == "" || c.Imported == (imported == "true")) {
			match = append(match, c.toJSON())
		}
	}
	s.mu.Unlock()
	page, more := pageOf(match, offset, limit)
	writeJSON(w, http.StatusOK, map[string]any{"list": page, "hasMore": more})
}

// pageOf cuts one offset page out of items.
func pageOf[T any](items []T, offset, limit int) ([]T, bool) {
	if offset >= len(items) {
		return []T{}, false
	}
	end := min(offset+limit, len(items))
	return items[offset:end], end < len(items)
}

// lookupLocked finds the connection of the {connectionId} path value,
// answering 404 when there is none.
func (s *Server) lookupLocked(w http.ResponseWriter, r *http.Request) *connection {
	c, ok := s.conns[r.PathValue("connectionId")]
	if !ok {
		notFound(w, "Connection")
		return nil
	}
	return c
}

func (s *Server) handleDeleteConnection(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	c := s.lookupLocked(w, r)
	if c == nil {
		s.mu.Unlock()
		return
	}
	s.deleteLocked(c)
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{"success": true, "message": "Connection disconnected successfully"})
}

// deleteLocked removes c and sends connection.disconnected.
func (s *Server) deleteLocked(c *connection) {
	delete(s.conns, c.ID)
	delete(s.buckets, c.ID)
	for i, id := range s.connOrder {
		if id == c.ID {
			s.connOrder = append(s.connOrder[:i], s.connOrder[i+1:]...)
			break
		}
	}
	c.Status, c.UpdatedAt = statusDisconnected, s.now()
	s.queueConnectionEventLocked(eventConnectionDisconnected, c)
}

// statusDisconnected is the status connection.disconnected events carry;
// the connection no longer exists.
const statusDisconnected = "disconnected"

func (s *Server) handleInvalidateConnection(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	c := s.lookupLocked(w, r)
	if c != nil {
		s.expireLocked(c)
	}
	s.mu.Unlock()
	if c != nil {
		writeJSON(w, http.StatusOK, map[string]any{"success": true, "message": "Connection invalidated successfully"})
	}
}

func (s *Server) connectionSettingsLocked(c *connection) map[string]any {
	var overrides any
	if c.settingsOverrides != nil {
		overrides = cloneMap(c.settingsOverrides)
	}
	limit := s.org.vaultPlus.DefaultSettings["storageLimitBytes"]
	if v, ok := c.settingsOverrides["storageLimitBytes"]; ok {
		limit = v
	}
	return map[string]any{
		"connectionId": c.ID,
		"vaultPlus": map[string]any{
			"enabled":           c.vaultPlusEnabled,
			"settingsOverrides": overrides,
			"stats": map[string]any{
				"vaultPlusEnabled": c.vaultPlusEnabled, "totalStorageBytes": 0, "storageLimitBytes": limit,
				"mediaCount": 0, "storedCount": 0, "storageUsagePercent": 0,
			},
		},
	}
}

// handlePatchConnectionPath dispatches the two PATCH routes below a
// connection.
func (s *Server) handlePatchConnectionPath(w http.ResponseWriter, r *http.Request) {
	first, second := r.PathValue("first"), r.PathValue("second")
	switch {
	case first == "import":
		r.SetPathValue("connectionId", second)
		s.handleUpdateImport(w, r)
	case second == "settings":
		r.SetPathValue("connectionId", first)
		s.handlePatchConnectionSettings(w, r)
	default:
		writeError(w, http.StatusNotFound, codeRouteNotFound, "Route "+r.Method+" "+r.URL.Path+" not found")
	}
}

func (s *Server) handleGetConnectionSettings(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c := s.lookupLocked(w, r); c != nil {
		writeJSON(w, http.StatusOK, s.connectionSettingsLocked(c))
	}
}

func (s *Server) handlePatchConnectionSettings(w http.ResponseWriter, r *http.Request) {
	var body struct {
		VaultPlus *struct {
			Enabled  *bool           `json:"enabled"`
			Settings json.RawMessage `json:"settings"`
		} `json:"vaultPlus"`
	}
	if !readJSON(w, r, &body, false) {
		return
	}
	var patch map[string]any
	reset := false
	if vp := body.VaultPlus; vp != nil && len(vp.Settings) > 0 {
		if string(vp.Settings) == "null" {
			reset = true
		} else {
			p, err := settingsPatch(vp.Settings)
			if err != nil {
				badRequest(w, "vaultPlus.settings: %v", err)
				return
			}
			patch = p
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.lookupLocked(w, r)
	if c == nil {
		return
	}
	if vp := body.VaultPlus; vp != nil && vp.Enabled != nil {
		c.vaultPlusEnabled = *vp.Enabled
	}
	switch {
	case reset:
		c.settingsOverrides = nil
	case patch != nil:
		if c.settingsOverrides == nil {
			c.settingsOverrides = map[string]any{}
		}
		for k, v := range patch {
			c.settingsOverrides[k] = v
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"settings": s.connectionSettingsLocked(c)})
}

// parseCookie reads the OnlyFans cookie of an import: "auth_id", "sess"
// and "fp" must be there.
func parseCookie(cookie string) (authID string, err error) {
	vals := map[string]string{}
	for _, part := range strings.Split(cookie, ";") {
		k, v, _ := strings.Cut(strings.TrimSpace(part), "=")
		vals[strings.TrimSpace(k)] = strings.TrimSpace(v)
	}
	for _, k := range []string{"auth_id", "sess", "fp"} {
		if vals[k] == "" {
			return "", fmt.Errorf("cookie must contain %s", k)
		}
	}
	id := vals["auth_id"]
	for _, r := range id {
		if r < '0' || r > '9' {
			return "", errors.New("cookie auth_id must be a numeric OnlyFans user id")
		}
	}
	return id, nil
}

func (s *Server) handleImportConnection(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Cookie            string    `json:"cookie"`
		UserAgent         string    `json:"userAgent"`
		Permissions       *[]string `json:"permissions"`
		ClientReferenceID *string   `json:"clientReferenceId"`
	}
	if !readJSON(w, r, &body, false) {
		return
	}
	if body.UserAgent == "" {
		badRequest(w, "userAgent is required")
		return
	}
	authID, err := parseCookie(body.Cookie)
	if err != nil {
		badRequest(w, "%v", err)
		return
	}
	ref := ""
	if body.ClientReferenceID != nil {
		ref = *body.ClientReferenceID
	}
	s.mu.Lock()
	c := s.newConnectionLocked(s.newCreatorLocked(authID), ref, true)
	if body.Permissions != nil {
		c.Permissions = append([]string{}, (*body.Permissions)...)
	}
	s.queueConnectionEventLocked(eventConnectionCreated, c)
	out := c.toJSON()
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) handleUpdateImport(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Cookie    string `json:"cookie"`
		UserAgent string `json:"userAgent"`
	}
	if !readJSON(w, r, &body, false) {
		return
	}
	if body.UserAgent == "" {
		badRequest(w, "userAgent is required")
		return
	}
	authID, err := parseCookie(body.Cookie)
	if err != nil {
		badRequest(w, "%v", err)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.lookupLocked(w, r)
	if c == nil {
		return
	}
	switch {
	case !c.Imported:
		badRequest(w, "connection %s was not imported", c.ID)
		return
	case authID != c.User.ID:
		badRequest(w, "the cookie belongs to another OnlyFans user")
		return
	}
	now := s.now()
	c.Status, c.ExpiredAt, c.UpdatedAt = StatusActive, time.Time{}, now
	s.queueConnectionEventLocked(eventConnectionUpdated, c)
	writeJSON(w, http.StatusOK, c.toJSON())
}

func cloneMap(m map[string]any) map[string]any {
	if m == nil {
		return map[string]any{}
	}
	return maps.Clone(m)
}
