package ofauth

// SelfService covers the connected account's own profile, notifications, release forms and tagged friends (access-endpoints.json tag "Self").
type SelfService struct{ accessGroup }
