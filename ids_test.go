package ofauth

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Only a canonical number is sent as a JSON number; any other text,
// control characters and invalid UTF-8 included, is sent as a valid JSON
// string, so an id decodes back to what it was.
func TestIDEncodesToJSONThatDecodesBack(t *testing.T) {
	cases := map[ID]string{
		"42":                   `42`,
		"-12":                  `-12`,
		"0":                    `0`,
		"007":                  `"007"`,
		"+5":                   `"+5"`,
		"-0":                   `"-0"`,
		"99999999999999999999": `"99999999999999999999"`,
		"upload:5f1c":          `"upload:5f1c"`,
		"a\x07b":               `"a\u0007b"`,
	}
	for id, want := range cases {
		b, err := json.Marshal(id)
		require.NoError(t, err, "%q", id)
		assert.Equal(t, want, string(b), "%q", id)
		var back ID
		require.NoError(t, json.Unmarshal(b, &back))
		assert.Equal(t, id, back)

		m, err := json.Marshal(MediaItem(id))
		require.NoError(t, err)
		assert.Equal(t, want, string(m), "MediaItem %q", id)
	}
	b, err := json.Marshal(struct{ IDs []ID }{[]ID{"1", "\xff"}})
	require.NoError(t, err, "invalid UTF-8 still makes valid JSON")
	assert.JSONEq(t, `{"IDs":[1,"\ufffd"]}`, string(b))
}

// An ID decodes from a string or a number, in a response (json v2) and
// with encoding/json, to the same text.
func TestIDDecodesFromStringOrNumber(t *testing.T) {
	cases := map[string]ID{
		`42`: "42", `"42"`: "42", `"fans"`: "fans", `-1.5e3`: "-1.5e3", `null`: "", `true`: "true",
		`"a\"b\u00e9"`: `a"bé`, `{"x":1}`: "", `[1]`: "", `"\ud800"`: "\ufffd",
	}
	for in, want := range cases {
		var v struct {
			ID  ID   `json:"id"`
			IDs []ID `json:"ids"`
		}
		require.NoError(t, unmarshalJSON([]byte(`{"id":`+in+`,"ids":[`+in+`]}`), &v), in)
		assert.Equal(t, want, v.ID, in)
		assert.Equal(t, []ID{want}, v.IDs, in)

		var old ID
		require.NoError(t, json.Unmarshal([]byte(in), &old), in)
		assert.Equal(t, want, old, "encoding/json: %s", in)
	}
}

// Decoding an ID costs no allocation beyond its string, with json v2 and
// with encoding/json. (json v2 keeps a string field's old value when it
// is equal, hence 0 for the plain string here.)
func TestIDDecodingAllocatesOnlyItsString(t *testing.T) {
	for _, in := range []string{`"9001"`, `9001`, `"upload:5f1c"`, `"https://cdn.example.com/files/a.jpg"`} {
		body := []byte(`{"id":` + in + `}`)
		var withID struct {
			ID ID `json:"id"`
		}
		var withString struct {
			ID string `json:"id"`
		}
		idAllocs := fewestAllocs(50, func() { _ = unmarshalJSON(body, &withID) })
		strBody := []byte(`{"id":"` + strings.Trim(in, `"`) + `"}`)
		strAllocs := fewestAllocs(50, func() { _ = unmarshalJSON(strBody, &withString) })
		t.Logf("%s: ID %v allocs, string %v", in, idAllocs, strAllocs)
		assert.LessOrEqual(t, idAllocs, 1.0, "json v2, %s", in)

		var id ID
		raw := []byte(in)
		v1ID := fewestAllocs(50, func() { _ = id.UnmarshalJSON(raw) })
		assert.LessOrEqual(t, v1ID, 1.0, "UnmarshalJSON of %s", in)
	}
}
