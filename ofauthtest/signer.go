package ofauthtest

import (
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"time"
)

// WebhookPath is the target of the requests NewSignedRequest builds.
const WebhookPath = "/webhooks"

// NewWebhookSecret returns a fresh random secret in the dashboard's
// format: "whsec_" followed by the base64 of a 24-byte key.
func NewWebhookSecret() string {
	key := make([]byte, 24)
	_, _ = rand.Read(key) // crypto/rand.Read never fails on supported platforms
	return "whsec_" + base64.StdEncoding.EncodeToString(key)
}

// SignSvix returns the svix-id, svix-timestamp and svix-signature headers
// OFAuth sends with body, signed with secret at time t. The key is derived
// as ofauth.NewWebhookVerifier does for this scheme: the base64 after
// "whsec_", or the whole secret when it is valid base64, else its bytes.
func SignSvix(secret, id string, t time.Time, body []byte) (http.Header, error) {
	if id == "" {
		return nil, errors.New("ofauthtest: empty message id")
	}
	key, err := svixKey(secret)
	if err != nil {
		return nil, err
	}
	ts := strconv.FormatInt(t.Unix(), 10)
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(id + "." + ts + "."))
	mac.Write(body)
	h := http.Header{}
	h.Set("svix-id", id)
	h.Set("svix-timestamp", ts)
	h.Set("svix-signature", "v1,"+base64.StdEncoding.EncodeToString(mac.Sum(nil)))
	return h, nil
}

// SignOFAuth returns an "OFAuth-Signature: t=<unix>,v1=<hex>" header for
// body, signed at time t with the secret's bytes as the key, as the OFAuth
// docs describe that scheme.
func SignOFAuth(secret string, t time.Time, body []byte) (http.Header, error) {
	if secret == "" {
		return nil, errors.New("ofauthtest: empty webhook secret")
	}
	ts := strconv.FormatInt(t.Unix(), 10)
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(ts + "."))
	mac.Write(body)
	h := http.Header{}
	h.Set("OFAuth-Signature", "t="+ts+",v1="+hex.EncodeToString(mac.Sum(nil)))
	return h, nil
}

// NewSignedRequest returns a POST of body to WebhookPath, signed with
// SignSvix and typed application/json, ready for a handler's ServeHTTP
// in a test.
func NewSignedRequest(secret, id string, t time.Time, body []byte) (*http.Request, error) {
	h, err := SignSvix(secret, id, t, body)
	if err != nil {
		return nil, err
	}
	r := httptest.NewRequest(http.MethodPost, WebhookPath, bytes.NewReader(body))
	for k, v := range h {
		r.Header[k] = v
	}
	r.Header.Set("Content-Type", "application/json")
	return r, nil
}

func svixKey(secret string) ([]byte, error) {
	if secret == "" {
		return nil, errors.New("ofauthtest: empty webhook secret")
	}
	if rest, ok := strings.CutPrefix(secret, "whsec_"); ok {
		key, err := base64.StdEncoding.DecodeString(rest)
		if err != nil || len(key) == 0 {
			return nil, errors.New(`ofauthtest: webhook secret: "whsec_" is not followed by standard base64`)
		}
		return key, nil
	}
	if key, err := base64.StdEncoding.DecodeString(secret); err == nil && len(key) > 0 {
		return key, nil
	}
	return []byte(secret), nil
}
