package ofauth

// UserList is one of the creator's lists of users. Built-in lists (fans,
// following, …) have a string ID; lists the creator made have a numeric one.
type UserList struct {
	ID              ID             `json:"id"`
	Type            string         `json:"type"`
	Name            string         `json:"name"`
	UsersCount      int64          `json:"usersCount,omitempty"`
	PostsCount      int64          `json:"postsCount,omitempty"`
	Order           string         `json:"order,omitempty"`
	Direction       string         `json:"direction,omitempty"`
	CanUpdate       bool           `json:"canUpdate,omitempty"`
	CanDelete       bool           `json:"canDelete,omitempty"`
	CanManageUsers  bool           `json:"canManageUsers,omitempty"`
	CanAddUsers     bool           `json:"canAddUsers,omitempty"`
	CanPinnedToFeed bool           `json:"canPinnedToFeed,omitempty"`
	IsPinnedToFeed  bool           `json:"isPinnedToFeed,omitempty"`
	CanPinnedToChat bool           `json:"canPinnedToChat,omitempty"`
	IsPinnedToChat  bool           `json:"isPinnedToChat,omitempty"`
	SortList        []UserListSort `json:"sortList"` // the orders the list can be sorted by
	Users           []UserBrief    `json:"users"`    // a preview of the members
}

// UserListSort is an order a user list can be sorted by.
type UserListSort struct {
	Order     string `json:"order"`
	Direction string `json:"direction"`
}

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

// UserListAddResult is the answer of UserListsService.AddMember: the list
// and the user's state in it. Both are zero when the API sends no details.
type UserListAddResult struct {
	List      UserList          `json:"list"`
	UserState UserListUserState `json:"userState"`
}

// UserListUserState says whether a list holds a user.
type UserListUserState struct {
	ID                  ID     `json:"id"`
	Type                string `json:"type"`
	Name                string `json:"name"`
	HasUser             bool   `json:"hasUser"`
	CanAddUser          bool   `json:"canAddUser,omitempty"`
	CannotAddUserReason string `json:"cannotAddUserReason,omitempty"`
}

// AddToListsResult is the answer of UserListsService.AddToLists: which
// lists took the user and which failed.
type AddToListsResult struct {
	Success []AddToListsSuccess `json:"success"`
	Errors  []AddToListsError   `json:"errors,omitempty"`
}

// AddToListsSuccess is a list the user was added to.
type AddToListsSuccess struct {
	ListID  ID   `json:"listId"`
	Success bool `json:"success"`
}

// AddToListsError is a list the user could not be added to, and why.
type AddToListsError struct {
	ListID ID     `json:"listId"`
	Error  string `json:"error"`
}

// userListName is the body of UserListsService.Create and Update.
type userListName struct {
	Name string `json:"name"`
}

// addToListsBody is the body of UserListsService.AddToLists.
type addToListsBody struct {
	ListIDs []ID `json:"listIds"`
}
