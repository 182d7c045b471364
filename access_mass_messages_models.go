package ofauth

import "time"

// MassMessageParams are the content and the audience of a mass message.
// Unset fields are left out, so the API applies its defaults (free,
// markdown, now).
type MassMessageParams struct {
	Text               string              `json:"text,omitempty"` // markdown unless IsMarkdown is false
	MediaItems         []MediaItem         `json:"mediaItems,omitempty"`
	Price              *float64            `json:"price,omitempty"` // unlock price, 0-200; 0: free
	IsLockedText       *bool               `json:"isLockedText,omitempty"`
	PreviewMediaCount  *int                `json:"previewMediaCount,omitempty"` // the first N media stay free
	ReleaseForms       *ReleaseFormsParams `json:"releaseForms,omitempty"`
	UserTags           []int64             `json:"userTags,omitempty"` // user ids to tag
	IsMarkdown         *bool               `json:"isMarkdown,omitempty"`
	IsForwardedMessage *bool               `json:"isForwardedMessage,omitempty"`
	// ScheduledDate sends the message later; nil sends it now.
	ScheduledDate *time.Time `json:"scheduledDate,omitempty"`
	// UserIDs and UserLists pick the recipients: user ids, and the ids of
	// user lists whose members receive it.
	UserIDs   []int64 `json:"userIds,omitempty"`
	UserLists []ID    `json:"userLists,omitempty"`
	// ExcludeUserLists skips the members of these user lists.
	ExcludeUserLists []ID `json:"excludeUserLists,omitempty"`
	// SubscribedAfterDate keeps only the fans who subscribed after it.
	SubscribedAfterDate *time.Time `json:"subscribedAfterDate,omitempty"`
}
