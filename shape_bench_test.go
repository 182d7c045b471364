package ofauth

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// BenchmarkSubscribersPageDecode decodes a page of 100 subscribers through
// decodeInto (shape check included) beside a plain json.Unmarshal of the
// same body into the same envelope, the baseline.
func BenchmarkSubscribersPageDecode(b *testing.B) {
	items := make([]string, 100)
	for i := range items {
		items[i] = subscriberJSON
	}
	body := []byte(`{"list": [` + strings.Join(items, ",") + `], "hasMore": true, "nextOffset": 100}`)
	st := &callState{method: http.MethodGet, route: "/v2/access/subscribers"}
	b.Run("decodeInto", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(body)))
		for i := 0; i < b.N; i++ {
			var out pagedList[Subscriber]
			if err := decodeInto(body, &out, st); err != nil || len(out.List) != 100 {
				b.Fatal(err)
			}
		}
	})
	b.Run("unmarshal", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(body)))
		for i := 0; i < b.N; i++ {
			var out pagedList[Subscriber]
			if err := json.Unmarshal(body, &out); err != nil || len(out.List) != 100 {
				b.Fatal(err)
			}
		}
	})
}
