package ofauthtest

import (
	"encoding/json"
	"io"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// accessCall is what an Access handler gets: the caller's connection and
// its creator's data. Handlers read and change the fixture under Server.mu.
type accessCall struct {
	conn *connection
	fx   *fixture
}

type accessHandler func(w http.ResponseWriter, r *http.Request, a accessCall)

// access guards an Access route: the API checks, then x-connection-id,
// then the connection's rate limit.
func (s *Server) access(h accessHandler) http.HandlerFunc {
	return s.api(func(w http.ResponseWriter, r *http.Request) {
		id := strings.TrimSpace(r.Header.Get("x-connection-id"))
		if id == "" {
			writeError(w, http.StatusUnauthorized, codeSessionNotProvided, "The x-connection-id header is required for Access API calls")
			return
		}
		now := s.now()
		s.mu.Lock()
		c, ok := s.conns[id]
		if !ok && s.cfg.lenientConnections {
			c, ok = s.newConnectionWithIDLocked(id, s.newCreatorLocked(""), "", false), true
		}
		switch {
		case !ok:
			s.mu.Unlock()
			writeError(w, http.StatusUnauthorized, codeSessionNotProvided, "Connection not found or has no session")
			return
		case c.Status == StatusExpired:
			s.mu.Unlock()
			writeErrorBody(w, http.StatusUnauthorized, errorBody{
				Error: "The OnlyFans session of this connection has expired", Type: codeSessionExpired, ActionRequired: "refresh_session",
			})
			return
		case c.Status != StatusActive:
			s.mu.Unlock()
			writeError(w, http.StatusUnauthorized, codeSessionNotProvided, "The connection has no active session")
			return
		}
		rl, allowed := s.takeTokenLocked(id, now)
		if allowed {
			c.LastCheckedAt = now
		}
		a := accessCall{conn: c, fx: s.fixtureLocked(c.User)}
		s.mu.Unlock()
		rl.setHeaders(w, s.cfg.rateBurst)
		if !allowed {
			w.Header().Set("Retry-After", strconv.Itoa(rl.retryAfter))
			writeError(w, http.StatusTooManyRequests, codeRateLimitExceeded, "Rate limit exceeded for this connection")
			return
		}
		h(w, r, a)
	})
}

// codeForbidden is the envelope type of a connection lacking a permission.
const codeForbidden = "FORBIDDEN"

// needs guards an Access handler with the permission its endpoint needs:
// a connection without it gets 403 FORBIDDEN, naming the permission.
func (s *Server) needs(permission string, h accessHandler) accessHandler {
	return func(w http.ResponseWriter, r *http.Request, a accessCall) {
		s.mu.Lock()
		ok := slices.Contains(a.conn.Permissions, permission)
		s.mu.Unlock()
		if !ok {
			writeErrorBody(w, http.StatusForbidden, errorBody{
				Error:   "The connection lacks the permission " + permission + " this endpoint needs",
				Type:    codeForbidden,
				Details: map[string]string{"permission": permission},
			})
			return
		}
		h(w, r, a)
	}
}

// bucket is a connection's token bucket.
type bucket struct {
	tokens float64
	last   time.Time
}

type rateState struct {
	enabled    bool
	remaining  int
	reset      int // seconds until the bucket is full
	retryAfter int // seconds until one token is back
}

func (rs rateState) setHeaders(w http.ResponseWriter, burst int) {
	if !rs.enabled {
		return
	}
	h := w.Header()
	h.Set("X-RateLimit-Limit", strconv.Itoa(burst))
	h.Set("X-RateLimit-Remaining", strconv.Itoa(rs.remaining))
	h.Set("X-RateLimit-Reset", strconv.Itoa(rs.reset))
}

// takeTokenLocked refills the connection's bucket by the time passed on the
// server clock and takes a token if there is one.
func (s *Server) takeTokenLocked(connID string, now time.Time) (rateState, bool) {
	if s.cfg.ratePerMinute <= 0 {
		return rateState{}, true
	}
	perSec := float64(s.cfg.ratePerMinute) / 60
	burst := float64(s.cfg.rateBurst)
	b, ok := s.buckets[connID]
	if !ok {
		b = &bucket{tokens: burst, last: now}
		s.buckets[connID] = b
	}
	if d := now.Sub(b.last); d > 0 {
		b.tokens = math.Min(burst, b.tokens+d.Seconds()*perSec)
		b.last = now
	}
	allowed := b.tokens >= 1
	if allowed {
		b.tokens--
	}
	rs := rateState{
		enabled:   true,
		remaining: int(math.Floor(b.tokens)),
		reset:     int(math.Ceil((burst - b.tokens) / perSec)),
	}
	if !allowed {
		rs.retryAfter = max(1, int(math.Ceil((1-b.tokens)/perSec)))
	}
	return rs, allowed
}

// listPage is the offset-paged envelope.
type listPage[T any] struct {
	List       []T  `json:"list"`
	HasMore    bool `json:"hasMore"`
	NextOffset *int `json:"nextOffset,omitempty"`
}

func (s *Server) handleSelf(w http.ResponseWriter, r *http.Request, a accessCall) {
	s.mu.Lock()
	body := a.fx.self()
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, body)
}

type selfJSON struct {
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

func (f *fixture) self() selfJSON {
	active := 0
	for _, fan := range f.fans {
		if fan.Subscription.IsActive {
			active++
		}
	}
	c := f.counters()
	return selfJSON{
		ID: f.userID, Username: f.user.Username, Name: f.user.Name, IsAuth: true, IsVerified: true,
		Avatar: strPtr(f.user.Avatar), SubscribersCount: &active,
		PostsCount: c.PostsCount, PhotosCount: c.PhotosCount, VideosCount: c.VideosCount,
	}
}

// maxSubscribersPage is the most fans one page holds, whatever the limit,
// as the API documents.
const maxSubscribersPage = 20

func (s *Server) handleSubscribers(w http.ResponseWriter, r *http.Request, a accessCall) {
	q := r.URL.Query()
	limit, offset := limitParam(r, 10), offsetParam(r)
	kind := q.Get("type")
	from, to := timeParam(r, "startDate"), timeParam(r, "endDate")
	search := strings.ToLower(q.Get("query"))
	s.mu.Lock()
	var match []*subscriberJSON
	for _, fan := range a.fx.fans {
		switch {
		case kind == "active" && !fan.Subscription.IsActive,
			kind == "expired" && fan.Subscription.IsActive,
			!from.IsZero() && fan.subscribedAt.Before(from),
			!to.IsZero() && fan.subscribedAt.After(to),
			search != "" && !strings.Contains(strings.ToLower(fan.Username+" "+fan.Name), search):
			continue
		}
		match = append(match, fan)
	}
	page, more := pageOf(match, offset, min(limit, maxSubscribersPage))
	body := listPage[subscriberJSON]{List: make([]subscriberJSON, len(page)), HasMore: more}
	for i, fan := range page {
		body.List[i] = *fan
	}
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, body)
}

func (s *Server) handleChats(w http.ResponseWriter, r *http.Request, a accessCall) {
	q := r.URL.Query()
	limit, offset := limitParam(r, 10), offsetParam(r)
	order, filter := q.Get("order"), q.Get("filter")
	search := strings.ToLower(q.Get("query"))
	s.mu.Lock()
	var match []chatJSON
	for _, t := range a.fx.chats {
		switch {
		case filter == "unread" && t.unread == 0,
			filter == "who_tipped" && !t.hasTips,
			filter == "priority" && t.fan.Spending.Total < 100,
			search != "" && !strings.Contains(strings.ToLower(t.fan.Username+" "+t.fan.Name), search):
			continue
		}
		match = append(match, t.toJSON())
	}
	s.mu.Unlock()
	if order == "old" {
		for i, j := 0, len(match)-1; i < j; i, j = i+1, j-1 {
			match[i], match[j] = match[j], match[i]
		}
	}
	page, more := pageOf(match, offset, limit)
	next := offset + len(page)
	writeJSON(w, http.StatusOK, listPage[chatJSON]{List: page, HasMore: more, NextOffset: &next})
}

func (t *chatThread) toJSON() chatJSON {
	c := chatJSON{
		WithUser:         authorRef{ID: t.fan.ID, View: "s"},
		CanNotSendReason: false, CanSendMessage: t.fan.Capabilities.CanReceiveMessages, CanGoToProfile: true,
		UnreadMessagesCount: t.unread, HasUnreadTips: t.hasTips && t.unread > 0,
	}
	if !c.CanSendMessage {
		c.CanNotSendReason = "The user is not subscribed"
	}
	if len(t.messages) > 0 {
		last := *t.messages[0]
		c.LastMessage = &last
		c.LastReadMessageID = last.ID
		if t.unread > 0 && t.unread < len(t.messages) {
			c.LastReadMessageID = t.messages[t.unread].ID
		}
	}
	return c
}

// fanOf reads the {userId} path value and finds the fan, answering 400 or
// 404 itself.
func fanOf(w http.ResponseWriter, r *http.Request, fx *fixture) *subscriberJSON {
	id, err := strconv.ParseInt(r.PathValue("userId"), 10, 64)
	if err != nil || id <= 0 {
		badRequest(w, "userId must be a numeric OnlyFans user id")
		return nil
	}
	fan, ok := fx.fanByID[id]
	if !ok {
		notFound(w, "User")
		return nil
	}
	return fan
}

func (s *Server) handleMessages(w http.ResponseWriter, r *http.Request, a accessCall) {
	limit, offset := limitParam(r, 10), offsetParam(r)
	lastID, _ := intParam(r, "last_id")
	search := strings.ToLower(r.URL.Query().Get("query"))
	s.mu.Lock()
	fan := fanOf(w, r, a.fx)
	if fan == nil {
		s.mu.Unlock()
		return
	}
	var match []messageJSON
	if t := a.fx.chatByUser[fan.ID]; t != nil {
		for _, m := range t.messages {
			if (lastID == 0 || m.ID < lastID) && (search == "" || strings.Contains(strings.ToLower(m.Text), search)) {
				match = append(match, *m)
			}
		}
	}
	s.mu.Unlock()
	page, more := pageOf(match, offset, limit)
	writeJSON(w, http.StatusOK, listPage[messageJSON]{List: page, HasMore: more})
}

// messageInput is the body of POST /chats/{userId}/messages.
type messageInput struct {
	Text               string            `json:"text"`
	MediaItems         []json.RawMessage `json:"mediaItems"`
	Price              *float64          `json:"price"`
	IsLockedText       *bool             `json:"isLockedText"`
	PreviewMediaCount  *int              `json:"previewMediaCount"`
	IsMarkdown         *bool             `json:"isMarkdown"`
	IsForwardedMessage *bool             `json:"isForwardedMessage"`
	UserTags           []int64           `json:"userTags"`
	ReleaseForms       *struct {
		Users    []int64 `json:"users"`
		Partners []int64 `json:"partners"`
		Guests   []int64 `json:"guests"`
	} `json:"releaseForms"`
}

func (s *Server) handleSendMessage(w http.ResponseWriter, r *http.Request, a accessCall) {
	var in messageInput
	if !readJSON(w, r, &in, false) {
		return
	}
	switch {
	case len(in.Text) > 10000:
		badRequest(w, "text must be at most 10000 characters")
		return
	case strings.TrimSpace(in.Text) == "" && len(in.MediaItems) == 0:
		badRequest(w, "a message needs text or mediaItems")
		return
	case in.Price != nil && (*in.Price < 0 || *in.Price > 200):
		badRequest(w, "price must be between 0 and 200")
		return
	case in.PreviewMediaCount != nil && (*in.PreviewMediaCount < 0 || *in.PreviewMediaCount > len(in.MediaItems)):
		badRequest(w, "previewMediaCount must be between 0 and the number of mediaItems")
		return
	}
	for _, id := range in.UserTags {
		if id <= 0 {
			badRequest(w, "userTags must be OnlyFans user ids")
			return
		}
	}
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	fan := fanOf(w, r, a.fx)
	if fan == nil {
		return
	}
	if !fan.Capabilities.CanReceiveMessages {
		badRequest(w, "@%s cannot receive messages", fan.Username)
		return
	}
	media, errMsg := s.resolveMediaLocked(in.MediaItems, a.conn.ID, now)
	if errMsg != "" {
		badRequest(w, "%s", errMsg)
		return
	}
	m := a.fx.newMessage(now, fan.ID, false)
	m.Text, m.Media, m.MediaCount = in.Text, media, len(media)
	m.IsOpened = true
	m.IsFree = in.Price == nil || *in.Price == 0
	m.LockedText = in.IsLockedText != nil && *in.IsLockedText
	m.IsMarkdownDisabled = in.IsMarkdown != nil && !*in.IsMarkdown
	if in.PreviewMediaCount != nil {
		for _, md := range media[:*in.PreviewMediaCount] {
			m.Previews = append(m.Previews, md.ID)
		}
	}
	t := a.fx.chatByUser[fan.ID]
	if t == nil {
		t = &chatThread{fan: fan}
		a.fx.chats = append(a.fx.chats, t)
		a.fx.chatByUser[fan.ID] = t
	}
	t.messages = append([]*messageJSON{m}, t.messages...)
	t.unread = 0 // replying reads the thread
	for _, old := range t.messages[1:] {
		old.IsNew = false
	}
	a.fx.sortChats()
	writeJSON(w, http.StatusOK, m)
}

// resolveMediaLocked turns mediaItems into media: vault ids, single-use
// upload references of this connection, or http(s) URLs.
func (s *Server) resolveMediaLocked(items []json.RawMessage, connID string, now time.Time) ([]mediaJSON, string) {
	out := []mediaJSON{}
	for i, raw := range items {
		var n json.Number
		var str string
		switch {
		case json.Unmarshal(raw, &n) == nil:
			str = n.String()
		case json.Unmarshal(raw, &str) == nil:
		default:
			return nil, "mediaItems must be media ids, upload references or URLs"
		}
		if id, err := strconv.ParseInt(str, 10, 64); err == nil && id > 0 {
			out = append(out, newMedia(id, "photo", now, 0))
			continue
		}
		if strings.HasPrefix(str, "upload:") {
			u := s.uploads[str]
			if u == nil || u.ConnectionID != connID || !u.Completed || u.consumed {
				return nil, "mediaItems[" + strconv.Itoa(i) + "] is not a ready, unused upload of this connection"
			}
			u.consumed = true
			out = append(out, u.media)
			continue
		}
		if pu, err := url.Parse(str); err == nil && (pu.Scheme == "http" || pu.Scheme == "https") && pu.Host != "" {
			s.nextMedia++
			m := newMedia(s.nextMedia, "photo", now, 0)
			m.Files.Full.URL = str
			out = append(out, m)
			continue
		}
		return nil, "mediaItems[" + strconv.Itoa(i) + "] is neither a media id, an upload reference nor an http(s) URL"
	}
	return out, ""
}

// postsPage is the envelope of GET /posts.
type postsPage struct {
	List       []postJSON    `json:"list"`
	HasMore    bool          `json:"hasMore"`
	HeadMarker string        `json:"headMarker"`
	TailMarker string        `json:"tailMarker"`
	Counters   postsCounters `json:"counters"`
}

func (s *Server) handlePosts(w http.ResponseWriter, r *http.Request, a accessCall) {
	limit := limitParam(r, 10)
	var before time.Time
	if v := r.URL.Query().Get("beforePublishTime"); v != "" {
		if t, ok := parsePrecise(v); ok {
			before = t
		} else if t, err := time.Parse(time.RFC3339Nano, v); err == nil {
			before = t
		} else {
			invalidField(w, "beforePublishTime", "beforePublishTime must be a tailMarker or an ISO 8601 date-time")
			return
		}
	}
	s.mu.Lock()
	var match []postJSON
	for _, p := range a.fx.posts {
		// Markers carry microseconds: compare at that precision.
		if before.IsZero() || p.at.Truncate(time.Microsecond).Before(before) {
			match = append(match, *p)
		}
	}
	body := postsPage{Counters: a.fx.counters()}
	s.mu.Unlock()
	body.List, body.HasMore = pageOf(match, 0, limit)
	if n := len(body.List); n > 0 {
		body.HeadMarker, body.TailMarker = body.List[0].PostedAtPrecise, body.List[n-1].PostedAtPrecise
	}
	writeJSON(w, http.StatusOK, body)
}

// earningsBy maps the chart's "by" values to transaction kinds and tip
// sources.
var earningsBy = map[string]struct{ kind, source string }{
	"total": {}, "messages": {kind: "chat_messages"}, "tips": {kind: "tips"}, "stream": {kind: "stream"},
	"post": {kind: "post"}, "subscribes": {kind: "subscribes"}, "tips_profile": {"tips", "profile"},
	"tips_post": {"tips", "post_all"}, "tips_chat": {"tips", "chat"}, "tips_stream": {"tips", "stream"},
	"tips_story": {"tips", "story"}, "ref": {kind: "ref"},
}

func (s *Server) handleEarningsChart(w http.ResponseWriter, r *http.Request, a accessCall) {
	by := r.URL.Query().Get("by")
	from, to := timeParam(r, "startDate"), timeParam(r, "endDate")
	if to.IsZero() {
		to = s.start
	}
	if from.IsZero() {
		from = to.Add(-30 * day)
	}
	if from.After(to) {
		invalidField(w, "startDate", "startDate must not be after endDate")
		return
	}
	if to.Sub(from) > 366*day {
		invalidField(w, "startDate", "the range from startDate to endDate must not exceed one year")
		return
	}
	if by == "" {
		by = "total"
	}
	sel := earningsBy[by]
	from = from.UTC().Truncate(day)
	days := int(to.UTC().Truncate(day).Sub(from)/day) + 1
	span := time.Duration(days) * day

	net := make([]float64, days)
	var total, gross, previous float64
	s.mu.Lock()
	for _, tx := range a.fx.txs {
		if (sel.kind != "" && tx.kind != sel.kind) || (sel.source != "" && tx.tipsSource != sel.source) {
			continue
		}
		switch {
		case !tx.at.Before(from) && tx.at.Before(from.Add(span)):
			net[int(tx.at.Sub(from)/day)] += tx.Amounts.Net
			total += tx.Amounts.Net
			gross += tx.Amounts.Gross
		case !tx.at.Before(from.Add(-span)) && tx.at.Before(from):
			previous += tx.Amounts.Net
		}
	}
	s.mu.Unlock()
	type point struct {
		Date  string  `json:"date"`
		Count float64 `json:"count"`
	}
	chart := make([]point, days)
	for i := range chart {
		chart[i] = point{Date: isoTime(from.Add(time.Duration(i) * day)), Count: round2(net[i])}
	}
	delta := 0.0
	if previous > 0 {
		delta = round2((total - previous) / previous * 100)
	}
	writeJSON(w, http.StatusOK, map[string]any{"chart": chart, "total": round2(total), "gross": round2(gross), "delta": delta})
}

// transactionsPageSize is how many transactions one marker page holds.
const transactionsPageSize = 10

func (s *Server) handleTransactions(w http.ResponseWriter, r *http.Request, a accessCall) {
	q := r.URL.Query()
	kind, source := q.Get("type"), q.Get("tipsSource")
	from := timeParam(r, "startDate")
	var marker int64
	if v := q.Get("marker"); v != "" {
		// Any string fits the spec; only a nextMarker means something.
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n <= 0 {
			invalidField(w, "marker", "marker must be the nextMarker of the previous page")
			return
		}
		marker = n
	}
	s.mu.Lock()
	var match []txJSON
	for _, tx := range a.fx.txs {
		switch {
		case marker != 0 && tx.at.Unix() >= marker,
			!from.IsZero() && tx.at.Before(from),
			kind != "" && tx.kind != kind,
			source != "" && tx.tipsSource != source:
			continue
		}
		match = append(match, *tx)
	}
	s.mu.Unlock()
	page, more := pageOf(match, 0, transactionsPageSize)
	var next *int64
	if more {
		n := page[len(page)-1].at.Unix()
		next = &n
	}
	writeJSON(w, http.StatusOK, map[string]any{"list": page, "hasMore": more, "nextMarker": next})
}

// handleProxy stands in for OnlyFans behind /v2/access/proxy: users/me
// answers the creator's profile, anything else is echoed back.
func (s *Server) handleProxy(w http.ResponseWriter, r *http.Request, a accessCall) {
	path := "/" + strings.TrimPrefix(strings.TrimPrefix(r.PathValue("path"), "/"), "api2/v2/")
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxJSONBody))
	if err != nil {
		badRequest(w, "request body exceeds %d bytes", maxJSONBody)
		return
	}
	if r.Method == http.MethodGet && path == "/users/me" {
		s.mu.Lock()
		self := a.fx.self()
		fx := a.fx
		me := map[string]any{
			"view": "me", "id": self.ID, "username": self.Username, "name": self.Name, "avatar": self.Avatar,
			"isVerified": true, "isPerformer": true, "subscribersCount": self.SubscribersCount,
			"postsCount": self.PostsCount, "photosCount": self.PhotosCount, "videosCount": self.VideosCount,
			"joinDate": isoTime(s.start.Add(-3 * 365 * day)), "lists": []any{},
			"chatMessagesCount": countMessages(fx), "isAuth": true,
		}
		s.mu.Unlock()
		writeJSON(w, http.StatusOK, me)
		return
	}
	var echoed any
	if len(body) > 0 {
		if json.Unmarshal(body, &echoed) != nil {
			echoed = string(body)
		}
	}
	query := map[string][]string(r.URL.Query())
	writeJSON(w, http.StatusOK, map[string]any{
		"proxied": true, "method": r.Method, "path": path, "query": query, "body": echoed,
		"connectionId": a.conn.ID,
	})
}

func countMessages(f *fixture) int {
	n := 0
	for _, t := range f.chats {
		n += len(t.messages)
	}
	return n
}

// parsePrecise reads a postedAtPrecise marker, "seconds.micros", without
// going through a float, which would lose the last digits.
func parsePrecise(v string) (time.Time, bool) {
	secPart, fracPart, _ := strings.Cut(v, ".")
	secs, err := strconv.ParseInt(secPart, 10, 64)
	if err != nil {
		return time.Time{}, false
	}
	var nanos int64
	if fracPart != "" {
		if len(fracPart) > 9 {
			fracPart = fracPart[:9]
		}
		n, err := strconv.ParseInt(fracPart, 10, 64)
		if err != nil || n < 0 {
			return time.Time{}, false
		}
		for i := len(fracPart); i < 9; i++ {
			n *= 10
		}
		nanos = n
	}
	return time.Unix(secs, nanos), true
}
