package ofauthtest_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ofauth-go/ofauth"
	"github.com/ofauth-go/ofauth/ofauthtest"
)

// mockedClient is an SDK client on an httpmock transport whose unclaimed
// requests go to ofauthtest.Responder.
func mockedClient(t *testing.T, opts ...ofauthtest.ServerOption) (*ofauth.Client, *httpmock.MockTransport) {
	t.Helper()
	mt := httpmock.NewMockTransport()
	mt.RegisterNoResponder(ofauthtest.Responder(opts...)) //nolint:bodyclose // a responder makes responses for the client to close
	c, err := ofauth.NewClient("sk_test_anything", ofauth.WithHTTPClient(&http.Client{Transport: mt}), ofauth.WithMaxRetries(0))
	require.NoError(t, err)
	return c, mt
}

func TestResponderAnswersLikeTheServer(t *testing.T) {
	c, mt := mockedClient(t)
	me, err := c.Account.Whoami(ctx(t))
	require.NoError(t, err)
	assert.Equal(t, "Sandbox Organization", me.Name)

	// Any connection id is an active connection with generated data.
	a := c.Access.WithConnection("conn_anything")
	self, err := a.Self.Get(ctx(t))
	require.NoError(t, err)
	assert.NotEmpty(t, self.Username)
	page, err := a.Subscribers.List(ctx(t), nil)
	require.NoError(t, err)
	assert.Len(t, page.Items, 10)
	assert.True(t, page.HasMore)
	again, err := a.Self.Get(ctx(t))
	require.NoError(t, err)
	assert.Equal(t, self.Username, again.Username, "the connection keeps its data")

	// Link works end to end, its URL on the default base URL.
	sess, err := c.Link.Init(ctx(t), &ofauth.LinkInitParams{RedirectURL: "https://app.example/cb"})
	require.NoError(t, err)
	assert.Regexp(t, `^https://api\.ofauth\.com/link/cs_`, sess.URL)

	// Errors come in the API's envelope; a responder registered for a
	// route still wins over the fake.
	err = c.Access.WithConnection("conn_x").Do(ctx(t), http.MethodGet, "/no-such-route", nil, nil)
	assert.Equal(t, "ROUTE_NOT_FOUND", apiError(t, err).Code)
	mt.RegisterResponder(http.MethodGet, "https://api.ofauth.com/v2/account/whoami",
		httpmock.NewStringResponder(503, `{"error":"down","type":"NETWORK_ERROR"}`))
	_, err = c.Account.Whoami(ctx(t))
	assert.Equal(t, http.StatusServiceUnavailable, apiError(t, err).StatusCode)
}

func TestResponderWithAPIKeyChecksTheKey(t *testing.T) {
	c, _ := mockedClient(t, ofauthtest.WithAPIKey("sk_sandbox_the_right_one"))
	_, err := c.Account.Whoami(ctx(t))
	assert.Equal(t, http.StatusUnauthorized, apiError(t, err).StatusCode)
}

func TestResponderDirectly(t *testing.T) {
	respond := ofauthtest.Responder(ofauthtest.WithSeed(7)) //nolint:bodyclose // a responder makes responses for the client to close
	resp, err := respond(nil)                               //nolint:bodyclose // an error: there is no response
	require.Error(t, err)
	require.Nil(t, resp)

	req := httptest.NewRequest(http.MethodGet, "https://api.ofauth.com/v2/account/whoami", nil)
	req.Header.Set("apiKey", "k")
	resp, err = respond(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Same(t, req, resp.Request)
	assert.Equal(t, "application/json; charset=utf-8", resp.Header.Get("Content-Type"))

	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	none, err := respond(req.WithContext(canceled)) //nolint:bodyclose // an error: there is no response
	require.ErrorIs(t, err, context.Canceled)
	require.Nil(t, none)

	noKey := httptest.NewRequest(http.MethodGet, "https://api.ofauth.com/v2/account/whoami", nil)
	rejected, err := respond(noKey)
	require.NoError(t, err)
	defer rejected.Body.Close()
	assert.Equal(t, http.StatusUnauthorized, rejected.StatusCode, "a key is still required")
}

func TestResponderWithLatency(t *testing.T) {
	c, _ := mockedClient(t, ofauthtest.WithLatency(time.Millisecond))
	me, err := c.Account.Whoami(ctx(t))
	require.NoError(t, err)
	assert.NotEmpty(t, me.ID)
}

func TestFixture(t *testing.T) {
	body, err := ofauthtest.Fixture(http.MethodGet, "/v2/access/subscribers?limit=3")
	require.NoError(t, err)
	var page struct {
		List []struct {
			ID       int64  `json:"id"`
			Username string `json:"username"`
		} `json:"list"`
		HasMore bool `json:"hasMore"`
	}
	require.NoError(t, json.Unmarshal(body, &page))
	assert.Len(t, page.List, 3)
	assert.True(t, page.HasMore)
	assert.NotEmpty(t, page.List[0].Username)

	again, err := ofauthtest.Fixture(http.MethodGet, "/v2/access/subscribers?limit=3")
	require.NoError(t, err)
	assert.JSONEq(t, string(body), string(again), "the same seed gives the same data")

	who, err := ofauthtest.Fixture(http.MethodGet, "/v2/account/whoami")
	require.NoError(t, err)
	assert.Contains(t, string(who), `"name":"Sandbox Organization"`)

	_, err = ofauthtest.Fixture(http.MethodGet, "/v2/nope")
	require.ErrorContains(t, err, "ROUTE_NOT_FOUND")
	_, err = ofauthtest.Fixture(http.MethodGet, "v2/account/whoami")
	require.Error(t, err)
	_, err = ofauthtest.Fixture("BAD METHOD", "/v2/account/whoami")
	require.Error(t, err)
}
