package ofauth

// SubscribersService covers the creator's fans (access-endpoints.json tag "Subscribers").
type SubscribersService struct{ accessGroup }
