package ofauth

// Upload kinds of UploadInitResult.UploadType.
const (
	UploadTypeSingle    = "single"
	UploadTypeMultipart = "multipart"
)

// UploadParams describe the file UploadsService.Upload sends.
type UploadParams struct {
	Filename    string // required: the file's name
	ContentType string // required: its MIME type, e.g. "video/mp4"

	// OnProgress, when set, is told how many bytes were sent so far: after
	// each buffered part, and as a streamed part flows (it then runs on the
	// HTTP transport's goroutine). Calls never overlap, values never
	// decrease, and no call happens after Upload returns.
	OnProgress func(sent, total int64)

	// CheckETag, when set, first asks the vault whether a file with this
	// ETag and size already exists (POST /uploads/check); if it does,
	// Upload returns that media without sending anything.
	CheckETag string

	// VaultUpload prepares the upload for use in a message.
	VaultUpload *VaultUploadParams

	// MaxBuffer is the largest part read into memory (default 16 MiB).
	// Buffered parts are resent as they are when an attempt fails; larger
	// parts are streamed from the reader, which must then be an io.Seeker
	// or an io.ReaderAt for a failed attempt to be retried.
	MaxBuffer int64
}
