// Package query encodes parameter structs into URL query strings.
//
// Fields are read from `url:"name"` tags. Zero values are left out, so an
// unset optional parameter never reaches the wire; use a pointer (*bool,
// *int) to send an explicit false or 0. Slices become repeated keys
// (a=1&a=2), booleans "true"/"false", time.Time RFC 3339 in UTC.
//
// The tag option "date" (`url:"startDate,date"`) marks a date-only
// parameter: a time.Time with no time of day in its own location goes out
// as YYYY-MM-DD, that location's calendar day; one with a time of day
// still goes out as RFC 3339.
package query

import (
	"fmt"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"time"
)

var timeType = reflect.TypeOf(time.Time{})

// Encode adds the tagged fields of v (a struct or a pointer to one) to q.
// A nil pointer adds nothing.
func Encode(q url.Values, v any) {
	encodeStruct(q, reflect.ValueOf(v))
}

func encodeStruct(q url.Values, rv reflect.Value) {
	for rv.Kind() == reflect.Pointer {
		if rv.IsNil() {
			return
		}
		rv = rv.Elem()
	}
	if rv.Kind() != reflect.Struct {
		return
	}
	for _, f := range fieldsOf(rv.Type()) {
		fv := rv.Field(f.index)
		if f.name == "" { // embedded struct without a tag: flatten
			encodeStruct(q, fv)
			continue
		}
		addValue(q, f, fv)
	}
}

// Values is Encode into a fresh url.Values.
func Values(v any) url.Values {
	q := url.Values{}
	Encode(q, v)
	return q
}

type field struct {
	index int
	name  string
	date  bool // the "date" option: a time without time of day is sent as YYYY-MM-DD
}

var cache sync.Map // reflect.Type -> []field

func fieldsOf(t reflect.Type) []field {
	if fs, ok := cache.Load(t); ok {
		return fs.([]field)
	}
	var fs []field
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		tag, ok := sf.Tag.Lookup("url")
		switch {
		case tag == "-":
			continue
		case !ok && sf.Anonymous && sf.Type.Kind() == reflect.Struct:
			fs = append(fs, field{index: i})
		case ok && sf.IsExported():
			name, opts, _ := strings.Cut(tag, ",")
			fs = append(fs, field{index: i, name: name, date: hasOption(opts, "date")})
		}
	}
	cache.Store(t, fs)
	return fs
}

// hasOption reports whether the comma-separated tag options hold opt.
func hasOption(opts, opt string) bool {
	for opts != "" {
		var o string
		o, opts, _ = strings.Cut(opts, ",")
		if o == opt {
			return true
		}
	}
	return false
}

func addValue(q url.Values, f field, v reflect.Value) {
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return
		}
		if s, ok := scalar(v.Elem(), f.date); ok { // a set pointer is sent even when zero
			q.Add(f.name, s)
		}
		return
	}
	if v.Kind() == reflect.Slice {
		for i := 0; i < v.Len(); i++ {
			if s, ok := scalar(v.Index(i), f.date); ok {
				q.Add(f.name, s)
			}
		}
		return
	}
	if v.IsZero() {
		return
	}
	if s, ok := scalar(v, f.date); ok {
		q.Add(f.name, s)
	}
}

func scalar(v reflect.Value, date bool) (string, bool) {
	if !v.CanInterface() {
		return "", false
	}
	if v.Type() == timeType {
		t := v.Interface().(time.Time)
		if t.IsZero() {
			return "", false
		}
		if date && isMidnight(t) {
			return t.Format(time.DateOnly), true
		}
		return t.UTC().Format(time.RFC3339), true
	}
	if s, ok := v.Interface().(fmt.Stringer); ok && v.Kind() != reflect.String {
		return s.String(), true
	}
	switch v.Kind() {
	case reflect.String:
		return v.String(), true
	case reflect.Bool:
		return strconv.FormatBool(v.Bool()), true
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.FormatInt(v.Int(), 10), true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return strconv.FormatUint(v.Uint(), 10), true
	case reflect.Float32, reflect.Float64:
		return strconv.FormatFloat(v.Float(), 'f', -1, 64), true
	}
	return "", false
}

// isMidnight reports whether t has no time of day in its own location.
func isMidnight(t time.Time) bool {
	h, m, s := t.Clock()
	return h == 0 && m == 0 && s == 0 && t.Nanosecond() == 0
}
