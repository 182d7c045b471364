package ofauth

import (
	"time"

	"github.com/ofauth-go/ofauth/internal/jsonx"
)

// VaultPlusMedia (schema VaultPlusQuality) decodes its epoch-number times
// and numeric ids itself, so it stays hand-written (x-go-override in
// spec/openapi.yaml).

// VaultPlusMedia is one stored quality of a media item.
type VaultPlusMedia struct {
	ID             string    `json:"id"`
	Status         string    `json:"status"` // "edge_only", "pending", "storing", "stored", "removed"
	Quality        string    `json:"quality"`
	SizeBytes      int64     `json:"sizeBytes"`
	ContentType    string    `json:"contentType"`
	Source         string    `json:"source"` // "vault", "messages", "posts", "stories"
	AccessCount    int       `json:"accessCount"`
	CreatedAt      time.Time `json:"createdAt"`
	ExpiresAt      time.Time `json:"expiresAt"`
	StoredAt       time.Time `json:"storedAt"`
	LastAccessedAt time.Time `json:"lastAccessedAt"`
	URL            string    `json:"url"`
}

// UnmarshalJSON decodes the epoch-number timestamps.
func (m *VaultPlusMedia) UnmarshalJSON(b []byte) error { return m.decode(auxSource{b: b}) }

// decode is UnmarshalJSON reading from src: bytes, or a response's decoder in place.
func (m *VaultPlusMedia) decode(src auxSource) error {
	type plain VaultPlusMedia
	aux := struct {
		*plain
		ID             jsonx.String `json:"id"`
		CreatedAt      jsonx.Time   `json:"createdAt"`
		ExpiresAt      jsonx.Time   `json:"expiresAt"`
		StoredAt       jsonx.Time   `json:"storedAt"`
		LastAccessedAt jsonx.Time   `json:"lastAccessedAt"`
	}{plain: (*plain)(m)}
	if err := src.into(&aux); err != nil {
		return err
	}
	m.ID = string(aux.ID)
	m.CreatedAt, m.ExpiresAt = aux.CreatedAt.Time, aux.ExpiresAt.Time
	m.StoredAt, m.LastAccessedAt = aux.StoredAt.Time, aux.LastAccessedAt.Time
	return nil
}
