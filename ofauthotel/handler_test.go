package ofauthotel_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ofauth-go/ofauth"
	"github.com/ofauth-go/ofauth/ofauthotel"
	"github.com/ofauth-go/ofauth/ofauthtest"
)

const createdBody = `{"eventType":"connection.created","live":false,"data":{"connection":{"id":"conn_abc123","status":"active","userData":{"userId":"123456789","name":"Jane Doe","username":"janedoe"},"permissions":["profile:read"]},"clientReferenceId":"user_456"}}`

func TestWebhookDeliveries(t *testing.T) {
	tm := newTelemetry(t)
	secret := ofauthtest.NewWebhookSecret()
	v, err := ofauth.NewWebhookVerifier(secret)
	require.NoError(t, err)
	fail := false
	h := v.Handler(func(context.Context, *ofauth.WebhookEvent) error {
		if fail {
			return errors.New("store down")
		}
		return nil
	}, ofauthotel.HandlerOption(tm.options()...))

	// Each delivery runs inside a server span, as otelhttp.NewHandler or a
	// traced router would start it.
	tracer := tm.tp.Tracer("server")
	send := func(r *http.Request) int {
		ctx, span := tracer.Start(r.Context(), "POST /webhooks/ofauth")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r.WithContext(ctx))
		span.End()
		return w.Code
	}
	signed := func(id, body string, key string) *http.Request {
		r, err := ofauthtest.NewSignedRequest(key, id, time.Now(), []byte(body))
		require.NoError(t, err)
		return r
	}
	assert.Equal(t, 200, send(signed("msg_1", createdBody, secret)))
	assert.Equal(t, 200, send(signed("msg_1", createdBody, secret)))
	assert.Equal(t, 401, send(signed("msg_2", createdBody, ofauthtest.NewWebhookSecret())), "forged: another secret")
	assert.Equal(t, 200, send(signed("msg_3", `{"eventType":"custom.thing.happened","data":{}}`, secret)))
	fail = true
	assert.Equal(t, 500, send(signed("msg_4", createdBody, secret)))

	spans := tm.ended()
	require.Len(t, spans, 5)
	wantSpans := []map[string]any{
		{"ofauth.webhook.outcome": "handled", "ofauth.webhook.event_type": "connection.created", "http.response.status_code": int64(200)},
		{"ofauth.webhook.outcome": "duplicate", "ofauth.webhook.event_type": "connection.created", "http.response.status_code": int64(200)},
		{"ofauth.webhook.outcome": "rejected", "http.response.status_code": int64(401)},
		{"ofauth.webhook.outcome": "handled", "ofauth.webhook.event_type": "_OTHER", "http.response.status_code": int64(200)},
		{"ofauth.webhook.outcome": "failed", "ofauth.webhook.event_type": "connection.created", "http.response.status_code": int64(500)},
	}
	for i, s := range spans {
		assert.Equal(t, "POST /webhooks/ofauth", s.Name())
		assert.Equal(t, wantSpans[i], attrs(s.Attributes()), "delivery %d", i)
	}
	assertNoSecret(t, spans, secret)

	m := tm.metrics(t)["ofauth.webhook.deliveries"]
	assert.Equal(t, "{delivery}", m.Unit)
	got := map[[2]string]int64{}
	for _, p := range counter(t, m) {
		a := setAttrs(p.Attributes)
		et, _ := a["ofauth.webhook.event_type"].(string)
		got[[2]string{et, a["ofauth.webhook.outcome"].(string)}] += p.Value
		assert.LessOrEqual(t, len(a), 2, "only event type and outcome: %v", a)
	}
	assert.Equal(t, map[[2]string]int64{
		{"connection.created", "handled"}:   1,
		{"connection.created", "duplicate"}: 1,
		{"", "rejected"}:                    1,
		{"_OTHER", "handled"}:               1,
		{"connection.created", "failed"}:    1,
	}, got)
}

// Without a span in the request, the handler only counts.
func TestWebhookDeliveryWithoutSpan(t *testing.T) {
	tm := newTelemetry(t)
	secret := ofauthtest.NewWebhookSecret()
	v, err := ofauth.NewWebhookVerifier(secret)
	require.NoError(t, err)
	h := v.Handler(func(context.Context, *ofauth.WebhookEvent) error { return nil }, ofauthotel.HandlerOption(tm.options()...))
	r, err := ofauthtest.NewSignedRequest(secret, "msg_1", time.Now(), []byte(createdBody))
	require.NoError(t, err)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	assert.Equal(t, 200, w.Code)
	assert.Empty(t, tm.ended())
	points := counter(t, tm.metrics(t)["ofauth.webhook.deliveries"])
	require.Len(t, points, 1)
	assert.Equal(t, map[string]any{"ofauth.webhook.event_type": "connection.created", "ofauth.webhook.outcome": "handled"}, setAttrs(points[0].Attributes))
}
