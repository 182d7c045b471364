package query

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

type status string

type embedded struct {
	Limit  int `url:"limit"`
	Offset int `url:"offset"`
}

type params struct {
	embedded
	Status   status    `url:"status"`
	Imported *bool     `url:"imported"`
	IDs      []int64   `url:"userIds"`
	Since    time.Time `url:"startDate"`
	Price    float64   `url:"price"`
	Secret   string    `url:"-"`
	untagged string
}

func TestEncodeOmitsZeroValues(t *testing.T) {
	assert.Equal(t, "", Values(&params{}).Encode())
	assert.Equal(t, "", Values(nil).Encode())
	var p *params
	assert.Equal(t, "", Values(p).Encode())
}

func TestEncodeAllKinds(t *testing.T) {
	f := false
	p := &params{
		embedded: embedded{Limit: 20, Offset: 40},
		Status:   "active",
		Imported: &f,
		IDs:      []int64{1, 2},
		Since:    time.Date(2025, 1, 2, 3, 4, 5, 0, time.FixedZone("x", 3600)),
		Price:    9.5,
		Secret:   "hidden",
		untagged: "x",
	}
	q := Values(p)
	assert.Equal(t, "20", q.Get("limit"))
	assert.Equal(t, "40", q.Get("offset"))
	assert.Equal(t, "active", q.Get("status"))
	assert.Equal(t, "false", q.Get("imported"))
	assert.Equal(t, []string{"1", "2"}, q["userIds"])
	assert.Equal(t, "2025-01-02T02:04:05Z", q.Get("startDate"))
	assert.Equal(t, "9.5", q.Get("price"))
	assert.NotContains(t, q.Encode(), "hidden")
	assert.Len(t, q, 7)
}

type dated struct {
	Start time.Time  `url:"startDate,date"`
	End   time.Time  `url:"endDate,date"`
	At    *time.Time `url:"at,date"`
}

// A date-only parameter goes out as YYYY-MM-DD, the day of the value in its
// own location, unless the value has a time of day.
func TestEncodeDateOption(t *testing.T) {
	paris := time.FixedZone("Paris", 3600)
	noon := time.Date(2024, 3, 5, 12, 30, 0, 0, time.UTC)
	q := Values(&dated{
		Start: time.Date(2024, 3, 1, 0, 0, 0, 0, paris), // midnight in Paris is Feb 29 in UTC
		End:   noon,
		At:    &time.Time{},
	})
	assert.Equal(t, "2024-03-01", q.Get("startDate"))
	assert.Equal(t, "2024-03-05T12:30:00Z", q.Get("endDate"))
	assert.False(t, q.Has("at"), "a zero time is not sent, even through a pointer")

	q = Values(&dated{End: time.Date(2024, 3, 31, 0, 0, 0, 1, time.UTC)})
	assert.Equal(t, "2024-03-31T00:00:00Z", q.Get("endDate"), "a nanosecond is a time of day")
	assert.Len(t, q, 1)

	day := time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC)
	assert.Equal(t, "2024-12-31", Values(&dated{At: &day}).Get("at"))
}

// The date option applies to time.Time only; on other kinds it is ignored
// and the name before the comma is the key.
func TestEncodeTagOptionsIgnoredElsewhere(t *testing.T) {
	type p struct {
		N int    `url:"n,date"`
		S string `url:"s,"`
	}
	assert.Equal(t, "n=3&s=x", Values(&p{N: 3, S: "x"}).Encode())
}
