package ofauth

// SubscriberType selects fans by subscription state.
type SubscriberType string

// Subscriber types.
const (
	SubscribersAll     SubscriberType = "all"
	SubscribersActive  SubscriberType = "active"
	SubscribersExpired SubscriberType = "expired"
	SubscribersLatest  SubscriberType = "latest" // the newest, see SubscriberLatestType
)

// SubscriberLatestType narrows SubscribersLatest.
type SubscriberLatestType string

// Kinds of latest subscribers.
const (
	LatestSubscribersTotal    SubscriberLatestType = "total"
	LatestSubscribersNew      SubscriberLatestType = "new"
	LatestSubscribersRenewals SubscriberLatestType = "renewals"
)

// subscriberNote is the body of SubscribersService.SetNote.
type subscriberNote struct {
	Notice string `json:"notice"`
}

// subscriberCustomName is the body of SubscribersService.SetCustomName.
type subscriberCustomName struct {
	DisplayName string `json:"displayName"`
}
