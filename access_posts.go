package ofauth

import (
	"context"
	"iter"

	"github.com/ofauth-go/ofauth/internal/query"
)

// PostsService covers the creator's posts and other users' posts (access-endpoints.json tag "Posts").
//
// Post lists page backwards in time with a cursor: each page's NextMarker
// is the publish time to list before, which All follows for you.
type PostsService struct{ accessGroup }

// The methods of PostsService are generated from spec/openapi.yaml into
// access_posts_gen.go, except the lists below (x-go-override in the spec):
// they page with the posts cursor, and their …Page forms return the whole
// answer.

// List returns one page of the connected account's posts, newest first
// unless p sorts otherwise.
//
// GET /v2/access/posts
func (s *PostsService) List(ctx context.Context, p *PostListParams, opts ...CallOption) (*Page[Post], error) {
	return postsPageOf(s.ListPage(ctx, p, opts...))
}

// ListPage is List with the whole answer: both cursors and the counters
// (filled when p.IncludePostCounts is set).
//
// GET /v2/access/posts
func (s *PostsService) ListPage(ctx context.Context, p *PostListParams, opts ...CallOption) (*PostsPage, error) {
	return accessGet[PostsPage](ctx, s.with(opts), "/v2/access/posts", nil, query.Values(p))
}

// All walks the connected account's posts page by page, starting before
// p.BeforePublishTime when set. p is not modified.
func (s *PostsService) All(ctx context.Context, p *PostListParams, opts ...CallOption) iter.Seq2[*Post, error] {
	return allPosts(ctx, opts, p, s.List)
}

// ListByUser returns one page of a user's posts.
//
// GET /v2/access/users/{userId}/posts
func (s *PostsService) ListByUser(ctx context.Context, userID int64, p *PostListParams, opts ...CallOption) (*Page[Post], error) {
	return postsPageOf(s.ListByUserPage(ctx, userID, p, opts...))
}

// ListByUserPage is ListByUser with the whole answer: both cursors and the
// counters.
//
// GET /v2/access/users/{userId}/posts
func (s *PostsService) ListByUserPage(ctx context.Context, userID int64, p *PostListParams, opts ...CallOption) (*PostsPage, error) {
	return accessGet[PostsPage](ctx, s.with(opts), "/v2/access/users/{userId}/posts", []string{idArg(userID)}, query.Values(p))
}

// AllByUser walks a user's posts page by page. p is not modified.
func (s *PostsService) AllByUser(ctx context.Context, userID int64, p *PostListParams, opts ...CallOption) iter.Seq2[*Post, error] {
	return allPosts(ctx, opts, p, func(ctx context.Context, p *PostListParams, o ...CallOption) (*Page[Post], error) {
		return s.ListByUser(ctx, userID, p, o...)
	})
}

// postsPageOf turns a post list answer into a Page whose NextMarker is the
// tail cursor.
func postsPageOf(pp *PostsPage, err error) (*Page[Post], error) {
	if err != nil {
		return nil, err
	}
	return markerPage(pp.List, pp.HasMore, pp.TailMarker), nil
}

// allPosts walks post pages, sending each page's tail cursor as the next
// BeforePublishTime.
func allPosts(ctx context.Context, opts []CallOption, p *PostListParams, list func(context.Context, *PostListParams, ...CallOption) (*Page[Post], error)) iter.Seq2[*Post, error] {
	var params PostListParams
	if p != nil {
		params = *p
	}
	return paginate(ctx, pageCursor{marker: params.BeforePublishTime}, func(ctx context.Context, c pageCursor) (*Page[Post], error) {
		q := params
		q.BeforePublishTime = c.marker
		return list(ctx, &q, opts...)
	})
}
