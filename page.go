package ofauth

import (
	"context"
	"iter"
	"reflect"
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
// that repeats the previous one or does not move the cursor (a server that
// ignores the offset would otherwise loop forever), when the caller breaks
// out of the loop, or after yielding (nil, err) once.
func paginate[T any](ctx context.Context, start pageCursor, fetch func(context.Context, pageCursor) (*Page[T], error)) iter.Seq2[*T, error] {
	return func(yield func(*T, error) bool) {
		cur := start
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
			if !page.HasMore || next == cur {
				return
			}
			prev, cur = page.Items, next
		}
	}
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
