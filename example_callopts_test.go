package ofauth_test

import (
	"context"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/ofauth-go/ofauth"
)

// callOptionsAPI stands in for the OFAuth API: it echoes the caller's
// X-Trace-Id as the request id and reports a rate-limit budget.
func callOptionsAPI() *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Request-Id", "req_"+r.Header.Get("X-Trace-Id"))
		w.Header().Set("X-RateLimit-Limit", "90")
		w.Header().Set("X-RateLimit-Remaining", "89")
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"id": 123456789, "username": "jane.doe", "name": "Jane Doe"}`)
	}))
}

func ExampleWithResponseInto() {
	srv := callOptionsAPI()
	defer srv.Close()
	client, err := ofauth.NewClient("sk_example_key", ofauth.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	a := client.Access.WithConnection("conn_123")

	var resp ofauth.Response // filled on success and on failure
	me, err := a.Self.Get(ctx,
		ofauth.WithResponseInto(&resp),
		ofauth.WithHeader("X-Trace-Id", "7f3a"), // an extra request header
		ofauth.WithCallTimeout(10*time.Second),  // every attempt and wait included
		ofauth.WithCallMaxRetries(1),            // instead of the client's WithMaxRetries
	)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(me.Username, resp.StatusCode, resp.RequestID)
	fmt.Println("budget left:", resp.RateLimit.Remaining, "of", resp.RateLimit.Limit, "after", resp.Attempts, "attempt")
	// Output:
	// jane.doe 200 req_7f3a
	// budget left: 89 of 90 after 1 attempt
}
