package ofauth_test

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ofauth-go/ofauth"
	"github.com/ofauth-go/ofauth/ofauthtest"
)

type ctxMarker struct{}

// deliveryLog collects what a delivery hook saw.
type deliveryLog struct {
	mu   sync.Mutex
	seen []ofauth.WebhookDelivery
	ctxs []any
}

func (l *deliveryLog) hook(ctx context.Context, d ofauth.WebhookDelivery) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.seen = append(l.seen, d)
	l.ctxs = append(l.ctxs, ctx.Value(ctxMarker{}))
}

func TestWebhookDeliveryHookOutcomes(t *testing.T) {
	var first, second deliveryLog
	fail := errors.New("store down")
	var failNext bool
	fn := func(_ context.Context, e *ofauth.WebhookEvent) error {
		if failNext {
			return fail
		}
		return nil
	}
	h := handlerVerifier(t).Handler(fn, ofauth.WithDeliveryHook(first.hook), ofauth.WithDeliveryHook(second.hook), ofauth.WithDeliveryHook(nil))
	send := func(r *http.Request) int {
		r = r.WithContext(context.WithValue(r.Context(), ctxMarker{}, "req"))
		return serve(h, r).Code
	}

	assert.Equal(t, 200, send(signedRequest(t, "msg_1", s1Body)))
	assert.Equal(t, 200, send(signedRequest(t, "msg_1", s1Body)))
	forged, err := ofauthtest.NewSignedRequest(s1Secret, "msg_2", time.Now(), []byte(s1Body)) // another secret
	require.NoError(t, err)
	assert.Equal(t, 401, send(forged))
	failNext = true
	assert.Equal(t, 500, send(signedRequest(t, "msg_3", s1Body)))

	want := []struct {
		outcome       ofauth.WebhookOutcome
		status        int
		eventType, id string
		reason        string
	}{
		{ofauth.WebhookHandled, 200, ofauth.EventConnectionCreated, "msg_1", ""},
		{ofauth.WebhookDuplicate, 200, ofauth.EventConnectionCreated, "msg_1", ""},
		{ofauth.WebhookRejected, 401, "", "", "invalid_signature"},
		{ofauth.WebhookFailed, 500, ofauth.EventConnectionCreated, "msg_3", "handler_failed"},
	}
	require.Len(t, first.seen, len(want))
	assert.Equal(t, first.seen, second.seen, "every hook runs")
	for i, w := range want {
		d := first.seen[i]
		assert.Equal(t, w.outcome, d.Outcome, "delivery %d", i)
		assert.Equal(t, w.status, d.StatusCode, "delivery %d", i)
		assert.Equal(t, w.eventType, d.EventType, "delivery %d", i)
		assert.Equal(t, w.id, d.EventID, "delivery %d", i)
		assert.Equal(t, w.reason, d.Reason, "delivery %d", i)
		assert.Equal(t, "req", first.ctxs[i], "the hook gets the request's context")
	}
}

func TestWebhookDeliveryHookDeduperUnavailable(t *testing.T) {
	var log deliveryLog
	d := &recordingDeduper{reserveErr: errors.New("redis: connection refused")}
	h := handlerVerifier(t).Handler((&counter{}).fn, ofauth.WithDeduper(d), ofauth.WithDeliveryHook(log.hook))
	w := serve(h, signedRequest(t, "m1", s1Body))
	assert.Equal(t, http.StatusServiceUnavailable, w.Code)
	require.Len(t, log.seen, 1)
	assert.Equal(t, ofauth.WebhookFailed, log.seen[0].Outcome)
	assert.Equal(t, "dedupe_unavailable", log.seen[0].Reason)
	assert.Equal(t, "m1", log.seen[0].EventID)
}
