package ofauthtest

import (
	"net/http"
	"strconv"
	"strings"
)

// storeOp is what a stateful route does to its collection.
type storeOp int

const (
	opList storeOp = iota
	opCreate
	opGet
	opUpdate
	opDelete
	opAdd    // add the ids of a body field (or of the path) to a nested collection
	opRemove // remove the path's id from a nested collection, answer what is left
)

// paging is a list route's pagination style (the spec's x-pagination).
type paging int

const (
	pageOffset paging = iota // limit/offset → hasMore, nextOffset
	pageCursor               // limit/cursor → nextCursor, absent on the last page
)

// reply is what a stateful route answers.
type reply int

const (
	replyObject reply = iota // the object, laid over the route's canned body
	replyParent              // the owning object, laid over the canned body
	replyCanned              // the canned body, "success" set to true
)

// statefulRoute maps one operation of the spec onto a collection of the
// store. Routes of one area share the collection, so what a create made a
// list shows, an update changes and a delete removes.
type statefulRoute struct {
	op   storeOp
	area string // collection name
	// seed is the pattern of the GET route whose canned list seeds the
	// collection and gives new objects their shape.
	seed    string
	idParam string // path parameter naming the object
	// parent and parentArea name the owning object of a nested collection
	// (the members of a user list): its path parameter and collection.
	parent, parentArea string
	idsField           string         // opAdd: the body field listing the ids to add
	paging             paging         // opList
	set                map[string]any // fields an update sets besides the body's
	reply              reply
}

const (
	userListsPath     = "/v2/access/users/lists"
	vaultListsPath    = "/v2/access/vault/lists"
	promotionsPath    = "/v2/access/promotions"
	bundlesPath       = "/v2/access/promotions/bundles"
	trackingLinksPath = "/v2/access/promotions/tracking-links"
	trialLinksPath    = "/v2/access/promotions/trial-links"
	massSentPath      = "/v2/access/analytics/mass-messages/sent"
	vaultPlusListPath = "/v2/vault-plus/list"
)

// statefulRoutes is the declarative table of the stateful areas, by
// "METHOD pattern" of the spec.
var statefulRoutes = map[string]statefulRoute{
	// User lists and their members.
	"GET " + userListsPath:                                 {op: opList, area: "userLists", seed: userListsPath},
	"POST " + userListsPath:                                {op: opCreate, area: "userLists", seed: userListsPath},
	"GET " + userListsPath + "/{listId}":                   {op: opGet, area: "userLists", seed: userListsPath, idParam: "listId"},
	"PATCH " + userListsPath + "/{listId}":                 {op: opUpdate, area: "userLists", seed: userListsPath, idParam: "listId"},
	"DELETE " + userListsPath + "/{listId}":                {op: opDelete, area: "userLists", seed: userListsPath, idParam: "listId", reply: replyCanned},
	"GET " + userListsPath + "/{listId}/users":             {op: opList, area: "userListUsers", seed: userListsPath + "/{listId}/users", parent: "listId", parentArea: "userLists"},
	"POST " + userListsPath + "/{listId}/users/{userId}":   {op: opAdd, area: "userListUsers", seed: userListsPath + "/{listId}/users", parent: "listId", parentArea: "userLists", idParam: "userId", reply: replyCanned},
	"DELETE " + userListsPath + "/{listId}/users/{userId}": {op: opRemove, area: "userListUsers", seed: userListsPath + "/{listId}/users", parent: "listId", parentArea: "userLists", idParam: "userId"},
	// Vault lists and their media.
	"GET " + vaultListsPath:                      {op: opList, area: "vaultLists", seed: vaultListsPath},
	"POST " + vaultListsPath:                     {op: opCreate, area: "vaultLists", seed: vaultListsPath},
	"PATCH " + vaultListsPath + "/{listId}":      {op: opUpdate, area: "vaultLists", seed: vaultListsPath, idParam: "listId"},
	"DELETE " + vaultListsPath + "/{listId}":     {op: opDelete, area: "vaultLists", seed: vaultListsPath, idParam: "listId", reply: replyCanned},
	"GET " + vaultListsPath + "/{listId}/media":  {op: opList, area: "vaultListMedia", seed: vaultListsPath + "/{listId}/media", parent: "listId", parentArea: "vaultLists"},
	"POST " + vaultListsPath + "/{listId}/media": {op: opAdd, area: "vaultListMedia", seed: vaultListsPath + "/{listId}/media", parent: "listId", parentArea: "vaultLists", idsField: "mediaIds", reply: replyParent},
	// Mass messages; the sent-messages statistics list them.
	"GET " + massSentPath:                             {op: opList, area: "massMessages", seed: massSentPath},
	"POST /v2/access/mass-messages":                   {op: opCreate, area: "massMessages", seed: massSentPath},
	"GET /v2/access/mass-messages/{massMessageId}":    {op: opGet, area: "massMessages", seed: massSentPath, idParam: "massMessageId"},
	"PUT /v2/access/mass-messages/{massMessageId}":    {op: opUpdate, area: "massMessages", seed: massSentPath, idParam: "massMessageId"},
	"DELETE /v2/access/mass-messages/{massMessageId}": {op: opDelete, area: "massMessages", seed: massSentPath, idParam: "massMessageId", reply: replyCanned},
	// Promotions, bundles, tracking links and trial links.
	"GET " + promotionsPath:                             {op: opList, area: "promotions", seed: promotionsPath},
	"POST " + promotionsPath:                            {op: opCreate, area: "promotions", seed: promotionsPath},
	"PUT " + promotionsPath + "/{promotionId}":          {op: opUpdate, area: "promotions", seed: promotionsPath, idParam: "promotionId"},
	"DELETE " + promotionsPath + "/{promotionId}":       {op: opDelete, area: "promotions", seed: promotionsPath, idParam: "promotionId", reply: replyCanned},
	"POST " + promotionsPath + "/{promotionId}/stop":    {op: opUpdate, area: "promotions", seed: promotionsPath, idParam: "promotionId", set: map[string]any{"isFinished": true, "canClaim": false}, reply: replyCanned},
	"GET " + bundlesPath:                                {op: opList, area: "bundles", seed: bundlesPath},
	"POST " + bundlesPath:                               {op: opCreate, area: "bundles", seed: bundlesPath},
	"GET " + bundlesPath + "/{bundleId}":                {op: opGet, area: "bundles", seed: bundlesPath, idParam: "bundleId"},
	"PUT " + bundlesPath + "/{bundleId}":                {op: opUpdate, area: "bundles", seed: bundlesPath, idParam: "bundleId"},
	"DELETE " + bundlesPath + "/{bundleId}":             {op: opDelete, area: "bundles", seed: bundlesPath, idParam: "bundleId"},
	"GET " + trackingLinksPath:                          {op: opList, area: "trackingLinks", seed: trackingLinksPath},
	"POST " + trackingLinksPath:                         {op: opCreate, area: "trackingLinks", seed: trackingLinksPath},
	"GET " + trackingLinksPath + "/{trackingLinkId}":    {op: opGet, area: "trackingLinks", seed: trackingLinksPath, idParam: "trackingLinkId"},
	"PUT " + trackingLinksPath + "/{trackingLinkId}":    {op: opUpdate, area: "trackingLinks", seed: trackingLinksPath, idParam: "trackingLinkId"},
	"DELETE " + trackingLinksPath + "/{trackingLinkId}": {op: opDelete, area: "trackingLinks", seed: trackingLinksPath, idParam: "trackingLinkId", reply: replyCanned},
	"GET " + trialLinksPath:                             {op: opList, area: "trialLinks", seed: trialLinksPath},
	"POST " + trialLinksPath:                            {op: opCreate, area: "trialLinks", seed: trialLinksPath},
	"GET " + trialLinksPath + "/{trialLinkId}":          {op: opGet, area: "trialLinks", seed: trialLinksPath, idParam: "trialLinkId"},
	"PUT " + trialLinksPath + "/{trialLinkId}":          {op: opUpdate, area: "trialLinks", seed: trialLinksPath, idParam: "trialLinkId", reply: replyCanned},
	"DELETE " + trialLinksPath + "/{trialLinkId}":       {op: opDelete, area: "trialLinks", seed: trialLinksPath, idParam: "trialLinkId", reply: replyCanned},
	// Vault+ items: storing a vault list adds its media (see handleVaultPlusStoreList).
	"GET " + vaultPlusListPath:        {op: opList, area: "vaultPlus", seed: vaultPlusListPath, paging: pageCursor},
	"GET /v2/vault-plus/{mediaId}":    {op: opGet, area: "vaultPlus", seed: vaultPlusListPath, idParam: "mediaId"},
	"DELETE /v2/vault-plus/{mediaId}": {op: opDelete, area: "vaultPlus", seed: vaultPlusListPath, idParam: "mediaId", reply: replyCanned},
}

// children are the nested collections of an area, emptied with their
// owner.
var children = map[string]string{"userLists": "userListUsers", "vaultLists": "vaultListMedia"}

// cannedByPattern indexes the generated routes' canned bodies by
// "METHOD pattern".
var cannedByPattern = func() map[string]string {
	m := make(map[string]string, len(generatedRoutes))
	for _, gr := range generatedRoutes {
		m[gr.Method+" "+gr.Pattern] = gr.Body
	}
	return m
}()

// statefulHandler returns the handler of gr when a stateful area owns it,
// or nil.
func (s *Server) statefulHandler(gr *generatedRoute) accessHandler {
	key := gr.Method + " " + gr.Pattern
	if h := s.specialHandler(key, gr); h != nil {
		return h
	}
	sr, ok := statefulRoutes[key]
	if !ok {
		return nil
	}
	return func(w http.ResponseWriter, r *http.Request, a accessCall) {
		body, ok := gr.readRequest(w, r)
		if !ok {
			return
		}
		params := pathParams(gr.Pattern, r.URL.Path)
		s.mu.Lock()
		defer s.mu.Unlock()
		sr.serve(w, r, a.fx.storeLocked(), gr, params, body, s)
	}
}

// storeLocked returns the creator's store, made on first use.
func (f *fixture) storeLocked() *store {
	if f.store == nil {
		f.store = newStore()
	}
	return f.store
}

// seedOf returns the seeding function of a list route.
func seedOf(pattern string) func() []record {
	return func() []record { return recordsOf(decodeAny(cannedByPattern["GET "+pattern])) }
}

// collectionLocked returns the route's collection, answering 404 itself
// (and returning nil) when the owner of a nested one does not exist.
func (sr statefulRoute) collectionLocked(w http.ResponseWriter, st *store, params map[string]string) (*collection, record) {
	if sr.parent == "" {
		return st.collection(sr.area, seedOf(sr.seed)), nil
	}
	owners := st.collection(sr.parentArea, seedOf(parentSeed(sr.parentArea)))
	_, owner := owners.find(params[sr.parent])
	if owner == nil {
		notFound(w, "List")
		return nil, nil
	}
	return st.collection(sr.area+"/"+owner.id(), seedOf(sr.seed)), owner
}

// parentSeed is the list route seeding an owner area.
func parentSeed(area string) string {
	for _, sr := range statefulRoutes {
		if sr.area == area {
			return sr.seed
		}
	}
	return ""
}

// serve runs one stateful operation under Server.mu.
func (sr statefulRoute) serve(w http.ResponseWriter, r *http.Request, st *store, gr *generatedRoute, params map[string]string, body map[string]any, s *Server) {
	col, owner := sr.collectionLocked(w, st, params)
	if col == nil {
		return
	}
	base := decodeAny(gr.Body)
	switch sr.op {
	case opList:
		writeJSON(w, gr.Status, sr.page(r, gr, st, col, base))
		return
	case opCreate:
		tmpl := itemTemplate(decodeAny(cannedByPattern["GET "+sr.seed]))
		if tmpl == nil {
			tmpl, _ = base.(map[string]any)
		}
		rec := record(cloneJSON(tmpl).(map[string]any))
		overlay(rec, body)
		rec["id"] = st.newID(tmpl["id"])
		now := isoTime(s.now())
		for _, k := range []string{"createdAt", "date", "postedAt"} {
			if _, ok := rec[k]; ok {
				rec[k] = now
			}
		}
		col.items = append([]record{rec}, col.items...)
		if child, ok := children[sr.area]; ok {
			st.cols[child+"/"+rec.id()] = &collection{} // a new list starts empty
		}
		writeJSON(w, gr.Status, sr.answer(st, col, base, rec, owner))
		return
	case opAdd:
		ids := []any{params[sr.idParam]}
		if sr.idsField != "" {
			ids, _ = body[sr.idsField].([]any)
		}
		tmpl := itemTemplate(decodeAny(cannedByPattern["GET "+sr.seed]))
		for _, id := range ids {
			if _, found := col.find(idString(id)); found != nil {
				continue
			}
			rec := record(cloneJSON(tmpl).(map[string]any))
			rec["id"] = sameIDKind(id, tmpl["id"])
			col.items = append([]record{rec}, col.items...)
		}
		writeJSON(w, gr.Status, sr.answer(st, col, base, nil, owner))
		return
	}
	id := params[sr.idParam]
	i, rec := col.find(id)
	if rec == nil {
		notFound(w, strings.TrimSuffix(resourceName(sr.area), "s"))
		return
	}
	switch sr.op {
	case opUpdate:
		overlay(rec, body)
		for k, v := range sr.set {
			rec[k] = v
		}
	case opDelete:
		col.items = append(col.items[:i:i], col.items[i+1:]...)
		if child, ok := children[sr.area]; ok {
			delete(st.cols, child+"/"+id)
		}
	case opRemove:
		col.remove(id)
		writeJSON(w, gr.Status, sr.page(r, gr, st, col, base))
		return
	}
	writeJSON(w, gr.Status, sr.answer(st, col, base, rec, owner))
}

// answer builds the reply of a create, get, update, delete or add.
func (sr statefulRoute) answer(st *store, col *collection, base any, rec, owner record) any {
	switch sr.reply {
	case replyCanned:
		out := cloneJSON(base)
		if m, ok := out.(map[string]any); ok {
			if _, has := m["success"]; has {
				m["success"] = true
			}
		}
		return out
	case replyParent:
		return project(base, withCounts(st, sr.parentArea, owner))
	}
	if _, items, isList := listKey(base); isList && len(items) > 0 {
		// Some creates answer the list after the change, newest first.
		n := min(len(col.items), maxListAnswer)
		out := make([]any, n)
		for i, it := range col.items[:n] {
			out[i] = project(items[0], it)
		}
		return out
	}
	return project(base, withCounts(st, sr.area, rec))
}

// maxListAnswer bounds the objects of a create that answers a list.
const maxListAnswer = 100

// withCounts adds the counts a list derives from its members.
func withCounts(st *store, area string, rec record) record {
	child, ok := children[area]
	if !ok || rec == nil {
		return rec
	}
	n := 0
	if c := st.cols[child+"/"+rec.id()]; c != nil {
		n = len(c.items)
	}
	return withFields(rec, map[string]any{"usersCount": float64(n), "hasMedia": n > 0})
}

// page answers a list route: the collection's objects in the route's list
// envelope, one page of them.
func (sr statefulRoute) page(r *http.Request, gr *generatedRoute, st *store, col *collection, base any) any {
	q := r.URL.Query()
	limit := gr.defaultLimit()
	if n, err := strconv.Atoi(q.Get("limit")); err == nil && n > 0 {
		limit = n
	}
	offset := 0
	cursorName := "offset"
	if sr.paging == pageCursor {
		cursorName = "cursor"
	}
	if n, err := strconv.Atoi(q.Get(cursorName)); err == nil && n > 0 {
		offset = n
	}
	items := col.items
	if search := strings.ToLower(q.Get("query")); search != "" {
		items = nil
		for _, rec := range col.items {
			if name, _ := rec["name"].(string); strings.Contains(strings.ToLower(name), search) {
				items = append(items, rec)
			}
		}
	}
	pageItems, more := pageOf(items, offset, limit)
	tmpl := itemTemplate(base)
	list := make([]any, len(pageItems))
	for i, rec := range pageItems {
		if tmpl == nil {
			list[i] = cloneJSON(map[string]any(rec))
		} else {
			list[i] = project(tmpl, withCounts(st, sr.area, rec))
		}
	}
	key, _, _ := listKey(base)
	env, ok := cloneJSON(base).(map[string]any)
	if !ok {
		return list // a bare array
	}
	env[key] = list
	if _, has := env["hasMore"]; has {
		env["hasMore"] = more
	}
	if _, has := env["nextOffset"]; has {
		env["nextOffset"] = float64(offset + len(list))
	}
	if sr.paging == pageCursor {
		delete(env, "nextCursor")
		if more {
			env["nextCursor"] = strconv.Itoa(offset + len(list))
		}
	}
	return env
}

// defaultPageSize is the page size of a list route called without limit
// whose spec gives no default.
const defaultPageSize = 10

// defaultLimit is the page size the route's limit parameter defaults to.
func (gr *generatedRoute) defaultLimit() int {
	for _, q := range gr.Query {
		if q.Name == "limit" {
			if n, err := strconv.Atoi(q.Default); err == nil && n > 0 {
				return n
			}
		}
	}
	return defaultPageSize
}

// sameIDKind converts id to the kind of like: a number or a string.
func sameIDKind(id, like any) any {
	s := idString(id)
	if _, isString := like.(string); isString {
		return s
	}
	if n, err := strconv.ParseFloat(s, 64); err == nil {
		return n
	}
	return s
}

// resourceName names an area in a 404 message.
func resourceName(area string) string {
	switch area {
	case "userLists", "vaultLists":
		return "List"
	case "userListUsers":
		return "User"
	case "vaultListMedia", "vaultPlus":
		return "Media"
	case "massMessages":
		return "Mass message"
	case "promotions":
		return "Promotion"
	case "bundles":
		return "Bundle"
	case "trackingLinks":
		return "Tracking link"
	case "trialLinks":
		return "Trial link"
	}
	return "Object"
}

// pathParams reads the values of a template's "{name}" segments from path.
func pathParams(template, path string) map[string]string {
	out := map[string]string{}
	want, got := strings.Split(template, "/"), strings.Split(path, "/")
	for i := range want {
		if i < len(got) && strings.HasPrefix(want[i], "{") {
			out[strings.Trim(want[i], "{}")] = got[i]
		}
	}
	return out
}
