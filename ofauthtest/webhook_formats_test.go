package ofauthtest_test

import (
	"context"
	"encoding/json"
	"maps"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ofauth-go/ofauth"
	"github.com/ofauth-go/ofauth/ofauthtest"
)

// signatureHeaders are the headers of every scheme, canonical.
var signatureHeaders = map[ofauthtest.WebhookScheme][]string{
	ofauthtest.WebhookSchemeSvix:     {"Svix-Id", "Svix-Signature", "Svix-Timestamp"},
	ofauthtest.WebhookSchemeStandard: {"Webhook-Id", "Webhook-Signature", "Webhook-Timestamp"},
	ofauthtest.WebhookSchemeOFAuth:   {"Ofauth-Signature"},
}

// wantHeaders lists the signature headers a delivery in scheme carries.
func wantHeaders(scheme ofauthtest.WebhookScheme) []string {
	var out []string
	for sc, names := range signatureHeaders {
		if scheme == ofauthtest.WebhookSchemeAll || sc == scheme {
			out = append(out, names...)
		}
	}
	slices.Sort(out)
	return out
}

// presentSignatureHeaders lists the signature headers found in h.
func presentSignatureHeaders(h http.Header) []string {
	var out []string
	for _, names := range signatureHeaders {
		for _, n := range names {
			if h.Get(n) != "" {
				out = append(out, n)
			}
		}
	}
	slices.Sort(out)
	return out
}

// only keeps the headers of one scheme (and the rest that sign nothing).
func only(h http.Header, scheme ofauthtest.WebhookScheme) http.Header {
	out := h.Clone()
	for sc, names := range signatureHeaders {
		if sc != scheme {
			for _, n := range names {
				out.Del(n)
			}
		}
	}
	return out
}

type headerKey struct{}

// handled is one delivery the SDK's handler accepted.
type handled struct {
	header http.Header
	event  *ofauth.WebhookEvent
}

// sdkReceiver serves the SDK's own webhook handler for secret and hands
// each verified event, with the request's headers, to the test.
func sdkReceiver(t *testing.T, secret string) (string, <-chan handled) {
	t.Helper()
	v, err := ofauth.NewWebhookVerifier(secret)
	require.NoError(t, err)
	got := make(chan handled, 16)
	h := v.Handler(func(ctx context.Context, e *ofauth.WebhookEvent) error {
		hdr, _ := ctx.Value(headerKey{}).(http.Header)
		got <- handled{header: hdr, event: e}
		return nil
	})
	// The handler's function gets the request's context: the headers
	// ride along in it.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), headerKey{}, r.Header.Clone())))
	}))
	t.Cleanup(srv.Close)
	return srv.URL, got
}

func nextHandled(t *testing.T, got <-chan handled) handled {
	t.Helper()
	select {
	case h := <-got:
		return h
	case <-time.After(10 * time.Second):
		t.Fatal("the SDK handler got no event within 10s")
		return handled{}
	}
}

// TestWebhookFormatsReachTheSDKHandler delivers a connection event and an
// emitted event in every scheme and envelope to the SDK's handler: each
// verifies, decodes intact, and carries exactly its scheme's headers.
func TestWebhookFormatsReachTheSDKHandler(t *testing.T) {
	schemes := []ofauthtest.WebhookScheme{ofauthtest.WebhookSchemeSvix, ofauthtest.WebhookSchemeStandard, ofauthtest.WebhookSchemeOFAuth, ofauthtest.WebhookSchemeAll}
	envelopes := []ofauthtest.WebhookEnvelope{ofauthtest.WebhookEnvelopeSDK, ofauthtest.WebhookEnvelopeDocs}
	for _, scheme := range schemes {
		for _, env := range envelopes {
			t.Run(string(scheme)+"/"+string(env), func(t *testing.T) {
				t.Parallel()
				secret := ofauthtest.NewWebhookSecret()
				url, got := sdkReceiver(t, secret)
				s := start(t, ofauthtest.WithWebhookSecret(secret), ofauthtest.WithWebhookURL(url),
					ofauthtest.WithWebhookScheme(scheme), ofauthtest.WithWebhookEnvelope(env))
				v, err := ofauth.NewWebhookVerifier(secret)
				require.NoError(t, err)

				conn := s.AddConnection("user_77")
				h := nextHandled(t, got)
				assert.Equal(t, wantHeaders(scheme), presentSignatureHeaders(h.header))
				assertEnvelopeShape(t, env, h.event.Raw)
				require.Equal(t, ofauth.EventConnectionCreated, h.event.Type)
				ce, err := h.event.Connection()
				require.NoError(t, err)
				assert.Equal(t, conn.ID, ce.Connection.ID)
				assert.Equal(t, ofauth.ConnectionStatus("active"), ce.Connection.Status)
				assert.Equal(t, "user_77", ce.ClientReferenceID)
				assert.Equal(t, conn.User.ID, ce.Connection.UserData.ID)
				assert.Equal(t, conn.User.Username, ce.Connection.UserData.Username)
				assert.ElementsMatch(t, conn.Permissions, ce.Connection.Permissions)
				// Each scheme's headers verify on their own, not just the
				// one the verifier prefers.
				for _, sc := range wantSchemes(scheme) {
					e, err := v.Verify(h.event.Raw, only(h.header, sc))
					require.NoError(t, err, sc)
					assert.Equal(t, ofauth.EventConnectionCreated, e.Type, sc)
				}

				id, err := s.Emit("rules.updated", map[string]any{"revision": "r42", "rules": map[string]any{"static_param": "sp", "checksum_constant": 7}})
				require.NoError(t, err)
				h = nextHandled(t, got)
				assert.Equal(t, wantHeaders(scheme), presentSignatureHeaders(h.header))
				assertEnvelopeShape(t, env, h.event.Raw)
				require.Equal(t, ofauth.EventRulesUpdated, h.event.Type)
				re, err := h.event.Rules()
				require.NoError(t, err)
				assert.Equal(t, "r42", re.Revision)
				assert.Equal(t, "sp", re.Rules.StaticParam)
				if scheme != ofauthtest.WebhookSchemeOFAuth {
					assert.Equal(t, id, h.event.ID, "the message id is the delivery id")
				}

				d, err := s.WaitForDelivery(ctx(t), func(d ofauthtest.Delivery) bool { return d.ID == id })
				require.NoError(t, err)
				assert.True(t, d.Delivered)
				assert.Equal(t, env, d.Envelope)
				assert.JSONEq(t, string(h.event.Raw), string(d.Payload))
			})
		}
	}
}

func wantSchemes(scheme ofauthtest.WebhookScheme) []ofauthtest.WebhookScheme {
	if scheme == ofauthtest.WebhookSchemeAll {
		return []ofauthtest.WebhookScheme{ofauthtest.WebhookSchemeSvix, ofauthtest.WebhookSchemeStandard, ofauthtest.WebhookSchemeOFAuth}
	}
	return []ofauthtest.WebhookScheme{scheme}
}

// assertEnvelopeShape checks the top-level members of body against env.
func assertEnvelopeShape(t *testing.T, env ofauthtest.WebhookEnvelope, body []byte) {
	t.Helper()
	var m map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(body, &m))
	keys := slices.Sorted(maps.Keys(m))
	switch env {
	case ofauthtest.WebhookEnvelopeDocs:
		assert.Equal(t, []string{"data", "timestamp", "type"}, keys)
		var ts string
		require.NoError(t, json.Unmarshal(m["timestamp"], &ts))
		at, err := time.Parse(time.RFC3339, ts)
		require.NoError(t, err)
		assert.WithinDuration(t, time.Now(), at, time.Minute)
	default:
		assert.Equal(t, []string{"data", "eventType", "live"}, keys)
	}
}

func TestDocsEnvelopeConnectionData(t *testing.T) {
	s := start(t, ofauthtest.WithWebhookURL("http://127.0.0.1:1/unreachable"), ofauthtest.WithWebhookEnvelope(ofauthtest.WebhookEnvelopeDocs),
		ofauthtest.WithWebhookRetry(1, 0))
	conn := s.AddConnection("ref_1")
	require.NoError(t, s.ExpireConnection(conn.ID))
	ds, err := s.WaitForDeliveries(ctx(t), 2)
	require.NoError(t, err)
	var created, expired struct {
		Type string `json:"type"`
		Data struct {
			ClientReferenceID string                     `json:"clientReferenceId"`
			Connection        map[string]json.RawMessage `json:"connection"`
		} `json:"data"`
	}
	require.NoError(t, json.Unmarshal(ds[0].Payload, &created))
	require.NoError(t, json.Unmarshal(ds[1].Payload, &expired))
	assert.Equal(t, "connection.created", created.Type)
	assert.Equal(t, "ref_1", created.Data.ClientReferenceID)
	assert.NotContains(t, created.Data.Connection, "platformUserId", "the docs' connection has none")
	var user map[string]string
	require.NoError(t, json.Unmarshal(created.Data.Connection["userData"], &user))
	assert.Equal(t, conn.User.ID, user["id"])
	assert.NotContains(t, user, "userId")
	assert.Equal(t, "connection.expired", expired.Type)
	assert.ElementsMatch(t, []string{"id", "status"}, slices.Collect(maps.Keys(expired.Data.Connection)))
}

func TestUnknownWebhookFormatIsLoud(t *testing.T) {
	s := start(t, ofauthtest.WithWebhookScheme("hmac"))
	_, err := s.Emit("rules.updated", map[string]any{})
	require.ErrorContains(t, err, `unknown webhook scheme "hmac"`)

	rc := newReceiver(t)
	s = start(t, ofauthtest.WithWebhookURL(rc.URL), ofauthtest.WithWebhookEnvelope("xml"))
	_, err = s.Emit("rules.updated", map[string]any{})
	require.ErrorContains(t, err, `unknown webhook envelope "xml"`)
	s.AddConnection("ref")
	ds, err := s.WaitForDeliveries(ctx(t), 1)
	require.NoError(t, err)
	assert.False(t, ds[0].Delivered)
	require.Len(t, ds[0].Attempts, 1)
	assert.Contains(t, ds[0].Attempts[0].Err, "unknown webhook envelope")
}

func TestSignDeliverySchemes(t *testing.T) {
	body := []byte(s1Body)
	for _, scheme := range []ofauthtest.WebhookScheme{"", ofauthtest.WebhookSchemeSvix, ofauthtest.WebhookSchemeStandard, ofauthtest.WebhookSchemeOFAuth, ofauthtest.WebhookSchemeAll} {
		var h http.Header
		var err error
		if scheme == "" {
			h, err = ofauthtest.SignDelivery(s1Secret, "msg_2vXk7Yt0ofauthTest01", vectorTime, body)
			scheme = ofauthtest.WebhookSchemeSvix
		} else {
			h, err = ofauthtest.SignDelivery(s1Secret, "msg_2vXk7Yt0ofauthTest01", vectorTime, body, scheme)
		}
		require.NoError(t, err)
		assert.Equal(t, wantHeaders(scheme), presentSignatureHeaders(h), scheme)
		assert.Equal(t, "application/json", h.Get("Content-Type"))
		if scheme == ofauthtest.WebhookSchemeStandard || scheme == ofauthtest.WebhookSchemeAll {
			// Standard Webhooks signs as Svix does: worked example S1.
			assert.Equal(t, "v1,CFiqo5nsbAn4eqKW2XO8yTjZGxhNlx5P0mnttS6LtIw=", h.Get("webhook-signature"))
			assert.Equal(t, "1735689600", h.Get("webhook-timestamp"))
		}
	}
	h, err := ofauthtest.SignDelivery(o1Secret, "", vectorTime, []byte(o1Body), ofauthtest.WebhookSchemeOFAuth, ofauthtest.WebhookSchemeOFAuth)
	require.NoError(t, err, "OFAuth-Signature needs no id")
	assert.Equal(t, "t=1735689600,v1=450935600b2186f82add063fb804b76828f1aac6e7b39434b5e3c3eedcf1a57b", h.Get("OFAuth-Signature"))

	_, err = ofauthtest.SignDelivery(s1Secret, "", vectorTime, body, ofauthtest.WebhookSchemeStandard)
	require.Error(t, err, "Standard Webhooks needs an id")
	_, err = ofauthtest.SignDelivery(s1Secret, "msg_1", vectorTime, body, "both")
	require.ErrorContains(t, err, `"both"`)
	_, err = ofauthtest.SignDelivery("whsec_***", "msg_1", vectorTime, body, ofauthtest.WebhookSchemeAll)
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "***")
}

func TestParseWebhookFormats(t *testing.T) {
	got, err := ofauthtest.ParseWebhookSchemes(" svix, OFAuth ")
	require.NoError(t, err)
	assert.Equal(t, []ofauthtest.WebhookScheme{ofauthtest.WebhookSchemeSvix, ofauthtest.WebhookSchemeOFAuth}, got)
	got, err = ofauthtest.ParseWebhookSchemes("")
	require.NoError(t, err)
	assert.Equal(t, []ofauthtest.WebhookScheme{ofauthtest.WebhookSchemeSvix}, got)
	for _, bad := range []string{"both", "svix,", "x"} {
		_, err = ofauthtest.ParseWebhookSchemes(bad)
		assert.Error(t, err, bad)
	}

	env, err := ofauthtest.ParseWebhookEnvelope("Docs")
	require.NoError(t, err)
	assert.Equal(t, ofauthtest.WebhookEnvelopeDocs, env)
	env, err = ofauthtest.ParseWebhookEnvelope("")
	require.NoError(t, err)
	assert.Equal(t, ofauthtest.WebhookEnvelopeSDK, env)
	_, err = ofauthtest.ParseWebhookEnvelope("xml")
	assert.Error(t, err)
}

func TestEncodeEvent(t *testing.T) {
	at := time.Date(2026, 4, 23, 14, 30, 15, 143e6, time.FixedZone("CEST", 2*3600))
	ev := ofauthtest.Event{Type: "rules.updated", Data: json.RawMessage(`{"revision":"r1"}`), Live: true, Time: at}
	b, err := ofauthtest.EncodeEvent(ofauthtest.WebhookEnvelopeDocs, ev)
	require.NoError(t, err)
	assert.Equal(t, `{"type":"rules.updated","timestamp":"2026-04-23T12:30:15.143Z","data":{"revision":"r1"}}`, string(b))
	b, err = ofauthtest.EncodeEvent("", ev)
	require.NoError(t, err)
	assert.Equal(t, `{"eventType":"rules.updated","live":true,"data":{"revision":"r1"}}`, string(b))

	_, err = ofauthtest.EncodeEvent(ofauthtest.WebhookEnvelopeSDK, ofauthtest.Event{})
	require.Error(t, err)
	_, err = ofauthtest.EncodeEvent(ofauthtest.WebhookEnvelopeSDK, ofauthtest.Event{Type: "x", Data: func() {}})
	require.Error(t, err)
	_, err = ofauthtest.EncodeEvent("xml", ev)
	require.Error(t, err)
}
