package ofauthtest_test

import (
	"bytes"
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ofauth-go/ofauth"
	"github.com/ofauth-go/ofauth/ofauthtest"
)

// put sends raw bytes as an upload PUT does.
func put(t *testing.T, s *ofauthtest.Server, connID, path string, body io.Reader, size int64) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPut, s.URL+path, body)
	require.NoError(t, err)
	req.ContentLength = size
	req.Header.Set("apiKey", s.APIKey)
	req.Header.Set("x-connection-id", connID)
	req.Header.Set("Content-Type", "video/mp4")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	var m map[string]any
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&m))
	return resp.StatusCode, m
}

func TestMultipartUpload(t *testing.T) {
	const partSize = 1000
	s := start(t, ofauthtest.WithUploadPartSize(partSize))
	c := client(t, s)
	conn := s.AddConnection("")
	a := c.Access.WithConnection(conn.ID)

	// The plan comes in headers; read them with a raw call.
	resp, init := call(t, s, http.MethodPost, "/v2/access/uploads/init", conn.ID,
		map[string]any{"filename": "clip.mp4", "size": 2500, "contentType": "video/mp4"})
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "3", resp.Header.Get("x-ofauth-upload-total-parts"))
	assert.Equal(t, "1000", resp.Header.Get("x-ofauth-upload-part-size"))
	id := init["mediaUploadId"].(string)
	assert.Regexp(t, `^upload:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`, id)
	path := "/v2/access/uploads/" + url.PathEscape(id)

	status, m := put(t, s, conn.ID, path, bytes.NewReader(make([]byte, 2500)), 2500)
	assert.Equal(t, http.StatusBadRequest, status, "a multipart upload takes parts")
	assert.Equal(t, "BAD_REQUEST", m["type"])

	err := a.Do(ctx(t), http.MethodPost, "/uploads/complete", map[string]any{"mediaUploadId": id}, nil)
	require.ErrorIs(t, err, ofauth.ErrBadRequest, "parts missing")

	file := bytes.Repeat([]byte("0123456789"), 250)
	digests := md5.New()
	for n := 1; n <= 3; n++ {
		part := file[(n-1)*partSize : min(n*partSize, len(file))]
		status, m := put(t, s, conn.ID, path+"/parts/"+strconv.Itoa(n), bytes.NewReader(part), int64(len(part)))
		require.Equal(t, http.StatusOK, status, m)
		sum := md5.Sum(part)
		assert.Equal(t, hex.EncodeToString(sum[:]), m["etag"])
		assert.EqualValues(t, n, m["partNumber"])
		digests.Write(sum[:])
	}
	status, _ = put(t, s, conn.ID, path+"/parts/2", bytes.NewReader(make([]byte, 10)), 10)
	assert.Equal(t, http.StatusBadRequest, status, "wrong part length")
	status, _ = put(t, s, conn.ID, path+"/parts/4", bytes.NewReader(make([]byte, 10)), 10)
	assert.Equal(t, http.StatusBadRequest, status, "no such part")

	var done struct {
		MediaUploadID string `json:"mediaUploadId"`
		Media         struct {
			ID   int64  `json:"id"`
			Type string `json:"type"`
		} `json:"media"`
	}
	require.NoError(t, a.Do(ctx(t), http.MethodPost, "/uploads/complete", map[string]any{"mediaUploadId": id}, &done))
	assert.Equal(t, id, done.MediaUploadID)
	assert.Equal(t, "video", done.Media.Type)
	assert.Positive(t, done.Media.ID)

	ups := s.Uploads()
	require.Len(t, ups, 1)
	assert.Equal(t, ofauthtest.Upload{
		ID: id, ConnectionID: conn.ID, Filename: "clip.mp4", ContentType: "video/mp4", Size: 2500,
		PartSize: partSize, TotalParts: 3, BytesReceived: 2500, Completed: true, MediaID: done.Media.ID,
	}, ups[0])

	var check struct {
		Exists bool           `json:"exists"`
		Media  map[string]any `json:"media"`
	}
	etag := hex.EncodeToString(digests.Sum(nil)) + "-3"
	require.NoError(t, a.Do(ctx(t), http.MethodPost, "/uploads/check", map[string]any{"etag": etag, "size": 2500}, &check))
	assert.True(t, check.Exists)
	assert.EqualValues(t, done.Media.ID, check.Media["id"])
	require.NoError(t, a.Do(ctx(t), http.MethodPost, "/uploads/check", map[string]any{"etag": etag, "size": 2499}, &check))
	assert.False(t, check.Exists)

	// The upload reference is used once in a message.
	var fans page[subscriber]
	require.NoError(t, a.Do(ctx(t), http.MethodGet, "/subscribers?type=active&limit=20", nil, &fans))
	var target int64
	for _, f := range fans.List {
		if f.Capabilities["canReceiveMessages"] {
			target = f.ID
			break
		}
	}
	require.NotZero(t, target)
	msgPath := "/chats/" + strconv.FormatInt(target, 10) + "/messages"
	var sent message
	require.NoError(t, a.Do(ctx(t), http.MethodPost, msgPath, map[string]any{"text": "new clip", "mediaItems": []any{id}}, &sent))
	require.Len(t, sent.Media, 1)
	assert.EqualValues(t, done.Media.ID, sent.Media[0]["id"])
	err = a.Do(ctx(t), http.MethodPost, msgPath, map[string]any{"text": "again", "mediaItems": []any{id}}, nil)
	require.ErrorIs(t, err, ofauth.ErrBadRequest)
}

func TestSinglePartUploadIsStreamedAndCounted(t *testing.T) {
	s := start(t) // 5 MiB parts
	c := client(t, s)
	conn := s.AddConnection("")
	const size = 3 << 20
	resp, init := call(t, s, http.MethodPost, "/v2/access/uploads/init", conn.ID,
		map[string]any{"filename": "photo.jpg", "size": size, "contentType": "image/jpeg"})
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "1", resp.Header.Get("x-ofauth-upload-total-parts"))
	assert.Equal(t, strconv.Itoa(size), resp.Header.Get("x-ofauth-upload-part-size"))
	id := init["mediaUploadId"].(string)

	// A reader that is never held whole: zeros generated on the fly.
	status, m := put(t, s, conn.ID, "/v2/access/uploads/"+url.PathEscape(id), io.LimitReader(zeros{}, size), size)
	require.Equal(t, http.StatusOK, status, m)
	assert.Equal(t, id, m["mediaUploadId"])
	media := m["media"].(map[string]any)
	assert.Equal(t, "photo", media["type"])

	// A retried PUT gets the same answer.
	status, again := put(t, s, conn.ID, "/v2/access/uploads/"+url.PathEscape(id), io.LimitReader(zeros{}, size), size)
	require.Equal(t, http.StatusOK, status)
	assert.Equal(t, media["id"], again["media"].(map[string]any)["id"])
	assert.EqualValues(t, size, s.Uploads()[0].BytesReceived)

	// Another connection cannot see the upload.
	other := s.AddConnection("")
	err := c.Access.WithConnection(other.ID).Do(ctx(t), http.MethodPost, "/uploads/complete", map[string]any{"mediaUploadId": id}, nil)
	require.ErrorIs(t, err, ofauth.ErrNotFound)
}

func TestUploadValidation(t *testing.T) {
	s := start(t)
	c := client(t, s)
	a := c.Access.WithConnection(s.AddConnection("").ID)
	for _, body := range []map[string]any{
		{"size": 10, "contentType": "image/png"},
		{"filename": "a.png", "size": 0, "contentType": "image/png"},
		{"filename": "a.png", "size": 10},
		{"filename": "a.png", "size": 10, "contentType": "image/png", "vaultUpload": map[string]any{"mode": "post"}},
	} {
		require.ErrorIs(t, a.Do(ctx(t), http.MethodPost, "/uploads/init", body, nil), ofauth.ErrBadRequest, "%v", body)
	}
	require.ErrorIs(t, a.Do(ctx(t), http.MethodPost, "/uploads/check", map[string]any{"etag": "", "size": 1}, nil), ofauth.ErrBadRequest)
	require.ErrorIs(t, a.Do(ctx(t), http.MethodPost, "/uploads/complete", map[string]any{"mediaUploadId": "upload:none"}, nil), ofauth.ErrNotFound)
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}
