package ofauthtest_test

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ofauth-go/ofauth"
	"github.com/ofauth-go/ofauth/ofauthtest"
)

func TestNewServerDefaults(t *testing.T) {
	s := start(t)
	u, err := url.Parse(s.URL)
	require.NoError(t, err)
	assert.Equal(t, "127.0.0.1", u.Hostname())
	assert.True(t, strings.HasPrefix(s.APIKey, "sk_sandbox_"), s.APIKey)
	assert.True(t, strings.HasPrefix(s.WebhookSecret, "whsec_"), s.WebhookSecret)

	other := start(t)
	assert.NotEqual(t, s.APIKey, other.APIKey)
	assert.NotEqual(t, s.WebhookSecret, other.WebhookSecret)
}

func TestWhoami(t *testing.T) {
	s := start(t)
	me, err := client(t, s).Account.Whoami(ctx(t))
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(me.ID, "org_"))
	assert.NotEmpty(t, me.Name)
	assert.Contains(t, me.Permissions, "subscribers:read")
}

func TestWithAPIKey(t *testing.T) {
	s := start(t, ofauthtest.WithAPIKey("sk_sandbox_fixed"))
	assert.Equal(t, "sk_sandbox_fixed", s.APIKey)
	_, err := client(t, s).Account.Whoami(ctx(t))
	require.NoError(t, err)
}

func TestWrongKeyIsUnauthorized(t *testing.T) {
	s := start(t)
	c, err := ofauth.NewClient("sk_sandbox_wrong", ofauth.WithBaseURL(s.URL))
	require.NoError(t, err)
	_, err = c.Account.Whoami(ctx(t))
	require.ErrorIs(t, err, ofauth.ErrUnauthorized)
	ae := apiError(t, err)
	assert.Equal(t, http.StatusUnauthorized, ae.StatusCode)
	assert.Equal(t, "UNAUTHORIZED", ae.Code)
	assert.True(t, strings.HasPrefix(ae.RequestID, "req_"))
	assert.Equal(t, 1, ae.Attempts, "a 401 is not retried")

	// Every API route checks the key, Access routes included.
	for _, path := range []string{"/v2/account/whoami", "/v2/account/connections", "/v2/access/self"} {
		resp, m := callKey(t, s, "", http.MethodGet, path, "conn_x", nil)
		assertEnvelope(t, resp, m, http.StatusUnauthorized, "UNAUTHORIZED")
		resp, m = callKey(t, s, s.APIKey+"x", http.MethodGet, path, "conn_x", nil)
		assertEnvelope(t, resp, m, http.StatusUnauthorized, "UNAUTHORIZED")
	}
}

func TestAPIKeyHeaderNameIsCaseInsensitive(t *testing.T) {
	s := start(t)
	for _, name := range []string{"apiKey", "apikey", "APIKEY"} {
		req, err := http.NewRequest(http.MethodGet, s.URL+"/v2/account/whoami", nil)
		require.NoError(t, err)
		req.Header[name] = []string{s.APIKey}
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		assert.Equal(t, http.StatusOK, resp.StatusCode, name)
	}
}

func TestUnknownRoute(t *testing.T) {
	s := start(t)
	resp, m := call(t, s, http.MethodGet, "/v2/nothing/here", "", nil)
	assertEnvelope(t, resp, m, http.StatusNotFound, "ROUTE_NOT_FOUND")
	// A known path with a method it does not have is an unknown route too.
	resp, m = call(t, s, http.MethodPut, "/v2/account/whoami", "", nil)
	assertEnvelope(t, resp, m, http.StatusNotFound, "ROUTE_NOT_FOUND")

	err := client(t, s).Access.WithConnection("conn_x").Do(ctx(t), http.MethodGet, "/no-such-endpoint", nil, nil)
	require.ErrorIs(t, err, ofauth.ErrNotFound)
}

func TestBadJSONBody(t *testing.T) {
	s := start(t)
	conn := s.AddConnection("")
	cases := []struct{ path, conn, body string }{
		{"/v2/link/init", "", `{"redirectUrl":`},
		{"/v2/link/init", "", `[1,2]`},
		{"/v2/link/init", "", `{"redirectUrl": 5}`},
		{"/v2/link/init", "", `{} {}`},
		{"/v2/account/connections/import", "", `not json`},
		{"/v2/access/uploads/init", conn.ID, `{"size":"big"}`},
		{"/v2/access/chats/1/messages", conn.ID, `{"text":`},
	}
	for _, tc := range cases {
		resp, m := call(t, s, http.MethodPost, tc.path, tc.conn, tc.body)
		assertEnvelope(t, resp, m, http.StatusBadRequest, "BAD_REQUEST")
	}
	resp, m := call(t, s, http.MethodPatch, "/v2/account/settings", "", `{"vaultPlus":{"defaultSettings":{"retentionDays":"long"}}}`)
	assertEnvelope(t, resp, m, http.StatusBadRequest, "BAD_REQUEST")
	resp, m = call(t, s, http.MethodPost, "/v2/account/connections/import", "", strings.Repeat(" ", 2<<20))
	assertEnvelope(t, resp, m, http.StatusBadRequest, "BAD_REQUEST")
}

func TestAccountSettings(t *testing.T) {
	s := start(t)
	c := client(t, s)
	got, err := c.Account.Settings(ctx(t))
	require.NoError(t, err)
	require.NotNil(t, got.VaultPlus.DefaultSettings.RetentionDays)

	days := 7
	res, err := c.Account.UpdateSettings(ctx(t), &ofauth.AccountSettingsUpdateParams{VaultPlus: &ofauth.OrgVaultPlusUpdateParams{
		AutoEnableForNewConnections: ofauth.Ptr(true),
		DefaultSettings:             &ofauth.VaultPlusSettings{RetentionDays: &days},
	}})
	require.NoError(t, err)
	assert.True(t, res.Settings.VaultPlus.AutoEnableForNewConnections)
	assert.Equal(t, 7, *res.Settings.VaultPlus.DefaultSettings.RetentionDays)
	assert.Nil(t, res.BroadcastResult)

	got, err = c.Account.Settings(ctx(t))
	require.NoError(t, err)
	assert.Equal(t, 7, *got.VaultPlus.DefaultSettings.RetentionDays)
	assert.NotNil(t, got.VaultPlus.DefaultSettings.CacheImages, "fields not sent are kept")

	s.AddConnection("")
	res, err = c.Account.UpdateSettings(ctx(t), &ofauth.AccountSettingsUpdateParams{VaultPlus: &ofauth.OrgVaultPlusUpdateParams{
		ApplyToExistingConnections: ofauth.Ptr(true),
	}})
	require.NoError(t, err)
	require.NotNil(t, res.BroadcastResult)
	assert.Equal(t, 1, res.BroadcastResult.AffectedConnections)
}

func TestRequestsLog(t *testing.T) {
	s := start(t)
	c := client(t, s)
	conn := s.AddConnection("")
	_, err := c.Account.Whoami(ctx(t))
	require.NoError(t, err)
	require.NoError(t, c.Access.WithConnection(conn.ID).Do(ctx(t), http.MethodGet, "/subscribers?limit=5", nil, nil))

	reqs := s.Requests()
	require.Len(t, reqs, 2)
	assert.Equal(t, "GET", reqs[0].Method)
	assert.Equal(t, "/v2/account/whoami", reqs[0].Path)
	assert.Equal(t, 200, reqs[0].Status)
	assert.Empty(t, reqs[0].Body)
	assert.Equal(t, "/v2/access/subscribers", reqs[1].Path)
	assert.Equal(t, "limit=5", reqs[1].Query)
	assert.Equal(t, conn.ID, reqs[1].ConnectionID)
	assert.False(t, reqs[1].Time.IsZero())
}

func TestLatency(t *testing.T) {
	s := start(t, ofauthtest.WithLatency(60*time.Millisecond))
	begin := time.Now()
	_, err := client(t, s).Account.Whoami(ctx(t))
	require.NoError(t, err)
	assert.GreaterOrEqual(t, time.Since(begin), 60*time.Millisecond)
}

func TestConcurrentUse(t *testing.T) {
	s := start(t)
	c := client(t, s)
	conn := s.AddConnection("")
	a := c.Access.WithConnection(conn.ID)
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 5; j++ {
				if err := a.Do(ctx(t), http.MethodGet, "/subscribers?limit=20", nil, nil); err != nil {
					errs <- err
				}
				if err := a.Do(ctx(t), http.MethodPost, "/chats/1/messages", map[string]any{"text": "hi"}, nil); err == nil {
					errs <- assert.AnError // user 1 is not a fan: must fail
				}
				if _, err := c.Connections.List(ctx(t), nil); err != nil {
					errs <- err
				}
				if _, _, err := s.CompleteLink(initLink(t, c)); err != nil {
					errs <- err
				}
				_ = s.Connections()
				_ = s.Requests()
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	assert.Len(t, s.Connections(), 41)
}

func initLink(t *testing.T, c *ofauth.Client) string {
	sess, err := c.Link.Init(ctx(t), nil)
	if err != nil {
		t.Error(err)
		return ""
	}
	return sess.URL
}

// TestCloseLeavesNoGoroutines closes a server in the middle of a slow
// request and with webhooks queued for a receiver that never answers.
func TestCloseLeavesNoGoroutines(t *testing.T) {
	hang := make(chan struct{})
	arrived := make(chan struct{}, 8)
	stuck := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body) // net/http notices a client leaving only once the body is read
		arrived <- struct{}{}
		select {
		case <-hang:
		case <-r.Context().Done():
		}
	}))

	s := ofauthtest.NewServer(ofauthtest.WithWebhookURL(stuck.URL))
	s.AddConnection("a")
	s.AddConnection("b")
	s.Inject(ofauthtest.Fault{Path: "/v2/account/whoami", Delay: time.Minute})

	tr := &http.Transport{}
	hc := &http.Client{Transport: tr}
	done := make(chan struct{})
	go func() {
		defer close(done)
		req, _ := http.NewRequest(http.MethodGet, s.URL+"/v2/account/whoami", nil)
		req.Header.Set("apiKey", s.APIKey)
		if resp, err := hc.Do(req); err == nil {
			resp.Body.Close()
		}
	}()
	select {
	case <-arrived:
	case <-time.After(5 * time.Second):
		t.Fatal("the first webhook never arrived")
	}
	// The slow request is under way: its handler waits on the fault's delay.
	require.Eventually(t, func() bool { return ofauthtest.InFlight(s) == 1 }, 5*time.Second, time.Millisecond)

	closed := make(chan struct{})
	go func() { s.Close(); close(closed) }()
	select {
	case <-closed:
	case <-time.After(3 * time.Second):
		t.Fatal("Close blocked on a slow request or a stuck delivery")
	}
	<-done
	tr.CloseIdleConnections()
	s.Close() // a second Close is harmless

	close(hang)
	stuck.Close()
	if !assert.Eventually(t, func() bool { return len(leftovers()) == 0 }, 3*time.Second, 10*time.Millisecond) {
		t.Logf("goroutines left behind:\n%s", strings.Join(leftovers(), "\n\n"))
	}
}

// leftovers returns the stacks of goroutines still running code of the
// server or of net/http, this test's own goroutine aside. Counting
// goroutines would not do: the runtime's finalizer goroutine comes and
// goes.
func leftovers() []string {
	buf := make([]byte, 1<<20)
	buf = buf[:runtime.Stack(buf, true)]
	var out []string
	for _, g := range strings.Split(string(buf), "\n\n") {
		if strings.Contains(g, "TestCloseLeavesNoGoroutines") {
			continue
		}
		if strings.Contains(g, "/ofauthtest.") || strings.Contains(g, "net/http.") {
			out = append(out, g)
		}
	}
	return out
}

func TestCloseDoesNotWaitForAStalledClient(t *testing.T) {
	s := ofauthtest.NewServer()
	conn, err := net.Dial("tcp", strings.TrimPrefix(s.URL, "http://"))
	require.NoError(t, err)
	defer conn.Close()
	// Headers promise a body that never comes.
	fmt.Fprintf(conn, "POST /v2/link/init HTTP/1.1\r\nHost: x\r\napiKey: %s\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"redirectUrl\":", s.APIKey)
	// The handler is running, reading a body that never comes.
	require.Eventually(t, func() bool { return ofauthtest.InFlight(s) == 1 }, 5*time.Second, time.Millisecond)

	closed := make(chan struct{})
	go func() { s.Close(); close(closed) }()
	select {
	case <-closed:
	case <-time.After(3 * time.Second):
		t.Fatal("Close waited for a client that stopped sending")
	}
}
