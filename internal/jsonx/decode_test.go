package jsonx

import (
	"testing"
	"time"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// leaves is a model with every lenient leaf, decoded with Options.
type leaves struct {
	At   time.Time  `json:"at"`
	Ptr  *time.Time `json:"ptr"`
	ID   String     `json:"id"`
	Name string     `json:"name"`
}

func TestOptionsDecodeTimesLeniently(t *testing.T) {
	utc := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339Nano, s)
		require.NoError(t, err)
		return v
	}
	for in, want := range map[string]time.Time{
		`"2024-01-15T10:30:00Z"`:            utc("2024-01-15T10:30:00Z"),
		`"2024-01-15T10:30:00.5+02:00"`:     utc("2024-01-15T08:30:00.5Z"),
		`"2024-01-15 10:30:00"`:             utc("2024-01-15T10:30:00Z"),
		`"2024-01-15"`:                      utc("2024-01-15T00:00:00Z"),
		`1705314600`:                        utc("2024-01-15T10:30:00Z"),
		`1705314600000`:                     utc("2024-01-15T10:30:00Z"),
		`"1705314600"`:                      utc("2024-01-15T10:30:00Z"),
		`"2024-01-15T10:30:00\u005a"`:       utc("2024-01-15T10:30:00Z"),
		`"Mon, 15 Jan 2024 10:30:00 +0000"`: utc("2024-01-15T10:30:00Z"),
		`""`:                                {},
		`null`:                              {},
		`"soon"`:                            {},
		`{"a":1}`:                           {},
		`[1]`:                               {},
		`-5`:                                {},
		`"2024-13-45T99:00:00Z"`:            {},
	} {
		var v leaves
		require.NoError(t, jsonv2.Unmarshal([]byte(`{"at":`+in+`,"ptr":`+in+`}`), &v, Options()), in)
		assert.True(t, v.At.Equal(want), "%s: got %v, want %v", in, v.At, want)
		assert.Equal(t, ParseTime([]byte(in)), v.At, in)
		if in == "null" {
			assert.Nil(t, v.Ptr)
		} else {
			require.NotNil(t, v.Ptr, in)
			assert.True(t, v.Ptr.Equal(want), in)
		}
	}
}

func TestOptionsKeepEncodingJSONMatching(t *testing.T) {
	var v leaves
	require.NoError(t, jsonv2.Unmarshal([]byte(`{"ID":42,"NAME":"a","name":"b`+"\xff"+`","unknown":[1,{"x":null}]}`), &v, Options()))
	assert.Equal(t, String("42"), v.ID, "names match without regard to case")
	assert.Equal(t, "b\uFFFD", v.Name, "the last duplicate wins; invalid UTF-8 becomes U+FFFD")

	var ids []String
	require.NoError(t, jsonv2.Unmarshal([]byte(`["a",1,true,null,{"k":1},[2],"\u00e9\n"]`), &ids, Options()))
	assert.Equal(t, []String{"a", "1", "true", "", "", "", "é\n"}, ids)
}

func TestDecodeTimeAllocatesNothingForRFC3339(t *testing.T) {
	body := []byte(`{"at":"2024-01-15T10:30:00+02:00"}`)
	opts := Options()
	var v leaves
	allocs := fewestAllocs(50, func() {
		if err := jsonv2.Unmarshal(body, &v, opts); err != nil {
			t.Fatal(err)
		}
	})
	var plain struct {
		At time.Time `json:"at"`
	}
	base := fewestAllocs(50, func() {
		if err := jsonv2.Unmarshal(body, &plain); err != nil {
			t.Fatal(err)
		}
	})
	assert.LessOrEqual(t, allocs, base, "the lenient time costs no allocation over json v2's own")
}
