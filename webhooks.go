package ofauth

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/ofauth-go/ofauth/internal/jsonx"
)

// Webhook verification errors. Every error from Verify and VerifyRequest
// matches one of the first four with errors.Is; the text after the
// sentinel's says what was wrong, and never holds a secret or a computed
// signature.
var (
	// ErrWebhookMissingHeaders: no signature header of a known scheme, or a
	// scheme's id or timestamp is missing.
	ErrWebhookMissingHeaders = errors.New("ofauth: webhook signature headers missing")
	// ErrWebhookInvalidSignature: no signature in the headers matches any
	// secret for this body.
	ErrWebhookInvalidSignature = errors.New("ofauth: webhook signature invalid")
	// ErrWebhookTimestamp: the signed timestamp is malformed or further from
	// now than the tolerance, in either direction.
	ErrWebhookTimestamp = errors.New("ofauth: webhook timestamp malformed or outside tolerance")
	// ErrWebhookPayload: the signed body is not a JSON object, or the
	// request body could not be read.
	ErrWebhookPayload = errors.New("ofauth: webhook payload invalid")
	// ErrWebhookBodyTooLarge: the request body is over the verifier's limit
	// (see WithMaxBodyBytes). It also matches ErrWebhookPayload.
	ErrWebhookBodyTooLarge = fmt.Errorf("%w: body too large", ErrWebhookPayload)
	// ErrWebhookEventType: a typed accessor such as WebhookEvent.Connection
	// was called on an event of another type.
	ErrWebhookEventType = errors.New("ofauth: webhook event is not of the requested kind")
)

// Webhook event types. The set is open: OFAuth adds types over time, and a
// verified event of an unknown type is delivered as is.
const (
	// EventConnectionCreated: a creator connected through Link; the way to
	// learn a new connection's id.
	EventConnectionCreated = "connection.created"
	// EventConnectionUpdated: a connection changed, e.g. its permissions
	// after a reconnect.
	EventConnectionUpdated = "connection.updated"
	// EventConnectionExpired: the session expired or was invalidated; the
	// creator can reconnect with the same connection id.
	EventConnectionExpired = "connection.expired"
	// EventConnectionDisconnected: the connection was deleted for good.
	EventConnectionDisconnected = "connection.disconnected"
	// EventRulesUpdated: the Dynamic Rules changed; see WebhookEvent.Rules.
	EventRulesUpdated = "rules.updated"

	// EventRealtimeChatMessageReceived and the other realtime.* types are
	// OnlyFans activity translated by OFAuth (beta); see WebhookEvent.Realtime.
	EventRealtimeChatMessageReceived  = "realtime.chat_message.received"
	EventRealtimeChatTypingUpdated    = "realtime.chat_typing.updated"
	EventRealtimeSystemMessageUpdated = "realtime.system_messages.updated"
	// EventWebsocketRelay is the raw relay of an OnlyFans websocket frame
	// (beta, older than realtime.*).
	EventWebsocketRelay = "of.websocket.event.received"
)

// Defaults of NewWebhookVerifier.
const (
	// DefaultWebhookTolerance is how far a signed timestamp may be from now.
	DefaultWebhookTolerance = 5 * time.Minute
	// DefaultWebhookMaxBodyBytes bounds the body VerifyRequest reads.
	DefaultWebhookMaxBodyBytes = 1 << 20
)

// WebhookOption configures a WebhookVerifier; NewWebhookVerifier returns the
// first option error.
type WebhookOption func(*webhookConfig) error

type webhookConfig struct {
	secrets   []string
	tolerance time.Duration
	now       func() time.Time
	maxBody   int64
}

// WithAdditionalSecrets adds secrets that are tried after the main one, so
// deliveries signed with an old or a new secret both verify while a secret
// is rotated. Each follows the same rules as the main secret; an empty one
// is an error.
func WithAdditionalSecrets(secrets ...string) WebhookOption {
	return func(c *webhookConfig) error {
		c.secrets = append(c.secrets, secrets...)
		return nil
	}
}

// WithTolerance sets how far the signed timestamp may be from now, in
// either direction (default 5 minutes). It bounds how long a captured
// delivery can be replayed; it must be positive.
func WithTolerance(d time.Duration) WebhookOption {
	return func(c *webhookConfig) error {
		if d <= 0 {
			return fmt.Errorf("%w: webhook tolerance %v is not positive", ErrInvalidOption, d)
		}
		c.tolerance = d
		return nil
	}
}

// WithClock sets the clock the tolerance is checked against (default
// time.Now); tests use it to verify recorded deliveries.
func WithClock(now func() time.Time) WebhookOption {
	return func(c *webhookConfig) error {
		if now == nil {
			return fmt.Errorf("%w: nil webhook clock", ErrInvalidOption)
		}
		c.now = now
		return nil
	}
}

// WithMaxBodyBytes bounds the body VerifyRequest reads (default 1 MiB); a
// larger body fails with ErrWebhookBodyTooLarge without being read whole.
func WithMaxBodyBytes(n int64) WebhookOption {
	return func(c *webhookConfig) error {
		if n <= 0 {
			return fmt.Errorf("%w: webhook body limit %d is not positive", ErrInvalidOption, n)
		}
		c.maxBody = n
		return nil
	}
}

// WebhookVerifier checks the signature of OFAuth webhook deliveries and
// decodes them. It accepts the Svix scheme (svix-id, svix-timestamp and
// svix-signature headers, or their webhook-* equivalents of Standard
// Webhooks) and the OFAuth-Signature scheme ("t=…,v1=…"), and both body
// envelopes OFAuth uses. It is immutable and safe for concurrent use; fmt
// prints it without its secrets.
type WebhookVerifier struct {
	// keys is behind a pointer so that fmt, even with %#v, shows an address
	// and never key bytes.
	keys      *webhookKeys
	tolerance time.Duration
	now       func() time.Time
	maxBody   int64
}

// NewWebhookVerifier returns a verifier for secret, as shown in the OFAuth
// dashboard: "whsec_" followed by base64, or a plain string.
//
// For the Svix scheme the HMAC key is the base64-decoded secret: after the
// "whsec_" prefix, which must then decode; or the whole secret when it is
// valid base64; otherwise its bytes as they are. For OFAuth-Signature the
// key is the secret's bytes as they are, and for a "whsec_" secret the
// decoded bytes are tried too. An empty secret is an error.
func NewWebhookVerifier(secret string, opts ...WebhookOption) (*WebhookVerifier, error) {
	c := webhookConfig{
		secrets:   []string{secret},
		tolerance: DefaultWebhookTolerance,
		now:       time.Now,
		maxBody:   DefaultWebhookMaxBodyBytes,
	}
	for _, opt := range opts {
		if opt == nil {
			continue
		}
		if err := opt(&c); err != nil {
			return nil, err
		}
	}
	keys, err := newWebhookKeys(c.secrets)
	if err != nil {
		return nil, err
	}
	return &WebhookVerifier{keys: keys, tolerance: c.tolerance, now: c.now, maxBody: c.maxBody}, nil
}

// Format prints the verifier's settings and the number of secrets, never
// the secrets, for every verb.
func (v WebhookVerifier) Format(f fmt.State, _ rune) {
	n := 0
	if v.keys != nil {
		n = v.keys.count
	}
	fmt.Fprintf(f, "ofauth.WebhookVerifier{secrets: %d, tolerance: %v, maxBodyBytes: %d}", n, v.tolerance, v.maxBody)
}

// WebhookEvent is a verified webhook delivery.
type WebhookEvent struct {
	// ID identifies the event: the svix-id (or webhook-id) header, which
	// stays the same across redeliveries. OFAuth-Signature sends no id, so
	// it is "sha256_" and the hex SHA-256 of the signed timestamp and body:
	// the same only when a delivery is repeated with the same timestamp.
	ID string
	// Type is the event type as sent ("eventType", else "type"); it may be
	// empty or unknown to this package.
	Type string
	// Timestamp is the body's "timestamp" when it has one, else SignedAt.
	Timestamp time.Time
	// Live is the body's "live" when present, else whether
	// data.environment is "live".
	Live bool
	// Data is the body's "data" member exactly as sent (nil when absent).
	Data json.RawMessage
	// SignedAt is the timestamp the sender signed.
	SignedAt time.Time
	// Raw is the whole verified body, exactly as received.
	Raw json.RawMessage
}

// Verify checks that payload was signed by OFAuth with one of the
// verifier's secrets within the tolerance, and decodes it. payload must be
// the body exactly as received: a body decoded and encoded again does not
// verify. The signature is checked before anything else is read from the
// body; a body that is not a JSON object then fails with ErrWebhookPayload.
//
// The event's Raw and Data share payload's memory rather than copying it:
// leave payload unchanged while the event is in use, and copy it first if
// it is a buffer that gets reused for other requests.
func (v *WebhookVerifier) Verify(payload []byte, h http.Header) (*WebhookEvent, error) {
	sh, err := readSignedHeaders(h)
	if err != nil {
		return nil, err
	}
	return v.verify(sh, payload)
}

// VerifyRequest reads r's body, at most the verifier's body limit (1 MiB
// by default), and verifies it as Verify does. It then replaces r.Body
// with a reader of the same bytes, so later handlers can read it again.
// A request without signature headers fails before its body is read.
func (v *WebhookVerifier) VerifyRequest(r *http.Request) (*WebhookEvent, error) {
	if r == nil {
		return nil, fmt.Errorf("%w: nil request", ErrWebhookMissingHeaders)
	}
	sh, err := readSignedHeaders(r.Header)
	if err != nil {
		return nil, err
	}
	body, err := v.readBody(r)
	if err != nil {
		return nil, err
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	return v.verify(sh, body)
}

// readBody reads at most the body limit; one byte more tells a body that
// is too large from one that is exactly at the limit.
func (v *WebhookVerifier) readBody(r *http.Request) ([]byte, error) {
	limit := v.bodyLimit()
	if r.ContentLength > limit {
		return nil, fmt.Errorf("%w: Content-Length %d over the %d-byte limit", ErrWebhookBodyTooLarge, r.ContentLength, limit)
	}
	if r.Body == nil || r.Body == http.NoBody {
		return []byte{}, nil
	}
	body, err := readAtMost(r.Body, limit+1, r.ContentLength)
	if err != nil {
		return nil, fmt.Errorf("%w: reading the body: %w", ErrWebhookPayload, err)
	}
	if int64(len(body)) > limit {
		return nil, fmt.Errorf("%w: over the %d-byte limit", ErrWebhookBodyTooLarge, limit)
	}
	return body, nil
}

// maxBodyHint bounds the buffer allocated up front from a declared
// Content-Length, which the client controls.
const maxBodyHint = 64 << 10

// readAtMost reads up to n bytes of rd. A buffer sized from a known length
// (plus the byte that detects EOF) is filled without reallocation.
func readAtMost(rd io.Reader, n, length int64) ([]byte, error) {
	size := int64(512)
	if length >= 0 {
		size = min(length+1, n, maxBodyHint)
	}
	buf := make([]byte, 0, size)
	rd = io.LimitReader(rd, n)
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		k, err := rd.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+k]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

func (v *WebhookVerifier) bodyLimit() int64 {
	if v == nil || v.maxBody <= 0 {
		return DefaultWebhookMaxBodyBytes
	}
	return v.maxBody
}

// verify runs the checks in order: signature, timestamp, body.
func (v *WebhookVerifier) verify(sh signedHeaders, payload []byte) (*WebhookEvent, error) {
	if v == nil || v.keys == nil {
		return nil, fmt.Errorf("%w: verifier has no secret (use NewWebhookVerifier)", ErrWebhookInvalidSignature)
	}
	if err := v.keys.check(&sh, payload); err != nil {
		return nil, err
	}
	signedAt, err := v.checkTimestamp(sh.timestamp)
	if err != nil {
		return nil, err
	}
	env, err := parseEnvelope(payload)
	if err != nil {
		return nil, err
	}
	e := &WebhookEvent{
		ID:       sh.id,
		Type:     env.eventType(payload),
		SignedAt: signedAt,
		Live:     env.isLive(payload),
		// Capped, so that appending to Raw or Data never writes into the
		// caller's spare capacity.
		Raw: payload[:len(payload):len(payload)],
	}
	if e.ID == "" {
		e.ID = v.keys.digestID(sh.timestamp, payload)
	}
	if e.Timestamp = env.timestamp(payload); e.Timestamp.IsZero() {
		e.Timestamp = signedAt
	}
	if env.data.present() {
		e.Data = payload[env.data.start:env.data.end:env.data.end]
	}
	return e, nil
}

// checkTimestamp parses the signed unix time and checks it against the
// clock in both directions: a timestamp in the future is as suspect as an
// old one.
func (v *WebhookVerifier) checkTimestamp(s string) (time.Time, error) {
	sec, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return time.Time{}, fmt.Errorf("%w: not a unix time in seconds", ErrWebhookTimestamp)
	}
	now := time.Now
	if v.now != nil {
		now = v.now
	}
	t := now()
	// Compare in whole seconds first so that absurd values cannot
	// overflow the Duration arithmetic below.
	slack := int64(v.tolerance/time.Second) + 1
	if nowSec := t.Unix(); sec > nowSec+slack || sec < nowSec-slack {
		return time.Time{}, fmt.Errorf("%w: signed %s, more than %v from now", ErrWebhookTimestamp, pastOrFuture(sec, nowSec), v.tolerance)
	}
	signed := time.Unix(sec, 0).UTC()
	if d := signed.Sub(t); d > v.tolerance || d < -v.tolerance {
		return time.Time{}, fmt.Errorf("%w: signed %v from now, tolerance %v", ErrWebhookTimestamp, d.Round(time.Second), v.tolerance)
	}
	return signed, nil
}

func pastOrFuture(sec, now int64) string {
	if sec > now {
		return "in the future"
	}
	return "in the past"
}

// eventType is "eventType" when it is a non-empty string, else "type".
func (env *envelope) eventType(b []byte) string {
	s := env.eventTypeField
	if raw := s.in(b); len(raw) < 3 || raw[0] != '"' {
		s = env.typeField
	}
	if raw := s.in(b); len(raw) > 1 && raw[0] == '"' && !s.escaped {
		if t, ok := knownEventType(raw[1 : len(raw)-1]); ok {
			return t
		}
	}
	return s.stringIn(b)
}

// knownEventType returns the constant for a documented type, so that the
// common types cost no allocation.
func knownEventType(b []byte) (string, bool) {
	switch string(b) { // compared, not converted: no allocation
	case EventConnectionCreated:
		return EventConnectionCreated, true
	case EventConnectionUpdated:
		return EventConnectionUpdated, true
	case EventConnectionExpired:
		return EventConnectionExpired, true
	case EventConnectionDisconnected:
		return EventConnectionDisconnected, true
	case EventRulesUpdated:
		return EventRulesUpdated, true
	case EventRealtimeChatMessageReceived:
		return EventRealtimeChatMessageReceived, true
	case EventRealtimeChatTypingUpdated:
		return EventRealtimeChatTypingUpdated, true
	case EventRealtimeSystemMessageUpdated:
		return EventRealtimeSystemMessageUpdated, true
	case EventWebsocketRelay:
		return EventWebsocketRelay, true
	}
	return "", false
}

// isLive is "live" when it is a boolean, else data.environment == "live".
func (env *envelope) isLive(b []byte) bool {
	switch string(env.live.in(b)) {
	case "true":
		return true
	case "false":
		return false
	}
	return env.environment.stringIn(b) == "live"
}

// timestamp is the body's "timestamp", an ISO string or epoch number, or
// the zero time.
func (env *envelope) timestamp(b []byte) time.Time {
	if !env.timestampField.present() {
		return time.Time{}
	}
	return jsonx.ParseTime(env.timestampField.in(b))
}

// stringIn returns the JSON string at s in b, unquoted; "" when s is absent
// or not a string.
func (s span) stringIn(b []byte) string {
	raw := s.in(b)
	if len(raw) < 2 || raw[0] != '"' {
		return ""
	}
	if !s.escaped {
		return string(raw[1 : len(raw)-1])
	}
	var out string
	if json.Unmarshal(raw, &out) != nil {
		return ""
	}
	return out
}
