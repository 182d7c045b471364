package ofauth

// SubscriptionsService covers the accounts the creator subscribes to (access-endpoints.json tag "Subscriptions").
//
// Its methods are generated from spec/openapi.yaml into access_subscriptions_gen.go.
type SubscriptionsService struct{ accessGroup }
