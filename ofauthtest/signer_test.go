package ofauthtest_test

import (
	"context"
	"encoding/base64"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ofauth-go/ofauth"
	"github.com/ofauth-go/ofauth/ofauthtest"
)

// The worked examples of ofauth-api.md §6.5 (S1, S2) and §6.6 (O1).
const (
	s1Secret = "whsec_b2ZhdXRoLXNkay10ZXN0LWtleS0wMTIzNDU2Nzg5QUI="
	s1Body   = `{"eventType":"connection.created","live":false,"data":{"connection":{"id":"conn_abc123","platformUserId":"123456789","status":"active","userData":{"userId":"123456789","name":"Jane Doe","username":"janedoe","avatar":"https://cdn.example.com/a.jpg"},"permissions":["profile:read","posts:read"]},"clientReferenceId":"user_456"}}`
	o1Secret = "ofauth_whsec_test_secret_123"
	o1Body   = `{"type":"connection.created","timestamp":"2025-01-01T00:00:00Z","data":{"clientReferenceId":"user_456","connection":{"id":"conn_abc123","status":"active","permissions":["profile:read","posts:read"],"userData":{"id":"of_user_456","name":"Jane Doe","username":"janedoe","avatar":"https://cdn.onlyfans.com/avatar.jpg"}}}}`
)

var vectorTime = time.Unix(1735689600, 0)

func TestSignSvixReproducesVectors(t *testing.T) {
	h, err := ofauthtest.SignSvix(s1Secret, "msg_2vXk7Yt0ofauthTest01", vectorTime, []byte(s1Body))
	require.NoError(t, err)
	assert.Equal(t, "msg_2vXk7Yt0ofauthTest01", h.Get("svix-id"))
	assert.Equal(t, "1735689600", h.Get("svix-timestamp"))
	assert.Equal(t, "v1,CFiqo5nsbAn4eqKW2XO8yTjZGxhNlx5P0mnttS6LtIw=", h.Get("svix-signature"))

	h, err = ofauthtest.SignSvix("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", time.Unix(1614265330, 0), []byte(`{"test": 2432232314}`))
	require.NoError(t, err)
	assert.Equal(t, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", h.Get("svix-signature"))

	// An unprefixed base64 secret is decoded, as the verifier does.
	h, err = ofauthtest.SignSvix(strings.TrimPrefix(s1Secret, "whsec_"), "msg_2vXk7Yt0ofauthTest01", vectorTime, []byte(s1Body))
	require.NoError(t, err)
	assert.Equal(t, "v1,CFiqo5nsbAn4eqKW2XO8yTjZGxhNlx5P0mnttS6LtIw=", h.Get("svix-signature"))
}

func TestSignOFAuthReproducesVector(t *testing.T) {
	h, err := ofauthtest.SignOFAuth(o1Secret, vectorTime, []byte(o1Body))
	require.NoError(t, err)
	assert.Equal(t, "t=1735689600,v1=450935600b2186f82add063fb804b76828f1aac6e7b39434b5e3c3eedcf1a57b", h.Get("OFAuth-Signature"))
}

func TestSignErrors(t *testing.T) {
	_, err := ofauthtest.SignSvix("", "msg_1", vectorTime, nil)
	assert.Error(t, err)
	_, err = ofauthtest.SignSvix("whsec_***", "msg_1", vectorTime, nil)
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "***")
	_, err = ofauthtest.SignSvix(s1Secret, "", vectorTime, nil)
	assert.Error(t, err)
	_, err = ofauthtest.SignOFAuth("", vectorTime, nil)
	assert.Error(t, err)
	_, err = ofauthtest.NewSignedRequest("", "msg_1", vectorTime, nil)
	assert.Error(t, err)
}

func TestSignedHeadersVerify(t *testing.T) {
	now := time.Now()
	for _, secret := range []string{s1Secret, o1Secret, ofauthtest.NewWebhookSecret(), "plain secret"} {
		v, err := ofauth.NewWebhookVerifier(secret)
		require.NoError(t, err)
		h, err := ofauthtest.SignSvix(secret, "msg_roundtrip", now, []byte(s1Body))
		require.NoError(t, err)
		e, err := v.Verify([]byte(s1Body), h)
		require.NoError(t, err, secret)
		assert.Equal(t, "msg_roundtrip", e.ID)

		h, err = ofauthtest.SignOFAuth(secret, now, []byte(o1Body))
		require.NoError(t, err)
		e, err = v.Verify([]byte(o1Body), h)
		require.NoError(t, err, secret)
		assert.Equal(t, ofauth.EventConnectionCreated, e.Type)
	}
}

func TestNewWebhookSecret(t *testing.T) {
	a, b := ofauthtest.NewWebhookSecret(), ofauthtest.NewWebhookSecret()
	assert.NotEqual(t, a, b)
	require.True(t, strings.HasPrefix(a, "whsec_"))
	key, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(a, "whsec_"))
	require.NoError(t, err)
	assert.Len(t, key, 24)
}

func TestNewSignedRequest(t *testing.T) {
	secret := ofauthtest.NewWebhookSecret()
	r, err := ofauthtest.NewSignedRequest(secret, "msg_req", time.Now(), []byte(s1Body))
	require.NoError(t, err)
	assert.Equal(t, http.MethodPost, r.Method)
	assert.Equal(t, ofauthtest.WebhookPath, r.URL.Path)
	assert.Equal(t, "application/json", r.Header.Get("Content-Type"))
	assert.Equal(t, int64(len(s1Body)), r.ContentLength)

	v, err := ofauth.NewWebhookVerifier(secret)
	require.NoError(t, err)
	var got atomic.Pointer[ofauth.WebhookEvent] // the real server runs the handler on its own goroutine
	h := ofauth.NewWebhookHandler(v, func(_ context.Context, e *ofauth.WebhookEvent) error {
		got.Store(e)
		return nil
	})
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	assert.Equal(t, http.StatusOK, w.Code)
	require.NotNil(t, got.Load())
	assert.Equal(t, "msg_req", got.Load().ID)

	// The request also works against a real server.
	srv := httptest.NewServer(h)
	defer srv.Close()
	r, err = ofauthtest.NewSignedRequest(secret, "msg_req2", time.Now(), []byte(s1Body))
	require.NoError(t, err)
	req, err := http.NewRequest(r.Method, srv.URL+r.URL.Path, r.Body)
	require.NoError(t, err)
	req.Header = r.Header
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "msg_req2", got.Load().ID)
}
