package ofauth

import "github.com/ofauth-go/ofauth/internal/jsonx"

// SignedHeaders accepts numbers as header values, so it stays
// hand-written; SignResult names it through x-go-type.

// SignedHeaders maps header names to values; numbers arrive as their text.
type SignedHeaders map[string]string

// UnmarshalJSON accepts string and numeric values.
func (h *SignedHeaders) UnmarshalJSON(b []byte) error {
	var raw map[string]jsonx.String
	if err := unmarshalJSON(b, &raw); err != nil {
		return err
	}
	out := make(SignedHeaders, len(raw))
	for k, v := range raw {
		out[k] = string(v)
	}
	*h = out
	return nil
}
