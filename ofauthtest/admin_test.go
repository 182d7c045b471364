package ofauthtest_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ofauth-go/ofauth/ofauthtest"
)

// adminPath is the admin API's prefix.
const adminPath = "/_ofauthtest"

func TestAdminNeedsTheKey(t *testing.T) {
	s := start(t)
	resp, body := callKey(t, s, "", http.MethodGet, "/_ofauthtest/requests", "", nil)
	assertEnvelope(t, resp, body, http.StatusUnauthorized, "UNAUTHORIZED")
	resp, body = callKey(t, s, "sk_sandbox_wrong", http.MethodPost, "/_ofauthtest/reset", "", nil)
	assertEnvelope(t, resp, body, http.StatusUnauthorized, "UNAUTHORIZED")
	resp, body = call(t, s, http.MethodGet, adminPath+"/nope", "", nil)
	assertEnvelope(t, resp, body, http.StatusNotFound, "ROUTE_NOT_FOUND")
	assert.Empty(t, s.Requests(), "admin calls stay out of the request log")
}

func TestAdminConnectionsAndRequests(t *testing.T) {
	rc := newReceiver(t)
	s := start(t, ofauthtest.WithWebhookURL(rc.URL))

	resp, body := call(t, s, http.MethodPost, adminPath+"/connections", "", map[string]any{"clientReferenceId": "user_5"})
	require.Equal(t, http.StatusOK, resp.StatusCode, body)
	conn := body["connection"].(map[string]any)
	id := conn["id"].(string)
	assert.Equal(t, "active", conn["status"])
	assert.Equal(t, "user_5", conn["clientReferenceId"])

	resp, body = call(t, s, http.MethodGet, adminPath+"/connections", "", nil)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Len(t, body["connections"], 1)

	// A real call, then the log over the admin API, headers and body included.
	resp, _ = call(t, s, http.MethodGet, "/v2/access/self?x=1", id, nil)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	resp, _ = call(t, s, http.MethodPost, "/v2/link/init", "", map[string]any{"clientReferenceId": "r"})
	require.Equal(t, http.StatusOK, resp.StatusCode)
	resp, body = call(t, s, http.MethodGet, adminPath+"/requests", "", nil)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	reqs := body["requests"].([]any)
	require.Len(t, reqs, 2)
	first := reqs[0].(map[string]any)
	assert.Equal(t, "GET", first["method"])
	assert.Equal(t, "/v2/access/self", first["path"])
	assert.Equal(t, "x=1", first["query"])
	assert.Equal(t, id, first["connectionId"])
	assert.Equal(t, float64(200), first["status"])
	headers := first["headers"].(map[string]any)
	assert.Equal(t, []any{ofauthtest.MaskedKey(s.APIKey)}, headers["Apikey"])
	second := reqs[1].(map[string]any)
	assert.JSONEq(t, `{"clientReferenceId":"r"}`, second["body"].(string))
	assert.Equal(t, float64(2), body["next"])
	resp, body = call(t, s, http.MethodGet, adminPath+"/requests?since=1", "", nil)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Len(t, body["requests"], 1)
	resp, body = call(t, s, http.MethodGet, adminPath+"/requests?since=-1", "", nil)
	assertEnvelope(t, resp, body, http.StatusBadRequest, "BAD_REQUEST")

	// A binary body is sent as base64.
	resp, _ = call(t, s, http.MethodPost, "/v2/link/init", "", []byte{0xff, 0xfe})
	require.Equal(t, http.StatusBadRequest, resp.StatusCode)
	_, body = call(t, s, http.MethodGet, adminPath+"/requests?since=2", "", nil)
	assert.Equal(t, "//4=", body["requests"].([]any)[0].(map[string]any)["bodyBase64"])

	// Revoke, grant, expire, delete.
	resp, body = call(t, s, http.MethodPost, adminPath+"/connections/"+id+"/revoke", "", map[string]any{"permissions": []string{"profile:read"}})
	require.Equal(t, http.StatusOK, resp.StatusCode, body)
	resp, _ = call(t, s, http.MethodGet, "/v2/access/self", id, nil)
	assert.Equal(t, http.StatusForbidden, resp.StatusCode)
	resp, _ = call(t, s, http.MethodPost, adminPath+"/connections/"+id+"/grant", "", map[string]any{"permissions": []string{"profile:read"}})
	require.Equal(t, http.StatusOK, resp.StatusCode)
	resp, body = call(t, s, http.MethodPost, adminPath+"/connections/"+id+"/revoke", "", map[string]any{"permissions": []string{}})
	assertEnvelope(t, resp, body, http.StatusBadRequest, "BAD_REQUEST")

	resp, body = call(t, s, http.MethodPost, adminPath+"/connections/"+id+"/expire", "", nil)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "expired", body["connection"].(map[string]any)["status"])
	resp, body = call(t, s, http.MethodGet, "/v2/access/self", id, nil)
	assertEnvelope(t, resp, body, http.StatusUnauthorized, "SESSION_EXPIRED")
	resp, _ = call(t, s, http.MethodPost, adminPath+"/connections/"+id+"/invalidate", "", nil)
	require.Equal(t, http.StatusOK, resp.StatusCode)

	resp, body = call(t, s, http.MethodDelete, adminPath+"/connections/"+id, "", nil)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "disconnected", body["connection"].(map[string]any)["status"])
	resp, body = call(t, s, http.MethodPost, adminPath+"/connections/"+id+"/expire", "", nil)
	assertEnvelope(t, resp, body, http.StatusNotFound, "RESOURCE_NOT_FOUND")

	// Deliveries: created, updated twice, expired, disconnected.
	_, err := s.WaitForDeliveries(ctx(t), 5)
	require.NoError(t, err)
	resp, body = call(t, s, http.MethodGet, adminPath+"/deliveries?since=3", "", nil)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	ds := body["deliveries"].([]any)
	require.Len(t, ds, 2)
	last := ds[1].(map[string]any)
	assert.Equal(t, "connection.disconnected", last["type"])
	assert.Equal(t, id, last["connectionId"])
	assert.Equal(t, true, last["delivered"])
	assert.Equal(t, "connection.disconnected", last["payload"].(map[string]any)["eventType"])
	assert.Equal(t, "sdk", last["envelope"])
	assert.Equal(t, float64(204), last["attempts"].([]any)[0].(map[string]any)["statusCode"])
	assert.Equal(t, float64(5), body["next"])
}

func TestAdminLink(t *testing.T) {
	s := start(t)
	c := client(t, s)
	secret := clientSecretOf(startLink(t, c, "u1").URL)
	resp, body := call(t, s, http.MethodPost, adminPath+"/link/"+secret+"/fail", "", map[string]any{"errorCode": "account_locked", "step": "2fa"})
	require.Equal(t, http.StatusOK, resp.StatusCode, body)
	u, err := url.Parse(body["redirect"].(string))
	require.NoError(t, err)
	assert.Equal(t, url.Values{"status": {"error"}, "error_code": {"account_locked"}, "step": {"2fa"}, "client_reference_id": {"u1"}}, u.Query())
	resp, body = call(t, s, http.MethodPost, adminPath+"/link/"+secret+"/complete", "", nil)
	assertEnvelope(t, resp, body, http.StatusConflict, "CONFLICT")
	resp, body = call(t, s, http.MethodPost, adminPath+"/link/"+secret+"/fail", "", map[string]any{})
	assertEnvelope(t, resp, body, http.StatusBadRequest, "BAD_REQUEST")

	secret = clientSecretOf(startLink(t, c, "").URL)
	resp, body = call(t, s, http.MethodPost, adminPath+"/link/"+secret+"/cancel", "", map[string]any{"step": "pre-login"})
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Contains(t, body["redirect"], "status=cancelled")
	assert.Contains(t, body["redirect"], "step=pre-login")

	secret = clientSecretOf(startLink(t, c, "").URL)
	resp, body = call(t, s, http.MethodPost, adminPath+"/link/"+secret+"/complete", "", nil)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Contains(t, body["redirect"], "status=success")
	_, ok := s.Connection(body["connectionId"].(string))
	assert.True(t, ok)

	resp, body = call(t, s, http.MethodPost, adminPath+"/link/cs_nope/cancel", "", nil)
	assertEnvelope(t, resp, body, http.StatusNotFound, "RESOURCE_NOT_FOUND")
}

func TestAdminEventsFaultsAndReset(t *testing.T) {
	rc := newReceiver(t)
	s := start(t)
	resp, body := call(t, s, http.MethodPut, adminPath+"/webhook-url", "", map[string]any{"url": rc.URL})
	require.Equal(t, http.StatusOK, resp.StatusCode, body)

	// Fail the next delivery attempt, then emit: it is retried.
	resp, body = call(t, s, http.MethodPost, adminPath+"/deliveries/fail", "", map[string]any{"attempts": 1, "status": 502})
	require.Equal(t, http.StatusOK, resp.StatusCode, body)
	resp, body = call(t, s, http.MethodPost, adminPath+"/events", "", map[string]any{"type": "rules.updated", "data": map[string]any{"revision": "r2"}})
	require.Equal(t, http.StatusOK, resp.StatusCode, body)
	id := body["id"].(string)
	d, err := s.WaitForDelivery(ctx(t), func(d ofauthtest.Delivery) bool { return d.ID == id })
	require.NoError(t, err)
	require.Len(t, d.Attempts, 2)
	assert.Equal(t, 502, d.Attempts[0].StatusCode)
	var env map[string]any
	require.NoError(t, json.Unmarshal(rc.next(t).Body, &env))
	assert.Equal(t, "rules.updated", env["eventType"])
	assert.Equal(t, map[string]any{"revision": "r2"}, env["data"])

	resp, body = call(t, s, http.MethodPost, adminPath+"/events", "", map[string]any{"data": 1})
	assertEnvelope(t, resp, body, http.StatusBadRequest, "BAD_REQUEST")
	resp, body = call(t, s, http.MethodPost, adminPath+"/deliveries/fail", "", map[string]any{"status": 42})
	assertEnvelope(t, resp, body, http.StatusBadRequest, "BAD_REQUEST")
	resp, _ = call(t, s, http.MethodPost, adminPath+"/deliveries/fail", "", map[string]any{"until": time.Now().Add(time.Hour)})
	require.Equal(t, http.StatusOK, resp.StatusCode)

	// A fault on one route.
	resp, body = call(t, s, http.MethodPost, adminPath+"/faults", "", map[string]any{
		"method": "GET", "path": "/v2/account/whoami", "times": 2, "status": 429, "retryAfterMs": 1500,
	})
	require.Equal(t, http.StatusOK, resp.StatusCode, body)
	resp, body = call(t, s, http.MethodGet, "/v2/account/whoami", "", nil)
	assertEnvelope(t, resp, body, http.StatusTooManyRequests, "RATE_LIMIT_EXCEEDED")
	assert.Equal(t, "2", resp.Header.Get("Retry-After"))
	resp, body = call(t, s, http.MethodPost, adminPath+"/faults", "", map[string]any{"status": 200})
	assertEnvelope(t, resp, body, http.StatusBadRequest, "BAD_REQUEST")
	resp, body = call(t, s, http.MethodPost, adminPath+"/faults", "", map[string]any{})
	assertEnvelope(t, resp, body, http.StatusBadRequest, "BAD_REQUEST")

	// Reset drops the rest of the fault, the delivery fault and the log.
	resp, _ = call(t, s, http.MethodPost, adminPath+"/reset", "", nil)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Empty(t, s.Requests())
	resp, _ = call(t, s, http.MethodGet, "/v2/account/whoami", "", nil)
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	resp, body = call(t, s, http.MethodPost, adminPath+"/events", "", map[string]any{"type": "connection.updated"})
	require.Equal(t, http.StatusOK, resp.StatusCode)
	id = body["id"].(string)
	d, err = s.WaitForDelivery(ctx(t), func(d ofauthtest.Delivery) bool { return d.ID == id })
	require.NoError(t, err)
	assert.True(t, d.Delivered)
	assert.Len(t, d.Attempts, 1)
}
