package ofauth

// UserListListParams filter and page UserListsService.List.
type UserListListParams struct {
	Query  string `url:"query"` // free text
	Limit  int    `url:"limit"` // 1-100; 0: the API's default (10)
	Offset int    `url:"offset"`
}

// UserListMemberListParams page UserListsService.Members.
type UserListMemberListParams struct {
	Limit  int `url:"limit"` // 1-100; 0: the API's default (10)
	Offset int `url:"offset"`
}

// userListName is the body of UserListsService.Create and Update.
type userListName struct {
	Name string `json:"name"`
}

// addToListsBody is the body of UserListsService.AddToLists.
type addToListsBody struct {
	ListIDs []ID `json:"listIds"`
}
