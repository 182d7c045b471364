package ofauthtest

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
)

// specialHandler returns the handler of a stateful route the generic
// table cannot describe: posts and messages, kept in the typed fixture the
// hand-written list routes read; subscriber settings; and the Vault+ and
// list-membership routes that act on several objects at once.
func (s *Server) specialHandler(key string, gr *generatedRoute) accessHandler {
	var h func(w http.ResponseWriter, r *http.Request, a accessCall, body map[string]any, params map[string]string)
	switch key {
	case "POST /v2/access/posts":
		h = s.createPost
	case "GET /v2/access/posts/{postId}", "PUT /v2/access/posts/{postId}", "DELETE /v2/access/posts/{postId}":
		h = s.postByID
	case "DELETE /v2/access/chats/{userId}/messages/{messageId}":
		h = s.unsendMessage
	case "PUT /v2/access/subscribers/{userId}/custom-name",
		"PUT /v2/access/subscribers/{userId}/note",
		"PUT /v2/access/subscribers/{userId}/discount":
		h = s.setSubscriberField
	case "GET /v2/access/users/{userId}":
		h = s.userProfile
	case "POST /v2/access/users/{userId}/lists":
		h = s.addToLists
	case "POST /v2/vault-plus/store/list/{listId}":
		h = s.storeVaultList
	case "POST /v2/vault-plus/batch":
		h = s.vaultPlusBatch
	case "DELETE /v2/vault-plus/purge":
		h = s.vaultPlusPurge
	default:
		return nil
	}
	return func(w http.ResponseWriter, r *http.Request, a accessCall) {
		body, ok := gr.readRequest(w, r)
		if !ok {
			return
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		h(&routeWriter{ResponseWriter: w, gr: gr}, r, a, body, pathParams(gr.Pattern, r.URL.Path))
	}
}

// routeWriter carries the route a special handler answers for.
type routeWriter struct {
	http.ResponseWriter
	gr *generatedRoute
}

// answer writes the route's canned body with v laid over it.
func answer(w http.ResponseWriter, v any) {
	rw := w.(*routeWriter)
	writeJSON(rw.ResponseWriter, rw.gr.Status, v)
}

func canned(w http.ResponseWriter) any {
	return decodeAny(w.(*routeWriter).gr.Body)
}

// success is the route's canned body with "success" true.
func success(w http.ResponseWriter) any {
	return statefulRoute{reply: replyCanned}.answer(nil, nil, canned(w), nil, nil)
}

// toRecord turns a typed fixture object into a record.
func toRecord(v any) record {
	b, _ := json.Marshal(v)
	var rec record
	_ = json.Unmarshal(b, &rec)
	return rec
}

func (s *Server) createPost(w http.ResponseWriter, _ *http.Request, a accessCall, body map[string]any, _ map[string]string) {
	text, _ := body["text"].(string)
	if text == "" && body["mediaItems"] == nil {
		invalidField(w, "text", "a post needs text or mediaItems")
		return
	}
	now := s.now()
	fx := a.fx
	id := nextPostID(fx)
	p := &postJSON{
		ID: id, CanDelete: true, CanEdit: true, Media: []mediaJSON{}, CanViewMedia: true,
		Author: authorRef{ID: fx.userID, View: "s"}, ResponseType: "post",
		PostedAt: isoTime(now), PostedAtPrecise: precise(now), IsOpened: true, CanToggleFavorite: true,
		TipsAmount: "0.00", Text: text, RawText: text, CanComment: true, IsMediaReady: true, at: now,
	}
	fx.posts = append([]*postJSON{p}, fx.posts...)
	answer(w, project(canned(w), toRecord(p)))
}

// nextPostID returns the next post id: above every post id so
// far, so the newest post has the largest id as on OnlyFans.
func nextPostID(fx *fixture) int64 {
	var top int64
	for _, p := range fx.posts {
		top = max(top, p.ID)
	}
	return top + 1
}

func (s *Server) postByID(w http.ResponseWriter, r *http.Request, a accessCall, body map[string]any, params map[string]string) {
	id, _ := strconv.ParseInt(params["postId"], 10, 64)
	i := -1
	for k, p := range a.fx.posts {
		if p.ID == id {
			i = k
			break
		}
	}
	if i < 0 {
		notFound(w, "Post")
		return
	}
	p := a.fx.posts[i]
	switch r.Method {
	case http.MethodPut:
		if text, ok := body["text"].(string); ok {
			p.Text, p.RawText = text, text
		}
	case http.MethodDelete:
		a.fx.posts = append(a.fx.posts[:i:i], a.fx.posts[i+1:]...)
		answer(w, canned(w))
		return
	}
	answer(w, project(canned(w), toRecord(p)))
}

func (s *Server) unsendMessage(w http.ResponseWriter, _ *http.Request, a accessCall, _ map[string]any, params map[string]string) {
	fanID, _ := strconv.ParseInt(params["userId"], 10, 64)
	msgID, _ := strconv.ParseInt(params["messageId"], 10, 64)
	if t := a.fx.chatByUser[fanID]; t != nil {
		for i, m := range t.messages {
			if m.ID == msgID && m.FromUser.ID == a.fx.userID {
				t.messages = append(t.messages[:i:i], t.messages[i+1:]...)
				a.fx.sortChats()
				answer(w, success(w))
				return
			}
		}
	}
	notFound(w, "Message")
}

// subscriberFields maps a subscriber setting route to the field it sets.
var subscriberFields = map[string]string{
	"/v2/access/subscribers/{userId}/custom-name": "displayName",
	"/v2/access/subscribers/{userId}/note":        "notice",
	"/v2/access/subscribers/{userId}/discount":    "discount",
}

// setSubscriberField stores a custom name, note or discount of a fan. The
// custom name shows in the subscriber lists; all three are kept in the
// "subscriberSettings" collection, by fan id.
func (s *Server) setSubscriberField(w http.ResponseWriter, _ *http.Request, a accessCall, body map[string]any, params map[string]string) {
	fanID, err := strconv.ParseInt(params["userId"], 10, 64)
	fan := a.fx.fanByID[fanID]
	if err != nil || fan == nil {
		notFound(w, "User")
		return
	}
	field := subscriberFields[w.(*routeWriter).gr.Pattern]
	if field == "displayName" {
		name, _ := body["displayName"].(string)
		if len(name) > 100 {
			invalidField(w, "displayName", "displayName must be at most 100 characters")
			return
		}
		fan.DisplayName = name
	}
	col := a.fx.storeLocked().collection("subscriberSettings", nil)
	_, rec := col.find(params["userId"])
	if rec == nil {
		rec = record{"id": params["userId"]}
		col.items = append(col.items, rec)
	}
	overlay(rec, body)
	answer(w, canned(w))
}

// userProfile answers a user's profile: one of the creator's fans (by id
// or username) shows the fan's names and the custom name and note set
// through the subscriber routes; any other user is the canned profile
// with the id asked for.
func (s *Server) userProfile(w http.ResponseWriter, _ *http.Request, a accessCall, _ map[string]any, params map[string]string) {
	gr := w.(*routeWriter).gr
	profile, ok := gr.echoed(params).(map[string]any)
	who, err := url.PathUnescape(params["userId"])
	fan := a.fx.fanByIDOrUsername(who)
	if !ok || err != nil || fan == nil {
		answer(w, profile)
		return
	}
	profile["id"] = fan.ID
	profile["username"] = fan.Username
	profile["name"] = fan.Name
	profile["displayName"] = fan.DisplayName
	profile["notice"] = ""
	col := a.fx.storeLocked().collection("subscriberSettings", nil)
	if _, rec := col.find(strconv.FormatInt(fan.ID, 10)); rec != nil {
		if note, ok := rec["notice"].(string); ok {
			profile["notice"] = note
		}
	}
	answer(w, profile)
}

// addToLists adds a user to several user lists.
func (s *Server) addToLists(w http.ResponseWriter, _ *http.Request, a accessCall, body map[string]any, params map[string]string) {
	ids, _ := body["listIds"].([]any)
	st := a.fx.storeLocked()
	add := statefulRoutes["POST "+userListsPath+"/{listId}/users/{userId}"]
	tmpl := itemTemplate(decodeAny(cannedByPattern["GET "+add.seed]))
	lists := st.collection("userLists", seedOf(userListsPath))
	for _, id := range ids {
		_, list := lists.find(idString(id))
		if list == nil {
			continue
		}
		members := st.collection("userListUsers/"+list.id(), seedOf(add.seed))
		if _, found := members.find(params["userId"]); found == nil {
			rec := record(cloneJSON(tmpl).(map[string]any))
			rec["id"] = sameIDKind(params["userId"], tmpl["id"])
			members.items = append([]record{rec}, members.items...)
		}
	}
	answer(w, canned(w))
}

// storeVaultList queues a vault list for Vault+: its media become Vault+
// items at once, as if storing took no time.
func (s *Server) storeVaultList(w http.ResponseWriter, _ *http.Request, a accessCall, _ map[string]any, params map[string]string) {
	st := a.fx.storeLocked()
	_, list := st.collection("vaultLists", seedOf(vaultListsPath)).find(params["listId"])
	if list == nil {
		notFound(w, "List")
		return
	}
	media := st.collection("vaultListMedia/"+list.id(), seedOf(vaultListsPath+"/{listId}/media"))
	items := st.collection("vaultPlus", seedOf(vaultPlusListPath))
	tmpl := itemTemplate(decodeAny(cannedByPattern["GET "+vaultPlusListPath]))
	for _, m := range media.items {
		if _, found := items.find(m.id()); found != nil {
			continue
		}
		rec := record(cloneJSON(tmpl).(map[string]any))
		rec["id"] = m.id()
		items.items = append([]record{rec}, items.items...)
	}
	answer(w, project(canned(w), record{"queued": true, "listId": list.id(), "estimatedItems": float64(len(media.items))}))
}

// vaultPlusBatch answers the Vault+ items of the ids asked for that exist.
func (s *Server) vaultPlusBatch(w http.ResponseWriter, _ *http.Request, a accessCall, body map[string]any, _ map[string]string) {
	ids, _ := body["mediaIds"].([]any)
	items := a.fx.storeLocked().collection("vaultPlus", seedOf(vaultPlusListPath))
	base := canned(w)
	tmpl := itemTemplate(base)
	out := []any{}
	for _, id := range ids {
		if _, rec := items.find(idString(id)); rec != nil {
			out = append(out, project(tmpl, rec))
		}
	}
	env, _ := cloneJSON(base).(map[string]any)
	env["items"] = out
	answer(w, env)
}

// vaultPlusPurge removes every Vault+ item.
func (s *Server) vaultPlusPurge(w http.ResponseWriter, _ *http.Request, a accessCall, _ map[string]any, _ map[string]string) {
	items := a.fx.storeLocked().collection("vaultPlus", seedOf(vaultPlusListPath))
	n := len(items.items)
	items.items = nil
	answer(w, project(canned(w), record{"success": true, "purgedCount": float64(n)}))
}
