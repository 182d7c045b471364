package ofauth_test

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ofauth-go/ofauth"
	"github.com/ofauth-go/ofauth/ofauthtest"
)

// Worked examples of ofauth-api.md §6.5 and §6.6.
const (
	// S1: Svix scheme, SDK envelope.
	s1Secret    = "whsec_b2ZhdXRoLXNkay10ZXN0LWtleS0wMTIzNDU2Nzg5QUI="
	s1Key       = "ofauth-sdk-test-key-0123456789AB"
	s1OldSecret = "whsec_b2xkLW9mYXV0aC1rZXktZm9yLXJvdGF0aW9uLTAwMDE="
	s1ID        = "msg_2vXk7Yt0ofauthTest01"
	s1Timestamp = "1735689600"
	s1Body      = `{"eventType":"connection.created","live":false,"data":{"connection":{"id":"conn_abc123","platformUserId":"123456789","status":"active","userData":{"userId":"123456789","name":"Jane Doe","username":"janedoe","avatar":"https://cdn.example.com/a.jpg"},"permissions":["profile:read","posts:read"]},"clientReferenceId":"user_456"}}`
	s1Sig       = "v1,CFiqo5nsbAn4eqKW2XO8yTjZGxhNlx5P0mnttS6LtIw="
	s1OldSig    = "v1,bC5VI7EYIKQFK419exv6sFZp0CBFWEeEmwGS8iFeO/w="
	// s1TamperedSig is the signature of s1Body with janedoe → janedoe2.
	s1TamperedSig = "v1,72wN9XIc/2vpgnoW2hKFabCRFnHgM35V8y3I9PI84I4="

	// S2: Svix's public test vector.
	s2Secret    = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
	s2ID        = "msg_p5jXN8AQM9LWM0D4loKWxJek"
	s2Timestamp = "1614265330"
	s2Body      = `{"test": 2432232314}`
	s2Sig       = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="

	// O1: OFAuth-Signature scheme, docs envelope.
	o1Secret     = "ofauth_whsec_test_secret_123"
	o1Body       = `{"type":"connection.created","timestamp":"2025-01-01T00:00:00Z","data":{"clientReferenceId":"user_456","connection":{"id":"conn_abc123","status":"active","permissions":["profile:read","posts:read"],"userData":{"id":"of_user_456","name":"Jane Doe","username":"janedoe","avatar":"https://cdn.onlyfans.com/avatar.jpg"}}}}`
	o1Hex        = "t=1735689600,v1=450935600b2186f82add063fb804b76828f1aac6e7b39434b5e3c3eedcf1a57b"
	o1Base64     = "t=1735689600,v1=RQk1YAshhvgq3QY/uAS3aCjxqsbns5Q0tePD7tzxpXs="
	o1DecodedKey = "t=1735689600,v1=f5cd62d6c6993cf8bc2b3ce1aca0905c09d848b03461babf36703cd243d2322f"
)

var (
	s1Time = time.Unix(1735689600, 0).UTC()
	s2Time = time.Unix(1614265330, 0).UTC()
)

func svixHeader(id, ts, sig string) http.Header {
	h := http.Header{}
	h.Set("svix-id", id)
	h.Set("svix-timestamp", ts)
	h.Set("svix-signature", sig)
	return h
}

func ofauthHeader(v string) http.Header {
	h := http.Header{}
	h.Set("OFAuth-Signature", v)
	return h
}

func fixedClock(t time.Time) func() time.Time { return func() time.Time { return t } }

// newVerifier returns a verifier whose clock reads at.
func newVerifier(t *testing.T, secret string, at time.Time, opts ...ofauth.WebhookOption) *ofauth.WebhookVerifier {
	t.Helper()
	v, err := ofauth.NewWebhookVerifier(secret, append([]ofauth.WebhookOption{ofauth.WithClock(fixedClock(at))}, opts...)...)
	require.NoError(t, err)
	return v
}

// assertNoLeak fails when text shows a secret, a key or a signature.
func assertNoLeak(t *testing.T, text string, secrets ...string) {
	t.Helper()
	for _, s := range secrets {
		if s != "" {
			assert.NotContains(t, text, s)
		}
	}
}

func TestVerifySvixWorkedExampleS1(t *testing.T) {
	v := newVerifier(t, s1Secret, s1Time)
	e, err := v.Verify([]byte(s1Body), svixHeader(s1ID, s1Timestamp, s1Sig))
	require.NoError(t, err)
	assert.Equal(t, s1ID, e.ID)
	assert.Equal(t, ofauth.EventConnectionCreated, e.Type)
	assert.False(t, e.Live)
	assert.True(t, e.Timestamp.Equal(s1Time), "no body timestamp: the signed one, got %v", e.Timestamp)
	assert.True(t, e.SignedAt.Equal(s1Time))
	assert.JSONEq(t, `{"connection":{"id":"conn_abc123","platformUserId":"123456789","status":"active","userData":{"userId":"123456789","name":"Jane Doe","username":"janedoe","avatar":"https://cdn.example.com/a.jpg"},"permissions":["profile:read","posts:read"]},"clientReferenceId":"user_456"}`, string(e.Data))
	assert.Equal(t, s1Body, string(e.Raw))
}

func TestVerifySvixPublicVectorS2(t *testing.T) {
	v := newVerifier(t, s2Secret, s2Time)
	e, err := v.Verify([]byte(s2Body), svixHeader(s2ID, s2Timestamp, s2Sig))
	require.NoError(t, err)
	assert.Equal(t, s2ID, e.ID)
	assert.Empty(t, e.Type, "a body without a type is not an error")
	assert.Nil(t, e.Data)
	assert.False(t, e.Live)
	assert.True(t, e.Timestamp.Equal(s2Time))

	_, err = v.Verify([]byte(`{"test": 2432232315}`), svixHeader(s2ID, s2Timestamp, s2Sig))
	assert.ErrorIs(t, err, ofauth.ErrWebhookInvalidSignature)
}

func TestVerifyStandardWebhooksHeaders(t *testing.T) {
	v := newVerifier(t, s1Secret, s1Time)
	h := http.Header{}
	h.Set("webhook-id", s1ID)
	h.Set("webhook-timestamp", s1Timestamp)
	h.Set("webhook-signature", s1Sig)
	e, err := v.Verify([]byte(s1Body), h)
	require.NoError(t, err)
	assert.Equal(t, s1ID, e.ID)

	// The id is signed: another id fails.
	h.Set("webhook-id", s1ID+"x")
	_, err = v.Verify([]byte(s1Body), h)
	assert.ErrorIs(t, err, ofauth.ErrWebhookInvalidSignature)
}

func TestVerifyNonCanonicalHeaderKeys(t *testing.T) {
	v := newVerifier(t, s1Secret, s1Time)
	h := http.Header{"svix-id": {s1ID}, "SVIX-TIMESTAMP": {s1Timestamp}, "svix-signature": {s1Sig}}
	e, err := v.Verify([]byte(s1Body), h)
	require.NoError(t, err)
	assert.Equal(t, s1ID, e.ID)

	o := newVerifier(t, o1Secret, s1Time)
	_, err = o.Verify([]byte(o1Body), http.Header{"ofauth-signature": {o1Hex}})
	assert.NoError(t, err)
}

func TestVerifyS1Rotation(t *testing.T) {
	both := svixHeader(s1ID, s1Timestamp, s1Sig+" "+s1OldSig)
	for name, secret := range map[string]string{"new": s1Secret, "old": s1OldSecret} {
		t.Run("header with both signatures, verifier with the "+name+" secret", func(t *testing.T) {
			_, err := newVerifier(t, secret, s1Time).Verify([]byte(s1Body), both)
			assert.NoError(t, err)
		})
	}
	t.Run("verifier with both secrets", func(t *testing.T) {
		v := newVerifier(t, s1OldSecret, s1Time, ofauth.WithAdditionalSecrets(s1Secret))
		for _, sig := range []string{s1Sig, s1OldSig, s1OldSig + " " + s1Sig} {
			_, err := v.Verify([]byte(s1Body), svixHeader(s1ID, s1Timestamp, sig))
			assert.NoError(t, err, sig)
		}
	})
	t.Run("neither secret", func(t *testing.T) {
		_, err := newVerifier(t, s2Secret, s1Time).Verify([]byte(s1Body), both)
		assert.ErrorIs(t, err, ofauth.ErrWebhookInvalidSignature)
	})
	t.Run("the old signature alone fails with the new secret", func(t *testing.T) {
		_, err := newVerifier(t, s1Secret, s1Time).Verify([]byte(s1Body), svixHeader(s1ID, s1Timestamp, s1OldSig))
		assert.ErrorIs(t, err, ofauth.ErrWebhookInvalidSignature)
	})
}

func TestVerifyS1Tampered(t *testing.T) {
	v := newVerifier(t, s1Secret, s1Time)
	tampered := strings.Replace(s1Body, "janedoe", "janedoe2", 1)
	_, err := v.Verify([]byte(tampered), svixHeader(s1ID, s1Timestamp, s1Sig))
	require.ErrorIs(t, err, ofauth.ErrWebhookInvalidSignature)
	assertNoLeak(t, err.Error(), s1Secret, s1Key, strings.TrimPrefix(s1TamperedSig, "v1,"))

	// The tampered body's own signature, as computed in the docs, verifies.
	_, err = v.Verify([]byte(tampered), svixHeader(s1ID, s1Timestamp, s1TamperedSig))
	assert.NoError(t, err)

	for name, body := range map[string]string{
		"trailing newline": s1Body + "\n",
		"re-serialised":    reserialise(t, s1Body),
		"one byte changed": strings.Replace(s1Body, `"live":false`, `"live":true `, 1),
		"empty":            "",
	} {
		_, err := v.Verify([]byte(body), svixHeader(s1ID, s1Timestamp, s1Sig))
		assert.ErrorIs(t, err, ofauth.ErrWebhookInvalidSignature, name)
	}
	// The timestamp is signed too.
	_, err = v.Verify([]byte(s1Body), svixHeader(s1ID, "1735689601", s1Sig))
	assert.ErrorIs(t, err, ofauth.ErrWebhookInvalidSignature)
}

// reserialise decodes and encodes a body, as a framework that parses JSON
// before the handler would: the bytes change and the signature breaks.
func reserialise(t *testing.T, body string) string {
	t.Helper()
	var v any
	require.NoError(t, json.Unmarshal([]byte(body), &v))
	out, err := json.Marshal(v)
	require.NoError(t, err)
	require.NotEqual(t, body, string(out))
	return string(out)
}

func TestVerifyToleranceBothDirections(t *testing.T) {
	h := svixHeader(s1ID, s1Timestamp, s1Sig)
	cases := []struct {
		skew time.Duration
		opts []ofauth.WebhookOption
		ok   bool
	}{
		{skew: 0, ok: true},
		{skew: 5 * time.Minute, ok: true},
		{skew: -5 * time.Minute, ok: true},
		{skew: 5*time.Minute + time.Second, ok: false},
		{skew: -5*time.Minute - time.Second, ok: false},
		{skew: 5*time.Minute + 500*time.Millisecond, ok: false},
		{skew: 24 * time.Hour, ok: false},
		{skew: -24 * time.Hour, ok: false},
		{skew: 30 * time.Second, opts: []ofauth.WebhookOption{ofauth.WithTolerance(10 * time.Second)}, ok: false},
		{skew: -30 * time.Second, opts: []ofauth.WebhookOption{ofauth.WithTolerance(10 * time.Second)}, ok: false},
		{skew: 9 * time.Second, opts: []ofauth.WebhookOption{ofauth.WithTolerance(10 * time.Second)}, ok: true},
		{skew: 2 * time.Hour, opts: []ofauth.WebhookOption{ofauth.WithTolerance(3 * time.Hour)}, ok: true},
		{skew: -2 * time.Hour, opts: []ofauth.WebhookOption{ofauth.WithTolerance(3 * time.Hour)}, ok: true},
	}
	for _, c := range cases {
		// A positive skew is a receiver clock ahead of the sender: an old delivery.
		v := newVerifier(t, s1Secret, s1Time.Add(c.skew), c.opts...)
		e, err := v.Verify([]byte(s1Body), h)
		if c.ok {
			assert.NoError(t, err, "skew %v", c.skew)
			assert.NotNil(t, e)
			continue
		}
		assert.ErrorIs(t, err, ofauth.ErrWebhookTimestamp, "skew %v", c.skew)
		assert.Nil(t, e)
	}
}

func TestVerifyDefaultClockRejectsOldVector(t *testing.T) {
	v, err := ofauth.NewWebhookVerifier(s1Secret)
	require.NoError(t, err)
	_, err = v.Verify([]byte(s1Body), svixHeader(s1ID, s1Timestamp, s1Sig))
	assert.ErrorIs(t, err, ofauth.ErrWebhookTimestamp, "2025-01-01 is far from the real clock")

	// A fresh signature passes with the real clock.
	h, err := ofauthtest.SignSvix(s1Secret, "msg_now", time.Now(), []byte(s1Body))
	require.NoError(t, err)
	_, err = v.Verify([]byte(s1Body), h)
	assert.NoError(t, err)
}

func TestVerifyMissingAndMalformedHeaders(t *testing.T) {
	v := newVerifier(t, s1Secret, s1Time)
	body := []byte(s1Body)
	cases := []struct {
		name string
		h    http.Header
		want error
	}{
		{"nil header", nil, ofauth.ErrWebhookMissingHeaders},
		{"empty header", http.Header{}, ofauth.ErrWebhookMissingHeaders},
		{"unrelated headers", http.Header{"Content-Type": {"application/json"}}, ofauth.ErrWebhookMissingHeaders},
		{"no svix-id", http.Header{"Svix-Timestamp": {s1Timestamp}, "Svix-Signature": {s1Sig}}, ofauth.ErrWebhookMissingHeaders},
		{"no svix-timestamp", http.Header{"Svix-Id": {s1ID}, "Svix-Signature": {s1Sig}}, ofauth.ErrWebhookMissingHeaders},
		{"empty svix-id", svixHeader("", s1Timestamp, s1Sig), ofauth.ErrWebhookMissingHeaders},
		{"empty signature values", http.Header{"Svix-Id": {s1ID}, "Svix-Timestamp": {s1Timestamp}, "Svix-Signature": {""}}, ofauth.ErrWebhookMissingHeaders},
		{"id and timestamp without signature", http.Header{"Svix-Id": {s1ID}, "Svix-Timestamp": {s1Timestamp}}, ofauth.ErrWebhookMissingHeaders},
		{"no v1 entry", svixHeader(s1ID, s1Timestamp, "v2,"+strings.TrimPrefix(s1Sig, "v1,")), ofauth.ErrWebhookInvalidSignature},
		{"bare base64", svixHeader(s1ID, s1Timestamp, strings.TrimPrefix(s1Sig, "v1,")), ofauth.ErrWebhookInvalidSignature},
		{"v1= form", svixHeader(s1ID, s1Timestamp, "v1="+strings.TrimPrefix(s1Sig, "v1,")), ofauth.ErrWebhookInvalidSignature},
		{"not base64", svixHeader(s1ID, s1Timestamp, "v1,!!!!"), ofauth.ErrWebhookInvalidSignature},
		{"truncated", svixHeader(s1ID, s1Timestamp, s1Sig[:20]), ofauth.ErrWebhookInvalidSignature},
		{"garbage", svixHeader(s1ID, s1Timestamp, ",,, v1, v1,, ,v1"), ofauth.ErrWebhookInvalidSignature},
		{"non-numeric timestamp", svixHeader(s1ID, "soon", s1Sig), ofauth.ErrWebhookInvalidSignature},
		{"OFAuth-Signature without t", ofauthHeader("v1=" + strings.Repeat("ab", 32)), ofauth.ErrWebhookMissingHeaders},
		{"OFAuth-Signature with empty t", ofauthHeader("t=,v1=" + strings.Repeat("ab", 32)), ofauth.ErrWebhookMissingHeaders},
		{"OFAuth-Signature without v1", ofauthHeader("t=" + s1Timestamp), ofauth.ErrWebhookInvalidSignature},
		{"OFAuth-Signature garbage", ofauthHeader("==,=,t"), ofauth.ErrWebhookMissingHeaders},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e, err := v.Verify(body, c.h)
			assert.ErrorIs(t, err, c.want)
			assert.Nil(t, e)
		})
	}
}

// signSvixRaw signs with a timestamp given as text, to reach the checks
// that follow a valid signature.
func signSvixRaw(key []byte, id, ts, body string) string {
	m := hmac.New(sha256.New, key)
	io.WriteString(m, id+"."+ts+"."+body)
	return "v1," + base64.StdEncoding.EncodeToString(m.Sum(nil))
}

func TestVerifyMalformedSignedTimestamp(t *testing.T) {
	v := newVerifier(t, s1Secret, s1Time)
	for _, ts := range []string{"soon", "1735689600.5", " 1735689600", "-1", "99999999999999999999", "9223372036854775807", "-9223372036854775808", "0x10"} {
		h := svixHeader(s1ID, ts, signSvixRaw([]byte(s1Key), s1ID, ts, s1Body))
		_, err := v.Verify([]byte(s1Body), h)
		assert.ErrorIs(t, err, ofauth.ErrWebhookTimestamp, ts)
	}
}

func TestVerifyOFAuthWorkedExampleO1(t *testing.T) {
	v := newVerifier(t, o1Secret, s1Time)
	e, err := v.Verify([]byte(o1Body), ofauthHeader(o1Hex))
	require.NoError(t, err)
	assert.Equal(t, ofauth.EventConnectionCreated, e.Type)
	assert.True(t, e.Timestamp.Equal(time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)))
	assert.True(t, e.SignedAt.Equal(s1Time))
	assert.False(t, e.Live, "no live member and no data.environment")
	sum := sha256.Sum256([]byte("1735689600." + o1Body))
	assert.Equal(t, "sha256_"+hex.EncodeToString(sum[:]), e.ID)

	e2, err := v.Verify([]byte(o1Body), ofauthHeader(o1Base64))
	require.NoError(t, err)
	assert.Equal(t, e.ID, e2.ID, "the id depends on t and the body only")

	upper := "t=1735689600,v1=" + strings.ToUpper(strings.TrimPrefix(o1Hex, "t=1735689600,v1="))
	_, err = v.Verify([]byte(o1Body), ofauthHeader(upper))
	assert.NoError(t, err, "hex in upper case")

	urlSafe := strings.NewReplacer("+", "-", "/", "_").Replace(strings.TrimSuffix(o1Base64, "="))
	_, err = v.Verify([]byte(o1Body), ofauthHeader(urlSafe))
	assert.NoError(t, err, "unpadded URL-safe base64")
}

func TestVerifyOFAuthSecretKeys(t *testing.T) {
	t.Run("whsec secret: decoded key", func(t *testing.T) {
		_, err := newVerifier(t, s1Secret, s1Time).Verify([]byte(o1Body), ofauthHeader(o1DecodedKey))
		assert.NoError(t, err)
	})
	t.Run("whsec secret: raw key", func(t *testing.T) {
		h, err := ofauthtest.SignOFAuth(s1Secret, s1Time, []byte(o1Body))
		require.NoError(t, err)
		_, err = newVerifier(t, s1Secret, s1Time).Verify([]byte(o1Body), h)
		assert.NoError(t, err)
	})
	t.Run("plain secret: raw key only", func(t *testing.T) {
		_, err := newVerifier(t, o1Secret, s1Time).Verify([]byte(o1Body), ofauthHeader(o1DecodedKey))
		assert.ErrorIs(t, err, ofauth.ErrWebhookInvalidSignature)
	})
	t.Run("wrong secret", func(t *testing.T) {
		_, err := newVerifier(t, "ofauth_whsec_test_secret_124", s1Time).Verify([]byte(o1Body), ofauthHeader(o1Hex))
		assert.ErrorIs(t, err, ofauth.ErrWebhookInvalidSignature)
	})
	t.Run("rotation", func(t *testing.T) {
		v := newVerifier(t, s2Secret, s1Time, ofauth.WithAdditionalSecrets(s1OldSecret, o1Secret))
		_, err := v.Verify([]byte(o1Body), ofauthHeader(o1Hex))
		assert.NoError(t, err)
	})
}

func TestVerifyOFAuthHeaderForms(t *testing.T) {
	v := newVerifier(t, o1Secret, s1Time)
	good := strings.TrimPrefix(o1Hex, "t=1735689600,")
	bad := "v1=" + strings.Repeat("00", 32)
	for _, hv := range []string{
		"t=1735689600," + bad + "," + good,
		"t=1735689600 " + bad + " " + good,
		"t=1735689600, " + bad + ", " + good,
		good + ",t=1735689600",
		"t=1735689600,v0=abc,x=1," + good,
		"t=1735689600,v1=not-a-digest," + good,
	} {
		_, err := v.Verify([]byte(o1Body), ofauthHeader(hv))
		assert.NoError(t, err, hv)
	}
	for _, hv := range []string{
		"t=1735689600," + bad,
		"t=1735689601," + good,
		"t=1735689600,v1=" + strings.Repeat("zz", 32),
		"t=1735689600,v2=" + strings.TrimPrefix(good, "v1="),
	} {
		_, err := v.Verify([]byte(o1Body), ofauthHeader(hv))
		assert.ErrorIs(t, err, ofauth.ErrWebhookInvalidSignature, hv)
	}
	_, err := v.Verify([]byte(strings.Replace(o1Body, "janedoe", "janedoe2", 1)), ofauthHeader(o1Hex))
	assert.ErrorIs(t, err, ofauth.ErrWebhookInvalidSignature)

	// A signed t that is not a number.
	m := hmac.New(sha256.New, []byte(o1Secret))
	io.WriteString(m, "later."+o1Body)
	_, err = v.Verify([]byte(o1Body), ofauthHeader("t=later,v1="+hex.EncodeToString(m.Sum(nil))))
	assert.ErrorIs(t, err, ofauth.ErrWebhookTimestamp)

	_, err = newVerifier(t, o1Secret, s1Time.Add(6*time.Minute)).Verify([]byte(o1Body), ofauthHeader(o1Hex))
	assert.ErrorIs(t, err, ofauth.ErrWebhookTimestamp)
	_, err = newVerifier(t, o1Secret, s1Time.Add(-6*time.Minute)).Verify([]byte(o1Body), ofauthHeader(o1Hex))
	assert.ErrorIs(t, err, ofauth.ErrWebhookTimestamp)
}

func TestVerifySvixPreferredOverOFAuth(t *testing.T) {
	v := newVerifier(t, s1Secret, s1Time)
	h := svixHeader(s1ID, s1Timestamp, s1Sig)
	h.Set("OFAuth-Signature", "t=1,v1=00")
	e, err := v.Verify([]byte(s1Body), h)
	require.NoError(t, err)
	assert.Equal(t, s1ID, e.ID)
}

func TestVerifySignatureHeaderOverSeveralLines(t *testing.T) {
	v := newVerifier(t, s1Secret, s1Time)
	h := svixHeader(s1ID, s1Timestamp, s1OldSig)
	h.Add("svix-signature", s1Sig)
	_, err := v.Verify([]byte(s1Body), h)
	assert.NoError(t, err)
}

func TestVerifyChecksSignatureBeforePayload(t *testing.T) {
	v := newVerifier(t, s1Secret, s1Time)
	for _, body := range []string{"", "not json", "[1,2]", `"str"`, "42", "null", `{"a":}`, `{"a":1}x`, `{"a":1`, "\xef\xbb\xbf{}"} {
		// Unsigned: the signature error comes first.
		_, err := v.Verify([]byte(body), svixHeader(s1ID, s1Timestamp, s1Sig))
		assert.ErrorIs(t, err, ofauth.ErrWebhookInvalidSignature, "%q", body)

		// Signed: the body is then rejected for not being a JSON object.
		h, err := ofauthtest.SignSvix(s1Secret, s1ID, s1Time, []byte(body))
		require.NoError(t, err)
		e, err := v.Verify([]byte(body), h)
		assert.ErrorIs(t, err, ofauth.ErrWebhookPayload, "%q", body)
		assert.Nil(t, e)
	}
	for _, body := range []string{"{}", " { } \n", `{"type":5,"eventType":null,"data":[1]}`} {
		h, err := ofauthtest.SignSvix(s1Secret, s1ID, s1Time, []byte(body))
		require.NoError(t, err)
		e, err := v.Verify([]byte(body), h)
		require.NoError(t, err, "%q", body)
		assert.Empty(t, e.Type)
	}
}

func TestVerifyEnvelopes(t *testing.T) {
	v := newVerifier(t, s1Secret, s1Time)
	cases := []struct {
		name, body string
		typ        string
		live       bool
		ts         time.Time
		data       string
	}{
		{"docs envelope", `{"type":"connection.updated","timestamp":"2024-01-15T10:30:00Z","data":{"connection":{"id":"c"}}}`,
			"connection.updated", false, time.Date(2024, 1, 15, 10, 30, 0, 0, time.UTC), `{"connection":{"id":"c"}}`},
		{"SDK envelope", `{"eventType":"rules.updated","live":true,"data":{}}`, "rules.updated", true, s1Time, `{}`},
		{"eventType wins over type", `{"type":"a","eventType":"b"}`, "b", false, s1Time, ""},
		{"empty eventType falls back to type", `{"eventType":"","type":"a"}`, "a", false, s1Time, ""},
		{"environment live", `{"type":"realtime.x","data":{"environment":"live"}}`, "realtime.x", true, s1Time, `{"environment":"live"}`},
		{"environment sandbox", `{"type":"realtime.x","data":{"environment":"sandbox"}}`, "realtime.x", false, s1Time, `{"environment":"sandbox"}`},
		{"live false wins over environment", `{"live":false,"data":{"environment":"live"}}`, "", false, s1Time, `{"environment":"live"}`},
		{"live null falls back", `{"live":null,"data":{"environment":"live"}}`, "", true, s1Time, `{"environment":"live"}`},
		{"nested environment ignored", `{"data":{"x":{"environment":"live"}}}`, "", false, s1Time, `{"x":{"environment":"live"}}`},
		{"epoch timestamp", `{"type":"t","timestamp":1700000000}`, "t", false, time.Unix(1700000000, 0), ""},
		{"unparseable timestamp", `{"type":"t","timestamp":"yesterday"}`, "t", false, s1Time, ""},
		{"escaped type", `{"type":"connection\u002ecreated"}`, "connection.created", false, s1Time, ""},
		{"escaped key", `{"\u0074ype":"x"}`, "x", false, s1Time, ""},
		{"unknown type", `{"type":"brand.new.event","data":{"k":[1,2,{"z":null}]}}`, "brand.new.event", false, s1Time, `{"k":[1,2,{"z":null}]}`},
		{"last duplicate wins", `{"type":"a","type":"b"}`, "b", false, s1Time, ""},
		{"white space", " {\n\t\"type\" : \"a\" ,\r\n \"data\" : { \"environment\" : \"live\" } }\n", "a", true, s1Time, `{ "environment" : "live" }`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h, err := ofauthtest.SignSvix(s1Secret, s1ID, s1Time, []byte(c.body))
			require.NoError(t, err)
			e, err := v.Verify([]byte(c.body), h)
			require.NoError(t, err)
			assert.Equal(t, c.typ, e.Type)
			assert.Equal(t, c.live, e.Live)
			assert.True(t, c.ts.Equal(e.Timestamp), "timestamp %v", e.Timestamp)
			assert.Equal(t, c.data, string(e.Data))
		})
	}
}

func TestVerifyEventSharesPayload(t *testing.T) {
	v := newVerifier(t, s1Secret, s1Time)
	payload := make([]byte, len(s1Body), len(s1Body)+64)
	copy(payload, s1Body)
	e, err := v.Verify(payload, svixHeader(s1ID, s1Timestamp, s1Sig))
	require.NoError(t, err)
	assert.Same(t, &payload[0], &e.Raw[0], "Verify does not copy the body")
	assert.Equal(t, len(e.Raw), cap(e.Raw))
	assert.Equal(t, len(e.Data), cap(e.Data))

	// Appending to the event's slices never writes into the caller's
	// spare capacity.
	_ = append(e.Raw, "xx"...)
	_ = append(e.Data, "xx"...)
	assert.Equal(t, make([]byte, 64), payload[len(payload):cap(payload)])
}

func TestNewWebhookVerifierSecrets(t *testing.T) {
	t.Run("empty", func(t *testing.T) {
		v, err := ofauth.NewWebhookVerifier("")
		assert.ErrorIs(t, err, ofauth.ErrWebhookSecret)
		assert.Nil(t, v)
	})
	bad := map[string]string{
		"whsec_ not base64":   "whsec_not*base64!",
		"whsec_ only":         "whsec_",
		"whsec_ unpadded":     strings.TrimSuffix(s1Secret, "="),
		"whsec_ with a space": "whsec_b2Zh dXRo",
	}
	for name, secret := range bad {
		t.Run(name, func(t *testing.T) {
			_, err := ofauth.NewWebhookVerifier(secret)
			require.ErrorIs(t, err, ofauth.ErrWebhookSecret)
			assertNoLeak(t, err.Error(), strings.TrimPrefix(strings.TrimSpace(secret), "whsec_"))
		})
	}
	t.Run("bad additional secret", func(t *testing.T) {
		_, err := ofauth.NewWebhookVerifier(s1Secret, ofauth.WithAdditionalSecrets(s2Secret, ""))
		require.ErrorIs(t, err, ofauth.ErrWebhookSecret)
		assert.Contains(t, err.Error(), "secret 3 of 3")
		_, err = ofauth.NewWebhookVerifier(s1Secret, ofauth.WithAdditionalSecrets("whsec_%%%"))
		assert.ErrorIs(t, err, ofauth.ErrWebhookSecret)
	})
	t.Run("unprefixed base64 is decoded for svix", func(t *testing.T) {
		_, err := newVerifier(t, strings.TrimPrefix(s1Secret, "whsec_"), s1Time).Verify([]byte(s1Body), svixHeader(s1ID, s1Timestamp, s1Sig))
		assert.NoError(t, err)
	})
	t.Run("unprefixed non-base64 is used raw for svix", func(t *testing.T) {
		raw := "my raw secret, not base64!"
		h := svixHeader(s1ID, s1Timestamp, signSvixRaw([]byte(raw), s1ID, s1Timestamp, s1Body))
		_, err := newVerifier(t, raw, s1Time).Verify([]byte(s1Body), h)
		assert.NoError(t, err)
	})
	t.Run("raw key of a whsec_ secret is not tried for svix", func(t *testing.T) {
		h := svixHeader(s1ID, s1Timestamp, signSvixRaw([]byte(s1Secret), s1ID, s1Timestamp, s1Body))
		_, err := newVerifier(t, s1Secret, s1Time).Verify([]byte(s1Body), h)
		assert.ErrorIs(t, err, ofauth.ErrWebhookInvalidSignature)
	})
}

func TestNewWebhookVerifierOptions(t *testing.T) {
	for name, opt := range map[string]ofauth.WebhookOption{
		"zero tolerance":     ofauth.WithTolerance(0),
		"negative tolerance": ofauth.WithTolerance(-time.Second),
		"nil clock":          ofauth.WithClock(nil),
		"zero body limit":    ofauth.WithMaxBodyBytes(0),
	} {
		_, err := ofauth.NewWebhookVerifier(s1Secret, opt)
		assert.ErrorIs(t, err, ofauth.ErrInvalidOption, name)
	}
	v, err := ofauth.NewWebhookVerifier(s1Secret, nil)
	require.NoError(t, err, "a nil option is skipped")
	assert.NotNil(t, v)
}

func TestWebhookVerifierPrintsNoSecret(t *testing.T) {
	v, err := ofauth.NewWebhookVerifier(s1Secret, ofauth.WithAdditionalSecrets(o1Secret, "plain-raw-secret-value"))
	require.NoError(t, err)
	holder := struct {
		V   *ofauth.WebhookVerifier
		Val ofauth.WebhookVerifier
		v   *ofauth.WebhookVerifier
	}{v, *v, v}
	var out strings.Builder
	for _, format := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X"} {
		fmt.Fprintf(&out, format+"\n", v)
		fmt.Fprintf(&out, format+"\n", *v)
		fmt.Fprintf(&out, format+"\n", holder)
	}
	text := out.String()
	secrets := []string{s1Secret, strings.TrimPrefix(s1Secret, "whsec_"), s1Key, o1Secret, "plain-raw-secret-value"}
	for _, s := range secrets {
		assertNoLeak(t, text, s, hex.EncodeToString([]byte(s)), fmt.Sprintf("%v", []byte(s)))
	}
	assert.Contains(t, fmt.Sprint(v), "secrets: 3")
}

func TestVerifyErrorsNeverShowSecretsOrSignatures(t *testing.T) {
	v := newVerifier(t, s1Secret, s1Time.Add(time.Hour), ofauth.WithAdditionalSecrets(o1Secret))
	sigOfBody := strings.TrimPrefix(signSvixRaw([]byte(s1Key), s1ID, s1Timestamp, "{}"), "v1,")
	inputs := []http.Header{
		svixHeader(s1ID, s1Timestamp, s1Sig),
		svixHeader(s1ID, s1Timestamp, "v1,AAAA"),
		ofauthHeader(o1Hex),
		ofauthHeader("t=1735689600,v1=00"),
		nil,
	}
	for _, h := range inputs {
		for _, body := range []string{"{}", s1Body, o1Body} {
			_, err := v.Verify([]byte(body), h)
			require.Error(t, err)
			assertNoLeak(t, fmt.Sprintf("%v %+v %#v", err, err, err), s1Secret, s1Key, o1Secret, sigOfBody,
				strings.TrimPrefix(s1Sig, "v1,"), strings.TrimPrefix(o1Hex, "t=1735689600,v1="))
		}
	}
}

func TestVerifyNilVerifier(t *testing.T) {
	var v *ofauth.WebhookVerifier
	_, err := v.Verify([]byte(s1Body), svixHeader(s1ID, s1Timestamp, s1Sig))
	assert.ErrorIs(t, err, ofauth.ErrWebhookInvalidSignature)
	_, err = (&ofauth.WebhookVerifier{}).Verify([]byte(s1Body), svixHeader(s1ID, s1Timestamp, s1Sig))
	assert.ErrorIs(t, err, ofauth.ErrWebhookInvalidSignature)
	r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(s1Body))
	r.Header = svixHeader(s1ID, s1Timestamp, s1Sig)
	_, err = v.VerifyRequest(r)
	assert.ErrorIs(t, err, ofauth.ErrWebhookInvalidSignature)
}

func TestVerifyRequest(t *testing.T) {
	v := newVerifier(t, s1Secret, s1Time)
	r := httptest.NewRequest(http.MethodPost, "/hook", strings.NewReader(s1Body))
	r.Header = svixHeader(s1ID, s1Timestamp, s1Sig)
	e, err := v.VerifyRequest(r)
	require.NoError(t, err)
	assert.Equal(t, ofauth.EventConnectionCreated, e.Type)
	again, err := io.ReadAll(r.Body)
	require.NoError(t, err)
	assert.Equal(t, s1Body, string(again), "the body is readable again")

	_, err = v.VerifyRequest(nil)
	assert.ErrorIs(t, err, ofauth.ErrWebhookMissingHeaders)

	r = httptest.NewRequest(http.MethodPost, "/hook", nil)
	r.Body = nil
	r.Header = svixHeader(s1ID, s1Timestamp, s1Sig)
	_, err = v.VerifyRequest(r)
	assert.ErrorIs(t, err, ofauth.ErrWebhookInvalidSignature, "no body, then no matching signature")
}

// countingReader records how much was read and can fail.
type countingReader struct {
	r    io.Reader
	n    int
	fail error
}

func (c *countingReader) Read(p []byte) (int, error) {
	if c.fail != nil {
		return 0, c.fail
	}
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}

func TestVerifyRequestBodyLimit(t *testing.T) {
	const limit = 64
	v := newVerifier(t, s1Secret, s1Time, ofauth.WithMaxBodyBytes(limit))
	sign := func(body string) http.Header {
		h, err := ofauthtest.SignSvix(s1Secret, s1ID, s1Time, []byte(body))
		require.NoError(t, err)
		return h
	}
	atLimit := `{"type":"x","pad":"` + strings.Repeat("a", limit-len(`{"type":"x","pad":""}`)) + `"}`
	require.Len(t, atLimit, limit)

	t.Run("at the limit", func(t *testing.T) {
		r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(atLimit))
		r.Header = sign(atLimit)
		e, err := v.VerifyRequest(r)
		require.NoError(t, err)
		assert.Equal(t, "x", e.Type)
	})
	over := atLimit + " "
	t.Run("Content-Length over the limit: nothing read", func(t *testing.T) {
		body := &countingReader{r: strings.NewReader(over)}
		r := httptest.NewRequest(http.MethodPost, "/", body)
		r.ContentLength = int64(len(over))
		r.Header = sign(over)
		_, err := v.VerifyRequest(r)
		assert.ErrorIs(t, err, ofauth.ErrWebhookBodyTooLarge)
		assert.ErrorIs(t, err, ofauth.ErrWebhookPayload)
		assert.Zero(t, body.n)
	})
	t.Run("unknown length over the limit: read stops after it", func(t *testing.T) {
		body := &countingReader{r: strings.NewReader(over + strings.Repeat(" ", 1<<20))}
		r := httptest.NewRequest(http.MethodPost, "/", body)
		r.ContentLength = -1
		r.Header = sign(over)
		_, err := v.VerifyRequest(r)
		assert.ErrorIs(t, err, ofauth.ErrWebhookBodyTooLarge)
		assert.LessOrEqual(t, body.n, limit+1)
	})
	t.Run("default limit is 1 MiB", func(t *testing.T) {
		big := `{"pad":"` + strings.Repeat("a", 1<<20) + `"}`
		r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(big))
		r.Header = sign(big)
		_, err := newVerifier(t, s1Secret, s1Time).VerifyRequest(r)
		assert.ErrorIs(t, err, ofauth.ErrWebhookBodyTooLarge)
	})
	t.Run("a declared length is not allocated up front", func(t *testing.T) {
		huge := newVerifier(t, s1Secret, s1Time, ofauth.WithMaxBodyBytes(1<<40))
		r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(s1Body))
		r.ContentLength = 1 << 39
		r.Header = svixHeader(s1ID, s1Timestamp, s1Sig)
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		e, err := huge.VerifyRequest(r)
		runtime.ReadMemStats(&after)
		require.NoError(t, err, "the body is what was sent, whatever the header claimed")
		assert.Equal(t, s1Body, string(e.Raw))
		assert.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(1<<20))
	})
	t.Run("headers are checked before the body is read", func(t *testing.T) {
		body := &countingReader{r: strings.NewReader(atLimit)}
		r := httptest.NewRequest(http.MethodPost, "/", body)
		_, err := v.VerifyRequest(r)
		assert.ErrorIs(t, err, ofauth.ErrWebhookMissingHeaders)
		assert.Zero(t, body.n)
	})
	t.Run("read error", func(t *testing.T) {
		r := httptest.NewRequest(http.MethodPost, "/", &countingReader{fail: errors.New("connection reset")})
		r.ContentLength = -1
		r.Header = sign(atLimit)
		_, err := v.VerifyRequest(r)
		assert.ErrorIs(t, err, ofauth.ErrWebhookPayload)
		assert.NotErrorIs(t, err, ofauth.ErrWebhookBodyTooLarge)
	})
}

// jsonObject reports what encoding/json thinks of b: a valid JSON object.
func jsonObject(b []byte) bool {
	t := bytes.TrimLeft(b, " \t\r\n")
	return json.Valid(b) && len(t) > 0 && t[0] == '{'
}

// referenceFields decodes the envelope with encoding/json.
func referenceFields(t *testing.T, body []byte) (typ string, live bool, data json.RawMessage) {
	var m map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(body, &m))
	str := func(raw json.RawMessage) string {
		var s string
		if json.Unmarshal(raw, &s) != nil {
			return ""
		}
		return s
	}
	typ = str(m["eventType"])
	if typ == "" {
		typ = str(m["type"])
	}
	switch string(m["live"]) {
	case "true":
		live = true
	case "false":
	default:
		var d map[string]json.RawMessage
		if json.Unmarshal(m["data"], &d) == nil {
			live = str(d["environment"]) == "live"
		}
	}
	return typ, live, m["data"]
}

func FuzzVerify(f *testing.F) {
	for _, seed := range []string{s1Body, o1Body, s2Body, "", "{}", "[]", `{"a":"\u00zz"}`, `{"type":"x","data":{"environment":"live"}}`, `{"live":true}`, "{\"type\":\"\xff\"}"} {
		f.Add([]byte(seed), "v1,junk v2,xx", "1735689600")
	}
	v, err := ofauth.NewWebhookVerifier(s1Secret, ofauth.WithClock(fixedClock(s1Time)))
	require.NoError(f, err)
	f.Fuzz(func(t *testing.T, body []byte, junk, ts string) {
		// Arbitrary headers: never a panic, always a sentinel.
		for _, h := range []http.Header{
			svixHeader(s1ID, ts, junk),
			ofauthHeader(junk),
			ofauthHeader("t=" + ts + "," + junk),
			{"Webhook-Signature": {junk}, "Webhook-Id": {ts}, "Webhook-Timestamp": {ts}},
		} {
			if _, err := v.Verify(body, h); err != nil {
				assert.True(t, errors.Is(err, ofauth.ErrWebhookMissingHeaders) || errors.Is(err, ofauth.ErrWebhookInvalidSignature) ||
					errors.Is(err, ofauth.ErrWebhookTimestamp) || errors.Is(err, ofauth.ErrWebhookPayload), "%v", err)
			}
		}

		// A valid signature among junk still verifies, and the body is
		// accepted exactly when encoding/json sees a JSON object.
		h, err := ofauthtest.SignSvix(s1Secret, s1ID, s1Time, body)
		require.NoError(t, err)
		h.Set("svix-signature", junk+" "+h.Get("svix-signature")+" "+junk)
		e, err := v.Verify(body, h)
		if !jsonObject(body) {
			assert.ErrorIs(t, err, ofauth.ErrWebhookPayload)
			return
		}
		require.NoError(t, err)
		assert.Equal(t, string(body), string(e.Raw))
		if utf8.Valid(body) { // encoding/json replaces invalid UTF-8; the event keeps bytes as sent
			typ, live, data := referenceFields(t, body)
			assert.Equal(t, typ, e.Type)
			assert.Equal(t, live, e.Live)
			assert.Equal(t, string(data), string(e.Data))
		}
	})
}
