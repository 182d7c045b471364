package ofauth

// userListName is the body of UserListsService.Create and Update.
type userListName struct {
	Name string `json:"name"`
}

// addToListsBody is the body of UserListsService.AddToLists.
type addToListsBody struct {
	ListIDs []ID `json:"listIds"`
}
