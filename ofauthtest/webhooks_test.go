package ofauthtest_test

import (
	"context"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ofauth-go/ofauth"
	"github.com/ofauth-go/ofauth/ofauthtest"
)

func TestSignSvixVectors(t *testing.T) {
	// Worked example S1 of the API notes.
	body := `{"eventType":"connection.created","live":false,"data":{"connection":{"id":"conn_abc123","platformUserId":"123456789","status":"active","userData":{"userId":"123456789","name":"Jane Doe","username":"janedoe","avatar":"https://cdn.example.com/a.jpg"},"permissions":["profile:read","posts:read"]},"clientReferenceId":"user_456"}}`
	h, err := ofauthtest.SignSvix("whsec_b2ZhdXRoLXNkay10ZXN0LWtleS0wMTIzNDU2Nzg5QUI=", "msg_2vXk7Yt0ofauthTest01", time.Unix(1735689600, 0), []byte(body))
	require.NoError(t, err)
	assert.Equal(t, "msg_2vXk7Yt0ofauthTest01", h.Get("svix-id"))
	assert.Equal(t, "1735689600", h.Get("svix-timestamp"))
	assert.Equal(t, "v1,CFiqo5nsbAn4eqKW2XO8yTjZGxhNlx5P0mnttS6LtIw=", h.Get("svix-signature"))

	// Svix's public test vector.
	h, err = ofauthtest.SignSvix("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", time.Unix(1614265330, 0), []byte(`{"test": 2432232314}`))
	require.NoError(t, err)
	assert.Equal(t, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", h.Get("svix-signature"))

	_, err = ofauthtest.SignSvix("whsec_not base64!", "msg_1", time.Now(), nil)
	require.Error(t, err)
	_, err = ofauthtest.SignSvix("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "", time.Now(), nil)
	require.Error(t, err)
}

func TestWebhookOnLinkCompletion(t *testing.T) {
	rc := newReceiver(t)
	s := start(t, ofauthtest.WithWebhookURL(rc.URL))
	c := client(t, s)
	id := connect(t, s, c, "user_42")
	conn, _ := s.Connection(id)

	got := rc.next(t)
	assertSigned(t, s.WebhookSecret, got)
	ts, err := strconv.ParseInt(got.Header.Get("svix-timestamp"), 10, 64)
	require.NoError(t, err)
	assert.InDelta(t, time.Now().Unix(), ts, 5)

	e := decodeEvent(t, got.Body)
	assert.Equal(t, "connection.created", e.EventType)
	assert.False(t, e.Live)
	assert.Equal(t, id, e.Data.Connection.ID)
	assert.Equal(t, "active", e.Data.Connection.Status)
	assert.Equal(t, conn.User.ID, e.Data.Connection.PlatformUserID)
	require.NotNil(t, e.Data.Connection.UserData)
	assert.Equal(t, conn.User.ID, e.Data.Connection.UserData.UserID)
	assert.Equal(t, conn.User.Username, e.Data.Connection.UserData.Username)
	assert.Contains(t, e.Data.Connection.Permissions, "profile:read")
	require.NotNil(t, e.Data.ClientReferenceID)
	assert.Equal(t, "user_42", *e.Data.ClientReferenceID)

	ds, err := s.WaitForDeliveries(ctx(t), 1)
	require.NoError(t, err)
	require.Len(t, ds, 1)
	assert.True(t, ds[0].Delivered)
	assert.Equal(t, got.Header.Get("svix-id"), ds[0].ID)
	assert.Equal(t, "connection.created", ds[0].Type)
	assert.Equal(t, id, ds[0].ConnectionID)
	assert.Equal(t, got.Body, ds[0].Payload)
	require.Len(t, ds[0].Attempts, 1)
	assert.Equal(t, http.StatusNoContent, ds[0].Attempts[0].StatusCode)
}

func TestWebhookLifecycleIsOrdered(t *testing.T) {
	rc := newReceiver(t)
	s := start(t, ofauthtest.WithWebhookURL(rc.URL))
	c := client(t, s)
	id := connect(t, s, c, "user_1")
	require.NoError(t, c.Connections.Invalidate(ctx(t), id))
	require.NoError(t, c.Connections.Invalidate(ctx(t), id)) // no second event: already expired
	sess, err := c.Link.Init(ctx(t), &ofauth.LinkInitParams{ConnectionID: id})
	require.NoError(t, err)
	_, _, err = s.CompleteLink(sess.URL)
	require.NoError(t, err)
	require.NoError(t, s.ExpireConnection(id))
	require.NoError(t, c.Connections.Delete(ctx(t), id))

	ds, err := s.WaitForDeliveries(ctx(t), 5)
	require.NoError(t, err)
	var types []string
	for _, d := range ds {
		types = append(types, d.Type)
		assert.True(t, d.Delivered)
		assert.Equal(t, id, d.ConnectionID)
	}
	assert.Equal(t, []string{"connection.created", "connection.expired", "connection.updated", "connection.expired", "connection.disconnected"}, types)

	for _, want := range types {
		got := rc.next(t)
		assertSigned(t, s.WebhookSecret, got)
		e := decodeEvent(t, got.Body)
		assert.Equal(t, want, e.EventType)
		assert.Equal(t, id, e.Data.Connection.ID)
		switch want {
		case "connection.expired":
			assert.Equal(t, "expired", e.Data.Connection.Status)
			assert.Nil(t, e.Data.Connection.UserData, "expired events carry id and status only")
		case "connection.updated":
			assert.Equal(t, "active", e.Data.Connection.Status)
			assert.NotNil(t, e.Data.Connection.UserData)
		}
	}
	_, ok := s.Connection(id)
	assert.False(t, ok, "deleted")
}

func TestWebhookRetries(t *testing.T) {
	rc := newReceiver(t)
	rc.failFirst.Store(2)
	s := start(t, ofauthtest.WithWebhookURL(rc.URL))
	first := s.AddConnection("a")
	second := s.AddConnection("b")

	ds, err := s.WaitForDeliveries(ctx(t), 2)
	require.NoError(t, err)
	require.Len(t, ds, 2)
	assert.Equal(t, first.ID, ds[0].ConnectionID, "a failing event holds the ones after it")
	assert.Equal(t, second.ID, ds[1].ConnectionID)
	assert.True(t, ds[0].Delivered)
	require.Len(t, ds[0].Attempts, 3)
	assert.Equal(t, 500, ds[0].Attempts[0].StatusCode)
	assert.Equal(t, 500, ds[0].Attempts[1].StatusCode)
	assert.Equal(t, 204, ds[0].Attempts[2].StatusCode)

	a1, a2 := rc.next(t), rc.next(t)
	assert.Equal(t, a1.Header.Get("svix-id"), a2.Header.Get("svix-id"), "a redelivery keeps the message id")
	assertSigned(t, s.WebhookSecret, a2)
}

func TestWebhookGivesUp(t *testing.T) {
	rc := newReceiver(t)
	rc.failFirst.Store(100)
	s := start(t, ofauthtest.WithWebhookURL(rc.URL), ofauthtest.WithWebhookRetry(3, time.Millisecond))
	s.AddConnection("")
	ds, err := s.WaitForDeliveries(ctx(t), 1)
	require.NoError(t, err)
	assert.False(t, ds[0].Delivered)
	assert.Len(t, ds[0].Attempts, 3)

	// An unreachable receiver is recorded with the transport error.
	dead := newReceiver(t)
	dead.Close()
	s.SetWebhookURL(dead.URL)
	s.AddConnection("")
	ds, err = s.WaitForDeliveries(ctx(t), 2)
	require.NoError(t, err)
	assert.False(t, ds[1].Delivered)
	assert.Equal(t, 0, ds[1].Attempts[0].StatusCode)
	assert.NotEmpty(t, ds[1].Attempts[0].Err)
}

func TestEventsWaitForTheWebhookURL(t *testing.T) {
	s := start(t)
	c := client(t, s)
	id := connect(t, s, c, "early")

	short, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	ds, err := s.WaitForDeliveries(short, 1)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Empty(t, ds)

	rc := newReceiver(t)
	s.SetWebhookURL(rc.URL)
	got := rc.next(t)
	e := decodeEvent(t, got.Body)
	assert.Equal(t, id, e.Data.Connection.ID)
	assertSigned(t, s.WebhookSecret, got)
}

func TestWebhookTimestampFollowsTheClock(t *testing.T) {
	clock := newClock()
	rc := newReceiver(t)
	s := start(t, ofauthtest.WithWebhookURL(rc.URL), ofauthtest.WithClock(clock.Now))
	s.AddConnection("")
	got := rc.next(t)
	assert.Equal(t, strconv.FormatInt(clock.Now().Unix(), 10), got.Header.Get("svix-timestamp"))
	assertSigned(t, s.WebhookSecret, got)
}

func TestWaitForDeliveriesAfterClose(t *testing.T) {
	s := ofauthtest.NewServer()
	s.AddConnection("")
	s.Close()
	_, err := s.WaitForDeliveries(context.Background(), 1)
	require.ErrorIs(t, err, http.ErrServerClosed)
}
