package ofauth_test

import (
	"context"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"

	"github.com/ofauth-go/ofauth"
)

// exampleAPI stands in for the OFAuth API so the examples run offline.
func exampleAPI() *httptest.Server {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v2/access/self", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"id": 123456789, "username": "jane.doe", "name": "Jane Doe", "isAuth": true,
			"isVerified": true, "avatar": null, "subscribersCount": 1520, "postsCount": 310,
			"photosCount": 1200, "videosCount": 85}`)
	})
	mux.HandleFunc("GET /v2/access/subscribers", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Query().Get("offset") {
		case "":
			io.WriteString(w, `{"list": [{"id": 1, "username": "sam", "spending": {"total": 125.5}},
				{"id": 2, "username": "kim", "spending": {"total": 40}}], "hasMore": true}`)
		default:
			io.WriteString(w, `{"list": [{"id": 3, "username": "lee", "spending": {"total": 9.99}}], "hasMore": false}`)
		}
	})
	return httptest.NewServer(mux)
}

func ExampleSelfService_Get() {
	srv := exampleAPI()
	defer srv.Close()

	client, err := ofauth.NewClient("sk_example_key", ofauth.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}
	a := client.Access.WithConnection("conn_example")

	me, err := a.Self.Get(context.Background())
	if ofauth.NeedsReauth(err) {
		fmt.Println("the creator must reconnect through Link")
		return
	}
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s (@%s): %d fans, %d posts\n", me.Name, me.Username, me.SubscribersCount, me.PostsCount)
	// Output: Jane Doe (@jane.doe): 1520 fans, 310 posts
}

func ExampleSubscribersService_All() {
	srv := exampleAPI()
	defer srv.Close()

	client, err := ofauth.NewClient("sk_example_key", ofauth.WithBaseURL(srv.URL), ofauth.WithConnectionID("conn_example"))
	if err != nil {
		log.Fatal(err)
	}

	params := &ofauth.SubscriberListParams{Type: ofauth.SubscribersActive, Limit: 20}
	for fan, err := range client.Access.Subscribers.All(context.Background(), params) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%s spent $%.2f\n", fan.Username, fan.Spending.Total)
	}
	// Output:
	// sam spent $125.50
	// kim spent $40.00
	// lee spent $9.99
}
