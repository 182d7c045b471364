package ofauth

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const uploadID = "upload:7c9e6679-7425-40de-944b-e07fc1f90ae7"

// fakeUploads is a test upload server: it answers init with initBody and
// initHeader, keeps every part it receives, and fails the first attempts
// of the parts listed in fail with a 503.
type fakeUploads struct {
	t           *testing.T
	initBody    string
	initHeader  http.Header
	contentType string
	fail        map[int]int                  // part number (0: single PUT) → 503 answers before success
	onPart      func(n int, r *http.Request) // runs once a part is read, before it is answered

	mu        sync.Mutex
	calls     []string         // "init", "check", "put", "part N", "complete"
	bodies    map[int][][]byte // every attempt's body, by part number (0: single PUT)
	initReq   map[string]any
	checkReq  map[string]any
	completed map[string]any
}

func newFakeUploads(t *testing.T, mux *http.ServeMux, initBody string) *fakeUploads {
	f := &fakeUploads{t: t, initBody: initBody, contentType: "video/mp4", fail: map[int]int{}, bodies: map[int][][]byte{}}
	mux.HandleFunc("POST /v2/access/uploads/check", func(w http.ResponseWriter, r *http.Request) {
		assertAccessRequest(t, r, "conn_1", nil)
		f.record("check")
		f.mu.Lock()
		f.checkReq = readJSON(t, r)
		f.mu.Unlock()
		writeJSON(w, 200, `{"exists": false}`)
	})
	mux.HandleFunc("POST /v2/access/uploads/init", func(w http.ResponseWriter, r *http.Request) {
		assertAccessRequest(t, r, "conn_1", nil)
		f.record("init")
		f.mu.Lock()
		f.initReq = readJSON(t, r)
		f.mu.Unlock()
		for k, v := range f.initHeader {
			w.Header()[k] = v
		}
		writeJSON(w, 200, f.initBody)
	})
	mux.HandleFunc("PUT /v2/access/uploads/{id}", func(w http.ResponseWriter, r *http.Request) {
		f.part(w, r, 0)
	})
	mux.HandleFunc("PUT /v2/access/uploads/{id}/parts/{n}", func(w http.ResponseWriter, r *http.Request) {
		n, err := strconv.Atoi(r.PathValue("n"))
		require.NoError(t, err)
		f.part(w, r, n)
	})
	mux.HandleFunc("POST /v2/access/uploads/complete", func(w http.ResponseWriter, r *http.Request) {
		assertAccessRequest(t, r, "conn_1", nil)
		f.record("complete")
		f.mu.Lock()
		f.completed = readJSON(t, r)
		f.mu.Unlock()
		writeJSON(w, 200, `{"mediaUploadId": "`+uploadID+`", "media": {"id": 5009, "type": "video", "createdAt": "2024-07-01T10:00:00Z", "isReady": false}}`)
	})
	return f
}

func (f *fakeUploads) record(call string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, call)
}

func (f *fakeUploads) part(w http.ResponseWriter, r *http.Request, n int) {
	assertAccessRequest(f.t, r, "conn_1", nil)
	assert.Equal(f.t, uploadID, r.PathValue("id"))
	assert.Equal(f.t, f.contentType, r.Header.Get("Content-Type"))
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return // the client went away
	}
	if f.onPart != nil {
		f.onPart(n, r)
	}
	assert.Equal(f.t, int64(len(body)), r.ContentLength)
	f.mu.Lock()
	f.bodies[n] = append(f.bodies[n], body)
	fail := f.fail[n] > 0
	if fail {
		f.fail[n]--
	}
	if n == 0 {
		f.calls = append(f.calls, "put")
	} else {
		f.calls = append(f.calls, "part "+strconv.Itoa(n))
	}
	f.mu.Unlock()
	if fail {
		writeJSON(w, http.StatusServiceUnavailable, `{"error": "try again"}`)
		return
	}
	if n == 0 {
		writeJSON(w, 200, `{"mediaUploadId": "`+uploadID+`", "media": {"id": 5008, "type": "photo", "createdAt": "2024-07-01T10:00:00Z", "isReady": true}}`)
		return
	}
	writeJSON(w, 200, `{"mediaUploadId": "`+uploadID+`", "partNumber": `+strconv.Itoa(n)+`, "etag": "etag-`+strconv.Itoa(n)+`"}`)
}

func (f *fakeUploads) callList() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.calls...)
}

// received is the last attempt of every part, in order (the single PUT
// for a single-part upload).
func (f *fakeUploads) received() []byte {
	f.mu.Lock()
	defer f.mu.Unlock()
	var all []byte
	for n := 0; n <= len(f.bodies); n++ {
		if b := f.bodies[n]; len(b) > 0 {
			all = append(all, b[len(b)-1]...)
		}
	}
	return all
}

func (f *fakeUploads) attempts(n int) [][]byte {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.bodies[n]
}

// testBytes returns n bytes of a pattern that does not repeat every part.
func testBytes(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i*7 + i/251)
	}
	return b
}

// plainReader hides every method of a reader but Read.
type plainReader struct{ r io.Reader }

func (p plainReader) Read(b []byte) (int, error) { return p.r.Read(b) }

// readerAtOnly reads at offsets but does not seek.
type readerAtOnly struct{ r *bytes.Reader }

func (p readerAtOnly) Read(b []byte) (int, error)              { return p.r.Read(b) }
func (p readerAtOnly) ReadAt(b []byte, off int64) (int, error) { return p.r.ReadAt(b, off) }

// progressLog records OnProgress calls.
type progressLog struct {
	mu    sync.Mutex
	sent  []int64
	total int64
}

func (p *progressLog) fn(sent, total int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.sent = append(p.sent, sent)
	p.total = total
}

func (p *progressLog) values() []int64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]int64(nil), p.sent...)
}

func TestUploadSinglePart(t *testing.T) {
	a, mux := accessFor(t, "conn_1")
	f := newFakeUploads(t, mux, `{"mediaUploadId": "`+uploadID+`"}`)
	data := testBytes(1000)
	prog := &progressLog{}
	res, err := a.Uploads.Upload(context.Background(), bytes.NewReader(data), int64(len(data)), &UploadParams{
		Filename: "clip.mp4", ContentType: "video/mp4", OnProgress: prog.fn,
		VaultUpload: &VaultUploadParams{Mode: "message", UserID: 77},
	})
	require.NoError(t, err)
	assert.Equal(t, uploadID, res.MediaUploadID)
	require.NotNil(t, res.Media)
	assert.Equal(t, int64(5008), res.Media.ID)
	assert.Equal(t, time.Date(2024, 7, 1, 10, 0, 0, 0, time.UTC), res.Media.CreatedAt)
	assert.False(t, res.Existing)
	assert.Equal(t, MediaItem("5008"), res.MediaItem())

	assert.Equal(t, []string{"init", "put"}, f.callList(), "a single part needs no complete")
	assert.Equal(t, data, f.received())
	assert.Equal(t, map[string]any{"filename": "clip.mp4", "size": float64(1000), "contentType": "video/mp4",
		"vaultUpload": map[string]any{"mode": "message", "userId": "77"}}, f.initReq)
	assert.Equal(t, []int64{1000}, prog.values())
	assert.Equal(t, int64(1000), prog.total)
}

func TestUploadIDIsPathEscaped(t *testing.T) {
	a, mux := accessFor(t, "conn_1")
	var mu sync.Mutex
	var paths []string
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		paths = append(paths, r.URL.EscapedPath())
		mu.Unlock()
		writeJSON(w, 200, `{}`)
	})
	ctx := context.Background()
	_, err := a.Uploads.PutFile(ctx, uploadID, []byte("x"), "image/png")
	require.NoError(t, err)
	_, err = a.Uploads.PutPart(ctx, "upload:a/b c?d", 2, []byte("x"), "image/png")
	require.NoError(t, err)
	mu.Lock()
	defer mu.Unlock()
	assert.Equal(t, []string{
		"/v2/access/uploads/" + uploadID, // ':' is allowed in a path segment
		"/v2/access/uploads/upload:a%2Fb%20c%3Fd/parts/2",
	}, paths)
}

func TestUploadMultipartFromBodyPlan(t *testing.T) {
	a, mux := accessFor(t, "conn_1")
	f := newFakeUploads(t, mux, `{"mediaUploadId": "`+uploadID+`", "uploadType": "multipart", "totalParts": 3, "partSize": 4,
		"expiresAt": "2024-07-01T11:00:00Z", "completeUrl": "/v2/access/uploads/complete",
		"parts": [
			{"partNumber": 1, "uploadUrl": "https://elsewhere.example/1", "byteRange": {"start": 0, "end": 3}},
			{"partNumber": 2, "uploadUrl": "https://elsewhere.example/2", "byteRange": {"start": 4, "end": 7}},
			{"partNumber": 3, "uploadUrl": "https://elsewhere.example/3", "byteRange": {"start": 8, "end": 9}}]}`)
	data := testBytes(10)
	prog := &progressLog{}
	res, err := a.Uploads.Upload(context.Background(), plainReader{bytes.NewReader(data)}, 10,
		&UploadParams{Filename: "clip.mp4", ContentType: "video/mp4", OnProgress: prog.fn})
	require.NoError(t, err)
	assert.Equal(t, []string{"init", "part 1", "part 2", "part 3", "complete"}, f.callList())
	assert.Equal(t, data, f.received())
	assert.Equal(t, [][]byte{data[:4]}, f.attempts(1))
	assert.Equal(t, [][]byte{data[8:]}, f.attempts(3))
	assert.Equal(t, map[string]any{"mediaUploadId": uploadID}, f.completed)
	assert.Equal(t, []int64{4, 8, 10}, prog.values())
	require.NotNil(t, res.Media)
	assert.Equal(t, int64(5009), res.Media.ID)
}

func TestUploadMultipartFromHeaderPlan(t *testing.T) {
	for name, header := range map[string]http.Header{
		"parts and size": {"X-Ofauth-Upload-Total-Parts": {"3"}, "X-Ofauth-Upload-Part-Size": {"4"}},
		"size only":      {"X-Ofauth-Upload-Part-Size": {"4"}},
	} {
		t.Run(name, func(t *testing.T) {
			a, mux := accessFor(t, "conn_1")
			f := newFakeUploads(t, mux, `{"mediaUploadId": "`+uploadID+`"}`)
			f.initHeader = header
			data := testBytes(10)
			_, err := a.Uploads.Upload(context.Background(), bytes.NewReader(data), 10,
				&UploadParams{Filename: "clip.mp4", ContentType: "video/mp4"})
			require.NoError(t, err)
			assert.Equal(t, []string{"init", "part 1", "part 2", "part 3", "complete"}, f.callList())
			assert.Equal(t, data, f.received())
		})
	}
}

func TestUploadInitReadsHeaderPlan(t *testing.T) {
	a, mux := accessFor(t, "conn_1")
	f := newFakeUploads(t, mux, `{"mediaUploadId": "`+uploadID+`", "expiresAt": "2024-07-01T11:00:00Z"}`)
	f.initHeader = http.Header{"X-Ofauth-Upload-Total-Parts": {"7"}, "X-Ofauth-Upload-Part-Size": {"5242880"}}
	res, err := a.Uploads.Init(context.Background(), &UploadInitParams{Filename: "a.mp4", Size: 33554432, ContentType: "video/mp4"})
	require.NoError(t, err)
	assert.Equal(t, uploadID, res.MediaUploadID)
	assert.Equal(t, 7, res.TotalParts)
	assert.Equal(t, int64(5242880), res.PartSize)
	assert.Equal(t, time.Date(2024, 7, 1, 11, 0, 0, 0, time.UTC), res.ExpiresAt)
	assert.Equal(t, map[string]any{"filename": "a.mp4", "size": float64(33554432), "contentType": "video/mp4"}, f.initReq)
}

func TestUploadDedupe(t *testing.T) {
	t.Run("hit", func(t *testing.T) {
		a, mux := accessFor(t, "conn_1")
		var body map[string]any
		mux.HandleFunc("POST /v2/access/uploads/check", func(w http.ResponseWriter, r *http.Request) {
			assertAccessRequest(t, r, "conn_1", nil)
			body = readJSON(t, r)
			writeJSON(w, 200, `{"exists": true, "media": {"id": 4001, "type": "photo", "createdAt": "2024-01-01T00:00:00Z"}}`)
		})
		res, err := a.Uploads.Upload(context.Background(), bytes.NewReader(testBytes(10)), 10,
			&UploadParams{Filename: "a.jpg", ContentType: "image/jpeg", CheckETag: "d41d8cd9"})
		require.NoError(t, err) // init or a PUT would 404 and fail the call
		assert.Equal(t, map[string]any{"etag": "d41d8cd9", "size": float64(10)}, body)
		assert.True(t, res.Existing)
		assert.Empty(t, res.MediaUploadID)
		require.NotNil(t, res.Media)
		assert.Equal(t, int64(4001), res.Media.ID)
		assert.Equal(t, MediaItem("4001"), res.MediaItem())
	})
	t.Run("miss", func(t *testing.T) {
		a, mux := accessFor(t, "conn_1")
		f := newFakeUploads(t, mux, `{"mediaUploadId": "`+uploadID+`"}`)
		f.contentType = "image/jpeg"
		res, err := a.Uploads.Upload(context.Background(), bytes.NewReader(testBytes(10)), 10,
			&UploadParams{Filename: "a.jpg", ContentType: "image/jpeg", CheckETag: "d41d8cd9"})
		require.NoError(t, err)
		assert.False(t, res.Existing)
		assert.Equal(t, []string{"check", "init", "put"}, f.callList())
		assert.Equal(t, map[string]any{"etag": "d41d8cd9", "size": float64(10)}, f.checkReq)
	})
}

func TestUploadPartRetryResendsSameBytes(t *testing.T) {
	a, mux := accessFor(t, "conn_1")
	f := newFakeUploads(t, mux, `{"mediaUploadId": "`+uploadID+`", "totalParts": 3, "partSize": 4}`)
	f.fail[2] = 1
	data := testBytes(10)
	prog := &progressLog{}
	_, err := a.Uploads.Upload(context.Background(), plainReader{bytes.NewReader(data)}, 10,
		&UploadParams{Filename: "clip.mp4", ContentType: "video/mp4", OnProgress: prog.fn})
	require.NoError(t, err)
	assert.Equal(t, [][]byte{data[4:8], data[4:8]}, f.attempts(2), "the 503'd part is resent identically")
	assert.Equal(t, []string{"init", "part 1", "part 2", "part 2", "part 3", "complete"}, f.callList())
	assert.Equal(t, data, f.received())
	assert.Equal(t, []int64{4, 8, 10}, prog.values())
}

func TestUploadShortReader(t *testing.T) {
	t.Run("plain reader", func(t *testing.T) {
		a, mux := accessFor(t, "conn_1")
		f := newFakeUploads(t, mux, `{"mediaUploadId": "`+uploadID+`", "totalParts": 3, "partSize": 4}`)
		_, err := a.Uploads.Upload(context.Background(), plainReader{bytes.NewReader(testBytes(6))}, 10,
			&UploadParams{Filename: "clip.mp4", ContentType: "video/mp4"})
		require.Error(t, err)
		assert.ErrorIs(t, err, io.ErrUnexpectedEOF)
		assert.ErrorIs(t, err, ErrInvalidParams)
		assert.Contains(t, err.Error(), "after 6 of 10 bytes")
		assert.Equal(t, []string{"init", "part 1"}, f.callList(), "no short part, no complete")
	})
	t.Run("seeker is measured first", func(t *testing.T) {
		a, mux := accessFor(t, "conn_1")
		f := newFakeUploads(t, mux, `{"mediaUploadId": "`+uploadID+`"}`)
		_, err := a.Uploads.Upload(context.Background(), bytes.NewReader(testBytes(6)), 10,
			&UploadParams{Filename: "clip.mp4", ContentType: "video/mp4"})
		assert.ErrorIs(t, err, io.ErrUnexpectedEOF)
		assert.Empty(t, f.callList(), "nothing sent")
	})
	t.Run("streamed part", func(t *testing.T) {
		a, mux := accessFor(t, "conn_1")
		f := newFakeUploads(t, mux, `{"mediaUploadId": "`+uploadID+`"}`)
		_, err := a.Uploads.Upload(context.Background(), plainReader{bytes.NewReader(testBytes(600))}, 1000,
			&UploadParams{Filename: "clip.mp4", ContentType: "video/mp4", MaxBuffer: 100})
		assert.ErrorIs(t, err, io.ErrUnexpectedEOF)
		assert.NotContains(t, f.callList(), "complete")
	})
}

func TestUploadCancellation(t *testing.T) {
	t.Run("between parts", func(t *testing.T) {
		a, mux := accessFor(t, "conn_1")
		f := newFakeUploads(t, mux, `{"mediaUploadId": "`+uploadID+`", "totalParts": 3, "partSize": 4}`)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		_, err := a.Uploads.Upload(ctx, bytes.NewReader(testBytes(10)), 10, &UploadParams{Filename: "clip.mp4", ContentType: "video/mp4",
			OnProgress: func(sent, total int64) { cancel() }})
		assert.ErrorIs(t, err, context.Canceled)
		assert.Equal(t, []string{"init", "part 1"}, f.callList())
	})
	t.Run("during a part", func(t *testing.T) {
		a, mux := accessFor(t, "conn_1")
		f := newFakeUploads(t, mux, `{"mediaUploadId": "`+uploadID+`", "totalParts": 3, "partSize": 4}`)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		f.onPart = func(n int, r *http.Request) {
			if n == 2 {
				cancel()
				select { // hold the request until the client gives up
				case <-r.Context().Done():
				case <-time.After(5 * time.Second):
					t.Error("the client did not abandon the request")
				}
			}
		}
		start := time.Now()
		_, err := a.Uploads.Upload(ctx, bytes.NewReader(testBytes(10)), 10, &UploadParams{Filename: "clip.mp4", ContentType: "video/mp4"})
		assert.ErrorIs(t, err, context.Canceled)
		assert.Less(t, time.Since(start), 3*time.Second)
		assert.NotContains(t, f.callList(), "part 3")
		assert.NotContains(t, f.callList(), "complete")
	})
}

func TestUploadStreamedPart(t *testing.T) {
	data := testBytes(10000)
	for name, tc := range map[string]struct {
		reader   io.Reader
		retried  bool
		attempts int
	}{
		"seeker":     {reader: bytes.NewReader(data), retried: true, attempts: 2},
		"reader at":  {reader: readerAtOnly{bytes.NewReader(data)}, retried: true, attempts: 2},
		"plain once": {reader: plainReader{bytes.NewReader(data)}, retried: false, attempts: 1},
	} {
		t.Run(name, func(t *testing.T) {
			a, mux := accessFor(t, "conn_1")
			f := newFakeUploads(t, mux, `{"mediaUploadId": "`+uploadID+`", "uploadType": "single"}`)
			f.fail[0] = 1
			prog := &progressLog{}
			res, err := a.Uploads.Upload(context.Background(), tc.reader, int64(len(data)),
				&UploadParams{Filename: "clip.mp4", ContentType: "video/mp4", MaxBuffer: 1024, OnProgress: prog.fn})
			attempts := f.attempts(0)
			require.Len(t, attempts, tc.attempts)
			for _, b := range attempts {
				assert.Equal(t, data, b, "every attempt sends the whole file")
			}
			if !tc.retried {
				require.Error(t, err)
				assert.ErrorIs(t, err, errNotReplayable)
				var apiErr *APIError
				require.ErrorAs(t, err, &apiErr, "the 503 stays reachable")
				assert.Equal(t, http.StatusServiceUnavailable, apiErr.StatusCode)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, int64(5008), res.Media.ID)
			vals := prog.values()
			require.NotEmpty(t, vals)
			assert.Equal(t, int64(len(data)), vals[len(vals)-1])
			for i := 1; i < len(vals); i++ {
				assert.Greater(t, vals[i], vals[i-1], "progress never goes back")
			}
		})
	}
}

func TestUploadInvalidParams(t *testing.T) {
	a, mux := accessFor(t, "conn_1")
	f := newFakeUploads(t, mux, `{"mediaUploadId": "`+uploadID+`"}`)
	r := bytes.NewReader([]byte("x"))
	ok := &UploadParams{Filename: "a.jpg", ContentType: "image/jpeg"}
	for name, call := range map[string]func() error{
		"nil reader": func() error { _, err := a.Uploads.Upload(context.Background(), nil, 1, ok); return err },
		"zero size":  func() error { _, err := a.Uploads.Upload(context.Background(), r, 0, ok); return err },
		"nil params": func() error { _, err := a.Uploads.Upload(context.Background(), r, 1, nil); return err },
		"no filename": func() error {
			_, err := a.Uploads.Upload(context.Background(), r, 1, &UploadParams{ContentType: "image/jpeg"})
			return err
		},
		"no type": func() error {
			_, err := a.Uploads.Upload(context.Background(), r, 1, &UploadParams{Filename: "a.jpg"})
			return err
		},
		"init nil": func() error { _, err := a.Uploads.Init(context.Background(), nil); return err },
		"init no size": func() error {
			_, err := a.Uploads.Init(context.Background(), &UploadInitParams{Filename: "a", ContentType: "b"})
			return err
		},
		"check no etag": func() error { _, err := a.Uploads.Check(context.Background(), "", 1); return err },
		"part zero": func() error {
			_, err := a.Uploads.PutPart(context.Background(), uploadID, 0, []byte("x"), "b")
			return err
		},
		"part no bytes":   func() error { _, err := a.Uploads.PutPart(context.Background(), uploadID, 1, nil, "b"); return err },
		"file no type":    func() error { _, err := a.Uploads.PutFile(context.Background(), uploadID, []byte("x"), ""); return err },
		"complete no id":  func() error { _, err := a.Uploads.Complete(context.Background(), " "); return err },
		"file empty id":   func() error { _, err := a.Uploads.PutFile(context.Background(), "", []byte("x"), "b"); return err },
		"part empty id":   func() error { _, err := a.Uploads.PutPart(context.Background(), "", 1, []byte("x"), "b"); return err },
		"check zero size": func() error { _, err := a.Uploads.Check(context.Background(), "e", 0); return err },
	} {
		assert.ErrorIs(t, call(), ErrInvalidParams, name)
	}
	assert.Empty(t, f.callList(), "nothing sent")
}

func TestUploadRejectsUnusableInit(t *testing.T) {
	for name, init := range map[string]string{
		"plan too short": `{"mediaUploadId": "` + uploadID + `", "totalParts": 2, "partSize": 4}`,
		"no upload id":   `{"totalParts": 1}`,
		// the id is the server's: a key echoed in it across the 64-byte cut stays masked
		"key in the upload id": `{"mediaUploadId": "` + strings.Repeat("u", 60) + testKey + `", "totalParts": 2, "partSize": 4}`,
	} {
		t.Run(name, func(t *testing.T) {
			a, mux := accessFor(t, "conn_1")
			f := newFakeUploads(t, mux, init)
			_, err := a.Uploads.Upload(context.Background(), bytes.NewReader(testBytes(10)), 10, &UploadParams{Filename: "a", ContentType: "video/mp4"})
			assert.ErrorIs(t, err, ErrInvalidResponse)
			assertNoKeyPart(t, err.Error(), "error")
			assert.Equal(t, []string{"init"}, f.callList(), "no part sent")
		})
	}
}

func TestPlanUpload(t *testing.T) {
	rng := func(s, e int64) *UploadByteRange { return &UploadByteRange{Start: s, End: e} }
	for name, tc := range map[string]struct {
		init UploadInitResult
		size int64
		want uploadPlan
		bad  bool
	}{
		"nothing: one part":         {size: 10, want: uploadPlan{parts: 1, partSize: 10}},
		"one part of a larger size": {init: UploadInitResult{TotalParts: 1, PartSize: 5 << 20}, size: 10, want: uploadPlan{parts: 1, partSize: 5 << 20}},
		"parts and size":            {init: UploadInitResult{TotalParts: 3, PartSize: 4}, size: 10, want: uploadPlan{multipart: true, parts: 3, partSize: 4}},
		"exact fit":                 {init: UploadInitResult{TotalParts: 2, PartSize: 5}, size: 10, want: uploadPlan{multipart: true, parts: 2, partSize: 5}},
		"size only":                 {init: UploadInitResult{PartSize: 4}, size: 10, want: uploadPlan{multipart: true, parts: 3, partSize: 4}},
		"size covers all":           {init: UploadInitResult{PartSize: 64}, size: 10, want: uploadPlan{parts: 1, partSize: 64}},
		"multipart of one":          {init: UploadInitResult{UploadType: UploadTypeMultipart, TotalParts: 1}, size: 10, want: uploadPlan{multipart: true, parts: 1, partSize: 10}},
		"from the part list": {init: UploadInitResult{Parts: []UploadPartTarget{
			{PartNumber: 1, ByteRange: rng(0, 3)}, {PartNumber: 2, ByteRange: rng(4, 7)}, {PartNumber: 3, ByteRange: rng(8, 9)}}},
			size: 10, want: uploadPlan{multipart: true, parts: 3, partSize: 4}},
		"part list without ranges": {init: UploadInitResult{TotalParts: 2, PartSize: 5, Parts: []UploadPartTarget{{PartNumber: 1}, {PartNumber: 2}}},
			size: 10, want: uploadPlan{multipart: true, parts: 2, partSize: 5}},
		"too few parts":      {init: UploadInitResult{TotalParts: 2, PartSize: 4}, size: 10, bad: true},
		"too many parts":     {init: UploadInitResult{TotalParts: 4, PartSize: 4}, size: 10, bad: true},
		"parts without size": {init: UploadInitResult{TotalParts: 3}, size: 10, bad: true},
		"negative":           {init: UploadInitResult{TotalParts: -1, PartSize: 4}, size: 10, bad: true},
		"single in parts":    {init: UploadInitResult{UploadType: UploadTypeSingle, TotalParts: 3, PartSize: 4}, size: 10, bad: true},
		"list count differs": {init: UploadInitResult{TotalParts: 3, PartSize: 4, Parts: []UploadPartTarget{{PartNumber: 1}}}, size: 10, bad: true},
		"list out of order": {init: UploadInitResult{TotalParts: 2, PartSize: 5, Parts: []UploadPartTarget{{PartNumber: 2}, {PartNumber: 1}}},
			size: 10, bad: true},
		"range mismatch": {init: UploadInitResult{TotalParts: 2, PartSize: 5, Parts: []UploadPartTarget{
			{PartNumber: 1, ByteRange: rng(0, 4)}, {PartNumber: 2, ByteRange: rng(5, 8)}}}, size: 10, bad: true},
	} {
		got, err := planUpload(&tc.init, tc.size)
		if tc.bad {
			assert.ErrorIs(t, err, ErrInvalidResponse, name)
			continue
		}
		require.NoError(t, err, name)
		assert.Equal(t, tc.want, got, name)
	}
}

func TestUploadResultMediaItem(t *testing.T) {
	assert.Equal(t, MediaItem(uploadID), (&UploadResult{MediaUploadID: uploadID}).MediaItem(), "media still processing")
	assert.Equal(t, MediaItem("9"), (&UploadResult{MediaUploadID: uploadID, Media: &Media{ID: 9}}).MediaItem())
}

// patternReader generates size bytes without holding them: a plain
// io.Reader, as a network stream would be.
type patternReader struct {
	left  int64
	block []byte
	off   int
}

func newPatternReader(size int64) *patternReader {
	return &patternReader{left: size, block: testBytes(64 << 10)}
}

func (r *patternReader) Read(p []byte) (int, error) {
	if r.left == 0 {
		return 0, io.EOF
	}
	if int64(len(p)) > r.left {
		p = p[:r.left]
	}
	n := 0
	for n < len(p) {
		c := copy(p[n:], r.block[r.off:])
		n += c
		r.off = (r.off + c) % len(r.block)
	}
	r.left -= int64(n)
	return n, nil
}

// uploadPeakHeap uploads size bytes in parts of partSize to a server that
// discards them, and returns the peak HeapInuse seen while it ran.
func uploadPeakHeap(tb testing.TB, size, partSize int64) uint64 {
	tb.Helper()
	mux := http.NewServeMux()
	var mu sync.Mutex
	var received int64
	mux.HandleFunc("POST /v2/access/uploads/init", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Ofauth-Upload-Part-Size", strconv.FormatInt(partSize, 10))
		writeJSON(w, 200, `{"mediaUploadId": "`+uploadID+`"}`)
	})
	mux.HandleFunc("PUT /v2/access/uploads/{id}/parts/{n}", func(w http.ResponseWriter, r *http.Request) {
		n, _ := io.Copy(io.Discard, r.Body)
		mu.Lock()
		received += n
		mu.Unlock()
		writeJSON(w, 200, `{"etag": "e"}`)
	})
	mux.HandleFunc("POST /v2/access/uploads/complete", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, `{"mediaUploadId": "`+uploadID+`"}`)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	c, err := NewClient(testKey, WithBaseURL(srv.URL), WithConnectionID("conn_1"))
	require.NoError(tb, err)

	runtime.GC()
	var peak atomic.Uint64
	stop := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		var ms runtime.MemStats
		tick := time.NewTicker(2 * time.Millisecond)
		defer tick.Stop()
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > peak.Load() {
				peak.Store(ms.HeapInuse)
			}
			select {
			case <-stop:
				return
			case <-tick.C:
			}
		}
	}()
	_, err = c.Access.Uploads.Upload(context.Background(), newPatternReader(size), size,
		&UploadParams{Filename: "big.mp4", ContentType: "video/mp4"})
	close(stop)
	<-sampled
	require.NoError(tb, err)
	mu.Lock()
	assert.Equal(tb, size, received)
	mu.Unlock()
	return peak.Load()
}

// TestUploadMemoryStaysNearOnePart streams 256 MiB in 8 MiB parts and
// checks the heap never holds much more than one part.
func TestUploadMemoryStaysNearOnePart(t *testing.T) {
	if testing.Short() {
		t.Skip("moves 256 MiB")
	}
	start := time.Now()
	peak := uploadPeakHeap(t, 256<<20, 8<<20)
	t.Logf("256 MiB in 8 MiB parts: peak HeapInuse %.1f MiB, %v", float64(peak)/(1<<20), time.Since(start).Round(time.Millisecond))
	assert.Less(t, peak, uint64(64<<20))
}

// BenchmarkUpload reports the upload throughput and the peak heap.
func BenchmarkUpload(b *testing.B) {
	const size = 64 << 20
	b.ReportAllocs()
	b.SetBytes(size)
	var peak uint64
	for range b.N {
		peak = max(peak, uploadPeakHeap(b, size, 8<<20))
	}
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
}

// A pipe (such as os.Stdin) is an *os.File whose Seek and ReadAt fail: it
// is read once, in order.
func TestUploadFromPipe(t *testing.T) {
	a, mux := accessFor(t, "conn_1")
	f := newFakeUploads(t, mux, `{"mediaUploadId": "`+uploadID+`", "totalParts": 3, "partSize": 4}`)
	pr, pw, err := os.Pipe()
	require.NoError(t, err)
	defer func() { _ = pr.Close() }()
	data := testBytes(10)
	writeErr := make(chan error, 1)
	go func() {
		_, err := pw.Write(data)
		writeErr <- errors.Join(err, pw.Close())
	}()
	_, err = a.Uploads.Upload(context.Background(), pr, 10, &UploadParams{Filename: "clip.mp4", ContentType: "video/mp4"})
	require.NoError(t, err)
	require.NoError(t, <-writeErr)
	assert.Equal(t, data, f.received())
}
