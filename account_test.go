package ofauth

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestWhoami(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("GET /v2/account/whoami", func(w http.ResponseWriter, r *http.Request) {
		assertHeaders(t, r)
		assert.Empty(t, r.Header.Get("Content-Type"), "no body, no content type")
		assert.Empty(t, r.Header.Get("x-connection-id"))
		writeJSON(w, 200, `{"id":"org_1","name":null,"permissions":["profile:read"],"extra":1}`)
	})
	acct, err := c.Account.Whoami(context.Background())
	require.NoError(t, err)
	assert.Equal(t, &Account{ID: "org_1", Permissions: []string{"profile:read"}}, acct)
}
