package ofauthredis_test

import (
	"context"
	"fmt"
	"log"
	"net/http/httptest"
	"os"
	"strconv"
	"time"

	"github.com/ofauth-go/ofauth"
	"github.com/ofauth-go/ofauth/ofauthredis"
	"github.com/ofauth-go/ofauth/ofauthtest"
	"github.com/redis/go-redis/v9"
)

func ExampleNewLimiter() {
	srv := ofauthtest.NewServer() // in production: the real API, and your key from the environment
	defer srv.Close()

	rdb := redis.NewClient(&redis.Options{Addr: os.Getenv("REDIS_ADDR")})
	defer rdb.Close()

	// Every replica creates the same limiter on the same Redis: together
	// they stay within each connection's budget, and a 429 with
	// Retry-After seen by one holds them all.
	limiter := ofauthredis.NewLimiter(rdb, ofauth.DefaultConnectionRatePerMinute, ofauth.DefaultConnectionBurst)
	client, err := ofauth.NewClient(srv.APIKey, ofauth.WithBaseURL(srv.URL), ofauth.WithConnectionLimiter(limiter))
	if err != nil {
		log.Fatal(err)
	}

	connID := srv.AddConnection("user_42").ID // in production: an id stored after Link
	me, err := client.Access.WithConnection(connID).Self.Get(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(me.Username != "")
	// Output: true
}

func ExampleNewDeduper() {
	rdb := redis.NewClient(&redis.Options{Addr: os.Getenv("REDIS_ADDR")})
	defer rdb.Close()

	secret := ofauthtest.NewWebhookSecret() // in production: os.Getenv("OFAUTH_WEBHOOK_SECRET")
	verifier, err := ofauth.NewWebhookVerifier(secret)
	if err != nil {
		log.Fatal(err)
	}
	// Every replica's handler shares the record of handled events, so a
	// redelivery that lands on another replica is acknowledged, not run.
	handler := verifier.Handler(func(ctx context.Context, e *ofauth.WebhookEvent) error {
		fmt.Println("handling", e.Type)
		return nil
	}, ofauth.WithDeduper(ofauthredis.NewDeduper(rdb)))

	// Two deliveries of one event, as OFAuth sends them.
	id := "msg_" + strconv.FormatInt(time.Now().UnixNano(), 36)
	body := []byte(`{"type":"connection.updated","data":{"connection":{"id":"conn_1","status":"active"}}}`)
	for i := 0; i < 2; i++ {
		r, err := ofauthtest.NewSignedRequest(secret, id, time.Now(), body)
		if err != nil {
			log.Fatal(err)
		}
		w := httptest.NewRecorder()
		handler.ServeHTTP(w, r)
		fmt.Println(w.Code, w.Body.String())
	}
	// Output:
	// handling connection.updated
	// 200 {"received":true}
	// 200 {"received":true,"duplicate":true}
}

func ExampleWithFailMode() {
	rdb := redis.NewClient(&redis.Options{Addr: os.Getenv("REDIS_ADDR")})
	defer rdb.Close()

	// A limiter that refuses to send when Redis is down, rather than send
	// unpaced; and a deduper with a short reservation for quick handlers.
	limiter := ofauthredis.NewLimiter(rdb, 60, 90,
		ofauthredis.WithFailMode(ofauthredis.FailClosed), ofauthredis.WithKeyPrefix("myapp:"))
	deduper := ofauthredis.NewDeduper(rdb,
		ofauthredis.WithReservationTTL(30*time.Second), ofauthredis.WithKeyPrefix("myapp:"))

	err := limiter.Wait(context.Background(), "conn_example")
	fmt.Println(err)
	_ = deduper
	// Output: <nil>
}
