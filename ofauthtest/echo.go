package ofauthtest

import (
	"encoding/json"
	"math"
	"net/url"
	"strconv"
	"strings"
)

// echoRule puts the value of a path parameter into a canned body, so that
// the answer names the object asked about (GET /users/{userId} answers
// that user's id). The generator derives the rules from the response
// schema.
type echoRule struct {
	Param string
	// Field is where the value goes: dot-separated keys, "[]" after a key
	// for each item of that array ("list[].userId"), "[]" alone for each
	// item of a top-level array.
	Field string
	// Number is set when the field is a number: a value that is not one
	// (a username where an id may stand) leaves the field as it was.
	Number bool
}

// echoed returns the route's canned body with the path's values in the
// fields its echo rules name.
func (gr *generatedRoute) echoed(params map[string]string) any {
	body := decodeAny(gr.Body)
	for _, e := range gr.Echo {
		raw, ok := params[e.Param]
		if !ok {
			continue
		}
		text, err := url.PathUnescape(raw)
		if err != nil {
			continue
		}
		var v any = text
		if e.Number {
			n, ok := jsonNumber(text)
			if !ok {
				continue
			}
			v = n
		}
		setField(body, strings.Split(e.Field, "."), v)
	}
	return body
}

// setField sets the field that path names inside v to val, where the
// field exists: a canned body never gains fields its schema lacks.
func setField(v any, path []string, val any) {
	if len(path) == 0 {
		return
	}
	seg := path[0]
	if key, each := strings.CutSuffix(seg, "[]"); each {
		target := v
		if key != "" {
			m, ok := v.(map[string]any)
			if !ok {
				return
			}
			target = m[key]
		}
		items, _ := target.([]any)
		for _, it := range items {
			setField(it, path[1:], val)
		}
		return
	}
	m, ok := v.(map[string]any)
	if !ok {
		return
	}
	if len(path) == 1 {
		if _, has := m[seg]; has {
			m[seg] = val
		}
		return
	}
	setField(m[seg], path[1:], val)
}

// jsonNumber is text as a JSON number: an integer exactly (a float64
// would round ids above 2^53), else a finite float.
func jsonNumber(text string) (json.Number, bool) {
	if n, err := strconv.ParseInt(text, 10, 64); err == nil {
		return json.Number(strconv.FormatInt(n, 10)), true
	}
	f, err := strconv.ParseFloat(text, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return "", false
	}
	return json.Number(strconv.FormatFloat(f, 'g', -1, 64)), true
}
