package ofauth

// SubscriptionType selects subscriptions by state.
type SubscriptionType string

// Subscription types.
const (
	SubscriptionsAll     SubscriptionType = "all"
	SubscriptionsActive  SubscriptionType = "active"
	SubscriptionsExpired SubscriptionType = "expired"
)

// SubscriptionHistory is the billing history of one subscription.
type SubscriptionHistory struct {
	Entries []SubscriptionHistoryEntry `json:"list"`
	HasMore bool                       `json:"hasMore"` // older periods exist: ask with All
}
