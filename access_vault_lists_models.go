package ofauth

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
