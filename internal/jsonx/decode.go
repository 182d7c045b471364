package jsonx

import (
	"bytes"
	"encoding/json"
	"time"
	"unicode/utf8"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	jsonv1 "github.com/go-json-experiment/json/v1"
)

// Responses are decoded in one pass with json v2 (go-json-experiment):
// the lenient leaves (timestamps, ids) are per-type unmarshalers that read
// their one value from the decoder in place, so no model needs a
// re-decoding wrapper and no byte is scanned twice.
//
// The options keep encoding/json's semantics where the API relies on them:
// names match without regard to case, duplicate names and invalid UTF-8
// are accepted (the last name wins, bad bytes become U+FFFD).

// Options returns the decoding options of the SDK: encoding/json-like
// matching, lenient time.Time values, and the extra per-type unmarshalers.
func Options(more ...*jsonv2.Unmarshalers) jsonv2.Options {
	fns := append([]*jsonv2.Unmarshalers{jsonv2.UnmarshalFromFunc(decodeTime)}, more...)
	return jsonv2.JoinOptions(
		jsonv2.MatchCaseInsensitiveNames(true),
		jsonv1.MatchCaseSensitiveDelimiter(true),
		jsontext.AllowDuplicateNames(true),
		jsontext.AllowInvalidUTF8(true),
		jsonv2.WithUnmarshalers(jsonv2.JoinUnmarshalers(fns...)),
	)
}

// decodeTime reads any JSON value into a time.Time, as ParseTime does.
func decodeTime(dec *jsontext.Decoder, t *time.Time) error {
	v, err := dec.ReadValue()
	if err != nil {
		return err
	}
	*t = parseValue(v)
	return nil
}

// parseValue is ParseTime for a value the decoder already validated. The
// common RFC 3339 string is parsed from the bytes, without a copy.
func parseValue(v jsontext.Value) time.Time {
	if len(v) > 2 && v[0] == '"' && bytes.IndexByte(v, '\\') < 0 {
		inner := v[1 : len(v)-1]
		var t time.Time
		if looksRFC3339(inner) && t.UnmarshalText(inner) == nil {
			return encodable(t)
		}
		if !utf8.Valid(inner) {
			return ParseTime(v)
		}
		return ParseTimeString(string(inner))
	}
	return ParseTime(v)
}

// looksRFC3339 is a cheap test for the shape
// YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM), the only one the strict parser
// accepts; anything else takes the layout list.
func looksRFC3339(b []byte) bool {
	return len(b) >= 20 && b[4] == '-' && b[7] == '-' && b[10] == 'T' && b[13] == ':' && b[16] == ':'
}

// ReadText reads one JSON value as Text does: a string unquoted, a number
// or bool as written, "" for null, objects and arrays.
func ReadText(dec *jsontext.Decoder) (string, error) {
	v, err := dec.ReadValue()
	if err != nil {
		return "", err
	}
	return Text(v), nil
}

// UnmarshalJSONFrom decodes a String in place during a json v2 decode.
func (s *String) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	t, err := ReadText(dec)
	*s = String(t)
	return err
}

// unquote returns the text of a JSON string literal; plain ASCII or UTF-8
// without escapes costs one allocation, anything else takes
// encoding/json's path (escapes, invalid UTF-8 turned into U+FFFD).
func unquote(b []byte) string {
	if len(b) >= 2 && b[len(b)-1] == '"' {
		inner := b[1 : len(b)-1]
		if bytes.IndexByte(inner, '\\') < 0 && bytes.IndexByte(inner, '"') < 0 && utf8.Valid(inner) && !hasControl(inner) {
			return string(inner)
		}
	}
	var v string
	if json.Unmarshal(b, &v) != nil {
		return ""
	}
	return v
}

// hasControl reports a byte JSON forbids unescaped in a string.
func hasControl(b []byte) bool {
	for _, c := range b {
		if c < 0x20 {
			return true
		}
	}
	return false
}
