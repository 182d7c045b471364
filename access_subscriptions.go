package ofauth

// SubscriptionsService covers the accounts the creator subscribes to (access-endpoints.json tag "Subscriptions").
type SubscriptionsService struct{ accessGroup }
