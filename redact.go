package ofauth

import (
	"bytes"
	"strings"
	"unicode/utf8"
)

// redactMask replaces the API key wherever the server echoed it.
const redactMask = "[REDACTED]"

func (c *core) redactor() redactor { return redactor{key: c.apiKey()} }

// redact removes the API key from anything the server echoed back.
func (c *core) redact(e *APIError) {
	r := c.redactor()
	for _, s := range []*string{&e.Code, &e.Message, &e.RequestID, &e.ActionRequired} {
		*s = r.str(*s)
	}
	e.Body = r.bytes(e.Body)
	e.Details = r.bytes(e.Details)
}

// redactErr hides the key in an error whose text quotes what the server
// sent (net/http quotes a malformed status line, for one). The original
// stays reachable through errors.Is and errors.As.
func (c *core) redactErr(err error) error {
	if err == nil {
		return nil
	}
	r := c.redactor()
	if msg := err.Error(); r.key != "" && strings.Contains(msg, r.key) {
		return &redactedError{msg: r.str(msg), err: err}
	}
	return err
}

// redactedError is an error with the key masked in its text.
type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }

func (e *redactedError) Unwrap() error { return e.err }

// redactor masks the API key in what the server sent. It always masks
// first and cuts second: a cut first could split an echoed key and leave
// most of it in plain sight.
type redactor struct{ key string }

func (r redactor) str(s string) string {
	if r.key == "" || !strings.Contains(s, r.key) {
		return s
	}
	return strings.ReplaceAll(s, r.key, redactMask)
}

// fold is str ignoring ASCII case, for host names, which are lower-cased
// on the way.
func (r redactor) fold(s string) string {
	if r.key == "" {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		if i+len(r.key) <= len(s) && strings.EqualFold(s[i:i+len(r.key)], r.key) {
			b.WriteString(redactMask)
			i += len(r.key)
			continue
		}
		b.WriteByte(s[i])
		i++
	}
	return b.String()
}

// bytes returns b without the key; b itself when it has none.
func (r redactor) bytes(b []byte) []byte {
	if r.key == "" || !bytes.Contains(b, []byte(r.key)) {
		return b
	}
	return bytes.ReplaceAll(b, []byte(r.key), []byte(redactMask))
}

// cut masks the key in s, then keeps at most n bytes of it, ending on a
// whole rune. When s was cut, here or by an earlier bound (partial), a
// tail that starts the key is dropped too: it is a key split in two.
func (r redactor) cut(s string, n int, partial bool) string {
	s = r.str(s)
	cut := len(s) > n
	if cut {
		s = trimPartialRune(s[:n])
	}
	if cut || partial {
		s = r.dropKeyStart(s)
	}
	return s
}

// cutBytes is cut for a body; it always returns a copy.
func (r redactor) cutBytes(b []byte, n int, partial bool) []byte {
	return []byte(r.cut(string(b), n, partial))
}

// dropKeyStart drops a tail of s that is the start of the key.
func (r redactor) dropKeyStart(s string) string {
	for k := min(len(r.key)-1, len(s)); k > 0; k-- {
		if strings.HasSuffix(s, r.key[:k]) {
			return s[:len(s)-k]
		}
	}
	return s
}

// trimPartialRune drops the bytes of a rune a cut split at the end of s.
func trimPartialRune(s string) string {
	for i := len(s) - 1; i >= 0 && i >= len(s)-utf8.UTFMax; i-- {
		if utf8.RuneStart(s[i]) {
			if !utf8.FullRuneInString(s[i:]) {
				return s[:i]
			}
			return s
		}
	}
	return s
}
