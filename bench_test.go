package ofauth

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"testing"
	"time"
)

const whoamiBody = `{"id":"org_2vXk7Yt0","name":"Bench Org","permissions":["profile:read","posts:read","messages:read","subscribers:read"]}`

func benchServer(b *testing.B) *httptest.Server {
	b.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(whoamiBody))
	}))
	b.Cleanup(srv.Close)
	return srv
}

// tunedHTTPClient is what a careful hand-written integration would use.
func tunedHTTPClient() *http.Client {
	return &http.Client{Transport: &http.Transport{
		DialContext:         (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		MaxIdleConns:        256,
		MaxIdleConnsPerHost: 128,
		IdleConnTimeout:     90 * time.Second,
	}}
}

// handWhoami is the same call written by hand with net/http.
func handWhoami(ctx context.Context, hc *http.Client, base string) (*Account, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/v2/account/whoami", nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("apiKey", testKey)
	req.Header.Set("Accept", "application/json")
	resp, err := hc.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var out Account
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		return nil, err
	}
	return &out, nil
}

func sdkClient(b *testing.B, base string) *Client {
	c, err := NewClient(testKey, WithBaseURL(base))
	if err != nil {
		b.Fatal(err)
	}
	return c
}

// BenchmarkWhoami compares an SDK round trip with the hand-written call on
// the same loopback server, one caller at a time and with 32 concurrent
// callers (the SDK with its default settings).
func BenchmarkWhoami(b *testing.B) {
	ctx := context.Background()
	b.Run("serial/sdk", func(b *testing.B) {
		c := sdkClient(b, benchServer(b).URL)
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			if _, err := c.Account.Whoami(ctx); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("serial/nethttp", func(b *testing.B) {
		srv, hc := benchServer(b), tunedHTTPClient()
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			if _, err := handWhoami(ctx, hc, srv.URL); err != nil {
				b.Fatal(err)
			}
		}
	})
	parallelism := max(1, 32/runtime.GOMAXPROCS(0))
	b.Run("parallel32/sdk", func(b *testing.B) {
		c := sdkClient(b, benchServer(b).URL)
		b.ReportAllocs()
		b.SetParallelism(parallelism)
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if _, err := c.Account.Whoami(ctx); err != nil {
					b.Error(err)
					return
				}
			}
		})
	})
	b.Run("parallel32/nethttp", func(b *testing.B) {
		srv, hc := benchServer(b), tunedHTTPClient()
		b.ReportAllocs()
		b.SetParallelism(parallelism)
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if _, err := handWhoami(ctx, hc, srv.URL); err != nil {
					b.Error(err)
					return
				}
			}
		})
	})
}
