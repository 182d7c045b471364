package ofauth

import (
	"bytes"
	"context"
	"hash/maphash"
	"iter"
	"net/url"
	"reflect"
	"strconv"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/ofauth-go/ofauth/internal/jsonx"
)

// Page is one page of a list. The next page starts at NextOffset (offset
// paging) or NextMarker (marker or cursor paging); List methods fill the
// one their endpoint uses, and All follows it for you.
type Page[T any] struct {
	Items   []T
	HasMore bool
	// NextOffset is the offset of the next page: the response's nextOffset
	// when it sent one, else this page's offset plus its length.
	NextOffset int
	// NextMarker is the marker, cursor or time to send for the next page;
	// empty when there is none.
	NextMarker string
}

// pageCursor says where a page starts.
type pageCursor struct {
	offset int
	marker string
}

func (p *Page[T]) next() pageCursor {
	return pageCursor{offset: p.NextOffset, marker: p.NextMarker}
}

// paginate walks the pages fetch returns, starting at start, and yields
// every item. It stops at the end of the list, at an empty page, at a page
// that repeats the previous one, at a cursor this walk already visited (a
// server that ignores the offset or cycles its markers would otherwise
// loop forever), when the caller breaks out of the loop, or after yielding
// (nil, err) once.
func paginate[T any](ctx context.Context, start pageCursor, fetch func(context.Context, pageCursor) (*Page[T], error)) iter.Seq2[*T, error] {
	return func(yield func(*T, error) bool) {
		cur := start
		visited := newCursorLog()
		visited.revisited(cur)
		var prev []T
		for {
			page, err := fetch(ctx, cur)
			if err != nil {
				yield(nil, err)
				return
			}
			if page == nil || len(page.Items) == 0 {
				return
			}
			if prev != nil && reflect.DeepEqual(prev, page.Items) {
				return
			}
			for i := range page.Items {
				if !yield(&page.Items[i], nil) {
					return
				}
			}
			next := page.next()
			if !page.HasMore || next == cur || visited.revisited(next) {
				return
			}
			prev, cur = page.Items, next
		}
	}
}

// maxRememberedCursors bounds the cursors a walk remembers one by one.
const maxRememberedCursors = 1024

// cursorLog tells whether a walk comes back to a cursor, in bounded
// memory: the hashes of the last maxRememberedCursors cursors catch a
// cycle up to that length on its first repeat; for longer cycles, Brent's
// method (one checkpoint, moved at doubling intervals) catches it within
// a few laps.
type cursorLog struct {
	seed   maphash.Seed
	recent map[uint64]struct{}
	ring   []uint64 // recent's keys, oldest first from next
	next   int
	// Brent's checkpoint: the hash it holds, the steps since it moved
	// (0 before the first cursor) and the steps after which it moves next.
	checkpoint   uint64
	steps, power int
}

func newCursorLog() *cursorLog {
	return &cursorLog{seed: maphash.MakeSeed(), recent: make(map[uint64]struct{}), power: 1}
}

// revisited records c and reports whether the walk was already there.
func (l *cursorLog) revisited(c pageCursor) bool {
	var h maphash.Hash
	h.SetSeed(l.seed)
	h.WriteString(c.marker)
	h.WriteByte(0)
	h.WriteString(strconv.Itoa(c.offset))
	sum := h.Sum64()

	if _, ok := l.recent[sum]; ok {
		return true
	}
	switch {
	case l.steps == 0: // the walk's first cursor
		l.checkpoint = sum
	case sum == l.checkpoint:
		return true
	}
	if len(l.ring) < maxRememberedCursors {
		l.ring = append(l.ring, sum)
	} else {
		delete(l.recent, l.ring[l.next])
		l.ring[l.next] = sum
		l.next = (l.next + 1) % maxRememberedCursors
	}
	l.recent[sum] = struct{}{}
	if l.steps == l.power {
		l.checkpoint, l.steps, l.power = sum, 0, l.power*2
	}
	l.steps++
	return false
}

// offsetPage builds a Page from an offset-paged response: items, hasMore,
// and the optional nextOffset.
func offsetPage[T any](items []T, hasMore bool, offset int, nextOffset *int) *Page[T] {
	next := offset + len(items)
	if nextOffset != nil && *nextOffset > offset {
		next = *nextOffset
	}
	return &Page[T]{Items: items, HasMore: hasMore, NextOffset: next}
}

// markerPage builds a Page from a marker- or cursor-paged response. A
// missing marker ends the list even when hasMore says otherwise: asking
// again without one would return the first page.
func markerPage[T any](items []T, hasMore bool, marker string) *Page[T] {
	return &Page[T]{Items: items, HasMore: hasMore && marker != "", NextMarker: marker}
}

// The list envelopes and walks below are shared by the Access groups.

// pagedList is the {list, hasMore, nextOffset?} envelope of offset-paged
// lists.
type pagedList[T any] struct {
	List       []T          `json:"list"`
	HasMore    bool         `json:"hasMore"`
	NextOffset jsonx.String `json:"nextOffset"` // a number, or a numeric string
}

// page turns the envelope of the page requested at offset into a Page.
func (l *pagedList[T]) page(offset int) *Page[T] {
	var next *int
	if n, err := strconv.Atoi(string(l.NextOffset)); err == nil {
		next = &n
	}
	return offsetPage(l.List, l.HasMore, offset, next)
}

// markedList is the {list, hasMore, nextMarker} envelope of marker-paged
// lists; nextMarker is a number or null.
type markedList[T any] struct {
	List       []T          `json:"list"`
	HasMore    bool         `json:"hasMore"`
	NextMarker jsonx.String `json:"nextMarker"`
}

// getOffsetPage GETs the page of an offset-paged list that starts at
// offset (the offset q asks for).
func getOffsetPage[T any](ctx context.Context, g accessGroup, route string, args []string, q url.Values, offset int) (*Page[T], error) {
	out, err := accessGet[pagedList[T]](ctx, g, route, args, q)
	if err != nil {
		return nil, err
	}
	return out.page(offset), nil
}

// getMarkerPage GETs one page of a marker-paged list.
func getMarkerPage[T any](ctx context.Context, g accessGroup, route string, args []string, q url.Values) (*Page[T], error) {
	out, err := accessGet[markedList[T]](ctx, g, route, args, q)
	if err != nil {
		return nil, err
	}
	return markerPage(out.List, out.HasMore, string(out.NextMarker)), nil
}

// walkOffsets is All for an offset-paged list: it copies p once, then lists
// each page from the offset the previous page gave, starting at p's own.
// offset points at the offset field of a params value; opts go to every
// page's call.
func walkOffsets[P, T any](ctx context.Context, opts []CallOption, p *P, offset func(*P) *int, list func(context.Context, *P, ...CallOption) (*Page[T], error)) iter.Seq2[*T, error] {
	params := paramsOf(p)
	return paginate(ctx, pageCursor{offset: *offset(&params)}, func(ctx context.Context, c pageCursor) (*Page[T], error) {
		q := params
		*offset(&q) = c.offset
		return list(ctx, &q, opts...)
	})
}

// walkMarkers is All for a marker-paged list: it copies p once, then lists
// each page with the marker the previous page gave, starting at p's own.
// marker points at the marker field of a params value; opts go to every
// page's call.
func walkMarkers[P, T any](ctx context.Context, opts []CallOption, p *P, marker func(*P) *string, list func(context.Context, *P, ...CallOption) (*Page[T], error)) iter.Seq2[*T, error] {
	params := paramsOf(p)
	return paginate(ctx, pageCursor{marker: *marker(&params)}, func(ctx context.Context, c pageCursor) (*Page[T], error) {
		q := params
		*marker(&q) = c.marker
		return list(ctx, &q, opts...)
	})
}

// paramsOf returns a copy of *p, or the zero params for nil.
func paramsOf[P any](p *P) P {
	if p == nil {
		var zero P
		return zero
	}
	return *p
}

// listOrArray decodes a list the API sends either as a bare JSON array or
// as a {list, hasMore, nextOffset} page.
type listOrArray[T any] struct {
	pagedList[T]
	bare bool // the body was a bare array
}

// UnmarshalJSONFrom branches on the next value's kind: '[' is a bare
// array, anything else a page object. It reads the value once, in place.
func (l *listOrArray[T]) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	if dec.PeekKind() == '[' {
		l.bare = true
		return jsonv2.UnmarshalDecode(dec, &l.List)
	}
	return jsonv2.UnmarshalDecode(dec, &l.pagedList)
}

// page builds the Page of a response to a request for limit items from
// offset. A bare array says nothing of what follows: a full page (limit,
// or defaultLimit when limit is 0) is taken to mean there may be more.
func (l *listOrArray[T]) page(offset, limit, defaultLimit int) *Page[T] {
	if !l.bare {
		return l.pagedList.page(offset)
	}
	if limit <= 0 {
		limit = defaultLimit
	}
	return offsetPage(l.List, len(l.List) >= limit, offset, nil)
}

// objectOrArray decodes a value the API sends either as one object or as
// an array of them.
type objectOrArray[T any] []T

// UnmarshalJSONFrom branches on the next value's kind: '[' is an array,
// '{' one object; null leaves the slice nil.
func (s *objectOrArray[T]) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	switch dec.PeekKind() {
	case '[':
		return jsonv2.UnmarshalDecode(dec, (*[]T)(s))
	case 'n':
		_, err := dec.ReadToken()
		return err
	}
	var one T
	if err := jsonv2.UnmarshalDecode(dec, &one); err != nil {
		return err
	}
	*s = objectOrArray[T]{one}
	return nil
}

// isJSONArray reports whether a JSON value is an array.
func isJSONArray(b []byte) bool {
	t := bytes.TrimLeft(b, " \t\r\n")
	return len(t) > 0 && t[0] == '['
}

// fetchListOrArray fetches one page of a list the API sends as a bare
// array or a page object, requested from offset with limit items (0: the
// endpoint's defaultLimit).
func fetchListOrArray[T any](ctx context.Context, g accessGroup, route string, q url.Values, offset, limit, defaultLimit int) (*Page[T], error) {
	out, err := accessGet[listOrArray[T]](ctx, g, route, nil, q)
	if err != nil {
		return nil, err
	}
	return out.page(offset, limit, defaultLimit), nil
}
