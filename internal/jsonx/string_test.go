package jsonx

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestStringForms(t *testing.T) {
	cases := map[string]string{
		`"abc"`:   "abc",
		`123`:     "123",
		`1.5`:     "1.5",
		`true`:    "true",
		`null`:    "",
		`{"a":1}`: "",
		`[1]`:     "",
		`"a\"b"`:  `a"b`,
	}
	for in, want := range cases {
		var v struct {
			S String `json:"s"`
		}
		require.NoError(t, json.Unmarshal([]byte(`{"s":`+in+`}`), &v), in)
		assert.Equal(t, want, string(v.S), in)
	}
}
