package ofauth

// VaultSort orders vault media.
type VaultSort string

// Vault media orders.
const (
	VaultSortRecent      VaultSort = "recent"
	VaultSortMostLiked   VaultSort = "most-liked"
	VaultSortHighestTips VaultSort = "highest-tips"
)

// VaultMediaListParams filter and page VaultService.List.
type VaultMediaListParams struct {
	Limit         int       `url:"limit"` // 1-40; 0: the API's default (24)
	Offset        int       `url:"offset"`
	ListID        int64     `url:"listId"` // only media of this vault folder
	SortBy        VaultSort `url:"sortBy"`
	SortDirection string    `url:"sortDirection"` // "asc" or "desc"
	Query         string    `url:"query"`         // free-text search
	MediaType     string    `url:"mediaType"`     // MediaPhoto, MediaVideo, MediaAudio or MediaGIF
}
