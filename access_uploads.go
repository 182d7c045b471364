package ofauth

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
)

// UploadsService covers media uploads into the vault (access-endpoints.json tag "Upload").
//
// Upload runs the whole flow; Check, Init, PutFile, PutPart and Complete
// are its steps, for callers who drive an upload themselves.
type UploadsService struct{ accessGroup }

// The methods of UploadsService are hand-written: every upload operation
// is x-go-override in spec/openapi.yaml, as the calls send raw bytes, read
// headers and chain into the Upload flow.

// defaultUploadBuffer is the default UploadParams.MaxBuffer.
const defaultUploadBuffer = 16 << 20

// errNotReplayable ends a retry of a streamed part whose reader cannot be
// read again.
var errNotReplayable = errors.New("ofauth: the upload's reader cannot be rewound to resend a part; pass an io.ReadSeeker or io.ReaderAt to allow retries")

// Upload sends size bytes read from r into the vault and returns the new
// media. It runs the upload flow: an optional check for a file already
// there (p.CheckETag), init, then the bytes in the parts the API asks for
// (one PUT for a single part; one PUT per part and a completion call
// otherwise).
//
// The file is streamed part by part and never held in memory whole: each
// part up to p.MaxBuffer (default 16 MiB) is read into one reused buffer,
// which is resent as is when an attempt fails and is retried. Larger parts
// are streamed from r; when r is an io.Seeker (read from its current
// position) or an io.ReaderAt (read from offset 0) a failed attempt is
// retried by reading the range again, otherwise such a part gets one
// attempt only.
//
// The parts always go to the API's part route; upload URLs of the plan are
// not followed, so the API key is never sent anywhere else. An error is
// returned when r ends before size bytes (matching ErrInvalidParams and
// io.ErrUnexpectedEOF), when the plan cannot cover size bytes, or when ctx
// ends, between or during parts; the upload is then not completed.
//
// opts apply to every request of the flow: WithCallTimeout bounds the
// whole upload, and WithResponseInto describes its last request.
func (s *UploadsService) Upload(ctx context.Context, r io.Reader, size int64, p *UploadParams, opts ...CallOption) (*UploadResult, error) {
	if err := checkUpload(r, size, p); err != nil {
		return nil, refused(opts, err)
	}
	if call, err := applyCallOptions(opts); err == nil && call.timeout > 0 {
		var cancel context.CancelFunc // the timeout covers the whole flow, not each request
		ctx, cancel = context.WithTimeout(ctx, call.timeout)
		defer cancel()
	}
	s = s.withOptions(opts)
	if p.CheckETag != "" {
		found, err := s.Check(ctx, p.CheckETag, size)
		if err != nil {
			return nil, err
		}
		if found.Exists {
			return &UploadResult{Media: found.Media, Existing: true}, nil
		}
	}
	src, err := newUploadSource(r, size)
	if err != nil {
		return nil, err
	}
	session, err := s.Init(ctx, &UploadInitParams{Filename: p.Filename, Size: size, ContentType: p.ContentType, VaultUpload: p.VaultUpload})
	if err != nil {
		return nil, err
	}
	if session.MediaUploadID == "" {
		return nil, fmt.Errorf("%w: upload init returned no mediaUploadId", ErrInvalidResponse)
	}
	plan, err := planUpload(session, size)
	if err != nil {
		// The id is the server's: masked, then cut.
		return nil, fmt.Errorf("ofauth: upload %s: %w", s.scope.core.redactor().cut(session.MediaUploadID, 64, false), err)
	}
	return newUploader(s, session.MediaUploadID, src, size, p).run(ctx, plan)
}

// withOptions returns the service carrying a call's options to every
// request it sends.
func (s *UploadsService) withOptions(opts []CallOption) *UploadsService {
	if len(opts) == 0 {
		return s
	}
	return &UploadsService{accessGroup: s.with(opts)}
}

func checkUpload(r io.Reader, size int64, p *UploadParams) error {
	switch {
	case r == nil:
		return fmt.Errorf("%w: nil upload reader", ErrInvalidParams)
	case size <= 0:
		return fmt.Errorf("%w: upload size must be positive, got %d", ErrInvalidParams, size)
	case p == nil || strings.TrimSpace(p.Filename) == "":
		return fmt.Errorf("%w: upload needs a file name", ErrInvalidParams)
	case strings.TrimSpace(p.ContentType) == "":
		return fmt.Errorf("%w: upload needs a content type", ErrInvalidParams)
	}
	return nil
}

// Check asks whether a file with this ETag and size is already in the
// vault; when it is, Media is the existing vault media.
//
// POST /v2/access/uploads/check
func (s *UploadsService) Check(ctx context.Context, etag string, size int64, opts ...CallOption) (*UploadCheckResult, error) {
	if etag == "" || size <= 0 {
		return nil, refused(opts, fmt.Errorf("%w: upload check needs an ETag and a positive size", ErrInvalidParams))
	}
	body := struct {
		ETag string `json:"etag"`
		Size int64  `json:"size"`
	}{etag, size}
	return accessSend[UploadCheckResult](ctx, s.with(opts), http.MethodPost, "/v2/access/uploads/check", nil, body)
}

// Init starts an upload session and returns its id and plan (see
// UploadInitResult).
//
// POST /v2/access/uploads/init
func (s *UploadsService) Init(ctx context.Context, p *UploadInitParams, opts ...CallOption) (*UploadInitResult, error) {
	if p == nil || p.Size <= 0 || strings.TrimSpace(p.Filename) == "" || strings.TrimSpace(p.ContentType) == "" {
		return nil, refused(opts, fmt.Errorf("%w: upload init needs a file name, a content type and a positive size", ErrInvalidParams))
	}
	var out UploadInitResult
	h := http.Header{}
	if err := s.with(opts).do(ctx, &request{method: http.MethodPost, route: "/v2/access/uploads/init", body: p, out: &out, respHeader: h}); err != nil {
		return nil, err
	}
	if out.TotalParts == 0 {
		out.TotalParts = int(positiveHeader(h, "x-ofauth-upload-total-parts"))
	}
	if out.PartSize == 0 {
		out.PartSize = positiveHeader(h, "x-ofauth-upload-part-size")
	}
	return &out, nil
}

// positiveHeader reads a positive integer header; 0 when absent or not one.
func positiveHeader(h http.Header, name string) int64 {
	n, err := strconv.ParseInt(strings.TrimSpace(h.Get(name)), 10, 64)
	if err != nil || n < 0 {
		return 0
	}
	return n
}

// PutFile sends a whole file in one request, which also finishes the
// upload: no Complete call follows.
//
// PUT /v2/access/uploads/{mediaUploadId}
func (s *UploadsService) PutFile(ctx context.Context, mediaUploadID string, data []byte, contentType string, opts ...CallOption) (*UploadResult, error) {
	if len(data) == 0 || contentType == "" {
		return nil, refused(opts, fmt.Errorf("%w: an upload needs bytes and a content type", ErrInvalidParams))
	}
	var out UploadResult
	if err := s.withOptions(opts).put(ctx, mediaUploadID, 0, contentType, partBody{raw: data}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// PutPart sends part partNumber (from 1) of a multipart upload.
//
// PUT /v2/access/uploads/{mediaUploadId}/parts/{partNumber}
func (s *UploadsService) PutPart(ctx context.Context, mediaUploadID string, partNumber int, data []byte, contentType string, opts ...CallOption) (*UploadPartResult, error) {
	if partNumber < 1 || len(data) == 0 || contentType == "" {
		return nil, refused(opts, fmt.Errorf("%w: a part needs a number from 1, bytes and a content type", ErrInvalidParams))
	}
	var out UploadPartResult
	if err := s.withOptions(opts).put(ctx, mediaUploadID, partNumber, contentType, partBody{raw: data}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// Complete finishes a multipart upload once every part is sent.
//
// POST /v2/access/uploads/complete
func (s *UploadsService) Complete(ctx context.Context, mediaUploadID string, opts ...CallOption) (*UploadResult, error) {
	if strings.TrimSpace(mediaUploadID) == "" {
		return nil, refused(opts, fmt.Errorf("%w: empty media upload id", ErrInvalidParams))
	}
	body := struct {
		MediaUploadID string `json:"mediaUploadId"`
	}{mediaUploadID}
	return accessSend[UploadResult](ctx, s.with(opts), http.MethodPost, "/v2/access/uploads/complete", nil, body)
}

// partBody is the body of an upload PUT: bytes in memory, or a stream.
type partBody struct {
	raw    []byte
	stream *streamedPart
}

// put sends one upload PUT; partNumber 0 is the single-part route.
func (s *UploadsService) put(ctx context.Context, mediaUploadID string, partNumber int, contentType string, body partBody, out any) error {
	r := &request{method: http.MethodPut, route: "/v2/access/uploads/{mediaUploadId}", args: []string{mediaUploadID},
		raw: body.raw, contentType: contentType, out: out}
	if partNumber > 0 {
		r.route = "/v2/access/uploads/{mediaUploadId}/parts/{partNumber}"
		r.args = append(r.args, strconv.Itoa(partNumber))
	}
	if body.stream != nil {
		r.stream, r.length = body.stream.open, body.stream.n
	}
	return s.do(ctx, r)
}

// uploadPlan is how a file is cut: parts of partSize bytes, the last one
// shorter.
type uploadPlan struct {
	multipart bool
	parts     int
	partSize  int64
}

// planUpload reads the plan of an init answer and checks it covers size
// bytes exactly: every part but the last full, none empty.
func planUpload(init *UploadInitResult, size int64) (uploadPlan, error) {
	parts, partSize := init.TotalParts, init.PartSize
	if n := len(init.Parts); n > 0 {
		if parts == 0 {
			parts = n
		}
		if partSize == 0 {
			if br := init.Parts[0].ByteRange; br != nil {
				partSize = br.End - br.Start + 1
			}
		}
	}
	switch {
	case parts < 0 || partSize < 0:
		return uploadPlan{}, badPlan(size, "negative figures")
	case parts == 0 && partSize > 0:
		parts = int((size-1)/partSize + 1)
	case parts == 0:
		parts = 1
	}
	if parts == 1 && partSize == 0 {
		partSize = size
	}
	if partSize <= 0 || (size-1)/partSize+1 != int64(parts) {
		return uploadPlan{}, badPlan(size, fmt.Sprintf("%d parts of %d bytes do not make %d bytes", parts, partSize, size))
	}
	plan := uploadPlan{parts: parts, partSize: partSize, multipart: parts > 1}
	switch init.UploadType {
	case UploadTypeMultipart:
		plan.multipart = true
	case UploadTypeSingle:
		if parts > 1 {
			return uploadPlan{}, badPlan(size, fmt.Sprintf("a single upload in %d parts", parts))
		}
	}
	if err := plan.checkTargets(init.Parts, size); err != nil {
		return uploadPlan{}, badPlan(size, err.Error())
	}
	return plan, nil
}

// checkTargets checks that the plan's part list, when sent, agrees with
// the part size: numbered from 1, in order, with the expected ranges.
func (p uploadPlan) checkTargets(targets []UploadPartTarget, size int64) error {
	if len(targets) == 0 {
		return nil
	}
	if len(targets) != p.parts {
		return fmt.Errorf("%d parts listed for %d", len(targets), p.parts)
	}
	for i, t := range targets {
		n := i + 1
		if t.PartNumber != 0 && t.PartNumber != n {
			return fmt.Errorf("part %d listed as number %d", n, t.PartNumber)
		}
		start, length := p.part(n, size)
		if br := t.ByteRange; br != nil && (br.Start != start || br.End != start+length-1) {
			return fmt.Errorf("part %d covers bytes %d-%d, want %d-%d", n, br.Start, br.End, start, start+length-1)
		}
	}
	return nil
}

// part returns the offset and length of part n (from 1).
func (p uploadPlan) part(n int, size int64) (start, length int64) {
	start = int64(n-1) * p.partSize
	return start, min(p.partSize, size-start)
}

func badPlan(size int64, why string) error {
	return fmt.Errorf("%w: unusable part plan for %d bytes: %s", ErrInvalidResponse, size, why)
}

// uploader sends the bytes of one upload.
type uploader struct {
	s           *UploadsService
	id          string
	contentType string
	size        int64
	src         *uploadSource
	maxBuffer   int64
	buf         []byte // the reused part buffer
	progress    *uploadProgress
}

func newUploader(s *UploadsService, id string, src *uploadSource, size int64, p *UploadParams) *uploader {
	u := &uploader{
		s: s, id: id, contentType: p.ContentType, size: size, src: src,
		maxBuffer: p.MaxBuffer, progress: &uploadProgress{fn: p.OnProgress, total: size},
	}
	if u.maxBuffer <= 0 {
		u.maxBuffer = defaultUploadBuffer
	}
	return u
}

// run sends the file as planned and returns the finished upload.
func (u *uploader) run(ctx context.Context, plan uploadPlan) (*UploadResult, error) {
	var res *UploadResult
	var err error
	if plan.multipart {
		res, err = u.multipart(ctx, plan)
	} else {
		res, err = u.single(ctx)
	}
	if err != nil {
		return nil, err
	}
	if res.MediaUploadID == "" {
		res.MediaUploadID = u.id
	}
	return res, nil
}

// single sends the whole file in one PUT, which finishes the upload.
func (u *uploader) single(ctx context.Context) (*UploadResult, error) {
	var out UploadResult
	if err := u.send(ctx, 0, 0, u.size, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// multipart sends every part in order, then completes the upload.
func (u *uploader) multipart(ctx context.Context, plan uploadPlan) (*UploadResult, error) {
	for n := 1; n <= plan.parts; n++ {
		start, length := plan.part(n, u.size)
		var out UploadPartResult
		if err := u.send(ctx, n, start, length, &out); err != nil {
			return nil, err
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return u.s.Complete(ctx, u.id)
}

// send sends the part of length bytes at start, from the buffer when it
// fits, else streamed.
func (u *uploader) send(ctx context.Context, partNumber int, start, length int64, out any) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if length <= u.maxBuffer {
		buf, err := u.read(start, length)
		if err != nil {
			return err
		}
		if err := u.s.put(ctx, u.id, partNumber, u.contentType, partBody{raw: buf}, out); err != nil {
			return err
		}
		u.progress.reached(start + length)
		return nil
	}
	part := &streamedPart{src: u.src, start: start, n: length, size: u.size, progress: u.progress}
	defer part.finish()
	return u.s.put(ctx, u.id, partNumber, u.contentType, partBody{stream: part}, out)
}

// read fills the part buffer with length bytes at start.
func (u *uploader) read(start, length int64) ([]byte, error) {
	if int64(cap(u.buf)) < length {
		u.buf = make([]byte, length)
	}
	buf := u.buf[:length]
	r, err := u.src.open(start, length)
	if err != nil {
		return nil, err
	}
	n, err := io.ReadFull(r, buf)
	switch {
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		return nil, shortUpload(start+int64(n), u.size)
	case err != nil:
		return nil, fmt.Errorf("ofauth: reading the upload: %w", err)
	}
	return buf, nil
}

func shortUpload(got, size int64) error {
	return fmt.Errorf("%w: the upload's reader ended after %d of %d bytes: %w", ErrInvalidParams, got, size, io.ErrUnexpectedEOF)
}

// uploadSource reads byte ranges of the file: again and again when the
// reader can seek or read at an offset, once and in order otherwise.
type uploadSource struct {
	r      io.Reader
	seeker io.Seeker   // set when r seeks
	at     io.ReaderAt // set when r reads at offsets but does not seek
	base   int64       // the seeker's position at the start
	next   int64       // the next offset of a plain reader
}

// newUploadSource wraps r; a reader that seeks is checked to hold size
// bytes before anything is sent.
func newUploadSource(r io.Reader, size int64) (*uploadSource, error) {
	src := &uploadSource{r: r}
	sk, ok := r.(io.Seeker)
	if !ok {
		src.at, _ = r.(io.ReaderAt)
		return src, nil
	}
	base, err := sk.Seek(0, io.SeekCurrent)
	if err != nil {
		return src, nil //nolint:nilerr // a pipe or terminal cannot seek: read it once, in order
	}
	src.seeker, src.base = sk, base
	if end, err := sk.Seek(0, io.SeekEnd); err == nil { // else it cannot be measured: reads will tell
		if _, err := sk.Seek(base, io.SeekStart); err != nil {
			return nil, fmt.Errorf("ofauth: rewinding the upload: %w", err)
		}
		if end-base < size {
			return nil, shortUpload(end-base, size)
		}
	}
	return src, nil
}

// open returns a reader of length bytes at start.
func (s *uploadSource) open(start, length int64) (io.Reader, error) {
	switch {
	case s.seeker != nil:
		if _, err := s.seeker.Seek(s.base+start, io.SeekStart); err != nil {
			return nil, fmt.Errorf("ofauth: rewinding the upload: %w", err)
		}
		return io.LimitReader(s.r, length), nil
	case s.at != nil:
		return io.NewSectionReader(s.at, start, length), nil
	case start != s.next:
		return nil, errNotReplayable
	default:
		s.next = start + length
		return io.LimitReader(s.r, length), nil
	}
}

// uploadProgress reports the bytes sent, never going back.
type uploadProgress struct {
	fn    func(sent, total int64)
	total int64
	sent  int64
}

func (p *uploadProgress) reached(sent int64) {
	if p.fn != nil && sent > p.sent {
		p.sent = sent
		p.fn(sent, p.total)
	}
}

// streamedPart is a part sent straight from the source, opened once per
// attempt. Once finished (the call returned) it stops reading the source
// and reporting progress, even if the transport still holds a reader.
type streamedPart struct {
	src      *uploadSource
	start, n int64
	size     int64
	progress *uploadProgress

	mu   sync.Mutex
	done bool
	err  error // a short read; later attempts fail with it at once
}

var errPartFinished = errors.New("ofauth: upload part already finished")

// open starts an attempt.
func (p *streamedPart) open() (io.Reader, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	switch {
	case p.done:
		return nil, errPartFinished
	case p.err != nil:
		return nil, p.err
	}
	r, err := p.src.open(p.start, p.n)
	if err != nil {
		return nil, err
	}
	return &partReader{part: p, r: r}, nil
}

func (p *streamedPart) finish() {
	p.mu.Lock()
	p.done = true
	p.mu.Unlock()
}

// partReader reads one attempt of a streamed part.
type partReader struct {
	part *streamedPart
	r    io.Reader
	read int64
}

// Read reads the source, reports progress and turns an early end into a
// short-upload error; once the part is finished it fails.
func (r *partReader) Read(b []byte) (int, error) {
	p := r.part
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.done {
		return 0, errPartFinished
	}
	n, err := r.r.Read(b)
	r.read += int64(n)
	if errors.Is(err, io.EOF) && r.read < p.n {
		p.err = shortUpload(p.start+r.read, p.size)
		err = p.err
	}
	p.progress.reached(p.start + r.read)
	return n, err
}
