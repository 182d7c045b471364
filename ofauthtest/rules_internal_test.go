package ofauthtest

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// priceRule is a body schema with what the spec's bodies nest: an object
// with required and bounded fields, an array of objects, a map and a
// union.
var priceRule = generatedRoute{
	Method: http.MethodPost, Pattern: "/v2/x/{itemId}",
	BodyRequired: []string{"price"},
	BodyRules: []queryRule{
		{Name: "price", Type: "object", Props: []queryRule{
			{Name: "amount", Type: "number", HasMin: true, Min: 0, HasMax: true, Max: 200, Required: true},
			{Name: "currency", Type: "string", Enum: []string{"USD", "EUR"}},
		}},
		{Name: "media", Type: "array", MaxItems: 3, Items: &queryRule{Type: "object", Props: []queryRule{
			{Name: "id", Type: "integer", Required: true},
			{Name: "caption", Type: "string", MinLen: 2, MaxLen: 5},
		}}},
		{Name: "labels", Type: "object", Values: &queryRule{Type: "string", MaxLen: 3}},
		{Name: "owner", OneOf: []queryRule{
			{Type: "integer", HasMin: true, Min: 1},
			{Type: "string", MinLen: 1},
		}},
	},
}

func TestCheckBodyNested(t *testing.T) {
	for _, tc := range []struct {
		body, field, says string
	}{
		{`{"price": {"amount": 1}}`, "", ""},
		{`{"price": {"amount": 1, "currency": null}, "media": null, "owner": null}`, "", ""},
		{`{}`, "price", "price is required"},
		{`{"price": {"currency": "USD"}}`, "price.amount", "price.amount is required"},
		{`{"price": {"amount": null}}`, "price.amount", "price.amount is required"},
		{`{"price": {"amount": 201}}`, "price.amount", "price.amount must be between 0 and 200"},
		{`{"price": {"amount": -1}}`, "price.amount", "between 0 and 200"},
		{`{"price": {"amount": "1"}}`, "price.amount", "price.amount must be a number"},
		{`{"price": {"amount": 1, "currency": "GBP"}}`, "price.currency", "price.currency must be one of USD, EUR"},
		{`{"price": 5}`, "price", "price must be an object"},
		{`{"price": {"amount": 1}, "media": [{"id": 1}, {"id": 2}, {"caption": "ok"}]}`, "media[2].id", "media[2].id is required"},
		{`{"price": {"amount": 1}, "media": [{"id": 1.5}]}`, "media[0].id", "an integer"},
		{`{"price": {"amount": 1}, "media": [{"id": 1, "caption": "x"}]}`, "media[0].caption", "between 2 and 5 characters"},
		{`{"price": {"amount": 1}, "media": [{"id": 1, "caption": "toolong"}]}`, "media[0].caption", "between 2 and 5 characters"},
		{`{"price": {"amount": 1}, "media": [{"id": 1}, {"id": 2}, {"id": 3}, {"id": 4}]}`, "media", "media must have at most 3 items"},
		{`{"price": {"amount": 1}, "media": ["x"]}`, "media[0]", "media[0] must be an object"},
		{`{"price": {"amount": 1}, "labels": {"a": "ok", "b": "long"}}`, "labels.b", "at most 3 characters"},
		{`{"price": {"amount": 1}, "owner": 7}`, "", ""},
		{`{"price": {"amount": 1}, "owner": "jane"}`, "", ""},
		// One branch has the value's type: its complaint is the precise one.
		{`{"price": {"amount": 1}, "owner": 0}`, "owner", "owner must be at least 1"},
		{`{"price": {"amount": 1}, "owner": ""}`, "owner", "owner must be at least 1 character"},
		// No branch has it: the kinds allowed are listed.
		{`{"price": {"amount": 1}, "owner": true}`, "owner", "owner must be an integer or a string"},
		{`{"price": {"amount": 1}, "owner": {"id": 1}}`, "owner", "an integer or a string"},
	} {
		var raw map[string]json.RawMessage
		if err := json.Unmarshal([]byte(tc.body), &raw); err != nil {
			t.Fatal(err)
		}
		field, msg := priceRule.checkBody(raw)
		if field != tc.field || !strings.Contains(msg, tc.says) {
			t.Errorf("%s: %q %q, want %q containing %q", tc.body, field, msg, tc.field, tc.says)
		}
	}
}

// Echo rules put a path's values into a canned body: a string id as a
// string, a numeric one as a number into a number field, into each item
// of a list, and never a field the body does not have.
func TestEchoedCannedBody(t *testing.T) {
	gr := &generatedRoute{
		Method: http.MethodGet, Pattern: "/v2/x/{mediaId}/owners/{ownerId}", Status: http.StatusOK,
		PathRules: []queryRule{{Name: "mediaId", Type: "string"}, {Name: "ownerId", Type: "integer"}},
		Body:      `{"mediaId": "m_1", "list": [{"ownerId": 1, "owner": {"id": 1}}, {"ownerId": 2, "owner": {"id": 2}}]}`,
		Echo: []echoRule{
			{Param: "mediaId", Field: "mediaId"},
			{Param: "ownerId", Field: "list[].ownerId", Number: true},
			{Param: "ownerId", Field: "list[].owner.id", Number: true},
			{Param: "mediaId", Field: "absent"},
		},
	}
	rec := httptest.NewRecorder()
	gr.serve(rec, httptest.NewRequest(http.MethodGet, "/v2/x/vp%20m_9/owners/42", nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("%d %s", rec.Code, rec.Body)
	}
	var got struct {
		MediaID string `json:"mediaId"`
		List    []struct {
			OwnerID any `json:"ownerId"`
			Owner   struct {
				ID any `json:"id"`
			} `json:"owner"`
		} `json:"list"`
		Absent *string `json:"absent"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if got.MediaID != "vp m_9" || got.Absent != nil || len(got.List) != 2 {
		t.Fatalf("%s", rec.Body)
	}
	for _, it := range got.List {
		if it.OwnerID != 42.0 || it.Owner.ID != 42.0 {
			t.Errorf("item %+v, want owner 42 as a number", it)
		}
	}

	// A path value of the wrong type is a 400 before any echo.
	rec = httptest.NewRecorder()
	gr.serve(rec, httptest.NewRequest(http.MethodGet, "/v2/x/m_1/owners/abc", nil))
	if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), `"field":"ownerId"`) {
		t.Fatalf("%d %s", rec.Code, rec.Body)
	}
}

// A number field keeps its canned value when the path holds no number
// (a username where an id may stand).
func TestEchoSkipsANonNumberForANumberField(t *testing.T) {
	gr := &generatedRoute{Pattern: "/u/{userId}", Body: `{"id": 5}`, Echo: []echoRule{{Param: "userId", Field: "id", Number: true}}}
	got := gr.echoed(map[string]string{"userId": "jane"}).(map[string]any)
	if got["id"] != 5.0 {
		t.Fatalf("id %v, want the canned 5", got["id"])
	}
}

// A numeric path id is written as a JSON number exactly, and a text no
// JSON number can spell leaves the canned value.
func TestEchoWritesNumbersExactly(t *testing.T) {
	for in, want := range map[string]string{
		"9007199254740993": `{"id":9007199254740993}`, // 2^53+1: a float64 would round it
		"+5":               `{"id":5}`,
		"007":              `{"id":7}`,
		"1.50":             `{"id":1.5}`,
		"NaN":              `{"id":5}`,
		"Inf":              `{"id":5}`,
		"0x10":             `{"id":5}`,
	} {
		gr := &generatedRoute{Pattern: "/u/{userId}", Body: `{"id": 5}`, Echo: []echoRule{{Param: "userId", Field: "id", Number: true}}}
		b, err := json.Marshal(gr.echoed(map[string]string{"userId": in}))
		if err != nil || string(b) != want {
			t.Errorf("id %q: %s (%v), want %s", in, b, err, want)
		}
	}
}

// Any JSON body, against every route's rules, either passes or is refused
// with a message naming the field; nothing panics.
func FuzzCheckBody(f *testing.F) {
	f.Add(`{"releaseForms": {"users": [1, "x"]}}`, "abc")
	f.Add(`{"vaultPlus": {"settings": {"imageQualities": ["thumb", 3]}}}`, "0")
	f.Add(`{"price": {"amount": 1e309}, "media": [{}, null, []]}`, "%zz")
	f.Add(`{"userIds": [true, {"a": [[[]]]}], "type": []}`, "1.5")
	f.Fuzz(func(t *testing.T, body, id string) {
		var raw map[string]json.RawMessage
		if json.Unmarshal([]byte(body), &raw) != nil {
			return
		}
		for _, gr := range append([]*generatedRoute{&priceRule}, routesByLiterals...) {
			if field, msg := gr.checkBody(raw); field != "" && !strings.Contains(msg, field) {
				t.Fatalf("%s %s: message %q does not name %q", gr.Method, gr.Pattern, msg, field)
			}
			segs := strings.Split(gr.Pattern, "/")
			for i, seg := range segs {
				if strings.HasPrefix(seg, "{") {
					segs[i] = url.PathEscape(id)
				}
			}
			path := strings.Join(segs, "/")
			if field, msg := gr.checkPath(path); field != "" && !strings.Contains(msg, field) {
				t.Fatalf("%s %s: message %q does not name %q", gr.Method, path, msg, field)
			}
		}
	})
}

// A query string's length bounds are checked like a body string's; an
// empty value counts as not sent.
func TestCheckQueryLength(t *testing.T) {
	gr := generatedRoute{Query: []queryRule{
		{Name: "code", Type: "string", MinLen: 2, MaxLen: 3},
		{Name: "n", Type: "integer", MinLen: 2}, // bounds a number's text never has
	}}
	for _, tc := range []struct{ query, field, says string }{
		{"code=ab&n=1", "", ""},
		{"code=", "", ""},
		{"code=a", "code", "code must be between 2 and 3 characters"},
		{"code=abcd", "code", "code must be between 2 and 3 characters"},
		{"code=ab&code=x", "code", "between 2 and 3"},
	} {
		q, err := url.ParseQuery(tc.query)
		if err != nil {
			t.Fatal(err)
		}
		field, msg := gr.checkQuery(q)
		if field != tc.field || !strings.Contains(msg, tc.says) {
			t.Errorf("%s: got %q %q, want %q %q", tc.query, field, msg, tc.field, tc.says)
		}
	}
}
