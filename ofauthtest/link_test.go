package ofauthtest_test

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ofauth-go/ofauth"
	"github.com/ofauth-go/ofauth/ofauthtest"
)

func TestLinkInitCompleteAndList(t *testing.T) {
	s := start(t)
	c := client(t, s)
	sess, err := c.Link.Init(ctx(t), &ofauth.LinkInitParams{
		RedirectURL:       "https://app.example/ofauth/callback?tenant=7",
		ClientReferenceID: "user_42",
	})
	require.NoError(t, err)
	assert.Equal(t, "hosted", sess.Mode)
	assert.True(t, strings.HasPrefix(sess.URL, s.URL+"/link/cs_"), sess.URL)
	assert.True(t, strings.HasPrefix(sess.ClientSecret, "cs_"))
	assert.WithinDuration(t, time.Now().Add(30*time.Minute), sess.ExpiresAt, time.Minute)

	st, err := c.Link.Status(ctx(t), sess.ClientSecret)
	require.NoError(t, err)
	assert.Equal(t, ofauth.LinkLoginInitialized, st.Status)

	redirect, connID, err := s.CompleteLink(sess.URL)
	require.NoError(t, err)
	assert.Equal(t, "app.example", redirect.Host)
	assert.Equal(t, "/ofauth/callback", redirect.Path)
	assert.Equal(t, "7", redirect.Query().Get("tenant"), "the redirect URL's own query is kept")

	cb, err := ofauth.ParseLinkCallback(redirect.Query())
	require.NoError(t, err)
	assert.Equal(t, ofauth.LinkSucceeded, cb.Status)
	assert.Equal(t, connID, cb.ConnectionID)
	assert.Equal(t, "user_42", cb.ClientReferenceID)
	assert.True(t, strings.HasPrefix(connID, "conn_"))

	page, err := c.Connections.List(ctx(t), nil)
	require.NoError(t, err)
	require.Len(t, page.Items, 1)
	got := page.Items[0]
	assert.Equal(t, connID, got.ID)
	assert.Equal(t, ofauth.ConnectionActive, got.Status)
	assert.Equal(t, "user_42", got.ClientReferenceID)
	assert.False(t, got.Imported)
	assert.NotEmpty(t, got.UserData.Name)
	assert.NotEmpty(t, got.UserData.Username)
	assert.Regexp(t, `^[0-9]+$`, got.UserData.ID)
	assert.Contains(t, got.Permissions, "profile:read")
	assert.False(t, got.CreatedAt.IsZero())
	assert.True(t, got.ExpiredAt.IsZero())

	st, err = c.Link.Status(ctx(t), sess.ClientSecret)
	require.NoError(t, err)
	assert.Equal(t, ofauth.LinkLoginCompleted, st.Status)

	// A session completes once.
	_, _, err = s.CompleteLink(sess.ClientSecret)
	require.ErrorIs(t, err, ofauthtest.ErrLinkFinished)
}

func TestCompleteLinkErrors(t *testing.T) {
	clock := newClock()
	s := start(t, ofauthtest.WithClock(clock.Now))
	c := client(t, s)
	_, _, err := s.CompleteLink("cs_unknown")
	require.ErrorIs(t, err, ofauthtest.ErrLinkNotFound)
	_, _, err = s.CompleteLink("https://link.example/nothing")
	require.ErrorIs(t, err, ofauthtest.ErrLinkNotFound)

	sess, err := c.Link.Init(ctx(t), nil)
	require.NoError(t, err)
	clock.Add(31 * time.Minute)
	_, _, err = s.CompleteLink(sess.URL)
	require.ErrorIs(t, err, ofauthtest.ErrLinkExpired)
	_, err = c.Link.Status(ctx(t), sess.ClientSecret)
	require.ErrorIs(t, err, ofauth.ErrNotFound)
}

func TestLinkDefaultRedirectIsTheSandboxPage(t *testing.T) {
	s := start(t)
	sess, err := client(t, s).Link.Init(ctx(t), &ofauth.LinkInitParams{ClientReferenceID: "r"})
	require.NoError(t, err)
	redirect, _, err := s.CompleteLink(sess.URL)
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(redirect.String(), s.URL+"/sandbox/redirect?"), redirect.String())

	resp, err := http.Get(redirect.String())
	require.NoError(t, err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Contains(t, string(body), "success")
}

func TestRedirectRestriction(t *testing.T) {
	allowed := "https://app.example/callback"
	s := start(t, ofauthtest.WithAllowedRedirectURLs(allowed, "http://localhost:3000/cb"))
	c := client(t, s)

	_, err := c.Link.Init(ctx(t), &ofauth.LinkInitParams{RedirectURL: "https://evil.example/callback"})
	require.ErrorIs(t, err, ofauth.ErrBadRequest)
	assert.Contains(t, apiError(t, err).Message, "redirect")
	_, err = c.Link.Init(ctx(t), &ofauth.LinkInitParams{RedirectURL: allowed + "/more"})
	require.ErrorIs(t, err, ofauth.ErrBadRequest)

	sess, err := c.Link.Init(ctx(t), &ofauth.LinkInitParams{RedirectURL: "http://localhost:3000/cb"})
	require.NoError(t, err)
	redirect, _, err := s.CompleteLink(sess.URL)
	require.NoError(t, err)
	assert.Equal(t, "localhost:3000", redirect.Host)

	// Without a redirect URL the first allowed one is used.
	sess, err = c.Link.Init(ctx(t), nil)
	require.NoError(t, err)
	redirect, _, err = s.CompleteLink(sess.URL)
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(redirect.String(), allowed+"?"), redirect.String())
}

func TestLinkInitValidation(t *testing.T) {
	s := start(t)
	c := client(t, s)
	for _, p := range []*ofauth.LinkInitParams{
		{RedirectURL: "not a url"},
		{RedirectURL: "ftp://app.example/cb"},
		{ClientAppID: "application-1"},
	} {
		_, err := c.Link.Init(ctx(t), p)
		require.ErrorIs(t, err, ofauth.ErrBadRequest, "%+v", p)
	}
	_, err := c.Link.Init(ctx(t), &ofauth.LinkInitParams{ConnectionID: "conn_missing"})
	require.ErrorIs(t, err, ofauth.ErrNotFound)

	sess, err := c.Link.Init(ctx(t), &ofauth.LinkInitParams{
		ClientAppID: "app_123abc", Geolocation: &ofauth.Geolocation{Country: "US", State: "CA"},
	})
	require.NoError(t, err)
	assert.Equal(t, "hosted", sess.Mode)

	//lint:ignore SA1019 the deprecated field must keep working
	sess, err = c.Link.Init(ctx(t), &ofauth.LinkInitParams{Mode: "whitelabel"}) //nolint:staticcheck // as above
	require.NoError(t, err)
	assert.Equal(t, "whitelabel", sess.Mode)
	assert.Empty(t, sess.URL)
	assert.True(t, strings.HasPrefix(sess.ClientSecret, "cs_"))
}

func TestLinkDelete(t *testing.T) {
	s := start(t)
	c := client(t, s)
	sess, err := c.Link.Init(ctx(t), nil)
	require.NoError(t, err)
	require.NoError(t, c.Link.Delete(ctx(t), sess.ClientSecret))
	require.ErrorIs(t, c.Link.Delete(ctx(t), sess.ClientSecret), ofauth.ErrNotFound)
	_, _, err = s.CompleteLink(sess.URL)
	require.ErrorIs(t, err, ofauthtest.ErrLinkNotFound)
}

func TestReconnectKeepsTheConnection(t *testing.T) {
	s := start(t)
	c := client(t, s)
	id := connect(t, s, c, "user_1")
	require.NoError(t, s.ExpireConnection(id))
	conn, ok := s.Connection(id)
	require.True(t, ok)
	assert.Equal(t, ofauthtest.StatusExpired, conn.Status)
	assert.False(t, conn.ExpiredAt.IsZero())

	sess, err := c.Link.Init(ctx(t), &ofauth.LinkInitParams{ConnectionID: id, RedirectURL: "https://app.example/cb"})
	require.NoError(t, err)
	redirect, again, err := s.CompleteLink(sess.URL)
	require.NoError(t, err)
	assert.Equal(t, id, again)
	assert.Equal(t, id, redirect.Query().Get("connection_id"))
	assert.Equal(t, "", redirect.Query().Get("client_reference_id"), "not given to this session")

	conn, _ = s.Connection(id)
	assert.Equal(t, ofauthtest.StatusActive, conn.Status)
	assert.True(t, conn.ExpiredAt.IsZero())
	assert.Equal(t, "user_1", conn.ClientReferenceID, "kept from the first session")
	assert.Len(t, s.Connections(), 1)
}

func TestCancelLink(t *testing.T) {
	s := start(t)
	c := client(t, s)
	sess, err := c.Link.Init(ctx(t), &ofauth.LinkInitParams{ClientReferenceID: "user_9", RedirectURL: "https://app.example/cb"})
	require.NoError(t, err)
	redirect, err := s.CancelLink(sess.URL)
	require.NoError(t, err)
	cb, err := ofauth.ParseLinkCallback(redirect.Query())
	require.NoError(t, err)
	assert.Equal(t, ofauth.LinkCancelled, cb.Status)
	assert.Equal(t, "login", cb.Step)
	assert.Equal(t, "user_9", cb.ClientReferenceID)
	assert.Empty(t, s.Connections())
	st, err := c.Link.Status(ctx(t), sess.ClientSecret)
	require.NoError(t, err)
	assert.Equal(t, ofauth.LinkLoginDenied, st.Status)
}

// noFollow is a browser that shows redirects instead of following them.
var noFollow = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

func TestHostedPage(t *testing.T) {
	s := start(t)
	c := client(t, s)
	sess, err := c.Link.Init(ctx(t), &ofauth.LinkInitParams{ClientReferenceID: "user_7", RedirectURL: "https://app.example/cb"})
	require.NoError(t, err)

	resp, err := http.Get(sess.URL)
	require.NoError(t, err)
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Contains(t, resp.Header.Get("Content-Type"), "text/html")
	assert.Contains(t, string(page), `<form method="post"`)
	assert.Contains(t, string(page), `value="`+ofauthtest.SandboxEmail+`"`)
	assert.Contains(t, string(page), `value="`+ofauthtest.SandboxPassword+`"`)
	assert.Contains(t, string(page), ">Connect</button>")
	assert.Contains(t, string(page), ">Cancel</a>")

	// A wrong password shows the page again with an error.
	resp, err = noFollow.PostForm(sess.URL, url.Values{"email": {"jane@creator.sandbox.com"}, "password": {"nope"}})
	require.NoError(t, err)
	page, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Contains(t, string(page), "Wrong e-mail or password")
	st, err := c.Link.Status(ctx(t), sess.ClientSecret)
	require.NoError(t, err)
	assert.Equal(t, ofauth.LinkLoginInvalidCredentials, st.Status)

	// The right one connects and redirects with 303.
	resp, err = noFollow.PostForm(sess.URL, url.Values{"email": {"jane.doe@creator.sandbox.com"}, "password": {ofauthtest.SandboxPassword}})
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusSeeOther, resp.StatusCode)
	loc, err := url.Parse(resp.Header.Get("Location"))
	require.NoError(t, err)
	cb, err := ofauth.ParseLinkCallback(loc.Query())
	require.NoError(t, err)
	assert.Equal(t, ofauth.LinkSucceeded, cb.Status)
	assert.Equal(t, "user_7", cb.ClientReferenceID)
	conn, ok := s.Connection(cb.ConnectionID)
	require.True(t, ok)
	assert.Equal(t, "jane.doe", conn.User.Username, "the sandbox login names the account")

	// The page is done now.
	resp, err = http.Get(sess.URL)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusGone, resp.StatusCode)
}

func TestHostedPageOTPAndCancel(t *testing.T) {
	s := start(t)
	c := client(t, s)
	sess, err := c.Link.Init(ctx(t), &ofauth.LinkInitParams{RedirectURL: "https://app.example/cb"})
	require.NoError(t, err)
	form := url.Values{"email": {"x@creator-otp.sandbox.com"}, "password": {ofauthtest.SandboxPassword}}
	resp, err := noFollow.PostForm(sess.URL, form)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode, "the OTP scenario wants the code")
	form.Set("otp", ofauthtest.SandboxOTP)
	resp, err = noFollow.PostForm(sess.URL, form)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusSeeOther, resp.StatusCode)

	sess, err = c.Link.Init(ctx(t), &ofauth.LinkInitParams{RedirectURL: "https://app.example/cb", ClientReferenceID: "u"})
	require.NoError(t, err)
	resp, err = noFollow.Get(sess.URL + "/cancel")
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusSeeOther, resp.StatusCode)
	loc, _ := url.Parse(resp.Header.Get("Location"))
	assert.Equal(t, "cancelled", loc.Query().Get("status"))
	assert.Equal(t, "login", loc.Query().Get("step"))
	assert.Equal(t, "u", loc.Query().Get("client_reference_id"))

	resp, err = http.Get(s.URL + "/link/cs_nothing")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)
}

func TestHostedPageAfterExpiry(t *testing.T) {
	clock := newClock()
	s := start(t, ofauthtest.WithClock(clock.Now))
	sess, err := client(t, s).Link.Init(ctx(t), &ofauth.LinkInitParams{RedirectURL: "https://app.example/cb"})
	require.NoError(t, err)
	clock.Add(time.Hour)
	resp, err := noFollow.PostForm(sess.URL, url.Values{"email": {ofauthtest.SandboxEmail}, "password": {ofauthtest.SandboxPassword}})
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusSeeOther, resp.StatusCode)
	loc, _ := url.Parse(resp.Header.Get("Location"))
	cb, err := ofauth.ParseLinkCallback(loc.Query())
	require.NoError(t, err)
	assert.Equal(t, ofauth.LinkFailed, cb.Status)
	assert.Equal(t, "session_expired", cb.ErrorCode)
}
