package ofauthtest

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// SignSvix signs a webhook body the way OFAuth's deliveries are signed
// (Svix): an HMAC-SHA256 of "{id}.{unix seconds}.{body}" keyed with the
// base64-decoded secret ("whsec_" + base64), returned as the svix-id,
// svix-timestamp and svix-signature headers.
func SignSvix(secret, id string, t time.Time, body []byte) (http.Header, error) {
	if id == "" {
		return nil, errors.New("ofauthtest: empty webhook message id")
	}
	key, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(secret, "whsec_"))
	if err != nil || len(key) == 0 {
		return nil, errors.New("ofauthtest: webhook secret must be whsec_ followed by base64")
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
