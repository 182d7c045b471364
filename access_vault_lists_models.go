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

// VaultListUpdateParams rename a vault folder.
type VaultListUpdateParams struct {
	Name       string `json:"name"`                 // required, 1-100 characters
	ClearMedia *bool  `json:"clearMedia,omitempty"` // also take every media out of the folder
}
