package jsonx

import (
	"bytes"
)

// String decodes a JSON string, number or bool into its text; null decodes
// to "". The API sends some ids as strings in one place and numbers in
// another.
type String string

// UnmarshalJSON implements json.Unmarshaler.
func (s *String) UnmarshalJSON(b []byte) error {
	*s = String(Text(b))
	return nil
}

// Text returns the text of a raw JSON scalar: a string unquoted, a number
// or bool as written; "" for null, objects and arrays.
func Text(b []byte) string {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || string(b) == "null" || b[0] == '{' || b[0] == '[' {
		return ""
	}
	if b[0] == '"' {
		return unquote(b)
	}
	return string(b)
}
