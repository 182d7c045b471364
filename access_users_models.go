package ofauth

import "time"

// User is an OnlyFans profile: the connected account's own (SelfService.Get
// and Update) or another user's (UsersService.Get, GetMany, Search). Most
// fields beyond the first few are only sent by some endpoints or for some
// users; absent and null values decode to the zero value.
type User struct {
	ID           int64         `json:"id"`
	Username     string        `json:"username"`
	Name         string        `json:"name"`
	IsVerified   bool          `json:"isVerified"`
	Avatar       string        `json:"avatar"`
	AvatarThumbs *AvatarThumbs `json:"avatarThumbs,omitempty"`
	Lists        []UserListRef `json:"lists"` // the creator's lists this user is on

	// IsAuth is sent by SelfService.Get only; true there, since Get
	// returns an error when the session is not authenticated.
	IsAuth bool `json:"isAuth"`

	DisplayName                string        `json:"displayName,omitempty"` // the creator's private name for this user
	Notice                     string        `json:"notice,omitempty"`      // the creator's private note on this user
	About                      string        `json:"about,omitempty"`
	IsMarkdownDisabledForAbout bool          `json:"isMarkdownDisabledForAbout,omitempty"`
	Website                    string        `json:"website,omitempty"`
	Wishlist                   string        `json:"wishlist,omitempty"`
	Location                   string        `json:"location,omitempty"`
	Header                     string        `json:"header,omitempty"`
	HeaderSize                 *HeaderSize   `json:"headerSize,omitempty"`
	HeaderThumbs               *HeaderThumbs `json:"headerThumbs,omitempty"`

	SubscribersCount          int64 `json:"subscribersCount,omitempty"`
	PostsCount                int64 `json:"postsCount,omitempty"`
	ArchivedPostsCount        int64 `json:"archivedPostsCount,omitempty"`
	PrivateArchivedPostsCount int64 `json:"privateArchivedPostsCount,omitempty"`
	PhotosCount               int64 `json:"photosCount,omitempty"`
	VideosCount               int64 `json:"videosCount,omitempty"`
	AudiosCount               int64 `json:"audiosCount,omitempty"`
	MediasCount               int64 `json:"mediasCount,omitempty"`
	FavoritesCount            int64 `json:"favoritesCount,omitempty"`
	FavoritedCount            int64 `json:"favoritedCount,omitempty"`

	JoinDate time.Time `json:"joinDate"`
	LastSeen time.Time `json:"lastSeen"` // zero when hidden

	// SubscribedBy* describe the connected account's subscription to this
	// user (OnlyFans naming).
	SubscribedBy            bool              `json:"subscribedBy,omitempty"`
	SubscribedByExpire      bool              `json:"subscribedByExpire,omitempty"`
	SubscribedByExpireDate  time.Time         `json:"subscribedByExpireDate"`
	SubscribedByAutoprolong bool              `json:"subscribedByAutoprolong,omitempty"`
	SubscribedIsExpiredNow  bool              `json:"subscribedIsExpiredNow,omitempty"`
	SubscribedByData        *SubscribedByData `json:"subscribedByData,omitempty"`

	// SubscribedOn* describe this user's subscription to the connected
	// account, with what they spent (OnlyFans naming).
	SubscribedOn           bool              `json:"subscribedOn,omitempty"`
	SubscribedOnExpiredNow bool              `json:"subscribedOnExpiredNow,omitempty"`
	SubscribedOnDuration   string            `json:"subscribedOnDuration,omitempty"`
	SubscribedOnData       *SubscribedOnData `json:"subscribedOnData,omitempty"`

	SubscribePrice        float64 `json:"subscribePrice,omitempty"`
	CurrentSubscribePrice float64 `json:"currentSubscribePrice,omitempty"`
	CanAddSubscriber      bool    `json:"canAddSubscriber,omitempty"`
	TipsEnabled           bool    `json:"tipsEnabled,omitempty"`
	TipsTextEnabled       bool    `json:"tipsTextEnabled,omitempty"`
	TipsMin               float64 `json:"tipsMin,omitempty"`
	TipsMinInternal       float64 `json:"tipsMinInternal,omitempty"`
	TipsMax               float64 `json:"tipsMax,omitempty"`

	CanLookStory          bool `json:"canLookStory,omitempty"`
	CanCommentStory       bool `json:"canCommentStory,omitempty"`
	HasNotViewedStory     bool `json:"hasNotViewedStory,omitempty"`
	HasStories            bool `json:"hasStories,omitempty"`
	IsRestricted          bool `json:"isRestricted,omitempty"`
	CanRestrict           bool `json:"canRestrict,omitempty"`
	IsBlocked             bool `json:"isBlocked,omitempty"`
	CanReport             bool `json:"canReport,omitempty"`
	CanUnsubscribe        bool `json:"canUnsubscribe,omitempty"`
	IsPendingAutoprolong  bool `json:"isPendingAutoprolong,omitempty"`
	IsPerformer           bool `json:"isPerformer,omitempty"`
	IsRealPerformer       bool `json:"isRealPerformer,omitempty"`
	CanReceiveChatMessage bool `json:"canReceiveChatMessage,omitempty"`
	CanChat               bool `json:"canChat,omitempty"`
	ShowPostsInFeed       bool `json:"showPostsInFeed,omitempty"`
	HasPinnedPosts        bool `json:"hasPinnedPosts,omitempty"`
	HasLabels             bool `json:"hasLabels,omitempty"`
	IsPrivateRestriction  bool `json:"isPrivateRestriction,omitempty"`
	ShowSubscribersCount  bool `json:"showSubscribersCount,omitempty"`
	ShowMediaCount        bool `json:"showMediaCount,omitempty"`
	IsReferrerAllowed     bool `json:"isReferrerAllowed,omitempty"`
	CanCreatePromotion    bool `json:"canCreatePromotion,omitempty"`
	CanCreateTrial        bool `json:"canCreateTrial,omitempty"`
	IsAdultContent        bool `json:"isAdultContent,omitempty"`
	CanTrialSend          bool `json:"canTrialSend,omitempty"`
	IsFriend              bool `json:"isFriend,omitempty"`
	HasScheduledStream    bool `json:"hasScheduledStream,omitempty"`
	HasStream             bool `json:"hasStream,omitempty"`
	CanPayInternal        bool `json:"canPayInternal,omitempty"`
}

// HeaderSize is the size in pixels of a profile's header image.
type HeaderSize struct {
	Width  int64 `json:"width"`
	Height int64 `json:"height"`
}

// HeaderThumbs are a profile header's thumbnail URLs.
type HeaderThumbs struct {
	W480 string `json:"w480"`
	W760 string `json:"w760"`
}

// SubscriptionTerms are the price, discount and dates of a subscription
// between two accounts, as OnlyFans reports them on either side.
type SubscriptionTerms struct {
	Price                      float64          `json:"price"`
	NewPrice                   float64          `json:"newPrice"`
	RegularPrice               float64          `json:"regularPrice"`
	SubscribePrice             float64          `json:"subscribePrice"`
	DiscountPercent            float64          `json:"discountPercent"`
	DiscountPeriod             float64          `json:"discountPeriod"`
	SubscribeAt                time.Time        `json:"subscribeAt"`
	ExpiredAt                  time.Time        `json:"expiredAt"`
	RenewedAt                  time.Time        `json:"renewedAt"`
	DiscountFinishedAt         time.Time        `json:"discountFinishedAt"`
	DiscountStartedAt          time.Time        `json:"discountStartedAt"`
	Status                     string           `json:"status"`
	IsMuted                    bool             `json:"isMuted"`
	UnsubscribeReason          string           `json:"unsubscribeReason"`
	Duration                   string           `json:"duration"`
	HasActivePaidSubscriptions bool             `json:"hasActivePaidSubscriptions"`
	Subscribes                 []SubscribeEvent `json:"subscribes"`
}

// SubscribedByData is the connected account's subscription to a user.
type SubscribedByData struct {
	SubscriptionTerms
	ShowPostsInFeed bool `json:"showPostsInFeed"`
}

// SubscribedOnData is a user's subscription to the connected account, with
// their lifetime spend by kind.
type SubscribedOnData struct {
	SubscriptionTerms
	TipsSumm       float64 `json:"tipsSumm"`
	SubscribesSumm float64 `json:"subscribesSumm"`
	MessagesSumm   float64 `json:"messagesSumm"`
	PostsSumm      float64 `json:"postsSumm"`
	StreamsSumm    float64 `json:"streamsSumm"`
	TotalSumm      float64 `json:"totalSumm"` // lifetime spend
}

// SubscribeEvent is one subscription period or renewal.
type SubscribeEvent struct {
	ID           int64     `json:"id"`
	UserID       int64     `json:"userId"`
	SubscriberID int64     `json:"subscriberId"`
	Date         time.Time `json:"date"`
	Duration     float64   `json:"duration"`
	StartDate    time.Time `json:"startDate"`
	ExpireDate   time.Time `json:"expireDate"`
	CancelDate   time.Time `json:"cancelDate"`
	Price        float64   `json:"price"`
	RegularPrice float64   `json:"regularPrice"`
	Discount     float64   `json:"discount"`
	EarningID    int64     `json:"earningId"`
	Action       string    `json:"action"`
	Type         string    `json:"type"`
	OfferStart   time.Time `json:"offerStart"`
	OfferEnd     time.Time `json:"offerEnd"`
	IsCurrent    bool      `json:"isCurrent"`
}

// RestrictedUser is an item of UsersService.Restricted and Blocked: a
// shorter profile than User.
type RestrictedUser struct {
	ID                      int64             `json:"id"`
	Username                string            `json:"username"`
	Name                    string            `json:"name"`
	IsVerified              bool              `json:"isVerified"`
	Avatar                  string            `json:"avatar"`
	AvatarThumbs            *AvatarThumbs     `json:"avatarThumbs,omitempty"`
	Lists                   []UserListRef     `json:"lists"`
	DisplayName             string            `json:"displayName,omitempty"`
	Notice                  string            `json:"notice,omitempty"`
	IsRestricted            bool              `json:"isRestricted,omitempty"`
	CanRestrict             bool              `json:"canRestrict,omitempty"`
	SubscribedBy            bool              `json:"subscribedBy,omitempty"`
	SubscribedByExpire      bool              `json:"subscribedByExpire,omitempty"`
	SubscribedByExpireDate  time.Time         `json:"subscribedByExpireDate"`
	SubscribedByAutoprolong bool              `json:"subscribedByAutoprolong,omitempty"`
	SubscribedIsExpiredNow  bool              `json:"subscribedIsExpiredNow,omitempty"`
	CurrentSubscribePrice   float64           `json:"currentSubscribePrice,omitempty"`
	SubscribedOn            bool              `json:"subscribedOn,omitempty"`
	SubscribedOnExpiredNow  bool              `json:"subscribedOnExpiredNow,omitempty"`
	SubscribedOnDuration    string            `json:"subscribedOnDuration,omitempty"`
	CanReport               bool              `json:"canReport,omitempty"`
	CanReceiveChatMessage   bool              `json:"canReceiveChatMessage,omitempty"`
	HideChat                bool              `json:"hideChat,omitempty"`
	LastSeen                time.Time         `json:"lastSeen"`
	IsPerformer             bool              `json:"isPerformer,omitempty"`
	IsRealPerformer         bool              `json:"isRealPerformer,omitempty"`
	SubscribedByData        *SubscribedByData `json:"subscribedByData,omitempty"`
	SubscribedOnData        *SubscribedOnData `json:"subscribedOnData,omitempty"`
	CanTrialSend            bool              `json:"canTrialSend,omitempty"`
	IsBlocked               bool              `json:"isBlocked,omitempty"`
	CanUnsubscribe          bool              `json:"canUnsubscribe,omitempty"`
	IsPendingAutoprolong    bool              `json:"isPendingAutoprolong,omitempty"`
}

// RestrictedUserListParams page UsersService.Restricted and Blocked.
type RestrictedUserListParams struct {
	Limit  int `url:"limit"` // 1-20; 0: the API's default (10)
	Offset int `url:"offset"`
}

// UserSearchParams filter and page UsersService.Search.
type UserSearchParams struct {
	Query  string `url:"query"` // free text
	Limit  int    `url:"limit"` // 1-100; 0: the API's default (20)
	Offset int    `url:"offset"`
}
