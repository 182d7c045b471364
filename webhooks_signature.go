package ofauth

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"net/http"
	"strings"
	"sync"
)

// ErrWebhookSecret is matched by the error of NewWebhookVerifier for an
// empty secret or a "whsec_" secret that is not valid base64. The error
// says which secret (by position), never its value.
var ErrWebhookSecret = errors.New("ofauth: invalid webhook secret")

// whsecPrefix marks a Svix secret: base64 of the HMAC key.
const whsecPrefix = "whsec_"

// Header names, canonical so that http.Header lookups need no conversion.
const (
	headerSvixID          = "Svix-Id"
	headerSvixTimestamp   = "Svix-Timestamp"
	headerSvixSignature   = "Svix-Signature"
	headerStdID           = "Webhook-Id"
	headerStdTimestamp    = "Webhook-Timestamp"
	headerStdSignature    = "Webhook-Signature"
	headerOFAuthSignature = "Ofauth-Signature" // OFAuth-Signature
)

// webhookKeys holds the HMAC keys derived from a verifier's secrets, each
// distinct key once.
type webhookKeys struct {
	svix   []*macKey
	ofauth []*macKey
	count  int     // secrets configured, for Format
	ids    *macKey // keyless SHA-256, for digestID
}

func newWebhookKeys(secrets []string) (*webhookKeys, error) {
	k := &webhookKeys{count: len(secrets), ids: newDigest()}
	for i, secret := range secrets {
		svixKey, ofauthKeys, err := deriveKeys(secret)
		if err != nil {
			return nil, fmt.Errorf("%w: secret %d of %d: %s", ErrWebhookSecret, i+1, len(secrets), err.Error())
		}
		k.svix = addMACKey(k.svix, svixKey)
		for _, key := range ofauthKeys {
			k.ofauth = addMACKey(k.ofauth, key)
		}
	}
	return k, nil
}

// deriveKeys applies the secret rules: Svix uses the decoded secret;
// OFAuth-Signature uses the secret's bytes, and the decoded bytes of a
// whsec_ secret too, since the docs leave the encoding open.
func deriveKeys(secret string) (svix []byte, ofauth [][]byte, err error) {
	if secret == "" {
		return nil, nil, errors.New("empty")
	}
	if rest, ok := strings.CutPrefix(secret, whsecPrefix); ok {
		key, err := base64.StdEncoding.DecodeString(rest)
		if err != nil || len(key) == 0 {
			return nil, nil, errors.New(`"whsec_" is not followed by standard base64`)
		}
		return key, [][]byte{[]byte(secret), key}, nil
	}
	svix = []byte(secret)
	if key, err := base64.StdEncoding.DecodeString(secret); err == nil && len(key) > 0 {
		svix = key
	}
	return svix, [][]byte{[]byte(secret)}, nil
}

func addMACKey(keys []*macKey, key []byte) []*macKey {
	for _, k := range keys {
		if bytes.Equal(k.key, key) {
			return keys
		}
	}
	return append(keys, newMACKey(key))
}

// macKey computes HMAC-SHA256 with one key (or plain SHA-256, see
// newDigest). Hash states are pooled: keying costs two extra compression
// rounds and several allocations per delivery, a large share of the cost
// for small bodies.
type macKey struct {
	key  []byte
	pool sync.Pool // of *macState
}

type macState struct {
	h   hash.Hash
	buf [128]byte // the signed prefix is copied here: no allocation per write
	sum [sha256.Size]byte
}

func newMACKey(key []byte) *macKey {
	k := &macKey{key: bytes.Clone(key)}
	k.pool.New = func() any { return &macState{h: hmac.New(sha256.New, k.key)} }
	return k
}

// newDigest returns a macKey that computes plain SHA-256, pooled the same
// way.
func newDigest() *macKey {
	k := &macKey{}
	k.pool.New = func() any { return &macState{h: sha256.New()} }
	return k
}

// digestID names a delivery that came without an id: "sha256_" and the
// hex SHA-256 of "<timestamp>.<body>", so the same signed timestamp and
// body always give the same id, whichever secret signed them.
func (k *webhookKeys) digestID(timestamp string, body []byte) string {
	const prefix = "sha256_"
	var sum [sha256.Size]byte
	k.ids.sum(&sum, []string{timestamp, "."}, body)
	var out [len(prefix) + 2*sha256.Size]byte
	copy(out[:], prefix)
	hex.Encode(out[len(prefix):], sum[:])
	return string(out[:])
}

// sum writes the MAC of the concatenation of prefix and body to out,
// feeding the parts one after the other instead of building the signed
// string.
func (k *macKey) sum(out *[sha256.Size]byte, prefix []string, body []byte) {
	st := k.pool.Get().(*macState)
	n := 0
	for _, p := range prefix {
		for p != "" {
			if n == len(st.buf) {
				st.h.Write(st.buf[:n])
				n = 0
			}
			c := copy(st.buf[n:], p)
			n, p = n+c, p[c:]
		}
	}
	st.h.Write(st.buf[:n])
	st.h.Write(body)
	*out = [sha256.Size]byte(st.h.Sum(st.sum[:0]))
	st.h.Reset()
	k.pool.Put(st)
}

// The two signature schemes.
const (
	schemeSvix   = "svix"             // svix-* or webhook-* headers
	schemeOFAuth = "OFAuth-Signature" // t=…,v1=…
)

// signedHeaders is what one delivery's signature headers say.
type signedHeaders struct {
	scheme     string
	header     string // the signature header's name, for messages
	id         string // Svix only
	timestamp  string // as signed
	signatures string // the signature header's value
}

// readSignedHeaders picks the scheme: Svix (svix-* then webhook-*) when
// its signature header is present, else OFAuth-Signature.
func readSignedHeaders(h http.Header) (signedHeaders, error) {
	if sig := headerValues(h, headerSvixSignature); sig != "" {
		return svixHeaders(h, sig, "svix", headerSvixID, headerSvixTimestamp)
	}
	if sig := headerValues(h, headerStdSignature); sig != "" {
		return svixHeaders(h, sig, "webhook", headerStdID, headerStdTimestamp)
	}
	if sig := headerValues(h, headerOFAuthSignature); sig != "" {
		ts := ofauthTimestamp(sig)
		if ts == "" {
			return signedHeaders{}, fmt.Errorf("%w: OFAuth-Signature has no t= value", ErrWebhookMissingHeaders)
		}
		return signedHeaders{scheme: schemeOFAuth, header: "OFAuth-Signature", timestamp: ts, signatures: sig}, nil
	}
	return signedHeaders{}, fmt.Errorf("%w: no svix-signature, webhook-signature or OFAuth-Signature header", ErrWebhookMissingHeaders)
}

func svixHeaders(h http.Header, sig, prefix, idKey, tsKey string) (signedHeaders, error) {
	sh := signedHeaders{
		scheme:     schemeSvix,
		header:     prefix + "-signature",
		id:         headerValue(h, idKey),
		timestamp:  headerValue(h, tsKey),
		signatures: sig,
	}
	switch {
	case sh.id == "" && sh.timestamp == "":
		return sh, fmt.Errorf("%w: %s-id and %s-timestamp", ErrWebhookMissingHeaders, prefix, prefix)
	case sh.id == "":
		return sh, fmt.Errorf("%w: %s-id", ErrWebhookMissingHeaders, prefix)
	case sh.timestamp == "":
		return sh, fmt.Errorf("%w: %s-timestamp", ErrWebhookMissingHeaders, prefix)
	}
	return sh, nil
}

// headerValue is h.Get, falling back to a case-insensitive search for
// headers built by hand with non-canonical keys.
func headerValue(h http.Header, key string) string {
	if v := h[key]; len(v) > 0 {
		return v[0]
	}
	for k, v := range h {
		if len(v) > 0 && strings.EqualFold(k, key) {
			return v[0]
		}
	}
	return ""
}

// headerValues joins a header's values with spaces: a signature header
// may arrive split over several lines.
func headerValues(h http.Header, key string) string {
	v := h[key]
	if len(v) == 0 {
		for k, vv := range h {
			if strings.EqualFold(k, key) {
				v = vv
				break
			}
		}
	}
	switch len(v) {
	case 0:
		return ""
	case 1:
		return v[0]
	}
	return strings.Join(v, " ")
}

// check succeeds when a signature in sh matches body under any key.
func (k *webhookKeys) check(sh *signedHeaders, body []byte) error {
	var buf [4][sha256.Size]byte
	sigs := buf[:0]
	keys := k.svix
	prefix := []string{sh.id, ".", sh.timestamp, "."}
	if sh.scheme == schemeOFAuth {
		sigs = appendOFAuthSignatures(sigs, sh.signatures)
		keys = k.ofauth
		prefix = prefix[2:]
	} else {
		sigs = appendSvixSignatures(sigs, sh.signatures)
	}
	if len(sigs) == 0 {
		return fmt.Errorf("%w: no v1 signature in %s", ErrWebhookInvalidSignature, sh.header)
	}
	var mac [sha256.Size]byte
	for _, key := range keys {
		key.sum(&mac, prefix, body)
		for i := range sigs {
			if hmac.Equal(mac[:], sigs[i][:]) {
				return nil
			}
		}
	}
	return fmt.Errorf("%w: no %s value matches the body under any secret", ErrWebhookInvalidSignature, sh.header)
}

// appendSvixSignatures decodes the "v1,<base64>" entries of a
// space-separated svix-signature; other versions are skipped.
func appendSvixSignatures(dst [][sha256.Size]byte, header string) [][sha256.Size]byte {
	for header != "" {
		var field string
		field, header = nextField(header, false)
		version, sig, ok := strings.Cut(field, ",")
		if !ok || version != "v1" {
			continue
		}
		if d, ok := decodeBase64Digest(sig); ok {
			dst = append(dst, d)
		}
	}
	return dst
}

// appendOFAuthSignatures decodes the v1= values of an OFAuth-Signature,
// hex or base64, separated by commas or spaces.
func appendOFAuthSignatures(dst [][sha256.Size]byte, header string) [][sha256.Size]byte {
	for header != "" {
		var field string
		field, header = nextField(header, true)
		sig, ok := strings.CutPrefix(field, "v1=")
		if !ok {
			continue
		}
		if d, ok := decodeHexDigest(sig); ok {
			dst = append(dst, d)
		} else if d, ok := decodeBase64Digest(sig); ok {
			dst = append(dst, d)
		}
	}
	return dst
}

// ofauthTimestamp returns the first t= value of an OFAuth-Signature.
func ofauthTimestamp(header string) string {
	for header != "" {
		var field string
		field, header = nextField(header, true)
		if t, ok := strings.CutPrefix(field, "t="); ok && t != "" {
			return t
		}
	}
	return ""
}

// nextField splits s at its first separator (white space, and commas when
// comma is set), skipping leading separators; it does not allocate.
func nextField(s string, comma bool) (field, rest string) {
	isSep := func(c byte) bool {
		return c == ' ' || c == '\t' || c == '\r' || c == '\n' || (comma && c == ',')
	}
	i := 0
	for i < len(s) && isSep(s[i]) {
		i++
	}
	j := i
	for j < len(s) && !isSep(s[j]) {
		j++
	}
	return s[i:j], s[j:]
}

// decodeHexDigest decodes 64 hex digits, either case.
func decodeHexDigest(s string) (d [sha256.Size]byte, ok bool) {
	if len(s) != 2*sha256.Size {
		return d, false
	}
	for i := range d {
		hi, ok1 := hexVal(s[2*i])
		lo, ok2 := hexVal(s[2*i+1])
		if !ok1 || !ok2 {
			return d, false
		}
		d[i] = hi<<4 | lo
	}
	return d, true
}

func hexVal(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// decodeBase64Digest decodes a 32-byte digest in base64, standard or URL
// alphabet, padded or not. It works on the header string directly so that
// no copy is made per signature.
func decodeBase64Digest(s string) (d [sha256.Size]byte, ok bool) {
	const chars = (sha256.Size*8 + 5) / 6 // 43
	if len(s) == chars+1 && s[chars] == '=' {
		s = s[:chars]
	}
	if len(s) != chars {
		return d, false
	}
	var acc uint32
	bits, n := 0, 0
	for i := 0; i < len(s); i++ {
		v, ok := base64Val(s[i])
		if !ok {
			return d, false
		}
		acc = acc<<6 | uint32(v)
		if bits += 6; bits >= 8 {
			bits -= 8
			d[n] = byte(acc >> bits) //nolint:gosec // keeps the low 8 bits on purpose
			n++
		}
	}
	return d, true
}

func base64Val(c byte) (byte, bool) {
	switch {
	case c >= 'A' && c <= 'Z':
		return c - 'A', true
	case c >= 'a' && c <= 'z':
		return c - 'a' + 26, true
	case c >= '0' && c <= '9':
		return c - '0' + 52, true
	case c == '+' || c == '-':
		return 62, true
	case c == '/' || c == '_':
		return 63, true
	}
	return 0, false
}
