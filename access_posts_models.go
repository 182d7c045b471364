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

// PostListParams filter and page PostsService.List and ListByUser. Posts
// page backwards in time: BeforePublishTime takes the previous page's
// Page.NextMarker (the response's tailMarker).
type PostListParams struct {
	Limit             int      `url:"limit"` // 1-10; 0: the API's default
	SortBy            PostSort `url:"sortBy"`
	SortDirection     string   `url:"sortDirection"` // "asc" or "desc"
	Pinned            *bool    `url:"pinned"`        // nil: pinned and not pinned
	IncludePostCounts bool     `url:"includePostCounts"`
	BeforePublishTime string   `url:"beforePublishTime"`
}

// Post is a post of the connected account or of another user.
type Post struct {
	ID                 int64      `json:"id"`
	Text               string     `json:"text"`
	RawText            string     `json:"rawText"` // the text before markdown rendering
	PostedAt           time.Time  `json:"postedAt"`
	PostedAtPrecise    string     `json:"postedAtPrecise"` // high-precision publish time, as sent
	Author             *AuthorRef `json:"author,omitempty"`
	ResponseType       string     `json:"responseType"`
	Media              []Media    `json:"media"`
	MediaCount         int64      `json:"mediaCount"`
	IsMediaReady       bool       `json:"isMediaReady"`
	CanViewMedia       bool       `json:"canViewMedia"`
	CanDelete          bool       `json:"canDelete"`
	CanEdit            bool       `json:"canEdit"`
	CanComment         bool       `json:"canComment"`
	CanToggleFavorite  bool       `json:"canToggleFavorite"`
	IsFavorite         bool       `json:"isFavorite"`
	FavoritesCount     int64      `json:"favoritesCount"`
	IsMarkdownDisabled bool       `json:"isMarkdownDisabled"`
	IsOpened           bool       `json:"isOpened"`
	TipsAmount         string     `json:"tipsAmount"` // money amount, sent as a string
}

// PostDetail is the editing view of one post.
type PostDetail struct {
	ID                 int64            `json:"id"`
	PostedAt           time.Time        `json:"postedAt"`
	PostedAtPrecise    string           `json:"postedAtPrecise"`
	Author             *AuthorRef       `json:"author,omitempty"`
	ResponseType       string           `json:"responseType"`
	Media              []Media          `json:"media"`
	MediaCount         int64            `json:"mediaCount"`
	IsMediaReady       bool             `json:"isMediaReady"`
	CanViewMedia       bool             `json:"canViewMedia"`
	CanDelete          bool             `json:"canDelete"`
	CanEdit            bool             `json:"canEdit"`
	CanEditText        bool             `json:"canEditText"`
	CanEditMedia       bool             `json:"canEditMedia"`
	CanEditSchedule    bool             `json:"canEditSchedule"`
	CanEditVote        bool             `json:"canEditVote"`
	CanToggleFavorite  bool             `json:"canToggleFavorite"`
	IsMarkdownDisabled bool             `json:"isMarkdownDisabled"`
	IsOpened           bool             `json:"isOpened"`
	TipsAmount         string           `json:"tipsAmount"` // money amount, sent as a string
	Price              float64          `json:"price,omitempty"`
	Preview            []int64          `json:"preview"` // ids of the media shown free
	ReleaseForms       []ReleaseFormRef `json:"releaseForms"`
}

// PostsCounters count a creator's posts and media; the API fills them
// when PostListParams.IncludePostCounts is set.
type PostsCounters struct {
	AudiosCount               int64 `json:"audiosCount"`
	PhotosCount               int64 `json:"photosCount"`
	VideosCount               int64 `json:"videosCount"`
	MediasCount               int64 `json:"mediasCount"`
	PostsCount                int64 `json:"postsCount"`
	StreamsCount              int64 `json:"streamsCount"`
	ArchivedPostsCount        int64 `json:"archivedPostsCount"`
	PrivateArchivedPostsCount int64 `json:"privateArchivedPostsCount"`
}

// PostsPage is the whole answer of a post list: the posts, the cursors of
// both ends of the page and the counters.
type PostsPage struct {
	List       []Post        `json:"list"`
	HasMore    bool          `json:"hasMore"`
	HeadMarker string        `json:"headMarker"` // cursor of the newest post of the page
	TailMarker string        `json:"tailMarker"` // cursor of the oldest post: the next page's BeforePublishTime
	Counters   PostsCounters `json:"counters"`
}

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

// ReleaseFormsParams attaches release forms to a post or message, by the
// OnlyFans user ids of the people shown.
type ReleaseFormsParams struct {
	Users    []int64 `json:"users,omitempty"`
	Partners []int64 `json:"partners,omitempty"`
	Guests   []int64 `json:"guests,omitempty"`
}

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
