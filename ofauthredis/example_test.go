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
	srv := ofauthtest.NewServer() // a fake OFAuth API, so the example runs offline
	defer srv.Close()
	apiKey, baseURL := srv.APIKey, srv.URL // in production: os.Getenv("OFAUTH_API_KEY") and the default URL

	rdb := redis.NewClient(&redis.Options{Addr: os.Getenv("REDIS_ADDR")})
	defer rdb.Close()

	// Every replica creates the same limiter on the same Redis: together they
	// stay within each connection's budget, and a 429 one of them gets holds all.
	limiter := ofauthredis.NewLimiter(rdb, ofauth.DefaultConnectionRatePerMinute, ofauth.DefaultConnectionBurst)
	client, err := ofauth.NewClient(apiKey, ofauth.WithConnectionLimiter(limiter), ofauth.WithBaseURL(baseURL))
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
	handleEvent := func(ctx context.Context, e *ofauth.WebhookEvent) error {
		fmt.Println("handling", e.Type)
		return nil
	}

	// Every replica's handler shares the record of handled events, so a
	// redelivery that lands on another replica is acknowledged, not run again.
	handler := verifier.Handler(handleEvent, ofauth.WithDeduper(ofauthredis.NewDeduper(rdb)))

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
	ctx := context.Background()

	// Refuse to send when Redis is down rather than send unpaced; keep this
	// service's keys apart; let a dead handler's claim lapse after 30s.
	limiter := ofauthredis.NewLimiter(rdb, 60, 90,
		ofauthredis.WithFailMode(ofauthredis.FailClosed), ofauthredis.WithKeyPrefix("myapp:"))
	deduper := ofauthredis.NewDeduper(rdb,
		ofauthredis.WithReservationTTL(30*time.Second), ofauthredis.WithKeyPrefix("myapp:"))

	fmt.Println(limiter.Wait(ctx, "conn_example"))
	id := "msg_" + strconv.FormatInt(time.Now().UnixNano(), 36)
	claimed, err := deduper.Reserve(ctx, id)
	fmt.Println(claimed, err)
	fmt.Println(deduper.Commit(ctx, id))
	// Output:
	// <nil>
	// true <nil>
	// <nil>
}
