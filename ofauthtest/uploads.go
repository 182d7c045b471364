package ofauthtest

import (
	"crypto/md5"
	"encoding/hex"
	"io"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Upload is a snapshot of an upload session the server holds.
type Upload struct {
	ID            string // "upload:<uuid>"
	ConnectionID  string
	Filename      string
	ContentType   string
	Size          int64 // the size declared at init
	PartSize      int64
	TotalParts    int
	BytesReceived int64 // the bytes of the parts received so far
	Completed     bool
	MediaID       int64 // the vault media id once completed
}

// upload is the server's record of an upload; it keeps sizes and digests,
// never the bytes. Guarded by Server.mu.
type upload struct {
	Upload
	parts     map[int]uploadPart
	etag      string // of the whole file, once completed
	media     mediaJSON
	consumed  bool // used in a message: an upload reference is single-use
	createdAt time.Time
}

type uploadPart struct {
	size int64
	etag string
}

// Uploads returns every upload session, oldest first.
func (s *Server) Uploads() []Upload {
	s.mu.Lock()
	defer s.mu.Unlock()
	var ups []*upload
	for _, u := range s.uploads {
		ups = append(ups, u)
	}
	sort.Slice(ups, func(i, j int) bool {
		if !ups[i].createdAt.Equal(ups[j].createdAt) {
			return ups[i].createdAt.Before(ups[j].createdAt)
		}
		return ups[i].ID < ups[j].ID
	})
	out := make([]Upload, len(ups))
	for i, u := range ups {
		out[i] = u.snapshot()
	}
	return out
}

func (u *upload) snapshot() Upload {
	out := u.Upload
	out.BytesReceived = 0
	for _, p := range u.parts {
		out.BytesReceived += p.size
	}
	return out
}

func (s *Server) handleUploadInit(w http.ResponseWriter, r *http.Request, a accessCall) {
	var body struct {
		Filename    string `json:"filename"`
		Size        int64  `json:"size"`
		ContentType string `json:"contentType"`
		VaultUpload *struct {
			Mode   string  `json:"mode"`
			UserID *string `json:"userId"`
		} `json:"vaultUpload"`
	}
	if !readJSON(w, r, &body, false) {
		return
	}
	switch {
	case strings.TrimSpace(body.Filename) == "":
		badRequest(w, "filename is required")
		return
	case body.Size <= 0:
		badRequest(w, "size must be a positive number of bytes")
		return
	case strings.TrimSpace(body.ContentType) == "" || !strings.Contains(body.ContentType, "/"):
		badRequest(w, "contentType must be a MIME type")
		return
	case body.VaultUpload != nil && body.VaultUpload.Mode != "" && body.VaultUpload.Mode != "message":
		badRequest(w, "vaultUpload.mode must be message")
		return
	}
	partSize := s.cfg.partSize
	if body.Size <= partSize {
		partSize = body.Size
	}
	total := int((body.Size + partSize - 1) / partSize)
	now := s.now()
	u := &upload{
		Upload: Upload{
			ID: "upload:" + randomUUID(), ConnectionID: a.conn.ID, Filename: body.Filename,
			ContentType: body.ContentType, Size: body.Size, PartSize: partSize, TotalParts: total,
		},
		parts:     map[int]uploadPart{},
		createdAt: now,
	}
	s.mu.Lock()
	s.uploads[u.ID] = u
	s.mu.Unlock()
	uploadType := "single"
	if total > 1 {
		uploadType = "multipart"
	}
	w.Header().Set("x-ofauth-upload-total-parts", strconv.Itoa(total))
	w.Header().Set("x-ofauth-upload-part-size", strconv.FormatInt(partSize, 10))
	writeJSON(w, http.StatusOK, map[string]any{
		"mediaUploadId": u.ID, "uploadType": uploadType, "totalParts": total, "partSize": partSize,
		"expiresAt": isoTime(now.Add(time.Hour)),
	})
}

// uploadOf finds the {mediaUploadId} upload of this connection,
// answering 404 itself.
func (s *Server) uploadOf(w http.ResponseWriter, id, connID string) *upload {
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.uploads[id]
	if u == nil || u.ConnectionID != connID {
		notFound(w, "Upload")
		return nil
	}
	return u
}

// receive counts and digests a body of want bytes, discarding it. It
// answers 400 itself when the length is wrong.
func receive(w http.ResponseWriter, r *http.Request, want int64) (uploadPart, bool) {
	h := md5.New()
	n, err := io.Copy(h, io.LimitReader(r.Body, want+1))
	if err != nil {
		badRequest(w, "reading the upload body failed")
		return uploadPart{}, false
	}
	if n != want {
		if n > want {
			badRequest(w, "the body is longer than the %d bytes expected", want)
		} else {
			badRequest(w, "the body has %d bytes, %d expected", n, want)
		}
		return uploadPart{}, false
	}
	return uploadPart{size: n, etag: hex.EncodeToString(h.Sum(nil))}, true
}

func (s *Server) handleUploadSingle(w http.ResponseWriter, r *http.Request, a accessCall) {
	u := s.uploadOf(w, r.PathValue("mediaUploadId"), a.conn.ID)
	if u == nil {
		return
	}
	if u.TotalParts != 1 { // read without the lock: set at init, never changed
		badRequest(w, "this upload has %d parts: PUT each one to /uploads/{mediaUploadId}/parts/{n}", u.TotalParts)
		return
	}
	part, ok := receive(w, r, u.Size)
	if !ok {
		return
	}
	s.mu.Lock()
	if !u.Completed { // a retried PUT gets the first one's answer
		u.parts[1] = part
		s.completeUploadLocked(u, part.etag)
	}
	resp := map[string]any{"mediaUploadId": u.ID, "media": u.media}
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, resp)
}

func (s *Server) handleUploadPart(w http.ResponseWriter, r *http.Request, a accessCall) {
	u := s.uploadOf(w, r.PathValue("mediaUploadId"), a.conn.ID)
	if u == nil {
		return
	}
	n, err := strconv.Atoi(r.PathValue("partNumber"))
	if err != nil || n < 1 || n > u.TotalParts {
		badRequest(w, "partNumber must be between 1 and %d", u.TotalParts)
		return
	}
	s.mu.Lock()
	done := u.Completed
	s.mu.Unlock()
	if done {
		writeError(w, http.StatusConflict, codeConflict, "Upload "+u.ID+" is already completed")
		return
	}
	want := u.PartSize
	if n == u.TotalParts {
		want = u.Size - int64(n-1)*u.PartSize
	}
	part, ok := receive(w, r, want)
	if !ok {
		return
	}
	s.mu.Lock()
	u.parts[n] = part // a retried part replaces the first
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{"mediaUploadId": u.ID, "partNumber": n, "etag": part.etag})
}

func (s *Server) handleUploadComplete(w http.ResponseWriter, r *http.Request, a accessCall) {
	var body struct {
		MediaUploadID string `json:"mediaUploadId"`
	}
	if !readJSON(w, r, &body, false) {
		return
	}
	if body.MediaUploadID == "" {
		badRequest(w, "mediaUploadId is required")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.uploads[body.MediaUploadID]
	if u == nil || u.ConnectionID != a.conn.ID {
		notFound(w, "Upload")
		return
	}
	if !u.Completed {
		var missing []string
		digests := md5.New()
		for i := 1; i <= u.TotalParts; i++ {
			p, ok := u.parts[i]
			if !ok {
				missing = append(missing, strconv.Itoa(i))
				continue
			}
			b, _ := hex.DecodeString(p.etag)
			digests.Write(b)
		}
		if len(missing) > 0 {
			badRequest(w, "parts not uploaded yet: %s", strings.Join(missing, ", "))
			return
		}
		// The multipart ETag convention: the digest of the parts' digests
		// and the number of parts.
		s.completeUploadLocked(u, hex.EncodeToString(digests.Sum(nil))+"-"+strconv.Itoa(u.TotalParts))
	}
	writeJSON(w, http.StatusOK, map[string]any{"mediaUploadId": u.ID, "media": u.media})
}

// completeUploadLocked turns a fully received upload into vault media.
func (s *Server) completeUploadLocked(u *upload, etag string) {
	s.nextMedia++
	kind := "photo"
	switch ct := strings.ToLower(u.ContentType); {
	case ct == "image/gif":
		kind = "gif"
	case strings.HasPrefix(ct, "video/"):
		kind = "video"
	case strings.HasPrefix(ct, "audio/"):
		kind = "audio"
	}
	u.Completed, u.etag, u.MediaID = true, etag, s.nextMedia
	u.media = newMedia(s.nextMedia, kind, s.now(), u.Size)
}

func (s *Server) handleUploadCheck(w http.ResponseWriter, r *http.Request, a accessCall) {
	var body struct {
		ETag string `json:"etag"`
		Size int64  `json:"size"`
	}
	if !readJSON(w, r, &body, false) {
		return
	}
	if body.ETag == "" || body.Size <= 0 {
		badRequest(w, "etag and a positive size are required")
		return
	}
	etag := strings.Trim(body.ETag, `"`)
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, u := range s.uploads {
		if u.ConnectionID != a.conn.ID || !u.Completed || u.Size != body.Size {
			continue
		}
		match := u.etag == etag
		for _, p := range u.parts {
			match = match || (u.TotalParts == 1 && p.etag == etag)
		}
		if match {
			writeJSON(w, http.StatusOK, map[string]any{"exists": true, "media": u.media})
			return
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"exists": false})
}
