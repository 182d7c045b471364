package ofauth

import "strconv"

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
