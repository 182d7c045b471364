package ofauth

import (
	"context"
	"net/http"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A server wait beyond the retry cap, however large, returns the 429 at
// once with RetryAfter capped at maxServerWait, even when the retry cap is
// above maxServerWait itself.
func TestHugeServerWaitReturnsAtOnceWithCappedRetryAfter(t *testing.T) {
	epochMs := strconv.FormatInt(time.Now().Add(10*365*24*time.Hour).UnixMilli(), 10)
	for _, h := range []http.Header{
		{"Retry-After": {"99999999999"}},
		{"Retry-After": {"1e400"}}, // overflows float64
		{"Retry-After": {"+Inf"}},
		{"Retry-After": {"Fri, 31 Dec 9999 23:59:59 GMT"}},
		{"X-Ratelimit-Reset": {"99999999999999999999"}},
		{"X-Ratelimit-Reset": {"1e400"}},
		{"X-Ratelimit-Reset": {epochMs}},
	} {
		for _, max := range []time.Duration{5 * time.Millisecond, 2 * maxServerWait} {
			c, mux := setup(t, WithRetryWait(time.Millisecond, max))
			var hits atomic.Int32
			mux.HandleFunc("GET /v2/thing", func(w http.ResponseWriter, r *http.Request) {
				hits.Add(1)
				for k, v := range h {
					w.Header()[k] = v
				}
				writeJSON(w, 429, `{"error":"slow down","type":"RATE_LIMIT_EXCEEDED"}`)
			})
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			err := c.core.do(ctx, &request{method: "GET", route: "/v2/thing"})
			cancel()
			var apiErr *APIError
			require.ErrorAs(t, err, &apiErr, "%v", h)
			assert.Equal(t, maxServerWait, apiErr.RetryAfter, "%v, max wait %s", h, max)
			assert.Equal(t, int32(1), hits.Load(), "%v, max wait %s: no retry", h, max)
		}
	}
}

func TestServerWaitIsCapped(t *testing.T) {
	now := time.Now()
	for _, v := range []string{"99999999999", "1e400", "+Inf", "Infinity", "9223372036854775807"} {
		assert.Equal(t, maxServerWait, serverWait(http.Header{"Retry-After": {v}}, now), "Retry-After %q", v)
	}
	for _, v := range []string{"1e300", "9e18", "1e15", "1e400", "+Inf"} {
		h := http.Header{"X-Ratelimit-Reset": {v}}
		assert.Equal(t, maxServerWait, serverWait(h, now), "X-RateLimit-Reset %q", v)
		reset := parseRateLimit(h).Reset
		assert.False(t, reset.IsZero(), "X-RateLimit-Reset %q", v)
		assert.WithinDuration(t, time.Now().Add(maxServerWait), reset, time.Minute, "X-RateLimit-Reset %q", v)
	}
	assert.Equal(t, 90*time.Second, serverWait(http.Header{"Retry-After": {"90"}}, now), "a sane wait is kept")
}
