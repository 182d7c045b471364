package ofauth

import (
	"encoding/json"
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
