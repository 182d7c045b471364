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
