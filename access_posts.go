package ofauth

// PostsService covers the creator's posts and other users' posts (access-endpoints.json tag "Posts").
type PostsService struct{ accessGroup }
