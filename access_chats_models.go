package ofauth

// ChatOrder orders the chat list.
type ChatOrder string

// Chat orders.
const (
	ChatOrderRecent ChatOrder = "recent"
	ChatOrderOld    ChatOrder = "old"
)

// ChatFilter narrows the chat list.
type ChatFilter string

// Chat filters.
const (
	ChatFilterPriority  ChatFilter = "priority"
	ChatFilterWhoTipped ChatFilter = "who_tipped"
	ChatFilterUnread    ChatFilter = "unread"
)

// ChatMediaType narrows ChatsService.Media.
type ChatMediaType string

// Chat media types.
const (
	ChatMediaPhotos ChatMediaType = "photos"
	ChatMediaVideos ChatMediaType = "videos"
	ChatMediaAudios ChatMediaType = "audios"
)

// MessageParams are the content of a direct message. Unset fields are
// left out, so the API applies its defaults (free, markdown).
type MessageParams struct {
	Text               string              `json:"text,omitempty"` // markdown unless IsMarkdown is false
	MediaItems         []MediaItem         `json:"mediaItems,omitempty"`
	Price              *float64            `json:"price,omitempty"` // unlock price, 0-200; 0: free
	IsLockedText       *bool               `json:"isLockedText,omitempty"`
	PreviewMediaCount  *int                `json:"previewMediaCount,omitempty"` // the first N media stay free
	ReleaseForms       *ReleaseFormsParams `json:"releaseForms,omitempty"`
	UserTags           []int64             `json:"userTags,omitempty"` // user ids to tag
	IsMarkdown         *bool               `json:"isMarkdown,omitempty"`
	IsForwardedMessage *bool               `json:"isForwardedMessage,omitempty"`
}
