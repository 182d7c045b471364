package ofauthtest

import (
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
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

// WebhookScheme names a way of signing webhook deliveries. The verifier
// of package ofauth accepts each of them.
type WebhookScheme string

// The signature schemes. WebhookSchemeSvix is the default of a Server.
const (
	// WebhookSchemeSvix sends svix-id, svix-timestamp and svix-signature
	// ("v1,<base64>"), what OFAuth's SDKs verify.
	WebhookSchemeSvix WebhookScheme = "svix"
	// WebhookSchemeStandard sends the same signature under the unbranded
	// names of Standard Webhooks: webhook-id, webhook-timestamp and
	// webhook-signature.
	WebhookSchemeStandard WebhookScheme = "standard"
	// WebhookSchemeOFAuth sends "OFAuth-Signature: t=<unix>,v1=<hex>", what
	// OFAuth's docs describe. It carries no message id.
	WebhookSchemeOFAuth WebhookScheme = "ofauth"
	// WebhookSchemeAll sends the headers of every scheme above at once.
	WebhookSchemeAll WebhookScheme = "all"
)

// webhookSchemes lists the schemes WebhookSchemeAll stands for, in the
// order they are signed.
var webhookSchemes = [...]WebhookScheme{WebhookSchemeSvix, WebhookSchemeStandard, WebhookSchemeOFAuth}

// ParseWebhookSchemes reads a comma-separated list of scheme names
// ("svix", "standard", "ofauth", "all"), as command-line flags take them.
// An empty string is WebhookSchemeSvix; an unknown name is an error.
func ParseWebhookSchemes(s string) ([]WebhookScheme, error) {
	if strings.TrimSpace(s) == "" {
		return []WebhookScheme{WebhookSchemeSvix}, nil
	}
	var out []WebhookScheme
	for name := range strings.SplitSeq(s, ",") {
		sc := WebhookScheme(strings.ToLower(strings.TrimSpace(name)))
		if _, err := expandSchemes([]WebhookScheme{sc}); err != nil {
			return nil, fmt.Errorf("ofauthtest: webhook schemes %q: %q is not svix, standard, ofauth or all", s, name)
		}
		out = append(out, sc)
	}
	return out, nil
}

// expandSchemes resolves WebhookSchemeAll and duplicates into the schemes
// to sign with, in a fixed order; none means WebhookSchemeSvix.
func expandSchemes(schemes []WebhookScheme) ([]WebhookScheme, error) {
	var want [len(webhookSchemes)]bool
	for _, sc := range schemes {
		switch sc {
		case WebhookSchemeSvix:
			want[0] = true
		case WebhookSchemeStandard:
			want[1] = true
		case WebhookSchemeOFAuth:
			want[2] = true
		case WebhookSchemeAll:
			want = [len(webhookSchemes)]bool{true, true, true}
		default:
			return nil, fmt.Errorf("ofauthtest: unknown webhook scheme %q (want svix, standard, ofauth or all)", string(sc))
		}
	}
	out := make([]WebhookScheme, 0, len(webhookSchemes))
	for i, ok := range want {
		if ok {
			out = append(out, webhookSchemes[i])
		}
	}
	if len(out) == 0 {
		out = append(out, WebhookSchemeSvix)
	}
	return out, nil
}

// SignDelivery returns the headers of a webhook delivery of body, signed
// with secret at time t in each of schemes (WebhookSchemeSvix when none
// is given), and Content-Type: application/json. id is the message id of
// the Svix and Standard Webhooks schemes, the same on every redelivery;
// the OFAuth-Signature scheme has none. The Server and the ofauth
// command's "webhooks send" sign with it.
//
//	body, _ := ofauthtest.EncodeEvent(ofauthtest.WebhookEnvelopeDocs, ofauthtest.Event{Type: "rules.updated", Data: data, Time: now})
//	h, err := ofauthtest.SignDelivery(secret, "msg_1", now, body, ofauthtest.WebhookSchemeAll)
func SignDelivery(secret, id string, t time.Time, body []byte, schemes ...WebhookScheme) (http.Header, error) {
	list, err := expandSchemes(schemes)
	if err != nil {
		return nil, err
	}
	h := http.Header{"Content-Type": {"application/json"}}
	for _, sc := range list {
		var part http.Header
		switch sc {
		case WebhookSchemeSvix:
			part, err = signSvixAs(secret, id, t, body, "svix")
		case WebhookSchemeStandard:
			part, err = signSvixAs(secret, id, t, body, "webhook")
		case WebhookSchemeOFAuth:
			part, err = SignOFAuth(secret, t, body)
		}
		if err != nil {
			return nil, err
		}
		for k, v := range part {
			h[k] = v
		}
	}
	return h, nil
}

// SignSvix returns the svix-id, svix-timestamp and svix-signature headers
// OFAuth sends with body, signed with secret at time t. The key is derived
// as ofauth.NewWebhookVerifier does for this scheme: the base64 after
// "whsec_", or the whole secret when it is valid base64, else its bytes.
func SignSvix(secret, id string, t time.Time, body []byte) (http.Header, error) {
	return signSvixAs(secret, id, t, body, "svix")
}

// signSvixAs signs as SignSvix under the header names prefix-id,
// prefix-timestamp and prefix-signature: "svix", or "webhook" for
// Standard Webhooks, whose algorithm is the same.
func signSvixAs(secret, id string, t time.Time, body []byte, prefix string) (http.Header, error) {
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
	h.Set(prefix+"-id", id)
	h.Set(prefix+"-timestamp", ts)
	h.Set(prefix+"-signature", "v1,"+base64.StdEncoding.EncodeToString(mac.Sum(nil)))
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
