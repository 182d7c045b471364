package jsonx

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTimeForms(t *testing.T) {
	want := time.Date(2024, 1, 15, 10, 30, 0, 0, time.UTC)
	cases := map[string]time.Time{
		`"2024-01-15T10:30:00Z"`:          want,
		`"2024-01-15T10:30:00.000Z"`:      want,
		`"2024-01-15T11:30:00+01:00"`:     want,
		`"2024-01-15T10:30:00"`:           want,
		`"2024-01-15 10:30:00"`:           want,
		`1705314600`:                      want,
		`1705314600000`:                   want,
		`"1705314600"`:                    want,
		`"2024-01-15"`:                    time.Date(2024, 1, 15, 0, 0, 0, 0, time.UTC),
		`null`:                            {},
		`""`:                              {},
		`"yesterday"`:                     {},
		`-5`:                              {},
		`"Mon, 15 Jan 2024 10:30:00 GMT"`: want,
	}
	for in, exp := range cases {
		var v struct {
			T Time `json:"t"`
		}
		require.NoError(t, json.Unmarshal([]byte(`{"t":`+in+`}`), &v), in)
		assert.True(t, exp.Equal(v.T.Time), "%s: got %v", in, v.T.Time)
	}
}

func TestTimeMissingFieldIsZero(t *testing.T) {
	var v struct {
		T Time `json:"t"`
	}
	require.NoError(t, json.Unmarshal([]byte(`{}`), &v))
	assert.True(t, v.T.IsZero())
}

// A timestamp encoding/json could not write back (a year past 9999, a zone
// offset of a day) decodes as absent: a model holding it could not be
// encoded again.
func TestTimeOutOfRangeIsZero(t *testing.T) {
	for _, in := range []string{`300000000000`, `1e300`, `"NaN"`, `"10000-01-01T00:00:00Z"`, `"300000000000"`} {
		var v struct {
			T Time `json:"t"`
		}
		require.NoError(t, json.Unmarshal([]byte(`{"t":`+in+`}`), &v), in)
		assert.True(t, v.T.IsZero(), "%s: got %v", in, v.T.Time)
		_, err := json.Marshal(v)
		assert.NoError(t, err, in)
	}
	last := time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC)
	assert.True(t, last.Equal(ParseTime([]byte(`253402300799`))))
	assert.True(t, time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC).Equal(ParseTimeString("0000-01-01T00:00:00Z")))
}
