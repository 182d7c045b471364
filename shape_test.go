package ofauth

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// shapeCase is one 2xx body served to one endpoint, and whether the SDK
// must reject it as the wrong shape.
type shapeCase struct {
	name  string
	body  string
	wrong bool
}

// serveShape answers pattern with body and runs call.
func serveShape(t *testing.T, pattern, body string, call func(*Client) error) error {
	t.Helper()
	c, mux := setup(t)
	mux.HandleFunc(pattern, func(w http.ResponseWriter, _ *http.Request) {
		if body == "" {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		writeJSON(w, http.StatusOK, body)
	})
	return call(c)
}

// assertShape checks a wrong body gives a *DecodeError that names the
// endpoint and no Go type, and a right one no error.
func assertShape(t *testing.T, tc shapeCase, method, route string, err error) {
	t.Helper()
	if !tc.wrong {
		assert.NoError(t, err)
		return
	}
	require.Error(t, err)
	assert.ErrorIs(t, err, ErrInvalidResponse)
	var de *DecodeError
	require.True(t, errors.As(err, &de), "%T is not a *DecodeError", err)
	assert.Equal(t, method, de.Method)
	assert.Equal(t, route, de.Route)
	msg := err.Error()
	assert.Contains(t, msg, method+" "+route)
	for _, leak := range []string{"ofauth.", "pagedList", "markedList", "listOrArray", "Go value", "Go struct", "[]"} {
		assert.NotContains(t, msg, leak, "the message shows SDK internals")
	}
}

func TestWrongShapeOfAModel(t *testing.T) {
	for _, tc := range []shapeCase{
		{"the model", `{"id": "acc_1", "name": "Acme"}`, false},
		{"unknown extra fields", `{"id": "acc_1", "future": {"x": 1}}`, false},
		{"a known field at its zero value", `{"id": ""}`, false},
		{"a known field in another case", `{"ID": "acc_1"}`, false},
		{"empty object", `{}`, false},
		{"empty 204 body", ``, false},
		{"null", `null`, false},
		{"wrapped in data", `{"data": {"id": "acc_1", "name": "Acme"}}`, true},
		{"only unknown fields", `{"foo": 1, "bar": 2}`, true},
		{"an array", `[{"id": "acc_1"}]`, true},
		{"a string", `"acc_1"`, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := serveShape(t, "GET /v2/account/whoami", tc.body, func(c *Client) error {
				_, err := c.Account.Whoami(context.Background())
				return err
			})
			assertShape(t, tc, http.MethodGet, "/v2/account/whoami", err)
		})
	}
}

func TestWrongShapeMessageNamesTheKeys(t *testing.T) {
	err := serveShape(t, "GET /v2/account/whoami", `{"data": {"id": "acc_1"}}`, func(c *Client) error {
		_, err := c.Account.Whoami(context.Background())
		return err
	})
	require.Error(t, err)
	assert.Equal(t, `ofauth: GET /v2/account/whoami: decoding the response: a JSON object with none of the expected fields (it has "data")`, err.Error())

	err = serveShape(t, "GET /v2/account/whoami", `[1, 2]`, func(c *Client) error {
		_, err := c.Account.Whoami(context.Background())
		return err
	})
	require.Error(t, err)
	assert.Equal(t, `ofauth: GET /v2/account/whoami: decoding the response: a JSON array where an object is expected`, err.Error())
}

func TestWrongShapeOfAnOffsetPage(t *testing.T) {
	for _, tc := range []shapeCase{
		{"the envelope", `{"list": [{"id": 1}], "hasMore": false}`, false},
		{"an empty list", `{"list": [], "hasMore": false}`, false},
		{"a null list", `{"list": null, "hasMore": false}`, false},
		{"extra fields", `{"list": [], "hasMore": false, "counters": {"all": 3}}`, false},
		{"empty object", `{}`, false},
		{"wrapped in data", `{"data": {"list": [{"id": 1}], "hasMore": false}}`, true},
		{"data instead of list", `{"data": [{"id": 1}], "hasMore": true}`, true},
		{"one subscriber", `{"id": 1, "username": "fan"}`, true},
		{"a bare array", `[{"id": 1}]`, true},
		{"a list that is an object", `{"list": {"id": 1}, "hasMore": false}`, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := serveShape(t, "GET /v2/access/subscribers", tc.body, func(c *Client) error {
				_, err := c.Access.WithConnection(wireConn).Subscribers.List(context.Background(), nil)
				return err
			})
			assertShape(t, tc, http.MethodGet, "/v2/access/subscribers", err)
		})
	}
}

func TestWrongShapeOfAMarkerPage(t *testing.T) {
	for _, tc := range []shapeCase{
		{"the envelope", `{"list": [{"id": "t1"}], "hasMore": true, "nextMarker": 17}`, false},
		{"a null marker", `{"list": [], "hasMore": false, "nextMarker": null}`, false},
		{"wrapped in data", `{"data": {"list": [{"id": "t1"}]}}`, true},
		{"items instead of list", `{"items": [{"id": "t1"}], "hasMore": true, "nextMarker": 17}`, true},
		{"a bare array", `[{"id": 1}]`, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := serveShape(t, "GET /v2/access/earnings/transactions", tc.body, func(c *Client) error {
				_, err := c.Access.WithConnection(wireConn).Earnings.Transactions(context.Background(), nil)
				return err
			})
			assertShape(t, tc, http.MethodGet, "/v2/access/earnings/transactions", err)
		})
	}
}

// Promotions come as a bare array or as an offset page: both stay accepted.
func TestWrongShapeOfAListOrArray(t *testing.T) {
	for _, tc := range []shapeCase{
		{"a bare array", `[{"id": 1}]`, false},
		{"an empty array", `[]`, false},
		{"the envelope", `{"list": [{"id": 1}], "hasMore": true}`, false},
		{"wrapped in data", `{"data": [{"id": 1}]}`, true},
		{"one promotion", `{"id": 1, "message": "hi"}`, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := serveShape(t, "GET /v2/access/promotions", tc.body, func(c *Client) error {
				_, err := c.Access.WithConnection(wireConn).Promotions.List(context.Background(), nil)
				return err
			})
			assertShape(t, tc, http.MethodGet, "/v2/access/promotions", err)
		})
	}
}

// The profile summary is a User, or {"isAuth": false}.
func TestWrongShapeOfTheSelfSummary(t *testing.T) {
	for _, tc := range []shapeCase{
		{"a profile", `{"id": 1, "username": "jane"}`, false},
		{"wrapped in data", `{"data": {"id": 1, "username": "jane"}}`, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := serveShape(t, "GET /v2/access/self", tc.body, func(c *Client) error {
				_, err := c.Access.WithConnection(wireConn).Self.Get(context.Background())
				return err
			})
			assertShape(t, tc, http.MethodGet, "/v2/access/self", err)
		})
	}
}

// A type mismatch deep in a page names the JSON path, not the Go types.
func TestDecodeErrorNamesNoGoTypes(t *testing.T) {
	err := serveShape(t, "GET /v2/access/subscribers", `{"list": [{"id": 1, "username": []}], "hasMore": false}`, func(c *Client) error {
		_, err := c.Access.WithConnection(wireConn).Subscribers.List(context.Background(), nil)
		return err
	})
	require.Error(t, err)
	msg := err.Error()
	assert.Equal(t, "ofauth: GET /v2/access/subscribers: decoding the response: a JSON array where a string is expected at list.username", msg)
	assert.NotContains(t, msg, "ofauth.")
	assert.NotContains(t, msg, "Go ")
}

// A mutation answering with a page may acknowledge without one.
func TestMutationPageMayBeAnAcknowledgement(t *testing.T) {
	err := serveShape(t, "DELETE /v2/access/users/lists/{listId}/users/{userId}", `{"success": true}`, func(c *Client) error {
		return c.Access.WithConnection(wireConn).UserLists.RemoveMember(context.Background(), "9001", 555)
	})
	assert.NoError(t, err)
}
