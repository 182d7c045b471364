package ofauth

import (
	"strconv"
	"time"
)

// PostSort orders a post list.
type PostSort string

// Post orders.
const (
	PostSortPublishDate PostSort = "publish_date"
	PostSortTips        PostSort = "tips"
	PostSortFavorites   PostSort = "favorites_count"
)

// MediaItem is one entry of the mediaItems of a post or message: a vault
// media id, an upload reference (an UploadResult.MediaUploadID, usable
// once) or an http(s) URL. Numeric items are sent as JSON numbers, the
// others as strings.
//
//	items := []ofauth.MediaItem{ofauth.MediaItemOf(3051), ofauth.MediaItem(upload.MediaUploadID)}
type MediaItem string

// MediaItemOf refers to a vault media by id.
func MediaItemOf(mediaID int64) MediaItem { return MediaItem(strconv.FormatInt(mediaID, 10)) }

// MarshalJSON writes a numeric item as a number, anything else as a string.
func (m MediaItem) MarshalJSON() ([]byte, error) { return ID(m).MarshalJSON() }

// PostParams are the content of a new or edited post. Unset fields are
// left out, so the API applies its defaults (free, markdown, now).
type PostParams struct {
	Text              string              `json:"text,omitempty"` // markdown unless IsMarkdown is false
	MediaItems        []MediaItem         `json:"mediaItems,omitempty"`
	Price             *float64            `json:"price,omitempty"` // unlock price, 0-200; 0: free
	IsLockedText      *bool               `json:"isLockedText,omitempty"`
	PreviewMediaCount *int                `json:"previewMediaCount,omitempty"` // the first N media stay free
	ReleaseForms      *ReleaseFormsParams `json:"releaseForms,omitempty"`
	UserTags          []int64             `json:"userTags,omitempty"` // user ids to tag
	IsMarkdown        *bool               `json:"isMarkdown,omitempty"`
	// ScheduledDate publishes the post later; nil publishes now.
	ScheduledDate           *time.Time `json:"scheduledDate,omitempty"`
	FundRaisingTargetAmount float64    `json:"fundRaisingTargetAmount,omitempty"` // at least 10
	FundRaisingTipsPresets  []float64  `json:"fundRaisingTipsPresets,omitempty"`  // up to 4 amounts
	ExpireAfter             int        `json:"expireAfter,omitempty"`             // days, 1-30
}
