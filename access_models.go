package ofauth

import "time"

// Models shared by several Access groups (access-models.md "Common").

// AvatarThumbs are avatar thumbnail URLs.
type AvatarThumbs struct {
	C50  string `json:"c50"`
	C144 string `json:"c144"`
}

// ChartPoint is one point of a time series; Count may be a money amount.
type ChartPoint struct {
	Date  time.Time `json:"date"`
	Count float64   `json:"count"`
}

// ChartSeries is a time series with its totals.
type ChartSeries struct {
	Chart []ChartPoint `json:"chart"`
	Total float64      `json:"total"`
	Delta float64      `json:"delta"` // change versus the previous period
	Gross float64      `json:"gross,omitempty"`
}

// MediaSource is one rendition of a media file.
type MediaSource struct {
	URL    string `json:"url"`
	Width  int    `json:"width,omitempty"`
	Height int    `json:"height,omitempty"`
	Type   string `json:"type,omitempty"`
}

// MediaFileVariant is a thumbnail or square preview of a media file.
type MediaFileVariant struct {
	URL    string `json:"url"`
	Width  int    `json:"width,omitempty"`
	Height int    `json:"height,omitempty"`
	Size   int64  `json:"size,omitempty"`
}

// MediaFileFull is the original media file and its renditions.
type MediaFileFull struct {
	URL     string        `json:"url"`
	Width   int           `json:"width,omitempty"`
	Height  int           `json:"height,omitempty"`
	Size    int64         `json:"size,omitempty"`
	Sources []MediaSource `json:"sources"`
}

// MediaFilePreview is a media file's preview image and its options.
type MediaFilePreview struct {
	URL     string        `json:"url"`
	Width   int           `json:"width,omitempty"`
	Height  int           `json:"height,omitempty"`
	Size    int64         `json:"size,omitempty"`
	Options []MediaSource `json:"options"`
}

// MediaFiles are the files of a media item; absent when it is not viewable.
type MediaFiles struct {
	Full          MediaFileFull     `json:"full"`
	Thumb         *MediaFileVariant `json:"thumb,omitempty"`
	Preview       *MediaFilePreview `json:"preview,omitempty"`
	SquarePreview *MediaFileVariant `json:"squarePreview,omitempty"`
}

// VideoSources are a video's URLs by resolution; empty when not available.
type VideoSources struct {
	P240 string `json:"240"`
	P720 string `json:"720"`
}

// ReleaseFormUser is the user of a release form.
type ReleaseFormUser struct {
	View         string       `json:"view"`
	ID           int64        `json:"id"`
	Name         string       `json:"name"`
	Username     string       `json:"username"`
	IsVerified   bool         `json:"isVerified"`
	Avatar       string       `json:"avatar"`
	AvatarThumbs AvatarThumbs `json:"avatarThumbs"`
	IVStatus     string       `json:"ivStatus"`
	IsFromGuest  bool         `json:"isFromGuest"`
}

// ReleaseFormRef is a release form attached to a media item or post.
type ReleaseFormRef struct {
	ID            int64            `json:"id"`
	Name          string           `json:"name"`
	PartnerSource string           `json:"partnerSource"`
	Type          string           `json:"type"`
	User          *ReleaseFormUser `json:"user,omitempty"`
}

// Media types.
const (
	MediaPhoto = "photo"
	MediaVideo = "video"
	MediaGIF   = "gif"
	MediaAudio = "audio"
)

// Media is a photo, video, gif or audio item of a post, message, story or
// the vault.
type Media struct {
	ID               int64            `json:"id"`
	Type             string           `json:"type"` // MediaPhoto, MediaVideo, …; may be empty
	ConvertedToVideo bool             `json:"convertedToVideo"`
	CanView          bool             `json:"canView"`
	HasError         bool             `json:"hasError"`
	CreatedAt        time.Time        `json:"createdAt"`
	IsReady          bool             `json:"isReady"`
	Duration         float64          `json:"duration,omitempty"` // seconds, for video and audio
	ReleaseForms     []ReleaseFormRef `json:"releaseForms"`
	HasCustomPreview bool             `json:"hasCustomPreview,omitempty"`
	VideoSources     *VideoSources    `json:"videoSources,omitempty"`
	Files            *MediaFiles      `json:"files,omitempty"`
}

// AuthorRef is a compact user reference.
type AuthorRef struct {
	ID   int64  `json:"id"`
	View string `json:"_view"`
}

// UserListRef is a list a user belongs to.
type UserListRef struct {
	ID   ID     `json:"id"`
	Type string `json:"type"`
	Name string `json:"name"`
}

// UserBrief is a short user card.
type UserBrief struct {
	ID           int64         `json:"id"`
	Username     string        `json:"username"`
	Name         string        `json:"name"`
	IsVerified   bool          `json:"isVerified"`
	Avatar       string        `json:"avatar"`
	AvatarThumbs *AvatarThumbs `json:"avatarThumbs,omitempty"`
}
