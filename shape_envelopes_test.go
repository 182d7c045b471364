package ofauth

import (
	"context"
	"net/http"
	"testing"
)

// envelopeCases are the bodies every list envelope is checked with; key
// is the envelope's list key, item one element of the list.
func envelopeCases(key, item string) []shapeCase {
	return []shapeCase{
		{"the envelope", `{"` + key + `": [` + item + `], "hasMore": true}`, false},
		{"an empty list", `{"` + key + `": []}`, false},
		{"extra fields", `{"` + key + `": [], "counters": {"postsCount": 3}}`, false},
		{"empty object", `{}`, false},
		{"wrapped in data", `{"data": {"` + key + `": [` + item + `]}}`, true},
		{"data instead of the list", `{"data": [` + item + `], "hasMore": true}`, true},
		{"one object", item, true},
		{"a bare array", `[` + item + `]`, true},
	}
}

// The envelopes with extra members (posts, vault folders), the
// connections page and the Vault+ page require their list key like the
// others.
func TestWrongShapeOfTheRemainingEnvelopes(t *testing.T) {
	for _, ep := range []struct {
		route, key, item string
		call             func(*Client) error
	}{
		{"/v2/access/posts", "list", `{"id": 1, "text": "hi"}`, func(c *Client) error {
			_, err := c.Access.WithConnection(wireConn).Posts.List(context.Background(), nil)
			return err
		}},
		{"/v2/access/vault/lists", "list", `{"id": 1, "name": "x"}`, func(c *Client) error {
			_, err := c.Access.WithConnection(wireConn).VaultLists.List(context.Background(), nil)
			return err
		}},
		{"/v2/account/connections", "list", `{"id": "conn_1", "status": "active"}`, func(c *Client) error {
			_, err := c.Connections.List(context.Background(), nil)
			return err
		}},
		{"/v2/vault-plus/list", "items", `{"id": "m1", "type": "image"}`, func(c *Client) error {
			_, err := c.VaultPlus.WithConnection(wireConn).List(context.Background(), nil)
			return err
		}},
	} {
		for _, tc := range envelopeCases(ep.key, ep.item) {
			t.Run(ep.route+"/"+tc.name, func(t *testing.T) {
				err := serveShape(t, "GET "+ep.route, tc.body, ep.call)
				assertShape(t, tc, http.MethodGet, ep.route, err)
			})
		}
	}
}
