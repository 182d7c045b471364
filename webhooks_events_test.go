package ofauth_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ofauth-go/ofauth"
	"github.com/ofauth-go/ofauth/ofauthtest"
)

// verified signs body and runs it through Verify, as a delivery would.
func verified(t *testing.T, body string) *ofauth.WebhookEvent {
	t.Helper()
	h, err := ofauthtest.SignSvix(s1Secret, "msg_event", s1Time, []byte(body))
	require.NoError(t, err)
	e, err := newVerifier(t, s1Secret, s1Time).Verify([]byte(body), h)
	require.NoError(t, err)
	return e
}

func TestConnectionEventSDKEnvelope(t *testing.T) {
	// S1: eventType/live envelope, userData.userId and platformUserId.
	c, err := verified(t, s1Body).Connection()
	require.NoError(t, err)
	assert.Equal(t, "user_456", c.ClientReferenceID)
	assert.Equal(t, "conn_abc123", c.Connection.ID)
	assert.Equal(t, ofauth.ConnectionActive, c.Connection.Status)
	assert.Equal(t, "123456789", c.Connection.PlatformUserID)
	assert.Equal(t, ofauth.ConnectionUser{ID: "123456789", Name: "Jane Doe", Username: "janedoe", Avatar: "https://cdn.example.com/a.jpg"}, c.Connection.UserData)
	assert.Equal(t, []string{"profile:read", "posts:read"}, c.Connection.Permissions)
	assert.Equal(t, "user_456", c.Connection.ClientReferenceID, "filled from the event")
}

func TestConnectionEventDocsEnvelope(t *testing.T) {
	// O1: type/timestamp envelope, userData.id.
	h, err := ofauthtest.SignOFAuth(o1Secret, s1Time, []byte(o1Body))
	require.NoError(t, err)
	e, err := newVerifier(t, o1Secret, s1Time).Verify([]byte(o1Body), h)
	require.NoError(t, err)
	c, err := e.Connection()
	require.NoError(t, err)
	assert.Equal(t, "user_456", c.ClientReferenceID)
	assert.Equal(t, "conn_abc123", c.Connection.ID)
	assert.Equal(t, "of_user_456", c.Connection.UserData.ID)
	assert.Equal(t, "janedoe", c.Connection.UserData.Username)
	assert.Equal(t, "https://cdn.onlyfans.com/avatar.jpg", c.Connection.UserData.Avatar)
	assert.Empty(t, c.Connection.PlatformUserID)
	assert.Equal(t, "user_456", c.Connection.ClientReferenceID)
}

func TestConnectionEventVariants(t *testing.T) {
	cases := []struct {
		name, body string
		check      func(t *testing.T, c *ofauth.ConnectionEvent)
	}{
		{"numeric user id", `{"type":"connection.updated","data":{"connection":{"id":"conn_1","userData":{"id":123456789}}}}`,
			func(t *testing.T, c *ofauth.ConnectionEvent) { assert.Equal(t, "123456789", c.Connection.UserData.ID) }},
		{"numeric userId", `{"eventType":"connection.updated","data":{"connection":{"id":"conn_1","userData":{"userId":42}}}}`,
			func(t *testing.T, c *ofauth.ConnectionEvent) { assert.Equal(t, "42", c.Connection.UserData.ID) }},
		{"platformUserId only", `{"eventType":"connection.expired","data":{"connection":{"id":"conn_1","platformUserId":"777","status":"expired"}}}`,
			func(t *testing.T, c *ofauth.ConnectionEvent) {
				assert.Equal(t, "777", c.Connection.UserData.ID)
				assert.Equal(t, ofauth.ConnectionExpired, c.Connection.Status)
			}},
		{"expired, minimal", `{"type":"connection.expired","data":{"connection":{"id":"conn_1","status":"expired"}}}`,
			func(t *testing.T, c *ofauth.ConnectionEvent) {
				assert.Equal(t, "conn_1", c.Connection.ID)
				assert.Equal(t, ofauth.ConnectionExpired, c.Connection.Status)
				assert.Empty(t, c.ClientReferenceID)
			}},
		{"disconnected", `{"type":"connection.disconnected","data":{"clientReferenceId":"ref","connection":{"id":"conn_1"}}}`,
			func(t *testing.T, c *ofauth.ConnectionEvent) {
				assert.Equal(t, "conn_1", c.Connection.ID)
				assert.Equal(t, "ref", c.ClientReferenceID)
			}},
		{"null client reference", `{"eventType":"connection.created","data":{"clientReferenceId":null,"connection":{"id":"conn_1"}}}`,
			func(t *testing.T, c *ofauth.ConnectionEvent) { assert.Empty(t, c.ClientReferenceID) }},
		{"client reference inside the connection", `{"type":"connection.created","data":{"connection":{"id":"conn_1","clientReferenceId":"inner"}}}`,
			func(t *testing.T, c *ofauth.ConnectionEvent) {
				assert.Equal(t, "inner", c.ClientReferenceID)
				assert.Equal(t, "inner", c.Connection.ClientReferenceID)
			}},
		{"timestamps", `{"type":"connection.updated","data":{"connection":{"id":"conn_1","createdAt":"2024-01-15T10:30:00Z","expiredAt":null}}}`,
			func(t *testing.T, c *ofauth.ConnectionEvent) {
				assert.True(t, c.Connection.CreatedAt.Equal(time.Date(2024, 1, 15, 10, 30, 0, 0, time.UTC)))
				assert.True(t, c.Connection.ExpiredAt.IsZero())
			}},
		{"future connection type", `{"type":"connection.reauthorized","data":{"connection":{"id":"conn_1"}}}`,
			func(t *testing.T, c *ofauth.ConnectionEvent) { assert.Equal(t, "conn_1", c.Connection.ID) }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ev, err := verified(t, c.body).Connection()
			require.NoError(t, err)
			c.check(t, ev)
		})
	}
}

func TestConnectionEventErrors(t *testing.T) {
	_, err := verified(t, `{"type":"rules.updated","data":{}}`).Connection()
	assert.ErrorIs(t, err, ofauth.ErrWebhookEventType)
	_, err = verified(t, `{"data":{"connection":{"id":"c"}}}`).Connection()
	assert.ErrorIs(t, err, ofauth.ErrWebhookEventType, "no type")

	for _, body := range []string{
		`{"type":"connection.created"}`,
		`{"type":"connection.created","data":null}`,
		`{"type":"connection.created","data":{"clientReferenceId":"x"}}`,
		`{"type":"connection.created","data":{"connection":"conn_1"}}`,
		`{"type":"connection.created","data":[1]}`,
	} {
		_, err := verified(t, body).Connection()
		assert.ErrorIs(t, err, ofauth.ErrWebhookPayload, body)
	}

	var nilEvent *ofauth.WebhookEvent
	_, err = nilEvent.Connection()
	assert.ErrorIs(t, err, ofauth.ErrWebhookEventType)
	_, err = nilEvent.Rules()
	assert.Error(t, err)
	_, err = nilEvent.Realtime()
	assert.Error(t, err)
	assert.Error(t, nilEvent.DecodeData(&struct{}{}))
}

func TestRulesEvent(t *testing.T) {
	e := verified(t, `{"eventType":"rules.updated","live":true,"data":{"rules":{"static_param":"sp","format":"f","start":"s","end":"e","prefix":"p","suffix":"x","checksum_constant":7,"checksum_indexes":[1,2,3],"app_token":"tok","revision":"r-inner"},"revision":"r-1"}}`)
	r, err := e.Rules()
	require.NoError(t, err)
	assert.Equal(t, "r-1", r.Revision)
	assert.Equal(t, ofauth.DynamicRules{StaticParam: "sp", Format: "f", Start: "s", End: "e", Prefix: "p", Suffix: "x",
		ChecksumConstant: 7, ChecksumIndexes: []int{1, 2, 3}, AppToken: "tok", Revision: "r-inner"}, r.Rules)

	r, err = verified(t, `{"type":"rules.updated","data":{"rules":{"revision":"only-inner"}}}`).Rules()
	require.NoError(t, err)
	assert.Equal(t, "only-inner", r.Revision)

	r, err = verified(t, `{"type":"rules.updated","data":{"revision":12}}`).Rules()
	require.NoError(t, err)
	assert.Equal(t, "12", r.Revision)

	r, err = verified(t, `{"type":"rules.updated","timestamp":"2025-01-01T00:00:00Z"}`).Rules()
	require.NoError(t, err, "the docs send rules.updated without data")
	assert.Equal(t, ofauth.RulesEvent{}, *r)

	_, err = verified(t, `{"type":"rules.updated","data":{"rules":[]}}`).Rules()
	assert.ErrorIs(t, err, ofauth.ErrWebhookPayload)
	_, err = verified(t, s1Body).Rules()
	assert.ErrorIs(t, err, ofauth.ErrWebhookEventType)
}

func TestRealtimeEvent(t *testing.T) {
	e := verified(t, `{"type":"realtime.chat_message.received","timestamp":"2026-04-23T14:30:15.143Z","data":{"connection":{"id":"conn_9","clientReferenceId":"client_ref_123"},"environment":"live","eventBody":{"id":1,"text":"hi"}}}`)
	assert.True(t, e.Live)
	assert.True(t, e.Timestamp.Equal(time.Date(2026, 4, 23, 14, 30, 15, 143e6, time.UTC)))
	r, err := e.Realtime()
	require.NoError(t, err)
	assert.Equal(t, ofauth.EventRealtimeChatMessageReceived, r.Type)
	assert.Equal(t, "conn_9", r.ConnectionID)
	assert.Equal(t, "client_ref_123", r.ClientReferenceID)
	assert.Equal(t, "live", r.Environment)
	assert.JSONEq(t, `{"id":1,"text":"hi"}`, string(r.Body))
	assert.Nil(t, r.Frame)

	r, err = verified(t, `{"type":"realtime.chat_typing.updated","data":{"connection":{"id":"conn_9"},"environment":"sandbox"}}`).Realtime()
	require.NoError(t, err)
	assert.Equal(t, "sandbox", r.Environment)
	assert.Nil(t, r.Body)
}

func TestRealtimeWebsocketRelay(t *testing.T) {
	e := verified(t, `{"type":"of.websocket.event.received","timestamp":"2026-04-23T14:30:15Z","data":{"connection":{"id":"conn_9","clientReferenceId":null},"environment":"test","receivedAt":"2026-04-23T14:30:14.5Z","messageType":"text","payloadKey":"of.websocket.event.received|typing","shapeSubtype":"chat.typing.updated","truncated":false,"json":{"typing":{"user":1}},"rawText":"{\"typing\":{\"user\":1}}","rawBase64":null}}`)
	assert.False(t, e.Live)
	r, err := e.Realtime()
	require.NoError(t, err)
	assert.Equal(t, ofauth.EventWebsocketRelay, r.Type)
	assert.Equal(t, "conn_9", r.ConnectionID)
	assert.Empty(t, r.ClientReferenceID)
	assert.Equal(t, "test", r.Environment)
	assert.JSONEq(t, `{"typing":{"user":1}}`, string(r.Body))
	require.NotNil(t, r.Frame)
	assert.Equal(t, ofauth.WebsocketFrame{
		ReceivedAt:   time.Date(2026, 4, 23, 14, 30, 14, 5e8, time.UTC),
		MessageType:  "text",
		PayloadKey:   "of.websocket.event.received|typing",
		ShapeSubtype: "chat.typing.updated",
		RawText:      `{"typing":{"user":1}}`,
	}, *r.Frame)

	r, err = verified(t, `{"type":"of.websocket.event.received","data":{"connection":{"id":"c"},"truncated":true,"json":null,"rawText":null,"rawBase64":"AAEC"}}`).Realtime()
	require.NoError(t, err)
	assert.Nil(t, r.Body)
	assert.True(t, r.Frame.Truncated)
	assert.Equal(t, "AAEC", r.Frame.RawBase64)

	_, err = verified(t, s1Body).Realtime()
	assert.ErrorIs(t, err, ofauth.ErrWebhookEventType)
	assert.True(t, ofauth.IsRealtimeEvent("realtime.anything"))
	assert.True(t, ofauth.IsRealtimeEvent(ofauth.EventWebsocketRelay))
	assert.False(t, ofauth.IsRealtimeEvent(ofauth.EventConnectionCreated))
}

func TestUnknownEventPassesThrough(t *testing.T) {
	body := `{"type":"billing.invoice.paid","data":{"amount":12.5,"nested":{"list":[1,"a",null]}}}`
	e := verified(t, body)
	assert.Equal(t, "billing.invoice.paid", e.Type)
	assert.Equal(t, `{"amount":12.5,"nested":{"list":[1,"a",null]}}`, string(e.Data))

	var data struct {
		Amount float64 `json:"amount"`
	}
	require.NoError(t, e.DecodeData(&data))
	assert.Equal(t, 12.5, data.Amount)
	assert.ErrorIs(t, e.DecodeData(&[]int{}), ofauth.ErrWebhookPayload)

	for _, accessor := range []func() error{
		func() error { _, err := e.Connection(); return err },
		func() error { _, err := e.Rules(); return err },
		func() error { _, err := e.Realtime(); return err },
	} {
		assert.ErrorIs(t, accessor(), ofauth.ErrWebhookEventType)
	}
	assert.True(t, json.Valid(e.Raw))
}
