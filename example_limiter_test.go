package ofauth_test

import (
	"context"
	"fmt"
	"log"
	"sync"

	"github.com/ofauth-go/ofauth"
)

func ExampleWithConnectionRateLimit() {
	srv := exampleAPI()
	defer srv.Close()

	// The API's documented budget per connection; one process only. For
	// several replicas, share a limiter (ofauthredis.NewLimiter) through
	// WithConnectionLimiter.
	client, err := ofauth.NewClient("sk_example_key", ofauth.WithBaseURL(srv.URL),
		ofauth.WithConnectionRateLimit(ofauth.DefaultConnectionRatePerMinute, ofauth.DefaultConnectionBurst))
	if err != nil {
		log.Fatal(err)
	}
	me, err := client.Access.WithConnection("conn_example").Self.Get(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(me.Username)
	// Output: jane.doe
}

// pauseLog is a ConnectionLimiter that never delays a request and records
// the pauses the server asks for; a real one would hold callers.
type pauseLog struct {
	mu     sync.Mutex
	status []int
}

func (p *pauseLog) Wait(ctx context.Context, connectionID string) error { return ctx.Err() }

func (p *pauseLog) Observe(_ context.Context, connectionID string, fb ofauth.RateLimitFeedback) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.status = append(p.status, fb.StatusCode)
}

func ExampleWithConnectionLimiter() {
	srv := exampleAPI()
	defer srv.Close()

	limiter := &pauseLog{}
	client, err := ofauth.NewClient("sk_example_key", ofauth.WithBaseURL(srv.URL), ofauth.WithConnectionLimiter(limiter))
	if err != nil {
		log.Fatal(err)
	}
	if _, err := client.Access.WithConnection("conn_example").Self.Get(context.Background()); err != nil {
		log.Fatal(err)
	}
	fmt.Println(limiter.status)
	// Output: [200]
}
