package ofauth

import (
	"context"
	"net/http"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A "." or ".." path value would let a normalising proxy turn
// DELETE .../lists/L1/users/.. into "delete list L1": every such value is
// ErrInvalidParams before any request is sent.
func TestDotSegmentPathValuesAreRejectedBeforeAnyRequest(t *testing.T) {
	c, mux := setup(t)
	var hits atomic.Int32
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.WriteHeader(http.StatusNoContent)
	})
	ctx := context.Background()
	a := c.Access.WithConnection("conn_1")
	for _, dot := range []string{".", ".."} {
		calls := map[string]func() error{
			"UserLists.RemoveMember": func() error { return a.UserLists.RemoveMember(ctx, ID(dot), 5) },
			"UserLists.Delete":       func() error { return a.UserLists.Delete(ctx, ID(dot)) },
			"Users.GetByUsername":    func() error { _, err := a.Users.GetByUsername(ctx, dot); return err },
			"Connections.Delete":     func() error { return c.Connections.Delete(ctx, dot) },
			"Connections.Invalidate": func() error { return c.Connections.Invalidate(ctx, dot) },
			"Link.Delete":            func() error { return c.Link.Delete(ctx, dot) },
			"VaultPlus.Get":          func() error { _, err := c.VaultPlus.WithConnection("conn_1").Get(ctx, dot); return err },
			"Access.Do":              func() error { return a.Do(ctx, "DELETE", "/lists/L1/users/"+dot, nil, nil) },
		}
		for name, call := range calls {
			assert.ErrorIs(t, call(), ErrInvalidParams, "%s(%q)", name, dot)
		}
	}
	for _, p := range []string{"/lists/L1/users/%2e%2e", "/lists/%2E/x", "/users/%2e."} {
		assert.ErrorIs(t, a.Do(ctx, "GET", p, nil, nil), ErrInvalidParams, "Do(%q)", p)
	}
	assert.Zero(t, hits.Load(), "no request may be sent")
}

func TestExpandRouteKeepsEveryValueInItsSegment(t *testing.T) {
	for _, bad := range []string{"", " ", ".", ".."} {
		_, err := expandRoute("/v2/x/{id}/y", []string{bad})
		assert.ErrorIs(t, err, ErrInvalidParams, "%q", bad)
	}
	for in, want := range map[string]string{
		"...":     "/v2/x/.../y",
		"a/../b":  "/v2/x/a%2F..%2Fb/y",
		"../":     "/v2/x/..%2F/y",
		"%2e%2e":  "/v2/x/%252e%252e/y",
		"a?b#c":   "/v2/x/a%3Fb%23c/y",
		".hidden": "/v2/x/.hidden/y",
	} {
		got, err := expandRoute("/v2/x/{id}/y", []string{in})
		require.NoError(t, err, "%q", in)
		assert.Equal(t, want, got, "%q", in)
	}
}
