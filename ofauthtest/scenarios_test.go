package ofauthtest_test

import (
	"context"
	"encoding/json"
	"net"
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

// noRedirect is a client that reports redirects instead of following them.
var noRedirect = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

func startLink(t *testing.T, c *ofauth.Client, ref string) *ofauth.LinkSession {
	t.Helper()
	sess, err := c.Link.Init(ctx(t), &ofauth.LinkInitParams{ClientReferenceID: ref, RedirectURL: "https://app.example/callback"})
	require.NoError(t, err)
	return sess
}

// pageRedirect opens a hosted Link page and returns where it redirects.
func pageRedirect(t *testing.T, pageURL string) *url.URL {
	t.Helper()
	resp, err := noRedirect.Get(pageURL)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusSeeOther, resp.StatusCode)
	u, err := url.Parse(resp.Header.Get("Location"))
	require.NoError(t, err)
	return u
}

func TestFailLink(t *testing.T) {
	s := start(t)
	c := client(t, s)
	sess := startLink(t, c, "user_9")

	redirect, err := s.FailLink(sess.URL, "account_locked", ofauthtest.LinkStepLogin)
	require.NoError(t, err)
	assert.Equal(t, "app.example", redirect.Host)
	cb, err := ofauth.ParseLinkCallback(redirect.Query())
	require.NoError(t, err)
	assert.Equal(t, ofauth.LinkFailed, cb.Status)
	assert.Equal(t, "account_locked", cb.ErrorCode)
	assert.Equal(t, "user_9", cb.ClientReferenceID)
	assert.Equal(t, "login", redirect.Query().Get("step"))

	st, err := c.Link.Status(ctx(t), clientSecretOf(sess.URL))
	require.NoError(t, err)
	assert.Equal(t, ofauth.LinkLoginFailed, st.Status)

	// A browser opening the session now lands on the callback with the error.
	assert.Equal(t, redirect.String(), pageRedirect(t, sess.URL).String())
	assert.Equal(t, redirect.String(), pageRedirect(t, sess.URL+"/cancel").String())

	_, _, err = s.CompleteLink(sess.URL)
	require.ErrorIs(t, err, ofauthtest.ErrLinkFinished)
	assert.Empty(t, s.Connections(), "a failed Link makes no connection")

	_, err = s.FailLink(startLink(t, c, "").URL, " ", "")
	require.Error(t, err, "an error code is required")
	_, err = s.FailLink("cs_unknown", "2fa_failed", "")
	require.ErrorIs(t, err, ofauthtest.ErrLinkNotFound)

	// Without a step and a client reference, the query has neither.
	redirect, err = s.FailLink(startLink(t, c, "").URL, "2fa_failed", "")
	require.NoError(t, err)
	assert.Equal(t, url.Values{"status": {"error"}, "error_code": {"2fa_failed"}}, redirect.Query())
}

func TestCancelLinkAt(t *testing.T) {
	s := start(t)
	c := client(t, s)
	sess := startLink(t, c, "user_3")
	redirect, err := s.CancelLinkAt(sess.URL, ofauthtest.LinkStep2FA)
	require.NoError(t, err)
	cb, err := ofauth.ParseLinkCallback(redirect.Query())
	require.NoError(t, err)
	assert.Equal(t, ofauth.LinkCancelled, cb.Status)
	assert.Equal(t, "2fa", cb.Step)
	assert.Equal(t, "user_3", cb.ClientReferenceID)
	st, err := c.Link.Status(ctx(t), clientSecretOf(sess.URL))
	require.NoError(t, err)
	assert.Equal(t, ofauth.LinkLoginDenied, st.Status)
	assert.Equal(t, redirect.String(), pageRedirect(t, sess.URL).String())

	_, err = s.CancelLinkAt(sess.URL, "login")
	require.ErrorIs(t, err, ofauthtest.ErrLinkFinished)
	redirect, err = s.CancelLinkAt(startLink(t, c, "").URL, "")
	require.NoError(t, err)
	assert.Equal(t, "login", redirect.Query().Get("step"), "the default step")
}

func clientSecretOf(linkURL string) string {
	return linkURL[strings.LastIndex(linkURL, "/")+1:]
}

func TestDeleteConnection(t *testing.T) {
	rc := newReceiver(t)
	s := start(t, ofauthtest.WithWebhookURL(rc.URL))
	c := client(t, s)
	conn := s.AddConnection("ref")
	_, err := s.WaitForDeliveries(ctx(t), 1)
	require.NoError(t, err)
	mark := s.DeliveryMark()

	require.NoError(t, s.DeleteConnection(conn.ID))
	_, ok := s.Connection(conn.ID)
	assert.False(t, ok)
	err = c.Access.WithConnection(conn.ID).Do(ctx(t), http.MethodGet, "/self", nil, nil)
	require.ErrorIs(t, err, ofauth.ErrSessionNotProvided)

	ds, err := s.WaitForDeliveriesSince(ctx(t), mark, 1)
	require.NoError(t, err)
	require.Len(t, ds, 1)
	assert.Equal(t, "connection.disconnected", ds[0].Type)
	e := decodeEvent(t, ds[0].Payload)
	assert.Equal(t, conn.ID, e.Data.Connection.ID)
	assert.Equal(t, "disconnected", e.Data.Connection.Status)

	require.ErrorIs(t, s.DeleteConnection(conn.ID), ofauthtest.ErrUnknownConnection)
}

func TestInvalidateConnection(t *testing.T) {
	rc := newReceiver(t)
	s := start(t, ofauthtest.WithWebhookURL(rc.URL))
	c := client(t, s)
	conn := s.AddConnection("")
	require.NoError(t, s.InvalidateConnection(conn.ID))
	err := c.Access.WithConnection(conn.ID).Do(ctx(t), http.MethodGet, "/self", nil, nil)
	require.ErrorIs(t, err, ofauth.ErrSessionExpired)
	d, err := s.WaitForDelivery(ctx(t), func(d ofauthtest.Delivery) bool { return d.Type == "connection.expired" })
	require.NoError(t, err)
	assert.Equal(t, conn.ID, d.ConnectionID)
	require.ErrorIs(t, s.InvalidateConnection("conn_nope"), ofauthtest.ErrUnknownConnection)
}

func TestRevokePermission(t *testing.T) {
	rc := newReceiver(t)
	s := start(t, ofauthtest.WithWebhookURL(rc.URL))
	c := client(t, s)
	conn := s.AddConnection("")
	a := c.Access.WithConnection(conn.ID)
	_, err := s.WaitForDeliveries(ctx(t), 1) // connection.created
	require.NoError(t, err)

	mark := s.DeliveryMark()
	require.NoError(t, s.RevokePermission(conn.ID, "posts:read", "not:a-permission"))
	got, _ := s.Connection(conn.ID)
	assert.NotContains(t, got.Permissions, "posts:read")

	err = a.Do(ctx(t), http.MethodGet, "/posts", nil, nil)
	require.ErrorIs(t, err, ofauth.ErrForbidden)
	ae := apiError(t, err)
	assert.Equal(t, http.StatusForbidden, ae.StatusCode)
	assert.Contains(t, ae.Message, "posts:read")
	resp, body := call(t, s, http.MethodGet, "/v2/access/posts", conn.ID, nil)
	assertEnvelope(t, resp, body, http.StatusForbidden, "FORBIDDEN")
	assert.Equal(t, map[string]any{"permission": "posts:read"}, body["details"])
	require.NoError(t, a.Do(ctx(t), http.MethodGet, "/self", nil, nil), "other permissions stay")

	// The change is announced as connection.updated with what is left.
	ds, err := s.WaitForDeliveriesSince(ctx(t), mark, 1)
	require.NoError(t, err)
	assert.Equal(t, "connection.updated", ds[0].Type)
	e := decodeEvent(t, ds[0].Payload)
	assert.NotContains(t, e.Data.Connection.Permissions, "posts:read")
	assert.Contains(t, e.Data.Connection.Permissions, "profile:read")

	require.NoError(t, s.GrantPermission(conn.ID, "posts:read"))
	require.NoError(t, a.Do(ctx(t), http.MethodGet, "/posts", nil, nil))
	ds, err = s.WaitForDeliveriesSince(ctx(t), mark, 2)
	require.NoError(t, err)
	assert.Contains(t, decodeEvent(t, ds[1].Payload).Data.Connection.Permissions, "posts:read")

	// Nothing changes, nothing is sent.
	require.NoError(t, s.RevokePermission(conn.ID, "not:held"))
	require.ErrorIs(t, s.RevokePermission("conn_nope", "posts:read"), ofauthtest.ErrUnknownConnection)
	require.ErrorIs(t, s.GrantPermission("conn_nope", "posts:read"), ofauthtest.ErrUnknownConnection)
	s.AddConnection("") // a marker event: were another queued first, it would come first
	d, err := s.WaitForDeliveriesSince(ctx(t), mark+2, 1)
	require.NoError(t, err)
	assert.Equal(t, "connection.created", d[0].Type)
}

func TestEmit(t *testing.T) {
	rc := newReceiver(t)
	s := start(t, ofauthtest.WithWebhookURL(rc.URL))
	data := map[string]any{"revision": "202611301200-abc", "rules": map[string]any{"static_param": "x", "checksum_constant": 7}}
	id, err := s.Emit("rules.updated", data)
	require.NoError(t, err)

	d, err := s.WaitForDelivery(ctx(t), func(d ofauthtest.Delivery) bool { return d.ID == id })
	require.NoError(t, err)
	assert.True(t, d.Delivered)
	assert.Equal(t, "rules.updated", d.Type)
	assert.Empty(t, d.ConnectionID)
	got := rc.next(t)
	assertSigned(t, s.WebhookSecret, got)
	assert.Equal(t, id, got.Header.Get("svix-id"))
	assert.JSONEq(t, `{"eventType":"rules.updated","live":false,"data":{"revision":"202611301200-abc","rules":{"static_param":"x","checksum_constant":7}}}`, string(got.Body))

	// The SDK verifies and routes it like any event.
	v, err := ofauth.NewWebhookVerifier(s.WebhookSecret)
	require.NoError(t, err)
	ev, err := v.Verify(got.Body, got.Header)
	require.NoError(t, err)
	assert.Equal(t, ofauth.EventRulesUpdated, ev.Type)
	rules, err := ev.Rules()
	require.NoError(t, err)
	assert.Equal(t, "202611301200-abc", rules.Revision)

	// Any type, any JSON data; a connection id in it is the delivery's.
	id, err = s.Emit("realtime.chat_message.received", json.RawMessage(`{"connection":{"id":"conn_x"},"eventBody":{"text":"hi"}}`))
	require.NoError(t, err)
	d, err = s.WaitForDelivery(ctx(t), func(d ofauthtest.Delivery) bool { return d.ID == id })
	require.NoError(t, err)
	assert.Equal(t, "conn_x", d.ConnectionID)

	_, err = s.Emit("", nil)
	require.Error(t, err)
	_, err = s.Emit("x.y", func() {})
	require.Error(t, err, "data that cannot be encoded")
}

func TestFailDeliveriesAttempts(t *testing.T) {
	rc := newReceiver(t)
	s := start(t, ofauthtest.WithWebhookURL(rc.URL), ofauthtest.WithWebhookRetry(5, time.Millisecond))
	s.FailDeliveries(ofauthtest.DeliveryFault{Attempts: 2})
	s.AddConnection("")
	ds, err := s.WaitForDeliveries(ctx(t), 1)
	require.NoError(t, err)
	require.Len(t, ds[0].Attempts, 3)
	assert.Equal(t, 503, ds[0].Attempts[0].StatusCode)
	assert.NotEmpty(t, ds[0].Attempts[0].Err)
	assert.Equal(t, 503, ds[0].Attempts[1].StatusCode)
	assert.Equal(t, 204, ds[0].Attempts[2].StatusCode)
	assert.True(t, ds[0].Delivered)
	rc.next(t)
	assert.Empty(t, rc.got, "failed attempts without Send reach nobody")

	// With Send the receiver sees every attempt: a redelivery of what it has.
	s.FailDeliveries(ofauthtest.DeliveryFault{Attempts: 1, Status: 500, Send: true})
	mark := s.DeliveryMark()
	s.AddConnection("")
	ds, err = s.WaitForDeliveriesSince(ctx(t), mark, 1)
	require.NoError(t, err)
	require.Len(t, ds, 1)
	require.Len(t, ds[0].Attempts, 2)
	assert.Equal(t, 500, ds[0].Attempts[0].StatusCode)
	first, second := rc.next(t), rc.next(t)
	assert.Equal(t, first.Header.Get("svix-id"), second.Header.Get("svix-id"))
	assert.Equal(t, first.Body, second.Body)

	// A zero fault ends it.
	s.FailDeliveries(ofauthtest.DeliveryFault{Attempts: 10})
	s.FailDeliveries(ofauthtest.DeliveryFault{})
	mark = s.DeliveryMark()
	s.AddConnection("")
	ds, err = s.WaitForDeliveriesSince(ctx(t), mark, 1)
	require.NoError(t, err)
	assert.Len(t, ds[0].Attempts, 1)
}

func TestFailDeliveriesUntil(t *testing.T) {
	clock := newClock()
	rc := newReceiver(t)
	s := start(t, ofauthtest.WithWebhookURL(rc.URL), ofauthtest.WithClock(clock.Now), ofauthtest.WithWebhookRetry(3, time.Millisecond))
	s.FailDeliveries(ofauthtest.DeliveryFault{Until: clock.Now().Add(time.Minute)})

	s.AddConnection("")
	ds, err := s.WaitForDeliveries(ctx(t), 1)
	require.NoError(t, err)
	assert.False(t, ds[0].Delivered, "the receiver stayed down for every attempt")
	assert.Len(t, ds[0].Attempts, 3)

	clock.Add(time.Minute)
	mark := s.DeliveryMark()
	s.AddConnection("")
	ds, err = s.WaitForDeliveriesSince(ctx(t), mark, 1)
	require.NoError(t, err)
	assert.True(t, ds[0].Delivered)
	assert.Len(t, ds[0].Attempts, 1)
}

func TestWaitForNewDeliveries(t *testing.T) {
	rc := newReceiver(t)
	s := start(t, ofauthtest.WithWebhookURL(rc.URL))
	conn := s.AddConnection("")
	all, err := s.WaitForDeliveries(ctx(t), 1)
	require.NoError(t, err)
	require.Len(t, all, 1)

	mark := s.DeliveryMark()
	assert.Equal(t, 1, mark)
	assert.Empty(t, s.DeliveriesSince(mark))
	short, cancel := context.WithCancel(ctx(t))
	cancel()
	ds, err := s.WaitForDeliveriesSince(short, mark, 1)
	require.ErrorIs(t, err, context.Canceled)
	assert.Empty(t, ds)
	_, err = s.WaitForDelivery(short, func(d ofauthtest.Delivery) bool { return d.Type == "connection.expired" })
	require.ErrorIs(t, err, context.Canceled)

	require.NoError(t, s.ExpireConnection(conn.ID))
	ds, err = s.WaitForDeliveriesSince(ctx(t), mark, 1)
	require.NoError(t, err)
	require.Len(t, ds, 1)
	assert.Equal(t, "connection.expired", ds[0].Type)
	assert.Equal(t, ds, s.DeliveriesSince(mark))

	// The old form still counts from the start.
	all, err = s.WaitForDeliveries(ctx(t), 2)
	require.NoError(t, err)
	assert.Len(t, all, 2)
	d, err := s.WaitForDelivery(ctx(t), func(d ofauthtest.Delivery) bool { return d.Type == "connection.created" })
	require.NoError(t, err)
	assert.Equal(t, all[0].ID, d.ID, "a predicate sees earlier deliveries too")
	_, err = s.WaitForDelivery(ctx(t), nil)
	require.Error(t, err)
	assert.Len(t, s.DeliveriesSince(-5), 2)
	assert.Empty(t, s.DeliveriesSince(99))
}

func TestWaitForDeliveryEndsWithTheServer(t *testing.T) {
	s := ofauthtest.NewServer()
	done := make(chan error, 1)
	go func() {
		_, err := s.WaitForDelivery(context.Background(), func(ofauthtest.Delivery) bool { return false })
		done <- err
	}()
	s.Close()
	select {
	case err := <-done:
		require.ErrorIs(t, err, http.ErrServerClosed)
	case <-time.After(5 * time.Second):
		t.Fatal("WaitForDelivery outlived Close")
	}
}

func TestRequestsRecordHeadersAndBodies(t *testing.T) {
	s := start(t)
	c := client(t, s)
	mark := s.RequestMark()
	sess := startLink(t, c, "user_1")
	require.NotEmpty(t, sess.URL)

	reqs := s.RequestsSince(mark)
	require.Len(t, reqs, 1)
	r := reqs[0]
	assert.Equal(t, http.MethodPost, r.Method)
	assert.Equal(t, "/v2/link/init", r.Path)
	assert.JSONEq(t, `{"clientReferenceId":"user_1","redirectUrl":"https://app.example/callback"}`, string(r.Body))
	assert.False(t, r.BodyTruncated)
	assert.Equal(t, "application/json", r.Header.Get("Content-Type"))
	assert.NotEqual(t, s.APIKey, r.Header.Get("apiKey"), "the key is masked")
	assert.Equal(t, ofauthtest.MaskedKey(s.APIKey), r.Header.Get("apiKey"))
	assert.True(t, strings.HasPrefix(r.Header.Get("apiKey"), "sk_sandbox_…"))
	assert.True(t, strings.HasSuffix(r.Header.Get("apiKey"), s.APIKey[len(s.APIKey)-4:]))

	// A rejected request is logged with the body it carried, a big one cut
	// at MaxLoggedBody.
	big := `{"pad":"` + strings.Repeat("x", ofauthtest.MaxLoggedBody) + `"}`
	mark = s.RequestMark()
	resp, _ := callKey(t, s, "sk_wrong_key_1234567890", http.MethodPost, "/v2/link/init", "", big)
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	resp, _ = call(t, s, http.MethodPost, "/v2/link/init", "", `{"mode":"nope"}`)
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
	reqs = s.RequestsSince(mark)
	require.Len(t, reqs, 2)
	assert.Equal(t, 401, reqs[0].Status)
	assert.Len(t, reqs[0].Body, ofauthtest.MaxLoggedBody)
	assert.True(t, reqs[0].BodyTruncated)
	assert.Equal(t, big[:100], string(reqs[0].Body[:100]))
	assert.Equal(t, "sk_wrong_key_…7890", reqs[0].Header.Get("apiKey"))
	assert.Equal(t, `{"mode":"nope"}`, string(reqs[1].Body))
	assert.Equal(t, 400, reqs[1].Status)

	// The handler still reads the whole of a body longer than the log keeps.
	mark = s.RequestMark()
	resp, body := call(t, s, http.MethodPost, "/v2/link/init", "", `{"clientReferenceId":"`+strings.Repeat("r", 2*ofauthtest.MaxLoggedBody)+`"}`)
	require.Equal(t, http.StatusOK, resp.StatusCode, body)
	logged := s.RequestsSince(mark)
	require.Len(t, logged, 1)
	assert.True(t, logged[0].BodyTruncated)
	assert.Len(t, logged[0].Body, ofauthtest.MaxLoggedBody)

	// Copies: changing them changes nothing in the log.
	mark = s.RequestMark() - 3
	reqs[1].Body[0] = 'X'
	reqs[1].Header.Set("Content-Type", "changed")
	again := s.RequestsSince(mark)
	assert.Equal(t, `{"mode":"nope"}`, string(again[1].Body))
	assert.Equal(t, "application/json", again[1].Header.Get("Content-Type"))
	assert.Empty(t, s.RequestsSince(s.RequestMark()))
}

func TestRequestWaitingFor100ContinueIsLogged(t *testing.T) {
	s := start(t)
	hc := &http.Client{Transport: &http.Transport{ExpectContinueTimeout: time.Minute}}
	defer hc.CloseIdleConnections()
	rctx, cancel := context.WithTimeout(ctx(t), 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(rctx, http.MethodPost, s.URL+"/v2/link/init", strings.NewReader(`{"clientReferenceId":"x"}`))
	require.NoError(t, err)
	req.Header.Set("Expect", "100-continue")
	req.Header.Set("apiKey", "sk_sandbox_wrong_key_000")
	resp, err := hc.Do(req)
	require.NoError(t, err, "the server asked for the body and answered")
	resp.Body.Close()
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	reqs := s.Requests()
	require.Len(t, reqs, 1)
	assert.Equal(t, `{"clientReferenceId":"x"}`, string(reqs[0].Body))
}

func TestMaskedKey(t *testing.T) {
	assert.Equal(t, "sk_sandbox_…cdef", ofauthtest.MaskedKey("sk_sandbox_0123456789abcdef"))
	assert.Equal(t, "sk_live_…wxyz", ofauthtest.MaskedKey("sk_live_abcdefghijklmnopqrstuvwxyz"))
	assert.Equal(t, "…6789", ofauthtest.MaskedKey("012345678901234567890123456789"))
	assert.Equal(t, "…", ofauthtest.MaskedKey("short"))
	assert.Equal(t, "…", ofauthtest.MaskedKey(""))
}

func TestReset(t *testing.T) {
	rc := newReceiver(t)
	s := start(t, ofauthtest.WithWebhookURL(rc.URL))
	c := client(t, s, ofauth.WithMaxRetries(0))
	s.FailNext(5, http.StatusInternalServerError)
	s.FailDeliveries(ofauthtest.DeliveryFault{Attempts: 100})
	_, err := c.Account.Whoami(ctx(t))
	require.Error(t, err)
	require.NotEmpty(t, s.Requests())

	s.Reset()
	assert.Empty(t, s.Requests())
	_, err = c.Account.Whoami(ctx(t))
	require.NoError(t, err, "the faults are gone")
	s.AddConnection("")
	ds, err := s.WaitForDeliveries(ctx(t), 1)
	require.NoError(t, err)
	assert.True(t, ds[0].Delivered)
	assert.Len(t, ds[0].Attempts, 1)
	assert.Len(t, s.RequestsSince(0), 1, "the log goes on after a reset")
}

func TestUnstartedServer(t *testing.T) {
	s := ofauthtest.NewUnstartedServer(ofauthtest.WithAPIKey("sk_sandbox_fixed_key_0001"))
	assert.Empty(t, s.URL)
	assert.Equal(t, "sk_sandbox_fixed_key_0001", s.APIKey)
	assert.True(t, strings.HasPrefix(s.WebhookSecret, "whsec_"))
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	s.Start(l)
	t.Cleanup(s.Close)
	assert.Equal(t, "http://"+l.Addr().String(), s.URL)
	_, err = client(t, s).Account.Whoami(ctx(t))
	require.NoError(t, err)
	assert.Panics(t, func() { s.Start(nil) })

	never := ofauthtest.NewUnstartedServer()
	never.Close()
	never.Close()
	assert.Panics(t, func() { never.Start(nil) }, "a closed server does not start")
}

func TestShutdown(t *testing.T) {
	s := ofauthtest.NewServer()
	_, err := client(t, s).Account.Whoami(ctx(t))
	require.NoError(t, err)
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	require.NoError(t, s.Shutdown(sctx))
	resp, err := http.Get(s.URL + "/v2/account/whoami")
	if err == nil {
		resp.Body.Close()
	}
	require.Error(t, err, "the listener is closed")
	require.NoError(t, ofauthtest.NewUnstartedServer().Shutdown(sctx), "a server never started")
}

func TestWithWebhookSecretAndPublicURL(t *testing.T) {
	secret := ofauthtest.NewWebhookSecret()
	rc := newReceiver(t)
	s := start(t, ofauthtest.WithWebhookSecret(secret), ofauthtest.WithWebhookURL(rc.URL),
		ofauthtest.WithPublicURL("http://ofauth-mock:8080/"))
	assert.Equal(t, secret, s.WebhookSecret)
	s.AddConnection("")
	assertSigned(t, secret, rc.next(t))

	sess := startLink(t, client(t, s), "")
	assert.True(t, strings.HasPrefix(sess.URL, "http://ofauth-mock:8080/link/cs_"), sess.URL)
	_, err := s.FailLink(sess.URL, "session_expired", "")
	require.NoError(t, err)
}
