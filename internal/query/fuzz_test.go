package query

import (
	"net/url"
	"testing"
	"time"
)

type fuzzParams struct {
	Query  string    `url:"query"`
	Tags   []string  `url:"tags"`
	Flag   *bool     `url:"flag"`
	Limit  int       `url:"limit"`
	Since  time.Time `url:"since"`
	Secret string    `url:"-"`
}

// FuzzEncode: whatever the values hold (&, =, #, newlines, invalid
// UTF-8), the encoded query parses back to exactly the same keys and
// values, so no value can inject or overwrite a parameter.
func FuzzEncode(f *testing.F) {
	f.Add("alice", "a", "b", true, 20, int64(1705314600))
	f.Add("a&limit=1000&status=active", "x=y", "#frag", false, 0, int64(0))
	f.Add("caf\xc3\xa9 \xff\n", "", "%zz", true, -1, int64(-62135596800))
	f.Add("", "+ +", "?", false, 1<<40, int64(253402300799))
	f.Fuzz(func(t *testing.T, query, tag1, tag2 string, flag bool, limit int, since int64) {
		p := fuzzParams{Query: query, Tags: []string{tag1, tag2}, Flag: &flag, Limit: limit, Secret: "s3cret"}
		if since > -62135596800 && since < 253402300799 {
			p.Since = time.Unix(since, 0)
		}
		q := Values(&p)
		back, err := url.ParseQuery(q.Encode())
		if err != nil {
			t.Fatalf("%q does not parse: %v", q.Encode(), err)
		}
		if len(back) != len(q) {
			t.Fatalf("%d keys encoded, %d parsed from %q", len(q), len(back), q.Encode())
		}
		for k, vs := range q {
			got := back[k]
			if len(got) != len(vs) {
				t.Fatalf("%s: %q parsed as %q", k, vs, got)
			}
			for i := range vs {
				if got[i] != vs[i] {
					t.Fatalf("%s: %q parsed as %q", k, vs[i], got[i])
				}
			}
		}
		if back.Get("query") != query || len(back["tags"]) != 2 || back.Get("flag") == "" {
			t.Fatalf("values lost: %q from %+v", q.Encode(), p)
		}
		if _, ok := back["Secret"]; ok || back.Has("-") {
			t.Fatal("an untagged field was sent")
		}
		for k := range back {
			switch k {
			case "query", "tags", "flag", "limit", "since":
			default:
				t.Fatalf("unexpected key %q in %q", k, q.Encode())
			}
		}
	})
}
