package ofauth

import (
	"context"
	"net/url"
)

// getItemsPage GETs the page of an offset-paged list sent in the
// {hasMore, items} envelope (the analytics lists) that starts at offset.
func getItemsPage[T any](ctx context.Context, g accessGroup, route string, args []string, q url.Values, offset int) (*Page[T], error) {
	out, err := accessGet[analyticsItems[T]](ctx, g, route, args, q)
	if err != nil {
		return nil, err
	}
	return offsetPage(out.Items, out.HasMore, offset, nil), nil
}
