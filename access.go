package ofauth

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// AccessService calls the Access API: the connected creator's profile,
// fans, messages, posts, earnings, analytics, promotions and vault. Every
// call sends the connection's id as x-connection-id; bind one with
// WithConnection (or the client-wide WithConnectionID).
//
//	a := client.Access.WithConnection(connID)
//	me, err := a.Self.Get(ctx)
//	for fan, err := range a.Subscribers.All(ctx, nil) { … }
type AccessService struct {
	Self          *SelfService
	Earnings      *EarningsService
	Analytics     *AnalyticsService
	Chats         *ChatsService
	MassMessages  *MassMessagesService
	Posts         *PostsService
	Promotions    *PromotionsService
	Subscribers   *SubscribersService
	Subscriptions *SubscriptionsService
	Users         *UsersService
	UserLists     *UserListsService
	Vault         *VaultService
	VaultLists    *VaultListsService
	Uploads       *UploadsService

	scope *accessScope
}

// accessScope is what every group of one AccessService shares.
type accessScope struct {
	core   *core
	connID string
}

// accessGroup is embedded by every typed Access group. A copy made by
// with carries one call's options to every request the call sends.
type accessGroup struct {
	scope *accessScope
	opts  []CallOption
}

// with returns the group carrying a call's options.
// Options already carried come first, so a later one of the same kind
// wins.
func (g accessGroup) with(opts []CallOption) accessGroup {
	switch {
	case len(opts) == 0:
	case len(g.opts) == 0:
		g.opts = opts
	default:
		g.opts = append(append(make([]CallOption, 0, len(g.opts)+len(opts)), g.opts...), opts...)
	}
	return g
}

// do sends an Access request for the scope's connection.
func (g accessGroup) do(ctx context.Context, r *request) error {
	r.connID, r.needsConn = g.scope.connID, true
	if len(g.opts) > 0 {
		r.opts = g.opts
	}
	return g.scope.core.do(ctx, r)
}

// accessServices lays a whole AccessService out in one allocation, so that
// WithConnection stays cheap enough to call per request.
type accessServices struct {
	AccessService
	scope         accessScope
	self          SelfService
	earnings      EarningsService
	analytics     AnalyticsService
	chats         ChatsService
	massMessages  MassMessagesService
	posts         PostsService
	promotions    PromotionsService
	subscribers   SubscribersService
	subscriptions SubscriptionsService
	users         UsersService
	userLists     UserListsService
	vault         VaultService
	vaultLists    VaultListsService
	uploads       UploadsService
}

func newAccessService(c *core, connID string) *AccessService {
	all := &accessServices{scope: accessScope{core: c, connID: connID}}
	g := accessGroup{scope: &all.scope}
	all.self.accessGroup = g
	all.earnings.accessGroup = g
	all.analytics.accessGroup = g
	all.chats.accessGroup = g
	all.massMessages.accessGroup = g
	all.posts.accessGroup = g
	all.promotions.accessGroup = g
	all.subscribers.accessGroup = g
	all.subscriptions.accessGroup = g
	all.users.accessGroup = g
	all.userLists.accessGroup = g
	all.vault.accessGroup = g
	all.vaultLists.accessGroup = g
	all.uploads.accessGroup = g
	a := &all.AccessService
	*a = AccessService{
		Self: &all.self, Earnings: &all.earnings, Analytics: &all.analytics, Chats: &all.chats,
		MassMessages: &all.massMessages, Posts: &all.posts, Promotions: &all.promotions,
		Subscribers: &all.subscribers, Subscriptions: &all.subscriptions, Users: &all.users,
		UserLists: &all.userLists, Vault: &all.vault, VaultLists: &all.vaultLists, Uploads: &all.uploads,
		scope: &all.scope,
	}
	return a
}

// WithConnection returns a copy of the service bound to a connection id;
// it is cheap (one allocation) and safe to call per request.
func (s *AccessService) WithConnection(connectionID string) *AccessService {
	return newAccessService(s.scope.core, strings.TrimSpace(connectionID))
}

// ConnectionID returns the connection id the service sends.
func (s *AccessService) ConnectionID() string { return s.scope.connID }

// Do is the one raw escape hatch: it calls any Access endpoint, the
// OnlyFans proxy included. path is relative to /v2/access (e.g. "/self",
// "/subscribers?limit=5", or "/proxy/users/me" for the OnlyFans API path
// /api2/v2/users/me); query parameters go in the path or in a WithQuery
// option. body is sent as JSON when non-nil. The answer is decoded into
// out: nil discards it, a *json.RawMessage or *[]byte keeps it as is (a
// text answer becomes a JSON string in a *json.RawMessage), anything else
// is a JSON target.
//
//	var me json.RawMessage
//	err := a.Do(ctx, "GET", "/proxy/users/me", nil, &me)
func (s *AccessService) Do(ctx context.Context, method, path string, body, out any, opts ...CallOption) error {
	method = strings.ToUpper(strings.TrimSpace(method))
	if method == "" {
		return refused(opts, fmt.Errorf("%w: empty method", ErrInvalidParams))
	}
	p, q, err := splitPath(path)
	if err != nil {
		return refused(opts, err)
	}
	template := "/v2/access/{path}"
	if p == "/proxy" || strings.HasPrefix(p, "/proxy/") {
		template = "/v2/access/proxy/{path}" // one telemetry route for every proxied call
	}
	r := &request{opts: opts, method: method, route: "/v2/access" + p, query: q, body: body, out: out, template: template}
	return accessGroup{scope: s.scope}.do(ctx, r)
}

// idArg formats a numeric id for a path or query. Ids are positive: zero
// or less becomes "", which expandRoute refuses as an empty id with
// ErrInvalidParams before any request.
func idArg(id int64) string {
	if id <= 0 {
		return ""
	}
	return strconv.FormatInt(id, 10)
}

// idArgs formats numeric ids for a repeated query parameter.
func idArgs(ids []int64) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = idArg(id)
	}
	return out
}

// isNumeric reports a non-empty text of ASCII digits only.
func isNumeric(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// splitPath separates a relative path from its query string and checks it
// stays below its prefix.
func splitPath(path string) (string, url.Values, error) {
	p, rawQuery, _ := strings.Cut(path, "?")
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	if escapedDotSegment(p) { // ".", "..", and their percent-encoded forms
		return "", nil, fmt.Errorf("%w: path %q has a dot segment or a bad escape", ErrInvalidParams, truncateString(path, 64))
	}
	if strings.ContainsAny(p, "{}#") {
		return "", nil, fmt.Errorf("%w: path %q has reserved characters", ErrInvalidParams, truncateString(path, 64))
	}
	q, err := url.ParseQuery(rawQuery)
	if err != nil {
		return "", nil, fmt.Errorf("%w: bad query in path: %w", ErrInvalidParams, err)
	}
	return p, q, nil
}

// escapedDotSegment reports a percent-encoded "." or ".." segment, which a
// server could decode into a step up the path, or a bad escape.
func escapedDotSegment(p string) bool {
	for _, seg := range strings.Split(p, "/") {
		if dec, err := url.PathUnescape(seg); err != nil || dec == "." || dec == ".." {
			return true
		}
	}
	return false
}

// accessGet is the shape of most Access reads: GET a route, decode into T.
func accessGet[T any](ctx context.Context, g accessGroup, route string, args []string, q url.Values) (*T, error) {
	var out T
	if err := g.do(ctx, &request{method: http.MethodGet, route: route, args: args, query: q, out: &out}); err != nil {
		return nil, err
	}
	return &out, nil
}

// accessSend is the shape of most Access writes: send body, decode into T.
func accessSend[T any](ctx context.Context, g accessGroup, method, route string, args []string, body any) (*T, error) {
	var out T
	if err := g.do(ctx, &request{method: method, route: route, args: args, body: body, out: &out}); err != nil {
		return nil, err
	}
	return &out, nil
}

// rawOrNil keeps a raw JSON value only when it carries something.
func rawOrNil(b json.RawMessage) json.RawMessage {
	if len(b) == 0 || string(b) == "null" {
		return nil
	}
	return b
}
