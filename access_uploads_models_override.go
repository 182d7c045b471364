package ofauth

// UploadResult has a field the API never sends (Existing), so it stays
// hand-written (x-go-override in spec/openapi.yaml).

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
