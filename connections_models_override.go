package ofauth

import (
	"time"

	"github.com/ofauth-go/ofauth/internal/jsonx"
)

// Connection and its user decode themselves (nullable fields, lenient
// times, two spellings of the user id), so they stay hand-written
// (x-go-override in spec/openapi.yaml).

// Connection is a connected OnlyFans account. Nullable fields decode to
// their zero value; zero times mean "not set".
type Connection struct {
	ID                string           `json:"id"`
	Status            ConnectionStatus `json:"status"`
	UserData          ConnectionUser   `json:"userData"`
	Permissions       []string         `json:"permissions"`
	ClientReferenceID string           `json:"clientReferenceId"`
	Imported          bool             `json:"imported"`
	// PlatformUserID is the OnlyFans user id, sent by some webhook envelopes.
	PlatformUserID string    `json:"platformUserId,omitempty"`
	CreatedAt      time.Time `json:"createdAt"`
	UpdatedAt      time.Time `json:"updatedAt"`
	ExpiredAt      time.Time `json:"expiredAt"`     // zero unless expired
	LastCheckedAt  time.Time `json:"lastCheckedAt"` // last health check or use
}

// UnmarshalJSON decodes timestamps leniently and accepts string or numeric
// ids and references, so one odd field never fails the whole connection.
func (c *Connection) UnmarshalJSON(b []byte) error { return c.decode(auxSource{b: b}) }

// decode is UnmarshalJSON reading from src: bytes, or a response's decoder in place.
func (c *Connection) decode(src auxSource) error {
	type plain Connection
	aux := struct {
		*plain
		ID                jsonx.String `json:"id"`
		Status            jsonx.String `json:"status"`
		ClientReferenceID jsonx.String `json:"clientReferenceId"`
		PlatformUserID    jsonx.String `json:"platformUserId"`
		CreatedAt         jsonx.Time   `json:"createdAt"`
		UpdatedAt         jsonx.Time   `json:"updatedAt"`
		ExpiredAt         jsonx.Time   `json:"expiredAt"`
		LastCheckedAt     jsonx.Time   `json:"lastCheckedAt"`
	}{plain: (*plain)(c)}
	if err := src.into(&aux); err != nil {
		return err
	}
	c.ID, c.Status, c.ClientReferenceID = string(aux.ID), ConnectionStatus(aux.Status), string(aux.ClientReferenceID)
	c.PlatformUserID = string(aux.PlatformUserID)
	c.CreatedAt, c.UpdatedAt = aux.CreatedAt.Time, aux.UpdatedAt.Time
	c.ExpiredAt, c.LastCheckedAt = aux.ExpiredAt.Time, aux.LastCheckedAt.Time
	if c.UserData.ID == "" {
		c.UserData.ID = c.PlatformUserID
	}
	return nil
}

// ConnectionUser is the OnlyFans profile of a connection; it may be stale
// while the connection is expired.
type ConnectionUser struct {
	ID       string `json:"id"` // the OnlyFans user id
	Name     string `json:"name"`
	Username string `json:"username"`
	Avatar   string `json:"avatar"`
}

// UnmarshalJSON reads the id from "id" or "userId", as a string or number.
func (u *ConnectionUser) UnmarshalJSON(b []byte) error { return u.decode(auxSource{b: b}) }

// decode is UnmarshalJSON reading from src: bytes, or a response's decoder in place.
func (u *ConnectionUser) decode(src auxSource) error {
	var aux struct {
		ID       jsonx.String `json:"id"`
		UserID   jsonx.String `json:"userId"`
		Name     jsonx.String `json:"name"`
		Username jsonx.String `json:"username"`
		Avatar   jsonx.String `json:"avatar"`
	}
	if err := src.into(&aux); err != nil {
		return err
	}
	*u = ConnectionUser{
		ID:       firstNonEmpty(string(aux.ID), string(aux.UserID)),
		Name:     string(aux.Name),
		Username: string(aux.Username),
		Avatar:   string(aux.Avatar),
	}
	return nil
}
