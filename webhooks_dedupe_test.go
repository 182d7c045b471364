package ofauth

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

// fakeClock is a settable clock for the deduper.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func newTestDeduper(maxEntries int, ttl time.Duration) (*MemoryDeduper, *fakeClock) {
	clock := &fakeClock{t: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}
	d := NewMemoryDeduper(maxEntries, ttl)
	d.now = clock.now
	return d, clock
}

func reserve(t *testing.T, d WebhookDeduper, id string) bool {
	t.Helper()
	ok, err := d.Reserve(context.Background(), id)
	require.NoError(t, err)
	return ok
}

func TestMemoryDeduperCommitAndRelease(t *testing.T) {
	ctx := context.Background()
	d, _ := newTestDeduper(10, time.Hour)

	require.True(t, reserve(t, d, "a"))
	require.NoError(t, d.Commit(ctx, "a"))
	assert.False(t, reserve(t, d, "a"), "handled: a redelivery is skipped")
	require.NoError(t, d.Release(ctx, "a"))
	assert.False(t, reserve(t, d, "a"), "releasing a handled id does not forget it")

	require.True(t, reserve(t, d, "b"))
	require.NoError(t, d.Release(ctx, "b"))
	assert.True(t, reserve(t, d, "b"), "released: a redelivery runs again")

	require.NoError(t, d.Commit(ctx, "c"), "commit without a reservation")
	assert.False(t, reserve(t, d, "c"))
	assert.Equal(t, 3, d.Len())
}

func TestMemoryDeduperTTL(t *testing.T) {
	ctx := context.Background()
	d, clock := newTestDeduper(10, time.Hour)
	require.True(t, reserve(t, d, "a"))
	require.NoError(t, d.Commit(ctx, "a"))
	clock.advance(30 * time.Minute)
	require.NoError(t, d.Commit(ctx, "b"))

	clock.advance(30*time.Minute - time.Nanosecond)
	assert.False(t, reserve(t, d, "a"), "not yet expired")
	clock.advance(time.Nanosecond)
	assert.Equal(t, 1, d.Len(), "a expired lazily")
	assert.True(t, reserve(t, d, "a"), "expired: handled again")
	assert.False(t, reserve(t, d, "b"))
	clock.advance(30 * time.Minute)
	assert.True(t, reserve(t, d, "b"))
}

func TestMemoryDeduperBounded(t *testing.T) {
	ctx := context.Background()
	d, _ := newTestDeduper(3, time.Hour)
	for i := 0; i < 5; i++ {
		id := fmt.Sprint("id", i)
		require.True(t, reserve(t, d, id))
		require.NoError(t, d.Commit(ctx, id))
	}
	assert.Equal(t, 3, d.Len())
	assert.True(t, reserve(t, d, "id0"), "the oldest are dropped first")
	assert.True(t, reserve(t, d, "id1"))
	for _, id := range []string{"id2", "id3", "id4"} {
		assert.False(t, reserve(t, d, id))
	}

	// Re-committing moves an id to the back.
	d, _ = newTestDeduper(2, time.Hour)
	require.NoError(t, d.Commit(ctx, "x"))
	require.NoError(t, d.Commit(ctx, "y"))
	require.NoError(t, d.Commit(ctx, "x"))
	require.NoError(t, d.Commit(ctx, "z"))
	assert.False(t, reserve(t, d, "x"))
	assert.True(t, reserve(t, d, "y"))
}

func TestMemoryDeduperZeroValueAndDefaults(t *testing.T) {
	var d MemoryDeduper
	require.True(t, reserve(t, &d, "a"))
	require.NoError(t, d.Commit(context.Background(), "a"))
	assert.False(t, reserve(t, &d, "a"))
	assert.Equal(t, DefaultDedupeMaxEntries, d.limit())
	assert.Equal(t, DefaultDedupeTTL, d.entryTTL())
	n := NewMemoryDeduper(-1, -time.Second)
	assert.Equal(t, DefaultDedupeMaxEntries, n.limit())
	assert.Equal(t, DefaultDedupeTTL, n.entryTTL())
}

func TestMemoryDeduperWaitsForTheHolder(t *testing.T) {
	for _, commit := range []bool{true, false} {
		t.Run(fmt.Sprint("commit=", commit), func(t *testing.T) {
			d, _ := newTestDeduper(10, time.Hour)
			require.True(t, reserve(t, d, "a"))
			result := make(chan bool)
			go func() {
				ok, err := d.Reserve(context.Background(), "a")
				assert.NoError(t, err)
				result <- ok
			}()
			select {
			case <-result:
				t.Fatal("Reserve returned while the claim was held")
			case <-time.After(20 * time.Millisecond):
			}
			if commit {
				require.NoError(t, d.Commit(context.Background(), "a"))
			} else {
				require.NoError(t, d.Release(context.Background(), "a"))
			}
			// After a commit the waiter learns the event was handled; after
			// a release it takes the claim itself.
			assert.Equal(t, !commit, <-result)
		})
	}
}

func TestMemoryDeduperWaitEndsWithContext(t *testing.T) {
	d, _ := newTestDeduper(10, time.Hour)
	require.True(t, reserve(t, d, "a"))
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	ok, err := d.Reserve(ctx, "a")
	assert.False(t, ok)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	//lint:ignore SA1012 a nil context must not panic
	ok, err = d.Reserve(nil, "b") //nolint:staticcheck // as above
	assert.True(t, ok)
	assert.NoError(t, err)
}

func TestMemoryDeduperConcurrent(t *testing.T) {
	// The goroutines alive now are not the deduper's; goleak waits for the
	// workers to exit rather than sampling a count while they still do.
	others := goleak.IgnoreCurrent()
	d, _ := newTestDeduper(1000, time.Hour)
	var runs [20]atomic.Int32
	var wg sync.WaitGroup
	for w := 0; w < 16; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range runs {
				id := fmt.Sprint("id", i)
				ok, err := d.Reserve(context.Background(), id)
				if !assert.NoError(t, err) || !ok {
					continue
				}
				runs[i].Add(1)
				assert.NoError(t, d.Commit(context.Background(), id))
			}
		}()
	}
	wg.Wait()
	for i := range runs {
		assert.Equal(t, int32(1), runs[i].Load(), "id%d", i)
	}
	assert.Equal(t, len(runs), d.Len())
	goleak.VerifyNone(t, others) // the deduper starts no goroutine
}
