package ofauth

import "encoding/json"

// Vault folder types: VaultListCustom folders are made by the creator, the
// others are built in.
const (
	VaultListCustom        = "custom"
	VaultListMessages      = "messages"
	VaultListPosts         = "posts"
	VaultListStories       = "stories"
	VaultListStreams       = "streams"
	VaultListMediaStickers = "media_stickers"
)

// VaultListListParams filter and page VaultListsService.List.
type VaultListListParams struct {
	Limit  int    `url:"limit"` // 1-40; 0: the API's default (24)
	Offset int    `url:"offset"`
	Query  string `url:"query"` // free-text search
}

// VaultListMediaParams filter and page VaultListsService.Media.
type VaultListMediaParams struct {
	Limit         int       `url:"limit"` // 1-40; 0: the API's default (24)
	Offset        int       `url:"offset"`
	SortBy        VaultSort `url:"sortBy"`
	SortDirection string    `url:"sortDirection"` // "asc" or "desc"
	Query         string    `url:"query"`         // free-text search
	MediaType     string    `url:"mediaType"`     // MediaPhoto, MediaVideo, MediaAudio or MediaGIF
}

// VaultListUpdateParams rename a vault folder.
type VaultListUpdateParams struct {
	Name       string `json:"name"`                 // required, 1-100 characters
	ClearMedia *bool  `json:"clearMedia,omitempty"` // also take every media out of the folder
}

// VaultListMediaPreview is the preview of one media of a vault folder.
type VaultListMediaPreview struct {
	Type string `json:"type"` // MediaPhoto, MediaVideo, …; may be empty
	URL  string `json:"url,omitempty"`
}

// VaultList is a vault folder.
type VaultList struct {
	ID        int64                   `json:"id"`
	Type      string                  `json:"type"` // VaultListCustom, VaultListMessages, …
	Name      string                  `json:"name"`
	HasMedia  bool                    `json:"hasMedia"`
	CanUpdate bool                    `json:"canUpdate"`
	CanDelete bool                    `json:"canDelete"`
	Medias    []VaultListMediaPreview `json:"medias"`
}

// VaultAllMediaType is an entry of VaultListsAll.Medias; its type is
// untyped in the API's contract.
type VaultAllMediaType struct {
	Type json.RawMessage `json:"type"`
}

// VaultListsAll counts the media of the whole vault.
type VaultListsAll struct {
	VideosCount int64               `json:"videosCount"`
	PhotosCount int64               `json:"photosCount"`
	GIFsCount   int64               `json:"gifsCount"`
	AudiosCount int64               `json:"audiosCount"`
	Medias      []VaultAllMediaType `json:"medias"`
}
