package jsonx

import (
	"bytes"
	"encoding/json"
	"strconv"
	"testing"
	"time"

	jsonv2 "github.com/go-json-experiment/json"
)

// Bounds of the times encoding/json can write: years 0 to 9999.
const (
	minUnix = -62167219200 // 0000-01-01T00:00:00Z
	maxUnix = 253402300799 // 9999-12-31T23:59:59Z
)

// FuzzParseTime: any bytes give the zero time or a time encoding/json can
// write back and that parses again to the same instant; every encodable
// time in any zone, and every epoch second, parses to itself.
func FuzzParseTime(f *testing.F) {
	f.Add([]byte(`"2024-01-15T10:30:00Z"`), int64(1705314600), int64(0), 60)
	f.Add([]byte(`"2024-01-15 10:30:00.123456789"`), int64(0), int64(999999999), -330)
	f.Add([]byte(`1705314600000`), int64(-62135596800), int64(1), 0)
	f.Add([]byte(`300000000000`), int64(253402300799), int64(0), 1439)
	f.Add([]byte(`"Mon, 15 Jan 2024 10:30:00 +2359"`), int64(1), int64(5), -1439)
	f.Add([]byte(`"0000-01-01T00:00:00Z"`), int64(minUnix), int64(0), 0)
	f.Add([]byte(`NaN`), int64(-1), int64(-1), 100000)
	f.Add([]byte(`1e400`), int64(9223372036854775807), int64(0), 0)
	f.Fuzz(func(t *testing.T, data []byte, sec, nsec int64, offsetMin int) {
		got := ParseTime(data)
		if !got.IsZero() {
			b, err := got.MarshalJSON()
			if err != nil {
				t.Fatalf("%q parsed to %v, which does not encode: %v", data, got, err)
			}
			if again := ParseTime(b); !again.Equal(got) {
				t.Fatalf("%q parsed to %v, encoded %s, parsed again to %v", data, got, b, again)
			}
		}

		span := int64(maxUnix - minUnix + 1)
		sec = minUnix + ((sec%span)+span)%span
		nsec = ((nsec % 1e9) + 1e9) % 1e9
		offsetMin %= 24 * 60
		want := time.Unix(sec, nsec).In(time.FixedZone("", offsetMin*60))
		if want.Year() < 0 || want.Year() > 9999 {
			return // the zone pushed it out of range
		}
		b, err := want.MarshalJSON()
		if err != nil {
			t.Fatalf("%v does not encode: %v", want, err)
		}
		if got := ParseTime(b); !got.Equal(want) {
			t.Fatalf("%s parsed to %v, want %v", b, got, want)
		}
		if sec > 0 && sec <= 1e12 && time.Unix(sec, 0).Year() <= 9999 {
			epoch := strconv.FormatInt(sec, 10)
			if got := ParseTime([]byte(epoch)); !got.Equal(time.Unix(sec, 0)) {
				t.Fatalf("epoch %s parsed to %v", epoch, got)
			}
		}
	})
}

// FuzzText: Text of any bytes never panics, unquotes what is a JSON
// string and keeps a JSON number as written.
func FuzzText(f *testing.F) {
	for _, s := range []string{`"abc"`, `123`, `-1.5e3`, `null`, `true`, `{"a":1}`, `[1]`, `"a\"b\u00e9"`, ` "x" `, `"\ud800"`, `"unterminated`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		got := Text(data)
		var s string
		if json.Unmarshal(data, &s) == nil && got != s {
			t.Fatalf("Text(%q) = %q, the JSON string is %q", data, got, s)
		}
		var n json.Number
		trimmed := bytes.TrimSpace(data)
		if json.Unmarshal(data, &n) == nil && n != "" && trimmed[0] != '"' && got != string(trimmed) {
			t.Fatalf("Text(%q) = %q, the JSON number is %s", data, got, n)
		}
	})
}

// FuzzDecodeTime: a time decoded with Options is the time ParseTime gives
// for the same JSON value, fast path or not.
func FuzzDecodeTime(f *testing.F) {
	for _, s := range []string{`"2024-01-15T10:30:00Z"`, `"2024-01-15T10:30:00.123+05:30"`, `"2024-01-15T10:30:00+00:00"`,
		`"2024-01-15 10:30:00"`, `"2024-02-30T10:30:00Z"`, `"2024-01-15T24:00:00Z"`, `1705314600.5`, `"\u0032024-01-15"`, `null`, `""`} {
		f.Add([]byte(s))
	}
	opts := Options()
	f.Fuzz(func(t *testing.T, data []byte) {
		if !json.Valid(data) {
			return
		}
		var got time.Time
		if err := jsonv2.Unmarshal(data, &got, opts); err != nil {
			t.Fatalf("%q does not decode: %v", data, err)
		}
		want := ParseTime(data)
		_, go1 := got.Zone()
		_, wo := want.Zone()
		if !got.Equal(want) || go1 != wo {
			t.Fatalf("%q decodes to %v, ParseTime gives %v", data, got, want)
		}
	})
}
