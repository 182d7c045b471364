package ofauth

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/ofauth-go/ofauth/internal/jsonx"
)

// ConnectionEvent is the data of a connection.* event. Both envelopes
// decode into it: the user id comes from userData.id or userData.userId
// (or platformUserId), as a string.
type ConnectionEvent struct {
	// Connection is the connection as sent; connection.expired and
	// connection.disconnected carry little more than its ID and Status.
	// Its ClientReferenceID is filled from the event when the connection
	// itself has none.
	Connection Connection
	// ClientReferenceID is the reference the integration passed to Link.
	ClientReferenceID string
}

// Connection decodes a connection.created, .updated, .expired or
// .disconnected event (any "connection." type). It fails with
// ErrWebhookEventType for other types and with ErrWebhookPayload when the
// data has no connection.
func (e *WebhookEvent) Connection() (*ConnectionEvent, error) {
	if err := e.requireType("connection event", isConnectionType); err != nil {
		return nil, err
	}
	var data struct {
		ClientReferenceID jsonx.String `json:"clientReferenceId"`
		Connection        *Connection  `json:"connection"`
	}
	if err := e.decodeData(&data); err != nil {
		return nil, err
	}
	if data.Connection == nil {
		return nil, fmt.Errorf("%w: %s event without a connection", ErrWebhookPayload, e.Type)
	}
	ev := &ConnectionEvent{
		Connection:        *data.Connection,
		ClientReferenceID: firstNonEmpty(string(data.ClientReferenceID), data.Connection.ClientReferenceID),
	}
	if ev.Connection.ClientReferenceID == "" {
		ev.Connection.ClientReferenceID = ev.ClientReferenceID
	}
	return ev, nil
}

// RulesEvent is the data of a rules.updated event: OnlyFans' signing
// rules changed, so cached rules must be replaced.
type RulesEvent struct {
	// Rules are the new rules; zero when the event carried none, in which
	// case fetch them with DynamicRulesService.Rules.
	Rules DynamicRules
	// Revision is the new revision: the event's "revision", else the
	// rules' own.
	Revision string
}

// Rules decodes a rules.updated event. It fails with ErrWebhookEventType
// for other types.
func (e *WebhookEvent) Rules() (*RulesEvent, error) {
	if err := e.requireType("rules event", func(t string) bool { return strings.HasPrefix(t, "rules.") }); err != nil {
		return nil, err
	}
	var data struct {
		Rules    *DynamicRules `json:"rules"`
		Revision jsonx.String  `json:"revision"`
	}
	if err := e.decodeData(&data); err != nil {
		return nil, err
	}
	ev := &RulesEvent{Revision: string(data.Revision)}
	if data.Rules != nil {
		ev.Rules = *data.Rules
	}
	if ev.Revision == "" {
		ev.Revision = ev.Rules.Revision
	}
	return ev, nil
}

// RealtimeEvent is the data of a realtime OnlyFans event (beta): a
// realtime.* event translated by OFAuth, or the raw relay of a websocket
// frame (of.websocket.event.received).
type RealtimeEvent struct {
	Type              string
	ConnectionID      string
	ClientReferenceID string
	// Environment is "live", "test" or "sandbox".
	Environment string
	// Body is the OnlyFans event, undecoded: "eventBody" of a realtime.*
	// event, or the frame's "json" for the raw relay; nil when absent.
	Body json.RawMessage
	// Frame holds the raw relay's details; nil for realtime.* events.
	Frame *WebsocketFrame
}

// WebsocketFrame describes a relayed OnlyFans websocket frame. The frame
// itself is in RealtimeEvent.Body when it was JSON, else in RawText or
// RawBase64.
type WebsocketFrame struct {
	ReceivedAt   time.Time
	MessageType  string // e.g. "text"
	PayloadKey   string // e.g. "of.websocket.event.received|typing"
	ShapeSubtype string // e.g. "chat.typing.updated"; may be empty
	Truncated    bool
	RawText      string
	RawBase64    string
}

// Realtime decodes a realtime.* or of.websocket.* event. It fails with
// ErrWebhookEventType for other types.
func (e *WebhookEvent) Realtime() (*RealtimeEvent, error) {
	if err := e.requireType("realtime event", IsRealtimeEvent); err != nil {
		return nil, err
	}
	var data struct {
		Connection struct {
			ID                jsonx.String `json:"id"`
			ClientReferenceID jsonx.String `json:"clientReferenceId"`
		} `json:"connection"`
		ConnectionID      jsonx.String    `json:"connectionId"`
		ClientReferenceID jsonx.String    `json:"clientReferenceId"`
		Environment       jsonx.String    `json:"environment"`
		EventBody         json.RawMessage `json:"eventBody"`
		JSON              json.RawMessage `json:"json"`
		ReceivedAt        jsonx.Time      `json:"receivedAt"`
		MessageType       jsonx.String    `json:"messageType"`
		PayloadKey        jsonx.String    `json:"payloadKey"`
		ShapeSubtype      jsonx.String    `json:"shapeSubtype"`
		Truncated         bool            `json:"truncated"`
		RawText           jsonx.String    `json:"rawText"`
		RawBase64         jsonx.String    `json:"rawBase64"`
	}
	if err := e.decodeData(&data); err != nil {
		return nil, err
	}
	ev := &RealtimeEvent{
		Type:              e.Type,
		ConnectionID:      firstNonEmpty(string(data.Connection.ID), string(data.ConnectionID)),
		ClientReferenceID: firstNonEmpty(string(data.Connection.ClientReferenceID), string(data.ClientReferenceID)),
		Environment:       string(data.Environment),
		Body:              nonNull(data.EventBody),
	}
	if strings.HasPrefix(e.Type, "of.websocket.") {
		ev.Body = nonNull(data.JSON)
		ev.Frame = &WebsocketFrame{
			ReceivedAt:   data.ReceivedAt.Time,
			MessageType:  string(data.MessageType),
			PayloadKey:   string(data.PayloadKey),
			ShapeSubtype: string(data.ShapeSubtype),
			Truncated:    data.Truncated,
			RawText:      string(data.RawText),
			RawBase64:    string(data.RawBase64),
		}
	}
	return ev, nil
}

// IsRealtimeEvent reports whether an event type is one of the realtime
// OnlyFans events WebhookEvent.Realtime decodes.
func IsRealtimeEvent(eventType string) bool {
	return strings.HasPrefix(eventType, "realtime.") || strings.HasPrefix(eventType, "of.websocket.")
}

func isConnectionType(t string) bool { return strings.HasPrefix(t, "connection.") }

// DecodeData decodes the event's data into v as the SDK decodes responses
// (encoding/json's rules, lenient timestamps and ids), for event types
// this package has no accessor for. It fails with ErrWebhookPayload.
func (e *WebhookEvent) DecodeData(v any) error {
	if e == nil {
		return fmt.Errorf("%w: nil event", ErrWebhookPayload)
	}
	return e.decodeData(v)
}

func (e *WebhookEvent) requireType(kind string, ok func(string) bool) error {
	if e == nil {
		return fmt.Errorf("%w: nil event", ErrWebhookEventType)
	}
	if !ok(e.Type) {
		return fmt.Errorf("%w: %q is not a %s", ErrWebhookEventType, e.Type, kind)
	}
	return nil
}

// decodeData decodes Data; absent or null data leaves v as it is, since
// some events (rules.updated in the docs) carry none.
func (e *WebhookEvent) decodeData(v any) error {
	if nonNull(e.Data) == nil {
		return nil
	}
	if err := unmarshalJSON(e.Data, v); err != nil {
		return fmt.Errorf("%w: %s data: %w", ErrWebhookPayload, e.Type, err)
	}
	return nil
}

// nonNull returns nil for an absent or null raw value.
func nonNull(raw json.RawMessage) json.RawMessage {
	if t := bytes.TrimSpace(raw); len(t) == 0 || string(t) == "null" {
		return nil
	}
	return raw
}
