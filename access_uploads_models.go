package ofauth

import "time"

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

// VaultUploadParams prepare an upload for use in a message.
type VaultUploadParams struct {
	Mode   string `json:"mode,omitempty"`          // "message", the only mode and the default
	UserID int64  `json:"userId,omitempty,string"` // the user the message goes to (sent as the API types it, a string)
}

// UploadInitParams describe a file to upload, for UploadsService.Init.
type UploadInitParams struct {
	Filename    string             `json:"filename"`    // required
	Size        int64              `json:"size"`        // required: bytes, > 0
	ContentType string             `json:"contentType"` // required: MIME type
	VaultUpload *VaultUploadParams `json:"vaultUpload,omitempty"`
}

// UploadByteRange is the byte range of a part; End is inclusive.
type UploadByteRange struct {
	Start int64 `json:"start"`
	End   int64 `json:"end"`
}

// UploadPartTarget describes one part of a planned upload.
type UploadPartTarget struct {
	PartNumber int              `json:"partNumber"` // from 1
	UploadURL  string           `json:"uploadUrl,omitempty"`
	ByteRange  *UploadByteRange `json:"byteRange,omitempty"`
}

// UploadInitResult is an upload session and its plan. The API may give the
// plan in the body (UploadType, TotalParts, PartSize, Parts) or in the
// x-ofauth-upload-total-parts and x-ofauth-upload-part-size response
// headers; Init fills TotalParts and PartSize from the headers when the
// body has none. Zero values mean the API said nothing: the file then goes
// in one part.
type UploadInitResult struct {
	MediaUploadID string             `json:"mediaUploadId"` // e.g. "upload:<uuid>"
	UploadType    string             `json:"uploadType,omitempty"`
	TotalParts    int                `json:"totalParts,omitempty"`
	PartSize      int64              `json:"partSize,omitempty"`
	Parts         []UploadPartTarget `json:"parts,omitempty"`
	CompleteURL   string             `json:"completeUrl,omitempty"`
	ExpiresAt     time.Time          `json:"expiresAt"`
}

// UploadPartResult acknowledges one part of a multipart upload.
type UploadPartResult struct {
	MediaUploadID string `json:"mediaUploadId"`
	PartNumber    int    `json:"partNumber"`
	ETag          string `json:"etag"`
}

// UploadResult is a finished upload. Media is the new vault media; it may
// be nil while the API is still processing the file, and MediaUploadID is
// then the reference to use (once) in mediaItems.
type UploadResult struct {
	MediaUploadID string `json:"mediaUploadId"`
	Media         *Media `json:"media,omitempty"`
	// Existing is set when UploadParams.CheckETag found the file already
	// in the vault and nothing was sent; MediaUploadID is then empty.
	Existing bool `json:"-"`
}

// MediaItem returns the reference to put in the mediaItems of a post or
// message: the vault media id when known, else the upload reference.
func (r *UploadResult) MediaItem() MediaItem {
	if r.Media != nil && r.Media.ID != 0 {
		return MediaItemOf(r.Media.ID)
	}
	return MediaItem(r.MediaUploadID)
}

// UploadCheckResult says whether a file is already in the vault.
type UploadCheckResult struct {
	Exists bool   `json:"exists"`
	Media  *Media `json:"media,omitempty"` // set when Exists
}
