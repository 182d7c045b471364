package ofauth

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"sync"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// A 2xx body can be valid JSON of the wrong shape for its endpoint: a model
// wrapped in {"data": …}, a list without its envelope. encoding/json
// decodes such a body into zero values without a word; checkShape makes
// it a DecodeError instead. Unknown fields next to known ones stay
// accepted (the API grows), and so do {}, null and an empty body.
//
// The check costs nothing on the common path: a struct is only looked at
// when it decoded to its zero value, an envelope only when its list is nil.

// shapeChecker is a decode target with its own shape rule.
type shapeChecker interface {
	checkShape(body []byte) error
}

// errWrongShape is the cause of a DecodeError for a body of the wrong shape.
type errWrongShape struct{ msg string }

func (e *errWrongShape) Error() string { return e.msg }

// checkShape reports a body that decoded into out without error but is not
// the shape out describes. The list envelopes' rule holds for reads (GET):
// a mutation that answers with a page may answer with a bare
// acknowledgement such as {"success": true} instead.
func checkShape(body []byte, out any, method string) error {
	if sc, ok := out.(shapeChecker); ok {
		if method != http.MethodGet {
			return nil
		}
		return sc.checkShape(body)
	}
	rv := reflect.ValueOf(out)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return nil
	}
	v := rv.Elem()
	if v.Kind() != reflect.Struct || !v.IsZero() {
		return nil
	}
	return hasKnownKey(body, knownKeys(v.Type()))
}

// hasKnownKey accepts a body that is not an object, an empty object, and
// an object with at least one key of known (lower-cased). An empty known
// set accepts everything: such a type decodes itself.
func hasKnownKey(body []byte, known map[string]struct{}) error {
	if len(known) == 0 {
		return nil
	}
	keys, ok := objectKeys(body)
	if !ok || len(keys) == 0 {
		return nil
	}
	for _, k := range keys {
		if _, ok := known[strings.ToLower(k)]; ok {
			return nil
		}
	}
	return &errWrongShape{"a JSON object with none of the expected fields (it has " + quoteKeys(keys) + ")"}
}

// requireListKey is the rule of list envelopes: an object must carry the
// list key (an empty object and null are an empty list, as before).
func requireListKey(body []byte, key string) error {
	keys, ok := objectKeys(body)
	if !ok || len(keys) == 0 {
		return nil
	}
	for _, k := range keys {
		if strings.EqualFold(k, key) {
			return nil
		}
	}
	return &errWrongShape{fmt.Sprintf("a JSON object without %q (it has %s)", key, quoteKeys(keys))}
}

// checkShape requires the list key of an offset page.
func (l *pagedList[T]) checkShape(body []byte) error {
	if l.List != nil {
		return nil
	}
	return requireListKey(body, "list")
}

// checkShape requires the list key of a marker page.
func (l *markedList[T]) checkShape(body []byte) error {
	if l.List != nil {
		return nil
	}
	return requireListKey(body, "list")
}

// checkShape accepts a bare array and requires the list key of a page.
func (l *listOrArray[T]) checkShape(body []byte) error {
	if l.bare || l.List != nil {
		return nil
	}
	return requireListKey(body, "list")
}

// checkShape requires the list key of a post page.
func (p *PostsPage) checkShape(body []byte) error {
	if p.List != nil {
		return nil
	}
	return requireListKey(body, "list")
}

// checkShape requires the list key of a vault folder page.
func (p *VaultListsPage) checkShape(body []byte) error {
	if p.List != nil {
		return nil
	}
	return requireListKey(body, "list")
}

// checkShape requires the list key of a connection page.
func (l *connectionList) checkShape(body []byte) error {
	if l.List != nil {
		return nil
	}
	return requireListKey(body, "list")
}

// checkShape requires the items key of a Vault+ page.
func (l *vaultPlusList) checkShape(body []byte) error {
	if l.Items != nil {
		return nil
	}
	return requireListKey(body, "items")
}

// checkShape applies User's fields, and isAuth, to the profile summary.
func (s *selfSummary) checkShape(body []byte) error {
	if s.notAuthenticated || !reflect.ValueOf(s.user).IsZero() {
		return nil
	}
	known := knownKeys(reflect.TypeFor[User]())
	if err := hasKnownKey(body, known); err == nil {
		return nil
	}
	return hasKnownKey(body, map[string]struct{}{"isauth": {}})
}

// maxQuotedKeys bounds the keys a wrong-shape message lists.
const maxQuotedKeys = 5

// quoteKeys lists the first keys of a body for an error message.
func quoteKeys(keys []string) string {
	n := min(len(keys), maxQuotedKeys)
	q := make([]string, n)
	for i, k := range keys[:n] {
		q[i] = fmt.Sprintf("%q", k)
	}
	s := strings.Join(q, ", ")
	if len(keys) > n {
		s += fmt.Sprintf(" and %d more", len(keys)-n)
	}
	return s
}

// objectKeys returns the top-level keys of a JSON object; ok is false when
// the body is not one.
func objectKeys(body []byte) (keys []string, ok bool) {
	dec := json.NewDecoder(bytes.NewReader(body))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, false
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return keys, true
		}
		k, _ := tok.(string)
		keys = append(keys, k)
		var skip json.RawMessage
		if dec.Decode(&skip) != nil {
			return keys, true
		}
	}
	return keys, true
}

// knownKeyCache holds each struct type's JSON keys: reflect.Type ->
// map[string]struct{}.
var knownKeyCache sync.Map

// knownKeys returns the lower-cased JSON keys of struct type t, embedded
// structs included; encoding/json matches keys without regard to case.
func knownKeys(t reflect.Type) map[string]struct{} {
	if v, ok := knownKeyCache.Load(t); ok {
		return v.(map[string]struct{})
	}
	known := make(map[string]struct{})
	addKnownKeys(known, t, 0)
	v, _ := knownKeyCache.LoadOrStore(t, known)
	return v.(map[string]struct{})
}

func addKnownKeys(known map[string]struct{}, t reflect.Type, depth int) {
	if depth > 8 { // embedding cycles through pointers
		return
	}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		ft := f.Type
		if ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		if f.Anonymous && name == "" && ft.Kind() == reflect.Struct {
			addKnownKeys(known, ft, depth+1)
			continue
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		known[strings.ToLower(name)] = struct{}{}
	}
}

// describeDecodeError says what was wrong with a body in JSON terms: the
// text of encoding/json's type errors names the SDK's Go types instead.
func describeDecodeError(err error) string {
	if err == nil {
		return "no cause"
	}
	var se *jsonv2.SemanticError
	if errors.As(err, &se) && se.GoType != nil && se.JSONKind != 0 {
		return describeSemanticError(se)
	}
	var te *json.UnmarshalTypeError
	if !errors.As(err, &te) {
		return err.Error()
	}
	s := "a JSON " + te.Value + " where " + jsonKind(te.Type) + " is expected"
	if path := jsonPath(te.Field); path != "" {
		s += " at " + path
	}
	return s
}

// describeSemanticError says in JSON terms what json v2 could not decode:
// its own text names the SDK's Go types.
func describeSemanticError(se *jsonv2.SemanticError) string {
	got, want := jsonKindName(se.JSONKind), jsonKind(se.GoType)
	s := "a JSON " + got + " where " + want + " is expected"
	if want == "a "+got || want == "an "+got {
		s = "a JSON " + got + " out of range or malformed for its field"
	}
	if path := pointerPath(string(se.JSONPointer)); path != "" {
		s += " at " + path
	}
	return s
}

// jsonKindName names a JSON kind as encoding/json's type errors do.
func jsonKindName(k jsontext.Kind) string {
	switch k {
	case 'n':
		return "null"
	case 't', 'f':
		return "bool"
	case '"':
		return "string"
	case '0':
		return "number"
	case '{':
		return "object"
	case '[':
		return "array"
	}
	return "value"
}

// pointerPath turns a JSON pointer (/list/0/username) into the dotted
// field path of encoding/json's errors (list.username): array indices are
// left out.
func pointerPath(ptr string) string {
	if ptr == "" {
		return ""
	}
	var kept []string
	for _, tok := range strings.Split(strings.TrimPrefix(ptr, "/"), "/") {
		if tok != "" && strings.Trim(tok, "0123456789") == "" {
			continue
		}
		kept = append(kept, strings.NewReplacer("~1", "/", "~0", "~").Replace(tok))
	}
	return strings.Join(kept, ".")
}

// jsonPath is a type error's field path without the names of the
// wrappers the generated decoders embed.
func jsonPath(field string) string {
	if field == "" {
		return ""
	}
	parts := strings.Split(field, ".")
	kept := parts[:0]
	for _, p := range parts {
		if p != "plain" {
			kept = append(kept, p)
		}
	}
	return strings.Join(kept, ".")
}

// jsonKind names the JSON value a Go type decodes from.
func jsonKind(t reflect.Type) string {
	if t == nil {
		return "another value"
	}
	switch t.Kind() {
	case reflect.Struct, reflect.Map:
		return "an object"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "a boolean"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Pointer:
		return jsonKind(t.Elem())
	}
	return "another value"
}
