package ofauth

// UserListsService covers the creator's lists of users (access-endpoints.json tag "User Lists").
type UserListsService struct{ accessGroup }
