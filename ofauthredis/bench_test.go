package ofauthredis_test

import (
	"context"
	"sort"
	"strconv"
	"testing"
	"time"

	"github.com/ofauth-go/ofauth"
	"github.com/ofauth-go/ofauth/ofauthredis"
	"golang.org/x/time/rate"
)

// measure runs op b.N times and reports throughput and the 99th
// percentile latency next to ns/op.
func measure(b *testing.B, op func(i int) error) {
	b.Helper()
	b.ReportAllocs()
	lat := make([]time.Duration, b.N)
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		if err := op(i); err != nil {
			b.Fatal(err)
		}
		lat[i] = time.Since(t0)
	}
	elapsed := time.Since(start)
	b.StopTimer()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "ops/s")
	b.ReportMetric(float64(lat[len(lat)*99/100].Nanoseconds()), "p99-ns")
}

// BenchmarkReserveCommit: one webhook event's dedupe round, on a local
// Redis and, as the baseline, in memory.
func BenchmarkReserveCommit(b *testing.B) {
	srv := startRedis(b)
	ctx := context.Background()
	run := func(d ofauth.WebhookDeduper) func(*testing.B) {
		return func(b *testing.B) {
			prefix := strconv.FormatInt(time.Now().UnixNano(), 36) + "_"
			measure(b, func(i int) error {
				id := prefix + strconv.Itoa(i)
				if _, err := d.Reserve(ctx, id); err != nil {
					return err
				}
				return d.Commit(ctx, id)
			})
		}
	}
	b.Run("redis", run(ofauthredis.NewDeduper(srv.Client(b))))
	b.Run("memory", run(ofauth.NewMemoryDeduper(0, 0)))
}

// BenchmarkLimiterWait: one request's turn with budget to spare, on a
// local Redis and, as the baseline, the in-process token bucket
// (x/time/rate, which WithConnectionRateLimit uses).
func BenchmarkLimiterWait(b *testing.B) {
	srv := startRedis(b)
	ctx := context.Background()
	b.Run("redis", func(b *testing.B) {
		l := ofauthredis.NewLimiter(srv.Client(b), 1e9, 1_000_000)
		measure(b, func(int) error { return l.Wait(ctx, "conn_bench") })
	})
	b.Run("inprocess", func(b *testing.B) {
		l := rate.NewLimiter(rate.Limit(1e9/60), 1_000_000)
		measure(b, func(int) error { return l.Wait(ctx) })
	})
}
