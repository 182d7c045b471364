package ofauth

// UsersService covers OnlyFans users: profiles, search, restrict and block lists (access-endpoints.json tag "Users").
type UsersService struct{ accessGroup }
