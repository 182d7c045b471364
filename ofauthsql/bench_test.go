package ofauthsql

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/ofauth-go/ofauth"
)

// BenchmarkReserveCommit measures what the webhook handler adds to each new
// event: one Reserve and one Commit. ofauth.MemoryDeduper, in the same
// run, is the in-process baseline. Each case reports ops/s and the 99th
// percentile latency of one Reserve+Commit; "parallel" runs 8 callers per
// CPU, as a busy webhook endpoint would.
func BenchmarkReserveCommit(b *testing.B) {
	ctx := context.Background()
	run := func(name string, d ofauth.WebhookDeduper) {
		b.Run(name, func(b *testing.B) { benchSerial(b, d) })
		b.Run(name+"/parallel", func(b *testing.B) { benchParallel(b, d) })
	}
	run("memory", ofauth.NewMemoryDeduper(0, 0))

	sqlite := NewDeduper(openSQLite(b, tempPath(b, "bench.db")))
	if err := sqlite.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	run("sqlite", sqlite)

	// Last, so that a machine without PostgreSQL still gets the others.
	srv := startPostgres(b)
	pg := NewDeduper(srv.OpenDB(b, ""))
	if err := pg.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	run("postgres", pg)
}

var benchRun sync.Mutex // guards benchSeq
var benchSeq int

// benchIDs returns a prefix no earlier run of the benchmark used.
func benchIDs() string {
	benchRun.Lock()
	defer benchRun.Unlock()
	benchSeq++
	return fmt.Sprintf("bench_%d_%d_", time.Now().UnixNano(), benchSeq)
}

func benchSerial(b *testing.B, d ofauth.WebhookDeduper) {
	b.ReportAllocs()
	ctx := context.Background()
	prefix := benchIDs()
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	start := time.Now()
	for i := range b.N {
		t0 := time.Now()
		reserveCommit(ctx, b, d, prefix+fmt.Sprint(i))
		lat = append(lat, time.Since(t0))
	}
	elapsed := time.Since(start)
	b.StopTimer()
	report(b, lat, elapsed)
}

func benchParallel(b *testing.B, d ofauth.WebhookDeduper) {
	b.ReportAllocs()
	b.SetParallelism(8)
	ctx := context.Background()
	prefix := benchIDs()
	var mu sync.Mutex
	var lat []time.Duration
	var seq int
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		mu.Lock()
		seq++
		own := fmt.Sprintf("%s%d_", prefix, seq)
		mu.Unlock()
		var mine []time.Duration
		for i := 0; pb.Next(); i++ {
			t0 := time.Now()
			reserveCommit(ctx, b, d, own+fmt.Sprint(i))
			mine = append(mine, time.Since(t0))
		}
		mu.Lock()
		lat = append(lat, mine...)
		mu.Unlock()
	})
	elapsed := time.Since(start)
	b.StopTimer()
	report(b, lat, elapsed)
}

func reserveCommit(ctx context.Context, b *testing.B, d ofauth.WebhookDeduper, id string) {
	ok, err := d.Reserve(ctx, id)
	if err != nil || !ok {
		b.Errorf("Reserve(%s) = %v, %v", id, ok, err)
		return
	}
	if err := d.Commit(ctx, id); err != nil {
		b.Errorf("Commit(%s): %v", id, err)
	}
}

func report(b *testing.B, lat []time.Duration, elapsed time.Duration) {
	if len(lat) == 0 || elapsed <= 0 {
		return
	}
	slices.Sort(lat)
	p99 := lat[min(len(lat)-1, len(lat)*99/100)]
	b.ReportMetric(float64(len(lat))/elapsed.Seconds(), "ops/s")
	b.ReportMetric(float64(p99.Microseconds()), "p99-µs")
}
