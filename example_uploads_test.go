package ofauth_test

import (
	"context"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/ofauth-go/ofauth"
)

// fakeUploadAPI answers the upload calls the way the API does, asking for
// 4-byte parts, so that the example runs offline.
func fakeUploadAPI() *httptest.Server {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v2/access/uploads/init", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("x-ofauth-upload-part-size", "4")
		io.WriteString(w, `{"mediaUploadId": "upload:5d1e0c4e"}`)
	})
	mux.HandleFunc("PUT /v2/access/uploads/{id}/parts/{n}", func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		fmt.Printf("part %s: %q\n", r.PathValue("n"), b)
		io.WriteString(w, `{"mediaUploadId": "upload:5d1e0c4e", "partNumber": 1, "etag": "e1"}`)
	})
	mux.HandleFunc("POST /v2/access/uploads/complete", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"mediaUploadId": "upload:5d1e0c4e", "media": {"id": 3051, "type": "photo", "isReady": true}}`)
	})
	mux.HandleFunc("POST /v2/access/posts", func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		fmt.Printf("post: %s\n", b)
		io.WriteString(w, `{"id": 90210}`)
	})
	return httptest.NewServer(mux)
}

// Upload streams a file into the vault part by part, then uses the new
// media in a post.
func ExampleUploadsService_Upload() {
	srv := fakeUploadAPI()
	defer srv.Close()
	client, err := ofauth.NewClient("sk_test_key", ofauth.WithBaseURL(srv.URL), ofauth.WithConnectionID("conn_123"))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()

	file := strings.NewReader("0123456789") // an *os.File in real code
	res, err := client.Access.Uploads.Upload(ctx, file, file.Size(), &ofauth.UploadParams{
		Filename:    "beach.jpg",
		ContentType: "image/jpeg",
		OnProgress:  func(sent, total int64) { fmt.Printf("sent %d/%d\n", sent, total) },
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("vault media:", res.Media.ID)

	post, err := client.Access.Posts.Create(ctx, &ofauth.PostParams{
		Text:       "New set!",
		MediaItems: []ofauth.MediaItem{res.MediaItem()},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("post:", post.ID)
	// Output:
	// part 1: "0123"
	// sent 4/10
	// part 2: "4567"
	// sent 8/10
	// part 3: "89"
	// sent 10/10
	// vault media: 3051
	// post: {"text":"New set!","mediaItems":[3051]}
	// post: 90210
}
