package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
)

// page is what --paginate reads from a list answer.
type page struct {
	items   []json.RawMessage
	hasMore bool
	next    url.Values // the query of the next page
}

// paginate walks a list through every page, each fetched with its query,
// and prints each item as a JSON line. `ofauth api` and `ofauth access`
// both page through here; what is the list (label) only names it in errors.
func (a *app) paginate(ctx context.Context, label string, q url.Values, include bool, fetch fetchFunc) error {
	seen := map[string]bool{}
	for n := 0; ; n++ {
		body, h, err := fetch(ctx, q)
		if err != nil {
			return err
		}
		if include {
			a.printHead(h)
		}
		pg, err := readPage(body, q)
		if err != nil {
			return fmt.Errorf("page %d of %s: %w", n+1, label, err)
		}
		for _, it := range pg.items {
			if _, err := fmt.Fprintf(a.stdout, "%s\n", compact(it)); err != nil {
				return err
			}
		}
		if !pg.hasMore || pg.next == nil || len(pg.items) == 0 {
			return nil
		}
		key := pg.next.Encode()
		if seen[key] {
			return fmt.Errorf("%s: the server sent the same page cursor twice; stopping", label)
		}
		seen[key] = true
		q = pg.next
	}
}

// readPage reads {list|items|data, hasMore, nextOffset|nextMarker|tailMarker|nextCursor}
// and works out the query of the next page.
func readPage(body []byte, q url.Values) (*page, error) {
	var env map[string]json.RawMessage
	if err := json.Unmarshal(body, &env); err != nil {
		var items []json.RawMessage
		if json.Unmarshal(body, &items) == nil {
			return &page{items: items}, nil // a bare array has no next page
		}
		return nil, fmt.Errorf("the answer is not a JSON list or object")
	}
	pg := &page{}
	for _, k := range []string{"list", "items", "data"} {
		if raw, ok := env[k]; ok && json.Unmarshal(raw, &pg.items) == nil {
			break
		}
	}
	_ = json.Unmarshal(env["hasMore"], &pg.hasMore) // absent: no further page
	next := cloneValues(q)
	switch {
	case has(env, "nextMarker"):
		next.Set("marker", jsonText(env["nextMarker"]))
	case has(env, "tailMarker"):
		next.Set("beforePublishTime", jsonText(env["tailMarker"]))
	case has(env, "nextCursor"):
		next.Set("cursor", jsonText(env["nextCursor"]))
	case has(env, "nextOffset"):
		next.Set("offset", jsonText(env["nextOffset"]))
	default:
		off, _ := strconv.Atoi(q.Get("offset"))
		next.Set("offset", strconv.Itoa(off+len(pg.items)))
	}
	pg.next = next
	return pg, nil
}

// has reports a member that is present and not null.
func has(env map[string]json.RawMessage, k string) bool {
	v, ok := env[k]
	return ok && string(v) != "null" && jsonText(v) != ""
}

func cloneValues(q url.Values) url.Values {
	out := make(url.Values, len(q)+1)
	for k, v := range q {
		out[k] = append([]string(nil), v...)
	}
	return out
}

// compact writes one JSON value on one line.
func compact(raw json.RawMessage) []byte {
	var b bytes.Buffer
	if json.Compact(&b, raw) != nil {
		return raw
	}
	return b.Bytes()
}
