package ofauth

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// handWrittenStateful lists the methods that cannot succeed here: their
// routes keep state and answer 404 RESOURCE_NOT_FOUND for the endpoint
// registry's sample ids (a fan id the fixture lacks, an upload,
// connection, Link session, post, list or promotion that was never
// made). That is an answer of the route, not a gap; the test asserts
// exactly that answer. lifecycle_fake_test.go calls them on real ids.
var handWrittenStateful = []string{
	"Access.Chats.Messages", "Access.Chats.SendMessage", "Access.Chats.UnsendMessage",
	"Access.Uploads.Complete", "Access.Uploads.PutFile", "Access.Uploads.PutPart",
	"Connections.UpdateImport", "Connections.Delete", "Connections.Invalidate",
	"Connections.Settings", "Connections.UpdateSettings",
	"Link.Status", "Link.Delete",
	"Access.MassMessages.Get", "Access.MassMessages.Update", "Access.MassMessages.Delete",
	"Access.Posts.Get", "Access.Posts.Update", "Access.Posts.Delete",
	"Access.Promotions.Update", "Access.Promotions.Delete", "Access.Promotions.Stop",
	"Access.Promotions.GetBundle", "Access.Promotions.UpdateBundle", "Access.Promotions.DeleteBundle",
	"Access.Promotions.GetTrackingLink", "Access.Promotions.UpdateTrackingLink", "Access.Promotions.DeleteTrackingLink",
	"Access.Promotions.GetTrialLink", "Access.Promotions.UpdateTrialLink", "Access.Promotions.DeleteTrialLink",
	"Access.Subscribers.SetCustomName", "Access.Subscribers.SetDiscount", "Access.Subscribers.SetNote",
	"Access.UserLists.Get", "Access.UserLists.Update", "Access.UserLists.Delete",
	"Access.UserLists.Members", "Access.UserLists.AddMember", "Access.UserLists.RemoveMember",
	"Access.VaultLists.Update", "Access.VaultLists.Delete", "Access.VaultLists.Media", "Access.VaultLists.AddMedia",
	"VaultPlus.StoreList", "VaultPlus.Get", "VaultPlus.Delete",
}

// connRewrite sends the endpoint registry's fixed connection id as the id
// of the connection the fake made through Link.
type connRewrite struct {
	base http.RoundTripper
	id   string
}

func (c connRewrite) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Header.Get("x-connection-id") == coverageConnection {
		r = r.Clone(r.Context())
		r.Header.Set("x-connection-id", c.id)
	}
	return c.base.RoundTrip(r)
}

// TestEveryMethodAgainstFake calls every SDK method of the spec against
// ofauthtest.NewServer on a connection made through Link: none may get
// ROUTE_NOT_FOUND, and every success must decode into the SDK's model.
// The only errors allowed are those of handWrittenStateful, asserted too.
func TestEveryMethodAgainstFake(t *testing.T) {
	c := fakeClient(t)
	for _, op := range specOperations {
		t.Run(op.Method+" "+op.Path, func(t *testing.T) {
			call, ok := endpointCalls[op.GoMethod]
			require.True(t, ok, "no call registered for %s", op.GoMethod)
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			err := call(ctx, c, op)
			var ae *APIError
			if errors.As(err, &ae) {
				require.NotEqual(t, "ROUTE_NOT_FOUND", ae.Code, "%s %s is not served: %s", op.Method, op.Path, ae.Message)
			}
			if slices.Contains(handWrittenStateful, op.GoMethod) {
				require.ErrorAs(t, err, &ae, "%s now succeeds: drop it from handWrittenStateful", op.GoMethod)
				assert.Equal(t, http.StatusNotFound, ae.StatusCode)
				assert.Equal(t, "RESOURCE_NOT_FOUND", ae.Code, ae.Message)
				return
			}
			var de *DecodeError
			require.False(t, errors.As(err, &de), "%s %s: the fake's body does not decode: %v", op.Method, op.Path, err)
			require.NoError(t, err)
		})
	}
}

// fakeClient is fakeLinked with every call's connection id rewritten to
// the linked one.
func fakeClient(t *testing.T) *Client {
	t.Helper()
	var rewrite *connRewrite
	c, id := fakeLinked(t, "endpoint-fake", func(rt http.RoundTripper) http.RoundTripper {
		rewrite = &connRewrite{base: rt}
		return rewrite
	})
	rewrite.id = id
	return c
}
