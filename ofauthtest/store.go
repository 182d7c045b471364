package ofauthtest

import (
	"encoding/json"
	"maps"
	"slices"
	"strconv"
)

// record is one stored object: its JSON fields. Records hold the union of
// the fields a seeded object and the requests that made or changed it
// sent; project picks those a response of a given route carries.
type record map[string]any

// id returns the record's id as the path segment that names it.
func (rec record) id() string { return idString(rec["id"]) }

// idString formats a JSON id (a number or a string) as a path segment.
func idString(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case json.Number:
		return v.String()
	case int64:
		return strconv.FormatInt(v, 10)
	}
	return ""
}

// collection is the objects of one area of one creator, newest first.
type collection struct {
	items []record
}

func (c *collection) find(id string) (int, record) {
	for i, rec := range c.items {
		if rec.id() == id {
			return i, rec
		}
	}
	return -1, nil
}

func (c *collection) remove(id string) bool {
	i, _ := c.find(id)
	if i < 0 {
		return false
	}
	c.items = slices.Delete(c.items, i, i+1)
	return true
}

// store is the in-memory state of the stateful areas of one creator, kept
// in its fixture (so under Server.mu, and across reconnects). Collections
// are created on first use, seeded with the objects of their list route's
// canned body; new objects get ids counted from a fixed base, so the same
// calls give the same ids on every run.
type store struct {
	cols   map[string]*collection
	nextID int64
}

// storeIDBase is the first id of an object a test creates: above the
// seeded objects' ids, below the fixtures' post and media ids.
const storeIDBase = 500_000_001

func newStore() *store { return &store{cols: map[string]*collection{}, nextID: storeIDBase} }

// collection returns the named collection, seeding a new one with seed()
// when it is first used.
func (st *store) collection(name string, seed func() []record) *collection {
	if c, ok := st.cols[name]; ok {
		return c
	}
	c := &collection{}
	if seed != nil {
		c.items = seed()
	}
	st.cols[name] = c
	return c
}

// newID returns the next id, as a number or, when like is a string id, as
// its decimal string.
func (st *store) newID(like any) any {
	n := st.nextID
	st.nextID++
	if _, isString := like.(string); isString {
		return strconv.FormatInt(n, 10)
	}
	return float64(n)
}

// decodeAny decodes a canned JSON body; an empty one is nil.
func decodeAny(body string) any {
	if body == "" {
		return nil
	}
	var v any
	if json.Unmarshal([]byte(body), &v) != nil {
		return nil
	}
	return v
}

// listKey finds the array of a list body: the body itself when it is a
// bare array, else its "list" or "items" member. key is "" for a bare
// array; ok is false when the body holds no list.
func listKey(body any) (key string, items []any, ok bool) {
	switch b := body.(type) {
	case []any:
		return "", b, true
	case map[string]any:
		for _, k := range []string{"list", "items"} {
			if a, isArr := b[k].([]any); isArr {
				return k, a, true
			}
		}
	}
	return "", nil, false
}

// itemTemplate is the first element of a list body: the shape its items
// take.
func itemTemplate(body any) map[string]any {
	_, items, _ := listKey(body)
	if len(items) == 0 {
		return nil
	}
	m, _ := items[0].(map[string]any)
	return m
}

// recordsOf turns the elements of a list body into records.
func recordsOf(body any) []record {
	_, items, _ := listKey(body)
	out := make([]record, 0, len(items))
	for _, it := range items {
		if m, ok := it.(map[string]any); ok {
			out = append(out, record(cloneJSON(m).(map[string]any)))
		}
	}
	return out
}

// project lays rec over base, a response's canned object: a field of base
// takes rec's value when rec has one of the same JSON kind, so the result
// keeps the shape the route's schema gives it. Fields base lacks are left
// out. A non-object base is returned as is.
func project(base any, rec record) any {
	bm, ok := base.(map[string]any)
	if !ok {
		return cloneJSON(base)
	}
	out := make(map[string]any, len(bm))
	for k, bv := range bm {
		if rv, has := rec[k]; has && sameKind(bv, rv) {
			out[k] = cloneJSON(rv)
		} else {
			out[k] = cloneJSON(bv)
		}
	}
	return out
}

// sameKind reports whether b may stand where a stood: the same JSON kind,
// and for arrays the same kind of first element.
func sameKind(a, b any) bool {
	switch av := a.(type) {
	case nil:
		return b == nil
	case string:
		_, ok := b.(string)
		return ok
	case float64:
		_, ok := b.(float64)
		return ok
	case bool:
		_, ok := b.(bool)
		return ok
	case map[string]any:
		_, ok := b.(map[string]any)
		return ok
	case []any:
		bv, ok := b.([]any)
		if !ok {
			return false
		}
		if len(av) == 0 || len(bv) == 0 {
			return len(av) == 0 // an unknown element kind takes only an empty array
		}
		return sameKind(av[0], bv[0])
	}
	return false
}

// cloneJSON deep-copies a decoded JSON value.
func cloneJSON(v any) any {
	switch v := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, e := range v {
			out[k] = cloneJSON(e)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = cloneJSON(e)
		}
		return out
	}
	return v
}

// overlay copies the fields of a request body onto rec; null removes one.
func overlay(rec record, body map[string]any) {
	for k, v := range body {
		if k == "id" {
			continue // an object keeps the id the server gave it
		}
		if v == nil {
			delete(rec, k)
			continue
		}
		rec[k] = cloneJSON(v)
	}
}

// cloneRecord copies rec deeply.
func cloneRecord(rec record) record {
	return record(cloneJSON(map[string]any(rec)).(map[string]any))
}

// withFields returns a copy of rec with fields set.
func withFields(rec record, fields map[string]any) record {
	out := cloneRecord(rec)
	maps.Copy(out, fields)
	return out
}
