package ofauth

import (
	"encoding/json"
	"time"
)

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

// ChatListParams filter and page ChatsService.List.
type ChatListParams struct {
	Limit      int        `url:"limit"` // 1-20; 0: the API's default (10)
	Offset     int        `url:"offset"`
	Order      ChatOrder  `url:"order"`
	Filter     ChatFilter `url:"filter"`
	Query      string     `url:"query"`      // free-text search
	UserListID ID         `url:"userListId"` // only chats with members of this user list
}

// ChatMessagesParams filter and page ChatsService.Messages.
type ChatMessagesParams struct {
	Limit        int    `url:"limit"` // up to 10; 0: the API's default
	Offset       int    `url:"offset"`
	Query        string `url:"query"`         // free-text search
	LastID       int64  `url:"last_id"`       // only messages older than this one
	FirstID      int64  `url:"first_id"`      // start at this message
	IncludeUsers bool   `url:"include_users"` // embed user objects
}

// ChatMediaType narrows ChatsService.Media.
type ChatMediaType string

// Chat media types.
const (
	ChatMediaPhotos ChatMediaType = "photos"
	ChatMediaVideos ChatMediaType = "videos"
	ChatMediaAudios ChatMediaType = "audios"
)

// ChatMediaParams filter and page ChatsService.Media.
type ChatMediaParams struct {
	Limit     int           `url:"limit"` // 1-100; 0: the API's default (10)
	Offset    int           `url:"offset"`
	Type      ChatMediaType `url:"type"`
	Opened    *bool         `url:"opened"`     // nil: opened and unopened
	LastID    int64         `url:"last_id"`    // only messages older than this one
	SkipUsers string        `url:"skip_users"` // passed through as is
}

// MessageSender is the author of a message. The API sends either the name
// or the view kind, so one of them is usually empty.
type MessageSender struct {
	ID   int64  `json:"id"`
	Name string `json:"name,omitempty"`
	View string `json:"_view,omitempty"`
}

// Message is a chat message, or a mass message.
type Message struct {
	ID                  int64           `json:"id"`
	Text                string          `json:"text"`
	FromUser            MessageSender   `json:"fromUser"`
	CreatedAt           time.Time       `json:"createdAt"`
	ChangedAt           time.Time       `json:"changedAt"`
	Media               []Media         `json:"media"`
	MediaCount          int64           `json:"mediaCount,omitempty"`
	IsMediaReady        bool            `json:"isMediaReady,omitempty"`
	Previews            []int64         `json:"previews"` // ids of the media shown free
	LockedText          bool            `json:"lockedText,omitempty"`
	ResponseType        string          `json:"responseType,omitempty"`
	GiphyID             string          `json:"giphyId,omitempty"`
	IsFree              bool            `json:"isFree,omitempty"`
	IsTip               bool            `json:"isTip,omitempty"`
	IsReportedByMe      bool            `json:"isReportedByMe,omitempty"`
	IsCouplePeopleMedia bool            `json:"isCouplePeopleMedia,omitempty"`
	QueueID             int64           `json:"queueId,omitempty"`
	IsMarkdownDisabled  bool            `json:"isMarkdownDisabled,omitempty"`
	ReleaseForms        json.RawMessage `json:"releaseForms,omitempty"` // untyped; usually null
	IsFromQueue         bool            `json:"isFromQueue,omitempty"`
	CanUnsendQueue      bool            `json:"canUnsendQueue,omitempty"`
	UnsendSecondsQueue  int64           `json:"unsendSecondsQueue,omitempty"`
	IsOpened            bool            `json:"isOpened,omitempty"`
	IsNew               bool            `json:"isNew,omitempty"`
	CancelSeconds       int64           `json:"cancelSeconds,omitempty"`
	IsLiked             bool            `json:"isLiked,omitempty"`
	CanPurchase         bool            `json:"canPurchase,omitempty"`
	CanPurchaseReason   string          `json:"canPurchaseReason,omitempty"` // why it cannot be bought
	CanReport           bool            `json:"canReport,omitempty"`
	CanBePinned         bool            `json:"canBePinned,omitempty"`
	IsPinned            bool            `json:"isPinned,omitempty"`
}

// ChatReason is a reason the API sends as a string, or as false when there
// is none; false and null decode to "".
type ChatReason string

// UnmarshalJSON keeps a string and reads anything else (false, null) as "".
func (r *ChatReason) UnmarshalJSON(b []byte) error {
	var s string
	if json.Unmarshal(b, &s) != nil {
		s = ""
	}
	*r = ChatReason(s)
	return nil
}

// Chat is a chat thread of the inbox.
type Chat struct {
	WithUser             AuthorRef  `json:"withUser"` // the chat partner
	CanSendMessage       bool       `json:"canSendMessage,omitempty"`
	CanNotSendReason     ChatReason `json:"canNotSendReason,omitempty"` // why CanSendMessage is false
	CanGoToProfile       bool       `json:"canGoToProfile,omitempty"`
	UnreadMessagesCount  int64      `json:"unreadMessagesCount,omitempty"`
	HasUnreadTips        bool       `json:"hasUnreadTips,omitempty"`
	IsMutedNotifications bool       `json:"isMutedNotifications,omitempty"`
	LastMessage          *Message   `json:"lastMessage,omitempty"`
	LastReadMessageID    int64      `json:"lastReadMessageId,omitempty"`
	HasPurchasedFeed     bool       `json:"hasPurchasedFeed,omitempty"`
	CountPinnedMessages  int64      `json:"countPinnedMessages,omitempty"`
}

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
