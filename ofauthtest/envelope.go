package ofauthtest

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// WebhookEnvelope names the JSON shape of a webhook body. OFAuth's docs
// and its SDKs describe different ones; the verifier of package ofauth
// reads both.
type WebhookEnvelope string

// The envelopes. WebhookEnvelopeSDK is the default of a Server.
const (
	// WebhookEnvelopeSDK is {"eventType", "live", "data"}, the shape
	// OFAuth's SDKs decode. Connection events carry the connection's
	// platformUserId and userData.userId.
	WebhookEnvelopeSDK WebhookEnvelope = "sdk"
	// WebhookEnvelopeDocs is {"type", "timestamp", "data"}, the shape
	// OFAuth's docs show, with an RFC 3339 timestamp in UTC. Connection
	// events carry userData.id and no platformUserId.
	WebhookEnvelopeDocs WebhookEnvelope = "docs"
)

// ParseWebhookEnvelope reads an envelope name ("sdk" or "docs"), as
// command-line flags take it. An empty string is WebhookEnvelopeSDK.
func ParseWebhookEnvelope(s string) (WebhookEnvelope, error) {
	env := WebhookEnvelope(strings.ToLower(strings.TrimSpace(s)))
	switch env {
	case "":
		return WebhookEnvelopeSDK, nil
	case WebhookEnvelopeSDK, WebhookEnvelopeDocs:
		return env, nil
	}
	return "", fmt.Errorf("ofauthtest: unknown webhook envelope %q (want sdk or docs)", s)
}

// Event is a webhook event before it is put in an envelope by EncodeEvent.
type Event struct {
	// Type is the event type, e.g. "connection.created"; it is required.
	Type string
	// Data is the event's data: a value encoding/json can marshal, or
	// json.RawMessage.
	Data any
	// Live marks the event live in WebhookEnvelopeSDK; the docs envelope
	// has no such member.
	Live bool
	// Time is the "timestamp" of WebhookEnvelopeDocs; the SDK envelope has
	// none. The zero Time is encoded as the current time.
	Time time.Time
}

// EncodeEvent returns the body of a webhook delivery of ev in envelope
// env (WebhookEnvelopeSDK when empty), to sign with SignDelivery. The
// Server and the ofauth command's "webhooks send" build bodies with it.
func EncodeEvent(env WebhookEnvelope, ev Event) ([]byte, error) {
	if strings.TrimSpace(ev.Type) == "" {
		return nil, fmt.Errorf("ofauthtest: a webhook event needs a type")
	}
	data, err := json.Marshal(ev.Data)
	if err != nil {
		return nil, fmt.Errorf("ofauthtest: encoding the event data: %w", err)
	}
	switch env {
	case WebhookEnvelopeSDK, "":
		return json.Marshal(sdkEnvelope{EventType: ev.Type, Live: ev.Live, Data: data})
	case WebhookEnvelopeDocs:
		at := ev.Time
		if at.IsZero() {
			at = time.Now()
		}
		return json.Marshal(docsEnvelope{Type: ev.Type, Timestamp: at.UTC().Format(docsTimeLayout), Data: data})
	}
	return nil, fmt.Errorf("ofauthtest: unknown webhook envelope %q (want sdk or docs)", string(env))
}

// docsTimeLayout is the docs' timestamp: RFC 3339 in UTC with
// milliseconds, as in "2026-04-23T14:30:15.143Z".
const docsTimeLayout = "2006-01-02T15:04:05.000Z07:00"

// sdkEnvelope is WebhookEnvelopeSDK, members in the SDKs' order.
type sdkEnvelope struct {
	EventType string          `json:"eventType"`
	Live      bool            `json:"live"`
	Data      json.RawMessage `json:"data"`
}

// docsEnvelope is WebhookEnvelopeDocs, members in the docs' order.
type docsEnvelope struct {
	Type      string          `json:"type"`
	Timestamp string          `json:"timestamp"`
	Data      json.RawMessage `json:"data"`
}
