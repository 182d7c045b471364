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
