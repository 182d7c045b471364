package ofauth

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Leniency holds at every nesting level of a response: timestamps in any
// form the API uses, ids as strings or numbers, null and absent fields.
func TestResponsesDecodeLenientlyAtEveryLevel(t *testing.T) {
	body := []byte(`{"list":[{"id":1,"lastSeen":1716229800,
		"subscription":{"subscribedAt":"2024-01-02 03:04:05","expiresAt":"2024-06-02","renewedAt":"",
			"discountStartedAt":null,"discountFinishedAt":"not a date",
			"history":[{"id":7,"startDate":1714619045000,"expireDate":"1717297445","price":null}]},
		"lists":[{"id":"fans","name":"Fans"},{"id":9001,"name":"VIP"},{"id":null}]}],
		"hasMore":true,"nextOffset":"1"}`)
	var out pagedList[Subscriber]
	require.NoError(t, decodeInto(body, &out, &callState{method: http.MethodGet, route: "/v2/access/subscribers"}))
	require.Len(t, out.List, 1)
	s := out.List[0]
	assertTime(t, "2024-05-20T18:30:00Z", s.LastSeen)
	assertTime(t, "2024-01-02T03:04:05Z", s.Subscription.SubscribedAt)
	assertTime(t, "2024-06-02T00:00:00Z", s.Subscription.ExpiresAt)
	assert.True(t, s.Subscription.RenewedAt.IsZero())
	assert.True(t, s.Subscription.DiscountStartedAt.IsZero())
	assert.True(t, s.Subscription.DiscountFinishedAt.IsZero())
	require.Len(t, s.Subscription.History, 1)
	assertTime(t, "2024-05-02T03:04:05Z", s.Subscription.History[0].StartDate)
	assertTime(t, "2024-06-02T03:04:05Z", s.Subscription.History[0].ExpireDate)
	assert.Equal(t, []SubscriberListRef{{ID: "fans", Name: "Fans"}, {ID: "9001", Name: "VIP"}, {}}, s.Lists)
	assert.Equal(t, 1, out.page(0).NextOffset)
}

// A decode error names the JSON, not the SDK's Go types, and says where.
func TestDecodeErrorsSpeakJSON(t *testing.T) {
	for body, want := range map[string]string{
		`{"list":[{"id":"x"}]}`:                     "a JSON string where a number is expected at list.id",
		`{"list":[{"spending":{"total":"1"}}]}`:     "a JSON string where a number is expected at list.spending.total",
		`{"list":[{"id":1e400}]}`:                   "a JSON number out of range or malformed for its field at list.id",
		`{"list":[{"subscription":{"history":1}}]}`: "a JSON number where an array is expected at list.subscription.history",
	} {
		var out pagedList[Subscriber]
		err := decodeInto([]byte(body), &out, &callState{method: http.MethodGet, route: "/v2/access/subscribers", c: testCore(t)})
		var de *DecodeError
		require.ErrorAs(t, err, &de, body)
		assert.Equal(t, want, describeDecodeError(de.Err), body)
	}
}

// The single pass allocates no more than encoding/json decoding the same
// page into plain structs (1.2x at most): the old per-model wrappers made
// it 2.7x.
func TestPageDecodeAllocatesLikeAPlainDecode(t *testing.T) {
	body := subscribersPageBody()
	st := &callState{method: http.MethodGet, route: "/v2/access/subscribers"}
	sdk := fewestAllocs(3, func() {
		var out pagedList[Subscriber]
		if err := decodeInto(body, &out, st); err != nil || len(out.List) != 100 {
			t.Fatal(err)
		}
	})
	plain := fewestAllocs(3, func() {
		var out struct {
			List []plainSubscriber `json:"list"`
		}
		if err := json.Unmarshal(body, &out); err != nil || len(out.List) != 100 {
			t.Fatal(err)
		}
	})
	t.Logf("allocations per page: SDK %v, encoding/json into plain structs %v", sdk, plain)
	assert.LessOrEqual(t, sdk, 1.2*plain)
}

// testCore is the request core of a client with the test key.
func testCore(t *testing.T) *core {
	t.Helper()
	c, err := NewClient(testKey)
	require.NoError(t, err)
	return c.core
}

// The models with their own decoding decode the same in a response's
// single pass as through their UnmarshalJSON (encoding/json).
func TestInPlaceDecodersMatchUnmarshalJSON(t *testing.T) {
	for _, tc := range []struct {
		body          string
		inPlace, json any
	}{
		{`{"id":"conn_1","status":"active","clientReferenceId":42,"platformUserId":7,"createdAt":"2024-01-15 10:30:00",
			"expiredAt":1705314600,"userData":{"userId":7,"username":"u","name":null}}`, new(Connection), new(Connection)},
		{`{"userId":99,"name":"N","avatar":null}`, new(ConnectionUser), new(ConnectionUser)},
		{`{"id":12,"createdAt":1705314600000,"expiresAt":"2024-02-01","storedAt":null,"url":"https://x"}`, new(VaultPlusMedia), new(VaultPlusMedia)},
		{`{"id":3,"expiredAt":"","createdAt":"2024-01-15T10:30:00+02:00","user":null,"isFinished":true}`, new(TrialLink), new(TrialLink)},
	} {
		require.NoError(t, unmarshalJSON([]byte(tc.body), tc.inPlace), tc.body)
		require.NoError(t, json.Unmarshal([]byte(tc.body), tc.json), tc.body)
		assert.Equal(t, tc.json, tc.inPlace, tc.body)
	}
	var conns []Connection
	require.NoError(t, unmarshalJSON([]byte(`[{"id":1,"createdAt":1705314600,"userData":{"userId":7}}]`), &conns))
	require.Len(t, conns, 1)
	assert.Equal(t, "1", conns[0].ID)
	assert.Equal(t, "7", conns[0].UserData.ID)
	assertTime(t, "2024-01-15T10:30:00Z", conns[0].CreatedAt)
}
