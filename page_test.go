package ofauth

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A server whose nextMarker cycles A→B→A… with hasMore true, each page
// different, used to make All walk forever: the walk ends on the first
// cursor it has already visited.
func TestCyclingCursorsEndTheWalk(t *testing.T) {
	c, mux := setup(t)
	var hits atomic.Int32
	next := map[string]string{"": "A", "A": "B", "B": "A"}
	mux.HandleFunc("GET /v2/access/earnings/transactions", func(w http.ResponseWriter, r *http.Request) {
		if hits.Add(1) > 20 {
			writeJSON(w, 400, `{"error":"walked too far"}`)
			return
		}
		m := r.URL.Query().Get("marker")
		writeJSON(w, 200, fmt.Sprintf(`{"list":[{"id":"tx_%s_%d"}],"hasMore":true,"nextMarker":%q}`, m, hits.Load(), next[m]))
	})
	var n int
	for _, err := range c.Access.WithConnection("conn_1").Earnings.AllTransactions(context.Background(), nil) {
		require.NoError(t, err)
		n++
	}
	assert.Equal(t, 3, n, "pages '', A and B")
	assert.Equal(t, int32(3), hits.Load(), "B's next cursor, A, was visited: no fourth request")
}

// A cycle longer than the cursors remembered one by one still ends the
// walk, within a few laps; memory stays bounded whatever the walk's length.
func TestLongCursorCycleEndsTheWalk(t *testing.T) {
	for _, cycle := range []int{1, 2, 7, maxRememberedCursors - 1, maxRememberedCursors, maxRememberedCursors + 1, 3*maxRememberedCursors + 5} {
		fetches := 0
		walk := paginate(context.Background(), pageCursor{marker: "m0"}, func(_ context.Context, c pageCursor) (*Page[int], error) {
			fetches++
			if fetches > 10*cycle+10 {
				return nil, errors.New("still walking")
			}
			i, _ := strconv.Atoi(c.marker[1:])
			return &Page[int]{Items: []int{fetches}, HasMore: true, NextMarker: "m" + strconv.Itoa((i+1)%cycle)}, nil
		})
		for _, err := range walk {
			require.NoError(t, err, "cycle of %d cursors", cycle)
		}
		if cycle <= maxRememberedCursors {
			assert.Equal(t, cycle, fetches, "cycle of %d: ends on the first revisited cursor", cycle)
		}
	}
}

// A long walk without cycles is not cut short by the bounded memory.
func TestLongWalkWithoutCycleIsNotCut(t *testing.T) {
	const pages = 5*maxRememberedCursors + 3
	fetches := 0
	walk := paginate(context.Background(), pageCursor{}, func(_ context.Context, c pageCursor) (*Page[int], error) {
		fetches++
		i, _ := strconv.Atoi(c.marker)
		return &Page[int]{Items: []int{i}, HasMore: i+1 < pages, NextMarker: strconv.Itoa(i + 1)}, nil
	})
	n := 0
	for _, err := range walk {
		require.NoError(t, err)
		n++
	}
	assert.Equal(t, pages, n)
	assert.Equal(t, pages, fetches)
}
