package ofauth_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ofauth-go/ofauth"
	"github.com/ofauth-go/ofauth/ofauthtest"
)

// body2KB is a realistic 2 KiB delivery: a realtime chat message whose
// text makes up the size.
func body2KB(tb testing.TB) []byte {
	tb.Helper()
	head := `{"type":"realtime.chat_message.received","timestamp":"2026-04-23T14:30:15.143Z","data":{"connection":{"id":"conn_abc123","clientReferenceId":"client_ref_123"},"environment":"live","eventBody":{"id":98765,"fromUser":{"id":123456789,"name":"Jane Doe","username":"janedoe","avatar":"https://cdn.example.com/a.jpg"},"isFree":true,"price":0,"mediaCount":0,"createdAt":"2026-04-23T14:30:15+00:00","text":"`
	tail := `"}}}`
	words := strings.Repeat("Hello there, thanks for the subscription! \\u00e9 ", 64)
	b := []byte(head + words[:2048-len(head)-len(tail)] + tail)
	if len(b) != 2048 {
		tb.Fatalf("body is %d bytes", len(b))
	}
	return b
}

var benchSecret = "whsec_" + base64.StdEncoding.EncodeToString([]byte("ofauth-sdk-test-key-0123456789AB"))

// BenchmarkVerify2KB verifies a 2 KiB Svix-signed delivery: signature,
// timestamp, envelope and a private copy of the body.
func BenchmarkVerify2KB(b *testing.B) {
	benchVerify(b, func(now time.Time, body []byte) (http.Header, error) {
		return ofauthtest.SignSvix(benchSecret, "msg_2vXk7Yt0ofauthTest01", now, body)
	})
}

// BenchmarkVerifyOFAuth2KB is the same for OFAuth-Signature, which also
// hashes the body to derive the event id.
func BenchmarkVerifyOFAuth2KB(b *testing.B) {
	benchVerify(b, func(now time.Time, body []byte) (http.Header, error) {
		return ofauthtest.SignOFAuth(benchSecret, now, body)
	})
}

// benchVerify measures Verify of the 2 KiB body signed by sign.
func benchVerify(b *testing.B, sign func(now time.Time, body []byte) (http.Header, error)) {
	body := body2KB(b)
	now := time.Unix(1735689600, 0)
	h, err := sign(now, body)
	if err != nil {
		b.Fatal(err)
	}
	v, err := ofauth.NewWebhookVerifier(benchSecret, ofauth.WithClock(func() time.Time { return now }))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.SetBytes(int64(len(body)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := v.Verify(body, h); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBareHMAC2KB is the floor Verify is measured against: one
// HMAC-SHA256 of the same bytes, keyed afresh as a naive verifier would.
func BenchmarkBareHMAC2KB(b *testing.B) {
	body := body2KB(b)
	key := []byte("ofauth-sdk-test-key-0123456789AB")
	b.ReportAllocs()
	b.SetBytes(int64(len(body)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m := hmac.New(sha256.New, key)
		m.Write(body)
		benchSink = m.Sum(benchSink[:0])
	}
}

// benchSink keeps the compiler from dropping the benchmarked work.
var benchSink []byte
