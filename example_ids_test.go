package ofauth_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"net/url"

	"github.com/ofauth-go/ofauth"
)

// exampleListsAPI answers the calls of the id and escape-hatch examples.
func exampleListsAPI() *httptest.Server {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v2/access/users/{userId}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"id": 4242, "username": "sam", "name": "Sam"}`)
	})
	mux.HandleFunc("GET /v2/access/users/lists", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"list": [{"id": "fans", "type": "fans", "name": "Fans"}, {"id": 9001, "type": "custom", "name": "VIP"}], "hasMore": false}`)
	})
	mux.HandleFunc("POST /v2/access/users/lists/{listId}/users/{userId}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"list": {"id": %q, "name": "VIP"}, "userState": {"id": %q, "hasUser": true}}`, r.PathValue("listId"), r.PathValue("listId"))
	})
	mux.HandleFunc("GET /v2/access/proxy/users/me", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"username": "jane.doe", "fields": %q}`, r.URL.Query().Get("fields"))
	})
	return httptest.NewServer(mux)
}

// Ids pass from one call to the next as they are: a user's int64 id, a
// user list's ID (a number, or a name for built-in lists).
func ExampleUserListsService_AddMember() {
	srv := exampleListsAPI()
	defer srv.Close()
	client, err := ofauth.NewClient("sk_example_key", ofauth.WithBaseURL(srv.URL), ofauth.WithConnectionID("conn_example"))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	a := client.Access

	fan, err := a.Users.GetByUsername(ctx, "sam")
	if err != nil {
		log.Fatal(err)
	}
	for list, err := range a.UserLists.All(ctx, nil) {
		if err != nil {
			log.Fatal(err)
		}
		if list.Name != "VIP" {
			continue
		}
		res, err := a.UserLists.AddMember(ctx, list.ID, fan.ID)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("user %d in list %s: %v\n", fan.ID, res.List.ID, res.UserState.HasUser)
	}
	// Output: user 4242 in list 9001: true
}

// Do is the one raw escape hatch; under /proxy it reaches the OnlyFans API.
func ExampleAccessService_Do() {
	srv := exampleListsAPI()
	defer srv.Close()
	client, err := ofauth.NewClient("sk_example_key", ofauth.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}
	a := client.Access.WithConnection("conn_example")

	var me json.RawMessage
	err = a.Do(context.Background(), "GET", "/proxy/users/me", nil, &me,
		ofauth.WithQuery(url.Values{"fields": {"username"}}))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(string(me))
	// Output: {"username": "jane.doe", "fields": "username"}
}
