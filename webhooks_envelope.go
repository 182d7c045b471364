package ofauth

import (
	"encoding/binary"
	"fmt"
)

// The webhook body is read by a single pass that validates the whole body
// as JSON (the grammar encoding/json accepts, nesting depth included) and
// records where the few members Verify needs are. It costs a fraction of
// the HMAC over the same bytes, where encoding/json would cost several
// times the HMAC; everything else stays raw in WebhookEvent.Data and is
// decoded only by the accessor a handler calls.

// maxJSONDepth matches encoding/json, so both accept the same bodies.
const maxJSONDepth = 10000

// span locates a JSON value in the body; the zero span means "absent"
// (a value never ends at offset 0).
type span struct {
	start, end int
	escaped    bool // a string with backslash escapes
}

func (s span) present() bool { return s.end > 0 }

// in returns the raw value, or nil when absent.
func (s span) in(b []byte) []byte {
	if !s.present() {
		return nil
	}
	return b[s.start:s.end]
}

// envelope records the members of both envelopes, {type, timestamp, data}
// and {eventType, live, data}, plus data.environment. A repeated member
// keeps its last value, as encoding/json does.
type envelope struct {
	typeField      span
	eventTypeField span
	timestampField span
	live           span
	data           span
	environment    span // data.environment
}

// parseEnvelope validates b as a JSON object and records its members.
func parseEnvelope(b []byte) (envelope, error) {
	var env envelope
	s := scanner{b: b}
	i := skipSpace(b, 0)
	if i >= len(b) || b[i] != '{' {
		return env, fmt.Errorf("%w: body is not a JSON object", ErrWebhookPayload)
	}
	end, err := s.object(i, 1, func(key []byte, keyEscaped bool, v int) (int, error) {
		return s.topMember(&env, memberName(key, keyEscaped), v)
	})
	if err != nil {
		return env, err
	}
	if end = skipSpace(b, end); end != len(b) {
		return env, s.errAt(end)
	}
	return env, nil
}

// topMember scans one top-level member's value at b[v], recording it when
// the envelope needs it.
func (s *scanner) topMember(env *envelope, name []byte, v int) (int, error) {
	var dst *span
	switch string(name) { // no allocation: the conversion is only compared
	case "type":
		dst = &env.typeField
	case "eventType":
		dst = &env.eventTypeField
	case "timestamp":
		dst = &env.timestampField
	case "live":
		dst = &env.live
	case "data":
		return s.dataMember(env, v)
	default:
		return s.value(v, 1)
	}
	return s.record(dst, v, 1)
}

// dataMember scans "data", recording its span and, when it is an object,
// its "environment". A later "data" member replaces an earlier one whole.
func (s *scanner) dataMember(env *envelope, v int) (int, error) {
	env.environment = span{}
	if v >= len(s.b) || s.b[v] != '{' {
		end, err := s.value(v, 1)
		env.data = span{start: v, end: end}
		return end, err
	}
	end, err := s.object(v, 2, func(key []byte, keyEscaped bool, w int) (int, error) {
		if string(memberName(key, keyEscaped)) == "environment" {
			return s.record(&env.environment, w, 2)
		}
		return s.value(w, 2)
	})
	env.data = span{start: v, end: end}
	return end, err
}

// record scans the value at b[v] into dst.
func (s *scanner) record(dst *span, v, depth int) (int, error) {
	if v < len(s.b) && s.b[v] == '"' {
		end, escaped, err := s.str(v)
		*dst = span{start: v, end: end, escaped: escaped}
		return end, err
	}
	end, err := s.value(v, depth)
	*dst = span{start: v, end: end}
	return end, err
}

// memberName returns a key's text; only keys with escapes (rare) are
// decoded, which allocates.
func memberName(key []byte, escaped bool) []byte {
	if !escaped {
		return key
	}
	raw := make([]byte, 0, len(key)+2)
	raw = append(append(append(raw, '"'), key...), '"')
	return []byte(span{start: 0, end: len(raw), escaped: true}.stringIn(raw))
}

// scanner validates JSON; its methods take the offset of a value's first
// byte and return the offset just after the value.
type scanner struct{ b []byte }

func (s *scanner) errAt(i int) error {
	if i >= len(s.b) {
		return fmt.Errorf("%w: unexpected end of JSON", ErrWebhookPayload)
	}
	return fmt.Errorf("%w: invalid JSON at offset %d", ErrWebhookPayload, i)
}

func skipSpace(b []byte, i int) int {
	for i < len(b) {
		switch b[i] {
		case ' ', '\t', '\n', '\r':
			i++
		default:
			return i
		}
	}
	return i
}

// value scans any JSON value; depth is the nesting depth of the value's
// container.
func (s *scanner) value(i, depth int) (int, error) {
	if i >= len(s.b) {
		return i, s.errAt(i)
	}
	switch c := s.b[i]; {
	case c == '{':
		return s.object(i, depth+1, nil)
	case c == '[':
		return s.array(i, depth+1)
	case c == '"':
		end, _, err := s.str(i)
		return end, err
	case c == 't':
		return s.literal(i, "true")
	case c == 'f':
		return s.literal(i, "false")
	case c == 'n':
		return s.literal(i, "null")
	case c == '-' || (c >= '0' && c <= '9'):
		return s.number(i)
	}
	return i, s.errAt(i)
}

// object scans the object at b[i]. member, when not nil, is called with
// each key (raw, between the quotes) and the offset of its value, and
// must scan the value; nil skips values.
func (s *scanner) object(i, depth int, member func(key []byte, keyEscaped bool, v int) (int, error)) (int, error) {
	if depth > maxJSONDepth {
		return i, fmt.Errorf("%w: JSON nested too deeply", ErrWebhookPayload)
	}
	b := s.b
	i = skipSpace(b, i+1)
	if i < len(b) && b[i] == '}' {
		return i + 1, nil
	}
	for {
		if i >= len(b) || b[i] != '"' {
			return i, s.errAt(i)
		}
		keyEnd, keyEscaped, err := s.str(i)
		if err != nil {
			return keyEnd, err
		}
		key := b[i+1 : keyEnd-1]
		if i = skipSpace(b, keyEnd); i >= len(b) || b[i] != ':' {
			return i, s.errAt(i)
		}
		i = skipSpace(b, i+1)
		if member != nil {
			i, err = member(key, keyEscaped, i)
		} else {
			i, err = s.value(i, depth)
		}
		if err != nil {
			return i, err
		}
		if i = skipSpace(b, i); i >= len(b) {
			return i, s.errAt(i)
		}
		switch b[i] {
		case ',':
			i = skipSpace(b, i+1)
		case '}':
			return i + 1, nil
		default:
			return i, s.errAt(i)
		}
	}
}

func (s *scanner) array(i, depth int) (int, error) {
	if depth > maxJSONDepth {
		return i, fmt.Errorf("%w: JSON nested too deeply", ErrWebhookPayload)
	}
	b := s.b
	i = skipSpace(b, i+1)
	if i < len(b) && b[i] == ']' {
		return i + 1, nil
	}
	for {
		var err error
		if i, err = s.value(i, depth); err != nil {
			return i, err
		}
		if i = skipSpace(b, i); i >= len(b) {
			return i, s.errAt(i)
		}
		switch b[i] {
		case ',':
			i = skipSpace(b, i+1)
		case ']':
			return i + 1, nil
		default:
			return i, s.errAt(i)
		}
	}
}

// Word-at-a-time string scanning: strings are most of a webhook body, and
// testing eight bytes per step for a quote, a backslash or a control byte
// keeps the scan far below the cost of the HMAC.
const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
)

// hasStringSpecial reports whether any byte of x is '"', '\\' or below
// 0x20. The zero-byte test it builds on is exact about "any".
func hasStringSpecial(x uint64) bool {
	q := x ^ (ones * '"')
	bs := x ^ (ones * '\\')
	return ((q-ones)&^q|(bs-ones)&^bs|(x-ones*0x20)&^x)&highs != 0
}

// str scans the string at b[i] == '"' and reports whether it has escapes.
func (s *scanner) str(i int) (end int, escaped bool, err error) {
	b := s.b
	i++
	for {
		for i+8 <= len(b) && !hasStringSpecial(binary.LittleEndian.Uint64(b[i:])) {
			i += 8
		}
		for i < len(b) && b[i] >= 0x20 && b[i] != '"' && b[i] != '\\' {
			i++
		}
		if i >= len(b) {
			return i, escaped, s.errAt(i)
		}
		switch b[i] {
		case '"':
			return i + 1, escaped, nil
		case '\\':
			escaped = true
			n := escapeLen(b[i:])
			if n == 0 {
				return i, escaped, s.errAt(i)
			}
			i += n
		default: // a control byte
			return i, escaped, s.errAt(i)
		}
	}
}

// escapeLen returns the length of the escape sequence b starts with, or 0
// when it is invalid.
func escapeLen(b []byte) int {
	if len(b) < 2 {
		return 0
	}
	switch b[1] {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		return 2
	case 'u':
		if len(b) < 6 {
			return 0
		}
		for _, c := range b[2:6] {
			if !isHex(c) {
				return 0
			}
		}
		return 6
	}
	return 0
}

func isHex(c byte) bool {
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
}

func (s *scanner) literal(i int, word string) (int, error) {
	if len(s.b)-i < len(word) || string(s.b[i:i+len(word)]) != word {
		return i, s.errAt(i)
	}
	return i + len(word), nil
}

// number scans -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?; what may
// follow it is the caller's to check.
func (s *scanner) number(i int) (int, error) {
	b := s.b
	if b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case i < len(b) && b[i] >= '1' && b[i] <= '9':
		i = digits(b, i)
	default:
		return i, s.errAt(i)
	}
	if i < len(b) && b[i] == '.' {
		j := digits(b, i+1)
		if j == i+1 {
			return j, s.errAt(j)
		}
		i = j
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		j := digits(b, i)
		if j == i {
			return j, s.errAt(j)
		}
		i = j
	}
	return i, nil
}

func digits(b []byte, i int) int {
	for i < len(b) && b[i] >= '0' && b[i] <= '9' {
		i++
	}
	return i
}
