package ofauth

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The fuzz targets below cover every parser of what the server sends that
// the error and link fuzzers (errors_test.go, link_test.go) do not: page
// envelopes, upload plans, rate-limit headers, response models and ids.
// Their seed corpora live in testdata/fuzz/<name>/; .ci/fuzz runs each.

// fuzzOffset maps any int to a plausible page offset.
func fuzzOffset(n int) int {
	if n < 0 {
		n = -(n + 1)
	}
	return n % (1 << 31)
}

// checkOffsetPage checks a Page built from an offset envelope requested at
// offset.
func checkOffsetPage[T any](t *testing.T, kind string, p *Page[T], offset int, items []T, hasMore bool) {
	t.Helper()
	if p == nil {
		t.Fatalf("%s: nil page", kind)
	}
	if p.NextOffset < offset {
		t.Fatalf("%s: NextOffset %d moved back from %d", kind, p.NextOffset, offset)
	}
	if len(items) > 0 && p.NextOffset == offset {
		t.Fatalf("%s: NextOffset stuck at %d after %d items", kind, offset, len(items))
	}
	if len(p.Items) != len(items) || p.HasMore != hasMore {
		t.Fatalf("%s: page %d items hasMore=%v, envelope %d items hasMore=%v", kind, len(p.Items), p.HasMore, len(items), hasMore)
	}
	if p.NextMarker != "" {
		t.Fatalf("%s: offset page with marker %q", kind, p.NextMarker)
	}
	checkWalkEnds(t, kind, p, pageCursor{offset: offset})
}

// checkMarkerPage checks a Page built from a marker or cursor envelope.
func checkMarkerPage[T any](t *testing.T, kind string, p *Page[T], items []T, marker string) {
	t.Helper()
	if p == nil {
		t.Fatalf("%s: nil page", kind)
	}
	if p.NextMarker == "" && p.HasMore {
		t.Fatalf("%s: HasMore without a marker", kind)
	}
	if p.NextMarker != marker || len(p.Items) != len(items) {
		t.Fatalf("%s: page marker %q items %d, envelope %q items %d", kind, p.NextMarker, len(p.Items), marker, len(items))
	}
	checkWalkEnds(t, kind, p, pageCursor{})
}

// checkWalkEnds walks a server that answers p to every request: the walk
// must end by the second page, whatever p holds.
func checkWalkEnds[T any](t *testing.T, kind string, p *Page[T], start pageCursor) {
	t.Helper()
	fetches := 0
	walk := paginate(context.Background(), start, func(context.Context, pageCursor) (*Page[T], error) {
		fetches++
		if fetches > 2 {
			return nil, errors.New("still walking")
		}
		return p, nil
	})
	for _, err := range walk {
		if err != nil {
			t.Fatalf("%s: a repeated page did not end the walk", kind)
		}
	}
}

// FuzzPageEnvelopes decodes any bytes as each list envelope and builds
// its Page: no panic, NextOffset never moves back, marker pages have no
// more without a marker, and a walk over a repeating server ends.
func FuzzPageEnvelopes(f *testing.F) {
	f.Add([]byte(`{"list":[{"id":1},{"id":2}],"hasMore":true,"nextOffset":20}`), 0, 10)
	f.Add([]byte(`{"list":[{"id":1}],"hasMore":true,"nextOffset":"7"}`), 10, 10)
	f.Add([]byte(`{"list":[],"hasMore":true,"nextMarker":null}`), 0, 0)
	f.Add([]byte(`{"list":[{"id":"a"}],"hasMore":true,"nextMarker":1714000000}`), 0, 0)
	f.Add([]byte(`{"items":[{"id":"m1"}],"hasMore":true,"nextCursor":"c2"}`), 0, 0)
	f.Add([]byte(`{"list":[{"id":5}],"hasMore":true,"headMarker":"1714","tailMarker":""}`), 0, 0)
	f.Add([]byte(`[{"id":1},{"id":2},{"id":3}]`), 40, 3)
	f.Add([]byte(`{"id":1}`), 0, 0)
	f.Add([]byte(`{"list":[{"id":1}],"hasMore":true,"nextOffset":-5}`), 100, 0)
	f.Fuzz(func(t *testing.T, data []byte, offset, limit int) {
		offset = fuzzOffset(offset)
		limit = fuzzOffset(limit) % 1000

		var pl pagedList[json.RawMessage]
		if unmarshalJSON(data, &pl) == nil {
			checkOffsetPage(t, "pagedList", pl.page(offset), offset, pl.List, pl.HasMore)
		}
		var subs pagedList[Subscriber]
		if unmarshalJSON(data, &subs) == nil {
			checkOffsetPage(t, "pagedList[Subscriber]", subs.page(offset), offset, subs.List, subs.HasMore)
		}
		var cl connectionList
		if unmarshalJSON(data, &cl) == nil {
			checkOffsetPage(t, "connectionList", offsetPage(cl.List, cl.HasMore, offset, cl.NextOffset), offset, cl.List, cl.HasMore)
		}
		var ai analyticsItems[json.RawMessage]
		if unmarshalJSON(data, &ai) == nil {
			checkOffsetPage(t, "analyticsItems", offsetPage(ai.Items, ai.HasMore, offset, nil), offset, ai.Items, ai.HasMore)
		}
		var la listOrArray[json.RawMessage]
		if unmarshalJSON(data, &la) == nil {
			p := la.page(offset, limit, 20)
			want := la.HasMore
			if la.bare { // a full bare page may have more
				lim := limit
				if lim == 0 {
					lim = 20
				}
				want = len(la.List) >= lim
			}
			checkOffsetPage(t, "listOrArray", p, offset, la.List, want)
		}
		var read pagedList[Subscriber] // as a GET decodes it
		if err := unmarshalJSON(data, &read); err != nil {
			checkDecodeMessage(t, &read, data, err)
		} else if err := checkShape(data, &read, http.MethodGet); err != nil {
			checkDecodeMessage(t, &read, data, err)
			if read.List != nil {
				t.Fatalf("%q: a page with a list is rejected: %v", data, err)
			}
		}
		var ml markedList[json.RawMessage]
		if unmarshalJSON(data, &ml) == nil {
			checkMarkerPage(t, "markedList", markerPage(ml.List, ml.HasMore, string(ml.NextMarker)), ml.List, string(ml.NextMarker))
		}
		var pp PostsPage
		if unmarshalJSON(data, &pp) == nil {
			p, err := postsPageOf(&pp, nil)
			if err != nil {
				t.Fatal(err)
			}
			checkMarkerPage(t, "PostsPage", p, pp.List, pp.TailMarker)
		}
		var vp struct {
			Items      []VaultPlusItem `json:"items"`
			NextCursor string          `json:"nextCursor"`
		}
		if unmarshalJSON(data, &vp) == nil {
			checkMarkerPage(t, "vault+ list", markerPage(vp.Items, vp.NextCursor != "", vp.NextCursor), vp.Items, vp.NextCursor)
		}
		var oa objectOrArray[json.RawMessage]
		if unmarshalJSON(data, &oa) == nil && isJSONArray(data) {
			var arr []json.RawMessage
			if unmarshalJSON(data, &arr) != nil || len(arr) != len(oa) {
				t.Fatalf("objectOrArray: %d items from an array of %d", len(oa), len(arr))
			}
		}
	})
}

// roundTripFunc answers requests in process.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// FuzzUploadPlan feeds any upload init answer (body and plan headers)
// through UploadsService.Init and planUpload: no panic; a plan accepted
// covers exactly size bytes in at least one part, every part but the last
// full; anything else is an error matching ErrInvalidResponse.
func FuzzUploadPlan(f *testing.F) {
	f.Add([]byte(`{"mediaUploadId":"upload:1","uploadType":"single"}`), "", "", int64(10))
	f.Add([]byte(`{"mediaUploadId":"upload:1","totalParts":3,"partSize":4}`), "", "", int64(10))
	f.Add([]byte(`{"mediaUploadId":"upload:1"}`), "3", "4", int64(10))
	f.Add([]byte(`{"mediaUploadId":"upload:1","parts":[{"partNumber":1,"byteRange":{"start":0,"end":3}},{"partNumber":2,"byteRange":{"start":4,"end":7}},{"partNumber":3,"byteRange":{"start":8,"end":9}}]}`), "", "", int64(10))
	f.Add([]byte(`{"mediaUploadId":"upload:1","totalParts":2,"partSize":4}`), "", "", int64(10))
	f.Add([]byte(`{"mediaUploadId":"upload:1","parts":[{"byteRange":{"start":0,"end":9223372036854775807}}]}`), "", "", int64(10))
	f.Add([]byte(`{"mediaUploadId":"upload:1","uploadType":"multipart"}`), "-1", "99999999999999999999", int64(1<<40))
	f.Add([]byte(`not json`), "1", "1", int64(1))
	f.Fuzz(func(t *testing.T, body []byte, totalParts, partSize string, size int64) {
		if size <= 0 {
			return // Upload rejects it before any request
		}
		hc := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
			h := http.Header{"Content-Type": {"application/json"}}
			h.Set("X-Ofauth-Upload-Total-Parts", totalParts)
			h.Set("X-Ofauth-Upload-Part-Size", partSize)
			return &http.Response{StatusCode: 200, Header: h, Body: io.NopCloser(bytes.NewReader(body)), ContentLength: -1, Request: r}, nil
		})}
		c, err := NewClient(testKey, WithBaseURL("http://127.0.0.1:1"), WithHTTPClient(hc), WithMaxRetries(0))
		if err != nil {
			t.Fatal(err)
		}
		init, err := c.Access.WithConnection("conn_1").Uploads.Init(context.Background(),
			&UploadInitParams{Filename: "f.mp4", Size: size, ContentType: "video/mp4"})
		if err != nil {
			if !errors.Is(err, ErrInvalidResponse) {
				t.Fatalf("init error %v does not match ErrInvalidResponse", err)
			}
			return
		}
		plan, err := planUpload(init, size)
		if err != nil {
			if !errors.Is(err, ErrInvalidResponse) {
				t.Fatalf("plan error %v does not match ErrInvalidResponse", err)
			}
			return
		}
		if plan.parts < 1 || plan.partSize < 1 {
			t.Fatalf("plan of %d parts of %d bytes", plan.parts, plan.partSize)
		}
		if !plan.multipart && plan.parts != 1 {
			t.Fatalf("single upload in %d parts", plan.parts)
		}
		lastStart, lastLen := plan.part(plan.parts, size)
		if lastLen < 1 || lastLen > plan.partSize || lastStart+lastLen != size || lastStart != int64(plan.parts-1)*plan.partSize {
			t.Fatalf("%d parts of %d bytes end with %d bytes at %d, for %d bytes", plan.parts, plan.partSize, lastLen, lastStart, size)
		}
		if plan.parts <= 1<<12 {
			var next int64
			for n := 1; n <= plan.parts; n++ {
				start, length := plan.part(n, size)
				if start != next || length < 1 || (n < plan.parts && length != plan.partSize) {
					t.Fatalf("part %d: %d bytes at %d, expected at %d", n, length, start, next)
				}
				next = start + length
			}
			if next != size {
				t.Fatalf("parts cover %d of %d bytes", next, size)
			}
		}
	})
}

// FuzzRetryHeaders reads any Retry-After and X-RateLimit-* headers: waits
// are never negative, a backoff without a server wait stays within the
// configured bounds, and a reset time is unset or a real date.
func FuzzRetryHeaders(f *testing.F) {
	f.Add(429, "2", "", "90", "17", 1)
	f.Add(429, "Wed, 21 Oct 2015 07:28:00 GMT", "", "", "", 0)
	f.Add(503, "", "1714000000", "60", "0", 2)
	f.Add(429, "", "1714000000000", "", "", 3)
	f.Add(429, "NaN", "NaN", "-1", "x", 5)
	f.Add(429, "+Inf", "1e300", "99999999999999999999", "", 40)
	f.Add(500, "0.001", "0.5", " 7 ", " 3", 0)
	f.Fuzz(func(t *testing.T, status int, retryAfter, reset, limit, remaining string, attempt int) {
		h := http.Header{}
		h.Set("Retry-After", retryAfter)
		h.Set("X-RateLimit-Reset", reset)
		h.Set("X-RateLimit-Limit", limit)
		h.Set("X-RateLimit-Remaining", remaining)
		now := time.Now()
		w := serverWait(h, now)
		if w < 0 {
			t.Fatalf("negative server wait %v", w)
		}
		rl := parseRateLimit(h)
		if rl.Limit < -1 || rl.Remaining < -1 {
			t.Fatalf("rate limit figures %+v", rl)
		}
		if !rl.Reset.IsZero() && rl.Reset.Unix() < 0 {
			t.Fatalf("reset %v before 1970", rl.Reset)
		}
		_ = rl.low()
		if attempt < 0 {
			attempt = -(attempt + 1)
		}
		attempt %= 64
		min, max := 3*time.Millisecond, 50*time.Millisecond
		d := backoff(min, max, attempt, &http.Response{StatusCode: status, Header: h})
		if d < 0 {
			t.Fatalf("negative backoff %v", d)
		}
		if (w == 0 || status >= 200 && status <= 299) && (d < min || d > max) {
			t.Fatalf("backoff %v outside [%v, %v]", d, min, max)
		}
		e := newAPIError(429, h, nil)
		if e.RetryAfter < 0 {
			t.Fatalf("negative RetryAfter %v", e.RetryAfter)
		}
	})
}

// responseModels returns a fresh value of every response type with its
// own decoding logic.
func responseModels() []any {
	return []any{
		new(Account), new(Connection), new(ConnectionUser), new(ConnectionSettings), new(ConnectionSettingsResult),
		new(LinkSession), new(LinkLoginStatus), new(SignedHeaders), new(VaultPlusMedia), new(VaultPlusItem),
		new(User), new(Subscriber), new(Subscription), new(Chargeback), new(Transaction), new(Media), new(Message),
		new(Notification), new(Post), new(PostDetail), new(Promotion), new(TrialLink), new(TrackingLink),
		new(ChatReason), new(MassMessageJob), new(MassMessageStat), new(RestrictedUser),
		new(SubscriberHistoryEntry), new(SubscriptionHistoryEntry), new(TopPost), new(TopCampaign), new(TopStory),
		new(TopStream), new(TopTrial), new(TopPromotion), new(UploadInitResult), new(UploadResult), new(VaultMedia),
		new(ReleaseForm), new(selfSummary), new(ID), new(objectOrArray[Media]), new(listOrArray[User]),
	}
}

// FuzzResponseModels decodes any bytes into every response model: no
// panic, and whatever decodes can be encoded again (a model read from the
// API can be cached or forwarded as JSON).
func FuzzResponseModels(f *testing.F) {
	f.Add([]byte(`{"id":"conn_1","status":"active","userData":{"userId":42,"username":"u"},"createdAt":"2024-01-15T10:30:00Z","expiresAt":1705314600}`))
	f.Add([]byte(`{"id":123,"username":"creator","name":"C","subscribedOnData":{"expiredAt":"2024-01-15 10:30:00"},"lastSeen":1705314600000}`))
	f.Add([]byte(`{"status":"completed","data":{"session":{"user-id":"1","cookie":"sess=x"},"userData":{"id":"1"}}}`))
	f.Add([]byte(`{"url":"https://link.ofauth.com/s/cs_abc","expiresAt":"2025-01-01T00:00:00Z"}`))
	f.Add([]byte(`{"createdAt":300000000000,"publishedAt":"-1","expiredAt":"0000-01-01T00:00:00Z"}`))
	f.Add([]byte(`[{"id":1},{"id":"2"}]`))
	f.Add([]byte(`"12345"`))
	f.Add([]byte(`{"ofauth.":""}`)) // a key that looks like a Go type name
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, v := range responseModels() {
			if err := json.Unmarshal(data, v); err != nil {
				checkDecodeMessage(t, v, data, err)
				continue
			}
			if _, err := json.Marshal(v); err != nil {
				t.Fatalf("%T decoded from %q does not encode: %v", v, data, err)
			}
			if err := checkShape(data, v, http.MethodGet); err != nil {
				checkDecodeMessage(t, v, data, err)
			}
		}
	})
}

// FuzzIDRoundTrip: an ID or MediaItem encodes to valid JSON that decodes
// to the same text, numeric or not.
func FuzzIDRoundTrip(f *testing.F) {
	for _, s := range []string{"123", "0", "upload:5f1c", "https://cdn.example.com/a.jpg", "007", "+5", "-0", "-12", "1e3", "\x00\xff", "\a<b>&"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, v := range []json.Marshaler{ID(s), MediaItem(s)} {
			b, err := json.Marshal(v)
			if err != nil {
				t.Fatalf("%T(%q) does not encode: %v", v, s, err)
			}
			var back ID
			if err := json.Unmarshal(b, &back); err != nil {
				t.Fatalf("%T(%q) encodes to %s, which does not decode: %v", v, s, b, err)
			}
			var str string
			if json.Unmarshal(b, &str) != nil && b[0] != '"' {
				if _, err := strconv.ParseInt(string(b), 10, 64); err != nil {
					t.Fatalf("%T(%q) encodes to %s, neither a string nor an integer", v, s, b)
				}
			}
			if want := ID([]rune(s)); back != want { // invalid UTF-8 bytes become U+FFFD, as encoding/json writes them
				t.Fatalf("%T(%q) comes back as %q", v, s, back)
			}
		}
	})
}

// checkDecodeMessage fails when the text a DecodeError would show for err
// names a Go type of the SDK instead of the JSON.
func checkDecodeMessage(t *testing.T, v any, data []byte, err error) {
	t.Helper()
	msg := describeDecodeError(err)
	for _, marker := range []string{"ofauth.", "Go value", "Go struct"} {
		// The message quotes the input's keys and paths, so a marker the
		// input itself holds proves nothing.
		if strings.Contains(msg, marker) && !bytes.Contains(data, []byte(marker)) {
			t.Fatalf("%T from %q: the message names Go types: %s", v, data, msg)
		}
	}
}
