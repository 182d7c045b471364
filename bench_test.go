package ofauth

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync/atomic"
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

// benchSubscriber is one realistic fan of about 2 KB: every field of the
// Subscriber model, a subscription history and the creator's lists.
func benchSubscriber(i int) string {
	id := 100000 + i
	return fmt.Sprintf(`{"id":%d,"name":"Fan Number %d","username":"u%d","displayName":"VIP fan %d (renews monthly)",`+
		`"isVerified":false,"avatar":"https://public.onlyfans.com/files/a/ab/abc123/avatar-%d.jpg",`+
		`"avatarThumbs":{"c50":"https://thumbs.onlyfans.com/public/files/thumbs/c50/a/ab/abc123/avatar-%d.jpg",`+
		`"c144":"https://thumbs.onlyfans.com/public/files/thumbs/c144/a/ab/abc123/avatar-%d.jpg"},`+
		`"lastSeen":"2024-05-20T18:30:%02d+00:00",`+
		`"subscription":{"isActive":true,"isExpired":false,"subscribedAt":"2023-01-02T03:04:05+00:00",`+
		`"expiresAt":"2024-06-02T03:04:05+00:00","renewedAt":"2024-05-02T03:04:05+00:00","price":9.99,"regularPrice":12.5,`+
		`"discountPercent":20,"discountPeriod":3,"discountStartedAt":"2024-03-02T03:04:05+00:00",`+
		`"discountFinishedAt":"2024-06-02T03:04:05+00:00","history":[`+
		`{"id":%d1,"startDate":"2024-03-02T03:04:05+00:00","expireDate":"2024-04-02T03:04:05+00:00","price":9.99,"regularPrice":12.5,"discount":20,"type":"regular","action":"renew","isCurrent":false},`+
		`{"id":%d2,"startDate":"2024-04-02T03:04:05+00:00","expireDate":"2024-05-02T03:04:05+00:00","price":9.99,"regularPrice":12.5,"discount":20,"type":"regular","action":"renew","isCurrent":false},`+
		`{"id":%d0,"startDate":"2024-02-02T03:04:05+00:00","expireDate":"2024-03-02T03:04:05+00:00","price":12.5,"regularPrice":12.5,"discount":0,"type":"regular","action":"renew","isCurrent":false},`+
		`{"id":%d3,"startDate":"2024-05-02T03:04:05+00:00","expireDate":"2024-06-02T03:04:05+00:00","price":9.99,"regularPrice":12.5,"discount":20,"type":"regular","action":"renew","isCurrent":true}]},`+
		`"spending":{"total":125.44,"tips":45.5,"subscriptions":59.94,"messages":20,"posts":0,"streams":0},`+
		`"isRestricted":false,"isBlocked":false,`+
		`"capabilities":{"canRestrict":true,"canBlock":true,"canReport":true,"canUnsubscribe":false,"canReceiveMessages":true,"canSendTrial":false},`+
		`"lists":[{"id":1001,"name":"Fans"},{"id":9001,"name":"VIP"},{"id":9002,"name":"Renewals on"}]}`,
		id, i, id, i, id, id, id, i%60, id, id, id, id)
}

// subscribersPageBody is a page of 100 realistic subscribers.
func subscribersPageBody() []byte {
	items := make([]string, 100)
	for i := range items {
		items[i] = benchSubscriber(i)
	}
	return []byte(`{"list":[` + strings.Join(items, ",") + `],"hasMore":true,"nextOffset":100}`)
}

// plainSubscriber is Subscriber as a hand-written client would declare it:
// the same fields, times as time.Time, no custom decoding.
type plainSubscriber struct {
	ID           int64  `json:"id"`
	Name         string `json:"name"`
	Username     string `json:"username"`
	DisplayName  string `json:"displayName"`
	IsVerified   bool   `json:"isVerified"`
	Avatar       string `json:"avatar"`
	AvatarThumbs *struct {
		C50  string `json:"c50"`
		C144 string `json:"c144"`
	} `json:"avatarThumbs"`
	LastSeen     time.Time `json:"lastSeen"`
	Subscription struct {
		IsActive           bool      `json:"isActive"`
		IsExpired          bool      `json:"isExpired"`
		SubscribedAt       time.Time `json:"subscribedAt"`
		ExpiresAt          time.Time `json:"expiresAt"`
		RenewedAt          time.Time `json:"renewedAt"`
		Price              float64   `json:"price"`
		RegularPrice       float64   `json:"regularPrice"`
		DiscountPercent    float64   `json:"discountPercent"`
		DiscountPeriod     float64   `json:"discountPeriod"`
		DiscountStartedAt  time.Time `json:"discountStartedAt"`
		DiscountFinishedAt time.Time `json:"discountFinishedAt"`
		History            []struct {
			ID           int64     `json:"id"`
			StartDate    time.Time `json:"startDate"`
			ExpireDate   time.Time `json:"expireDate"`
			Price        float64   `json:"price"`
			RegularPrice float64   `json:"regularPrice"`
			Discount     float64   `json:"discount"`
			Type         string    `json:"type"`
			Action       string    `json:"action"`
			IsCurrent    bool      `json:"isCurrent"`
		} `json:"history"`
	} `json:"subscription"`
	Spending struct {
		Total         float64 `json:"total"`
		Tips          float64 `json:"tips"`
		Subscriptions float64 `json:"subscriptions"`
		Messages      float64 `json:"messages"`
		Posts         float64 `json:"posts"`
		Streams       float64 `json:"streams"`
	} `json:"spending"`
	IsRestricted bool `json:"isRestricted"`
	IsBlocked    bool `json:"isBlocked"`
	Capabilities struct {
		CanRestrict        bool `json:"canRestrict"`
		CanBlock           bool `json:"canBlock"`
		CanReport          bool `json:"canReport"`
		CanUnsubscribe     bool `json:"canUnsubscribe"`
		CanReceiveMessages bool `json:"canReceiveMessages"`
		CanSendTrial       bool `json:"canSendTrial"`
	} `json:"capabilities"`
	Lists []struct {
		ID   int64  `json:"id"`
		Name string `json:"name"`
	} `json:"lists"`
}

// handSubscribers is Subscribers.List written by hand with net/http and
// encoding/json.
func handSubscribers(ctx context.Context, hc *http.Client, base string) ([]plainSubscriber, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/v2/access/subscribers?limit=100&offset=0", nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("apiKey", testKey)
	req.Header.Set("x-connection-id", "conn_bench")
	req.Header.Set("Accept", "application/json")
	resp, err := hc.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var out struct {
		List       []plainSubscriber `json:"list"`
		HasMore    bool              `json:"hasMore"`
		NextOffset int               `json:"nextOffset"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		return nil, err
	}
	return out.List, nil
}

// BenchmarkSubscribersPage compares one page of 100 subscribers (about
// 200 KB) through Access.Subscribers.List with the hand-written client,
// on the same kind of loopback server.
func BenchmarkSubscribersPage(b *testing.B) {
	ctx := context.Background()
	body := subscribersPageBody()
	server := func(b *testing.B) *httptest.Server {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.Write(body)
		}))
		b.Cleanup(srv.Close)
		return srv
	}
	b.Run("sdk", func(b *testing.B) {
		a := sdkClient(b, server(b).URL).Access.WithConnection("conn_bench")
		b.ReportAllocs()
		b.SetBytes(int64(len(body)))
		for i := 0; i < b.N; i++ {
			p, err := a.Subscribers.List(ctx, &SubscriberListParams{Limit: 100})
			if err != nil || len(p.Items) != 100 {
				b.Fatal(err)
			}
		}
	})
	b.Run("baseline", func(b *testing.B) {
		srv, hc := server(b), tunedHTTPClient()
		b.ReportAllocs()
		b.SetBytes(int64(len(body)))
		for i := 0; i < b.N; i++ {
			list, err := handSubscribers(ctx, hc, srv.URL)
			if err != nil || len(list) != 100 {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkWhoamiRatio alternates an SDK call and the hand-written call in
// one loop, so both see the same machine load, and reports the ratio of
// their times: on a shared machine that ratio is steadier than the one of
// two sub-benchmarks run one after the other.
func BenchmarkWhoamiRatio(b *testing.B) {
	ctx := context.Background()
	run := func(b *testing.B, parallelism int) {
		c := sdkClient(b, benchServer(b).URL)
		srv, hc := benchServer(b), tunedHTTPClient()
		var sdk, hand atomic.Int64
		b.ReportAllocs()
		b.SetParallelism(parallelism)
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				t0 := time.Now()
				if _, err := c.Account.Whoami(ctx); err != nil {
					b.Error(err)
					return
				}
				t1 := time.Now()
				if _, err := handWhoami(ctx, hc, srv.URL); err != nil {
					b.Error(err)
					return
				}
				sdk.Add(int64(t1.Sub(t0)))
				hand.Add(int64(time.Since(t1)))
			}
		})
		if hand.Load() > 0 {
			b.ReportMetric(float64(sdk.Load())/float64(hand.Load()), "sdk/nethttp")
		}
	}
	b.Run("serial", func(b *testing.B) { run(b, 1) })
	b.Run("parallel32", func(b *testing.B) { run(b, max(1, 32/runtime.GOMAXPROCS(0))) })
}
