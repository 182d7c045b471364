package ofauth

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
