// Package jsonx holds lenient JSON decoders for the shapes the OFAuth API
// sends inconsistently: timestamps as ISO strings, dates or epoch numbers,
// and empty strings or null where a value is absent.
package jsonx

import (
	"bytes"
	"strconv"
	"time"

	"github.com/go-json-experiment/json/jsontext"
)

// Time decodes a timestamp from any of the forms the API uses; null, "" and
// unparseable values decode to the zero time rather than failing the whole
// response, because one odd timestamp must not hide the rest of the data.
type Time struct{ time.Time }

var layouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02",
	time.RFC1123Z,
	time.RFC1123,
}

// UnmarshalJSON implements json.Unmarshaler.
func (t *Time) UnmarshalJSON(b []byte) error {
	t.Time = ParseTime(b)
	return nil
}

// UnmarshalJSONFrom decodes a Time in place during a json v2 decode.
func (t *Time) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	return decodeTime(dec, &t.Time)
}

// ParseTime parses a raw JSON value (string or number) into a time; it
// returns the zero time for null, empty or unknown forms.
func ParseTime(b []byte) time.Time {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || string(b) == "null" {
		return time.Time{}
	}
	if b[0] == '"' {
		s, err := strconv.Unquote(string(b))
		if err != nil {
			return time.Time{}
		}
		return ParseTimeString(s)
	}
	return fromEpoch(string(b))
}

// ParseTimeString parses a timestamp string; see ParseTime.
func ParseTimeString(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	for _, l := range layouts {
		if t, err := time.Parse(l, s); err == nil {
			return encodable(t)
		}
	}
	return fromEpoch(s)
}

// encodable returns t, or the zero time when encoding/json could not
// write t back (a year outside 0-9999, a zone offset of a day or more):
// such a value is no real timestamp, and a model holding it could not be
// encoded again.
func encodable(t time.Time) time.Time {
	_, offset := t.Zone()
	if y := t.Year(); y < 0 || y > 9999 || offset <= -24*60*60 || offset >= 24*60*60 {
		return time.Time{}
	}
	return t
}

// fromEpoch reads seconds, or milliseconds for values too large to be
// seconds (after the year 33658).
func fromEpoch(s string) time.Time {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || !(f > 0) { // also NaN
		return time.Time{}
	}
	if f > 1e12 {
		ms := int64(f)
		return encodable(time.UnixMilli(ms).UTC())
	}
	sec := int64(f)
	return encodable(time.Unix(sec, int64((f-float64(sec))*1e9)).UTC())
}
