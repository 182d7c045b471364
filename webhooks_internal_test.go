package ofauth

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// isJSONObject is encoding/json's verdict, which parseEnvelope must match.
func isJSONObject(b []byte) bool {
	t := bytes.TrimLeft(b, " \t\r\n")
	return json.Valid(b) && len(t) > 0 && t[0] == '{'
}

func TestParseEnvelopeMatchesEncodingJSON(t *testing.T) {
	inputs := []string{
		`{}`, ` {} `, `{"a":1}`, `{"a":-0.5e+10}`, `{"a":1E5}`, `{"a":[]}`, `{"a":[1,"2",{"b":null},true,false]}`,
		`{"a":"\"\\\/\b\f\n\r\t\u00e9\uD83D\uDE00"}`, `{"a":"é 日本"}`, "{\"a\":\"\xff\xfe\"}",
		``, ` `, `[]`, `1`, `"s"`, `null`, `{`, `}`, `{"a"}`, `{"a":}`, `{"a":1,}`, `{,}`, `{"a":1 "b":2}`,
		`{"a":01}`, `{"a":-}`, `{"a":1.}`, `{"a":.5}`, `{"a":1e}`, `{"a":+1}`, `{"a":tru}`, `{"a":nul}`, `{"a":True}`,
		`{"a":"\x"}`, `{"a":"\u12"}`, `{"a":"\u12G4"}`, "{\"a\":\"\t\"}", "{\"a\":\"\x00\"}", `{"a":"unterminated}`,
		`{'a':1}`, `{a:1}`, `{"a":1}}`, `{"a":1}{}`, `{"a":[1,]}`, `{"a":[,1]}`, `{"a":[1 2]}`, `{"a":NaN}`,
		"\ufeff{}", "{}\x00", `{"a":1}  x`, `{"a":"` + strings.Repeat("x", 100) + `\"` + strings.Repeat("y", 13) + `"}`,
	}
	for _, in := range inputs {
		_, err := parseEnvelope([]byte(in))
		assert.Equal(t, isJSONObject([]byte(in)), err == nil, "%q: %v", in, err)
		if err != nil {
			assert.ErrorIs(t, err, ErrWebhookPayload)
		}
	}
}

func TestParseEnvelopeDepthLimit(t *testing.T) {
	// encoding/json allows 10000 levels of nesting; the scanner agrees on
	// both sides of the limit and does not overflow the stack beyond it.
	for _, depth := range []int{maxJSONDepth - 1, maxJSONDepth, maxJSONDepth + 1, 100000} {
		in := `{"a":` + strings.Repeat("[", depth-1) + strings.Repeat("]", depth-1) + `}`
		_, err := parseEnvelope([]byte(in))
		assert.Equal(t, json.Valid([]byte(in)), err == nil, "depth %d", depth)
	}
	in := strings.Repeat(`{"a":`, maxJSONDepth+1) + "1" + strings.Repeat("}", maxJSONDepth+1)
	_, err := parseEnvelope([]byte(in))
	assert.False(t, json.Valid([]byte(in)))
	assert.ErrorIs(t, err, ErrWebhookPayload)
}

func TestHasStringSpecial(t *testing.T) {
	for c := 0; c < 256; c++ {
		for pos := 0; pos < 8; pos++ {
			word := []byte("abcdefgh")
			word[pos] = byte(c)
			x := uint64(0)
			for i := 7; i >= 0; i-- {
				x = x<<8 | uint64(word[i])
			}
			want := c < 0x20 || c == '"' || c == '\\'
			require.Equal(t, want, hasStringSpecial(x), "byte %#x at %d", c, pos)
		}
	}
}

func TestDecodeDigests(t *testing.T) {
	sum := sha256.Sum256([]byte("digest"))
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		d, ok := decodeBase64Digest(enc.EncodeToString(sum[:]))
		assert.True(t, ok)
		assert.Equal(t, sum, d)
	}
	d, ok := decodeHexDigest(hex.EncodeToString(sum[:]))
	assert.True(t, ok)
	assert.Equal(t, sum, d)
	d, ok = decodeHexDigest(strings.ToUpper(hex.EncodeToString(sum[:])))
	assert.True(t, ok)
	assert.Equal(t, sum, d)

	b64 := base64.StdEncoding.EncodeToString(sum[:])
	for _, bad := range []string{"", "=", b64[:42], b64 + "=", b64[:43] + "A", b64[:10] + "*" + b64[11:], b64[:43] + "==", strings.Repeat("=", 44)} {
		_, ok := decodeBase64Digest(bad)
		assert.False(t, ok, "%q", bad)
	}
	hx := hex.EncodeToString(sum[:])
	for _, bad := range []string{"", hx[:62], hx + "00", hx[:63] + "g", " " + hx[1:]} {
		_, ok := decodeHexDigest(bad)
		assert.False(t, ok, "%q", bad)
	}
}

func TestSignatureHeaderParsers(t *testing.T) {
	a, b := sha256.Sum256([]byte("a")), sha256.Sum256([]byte("b"))
	a64, bHex := base64.StdEncoding.EncodeToString(a[:]), hex.EncodeToString(b[:])

	got := appendSvixSignatures(nil, "  v1,"+a64+"\tv1a,xyz v2,"+a64+" v1,"+base64.StdEncoding.EncodeToString(b[:])+"  ")
	assert.Equal(t, [][sha256.Size]byte{a, b}, got)
	assert.Empty(t, appendSvixSignatures(nil, "v1="+a64+" "+a64+" v1;"+a64))

	got = appendOFAuthSignatures(nil, "t=1, v1="+bHex+",v1="+a64+" v1=bad,v0="+bHex)
	assert.Equal(t, [][sha256.Size]byte{b, a}, got)

	assert.Equal(t, "17", ofauthTimestamp("v1=x,t=17,t=18"))
	assert.Equal(t, "17", ofauthTimestamp(" t= , t=17"))
	assert.Empty(t, ofauthTimestamp("v1=x,ts=17,T=17"))

	field, rest := nextField(" ,a,b", true)
	assert.Equal(t, "a", field)
	assert.Equal(t, ",b", rest)
	field, rest = nextField(" ,a,b", false)
	assert.Equal(t, ",a,b", field)
	assert.Empty(t, rest)
}

func FuzzSignatureHeaders(f *testing.F) {
	f.Add("v1,abc v2,def", []byte("key"))
	f.Add("t=1,v1=00,,  v1=", []byte{})
	f.Add(",,, v1, v1,,", []byte("x"))
	f.Add("t=\x00,v1=\xff", []byte("\x00"))
	f.Fuzz(func(t *testing.T, junk string, seed []byte) {
		// Arbitrary input: no panic, and only whole digests come out.
		for _, d := range appendSvixSignatures(nil, junk) {
			assert.Len(t, d, sha256.Size)
		}
		appendOFAuthSignatures(nil, junk)
		ts := ofauthTimestamp(junk)
		assert.NotContains(t, ts, ",")
		for rest := junk; rest != ""; {
			var field string
			field, rest = nextField(rest, true)
			assert.NotContains(t, field, ",")
		}

		// A real signature among junk is always found.
		sum := sha256.Sum256(seed)
		svix := junk + " v1," + base64.StdEncoding.EncodeToString(sum[:]) + " " + junk
		assert.Contains(t, appendSvixSignatures(nil, svix), sum)
		ofauth := "t=123," + junk + ",v1=" + hex.EncodeToString(sum[:]) + "," + junk
		assert.Contains(t, appendOFAuthSignatures(nil, ofauth), sum)
		assert.Equal(t, "123", ofauthTimestamp(ofauth))
		b64 := junk + " v1=" + base64.URLEncoding.EncodeToString(sum[:])
		assert.Contains(t, appendOFAuthSignatures(nil, b64), sum)
	})
}

func FuzzParseEnvelope(f *testing.F) {
	for _, seed := range []string{`{}`, `{"type":"a","data":{"environment":"live"}}`, `{"a":[1,{"b":"\u00e9"}]}`, `[`, `{"a":1e5}`} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		env, err := parseEnvelope(b)
		require.Equal(t, isJSONObject(b), err == nil, "%v", err)
		if err != nil {
			return
		}
		// Every recorded span is a valid JSON value of the body.
		for _, s := range []span{env.typeField, env.eventTypeField, env.timestampField, env.live, env.data, env.environment} {
			if s.present() {
				assert.True(t, json.Valid(s.in(b)), "%q", s.in(b))
			}
		}
	})
}

func TestMACKeyMatchesHMAC(t *testing.T) {
	k := newMACKey([]byte("key"))
	long := strings.Repeat("p", 300) // longer than the copy buffer
	var got [sha256.Size]byte
	for i := 0; i < 3; i++ { // the pooled state is reset between uses
		k.sum(&got, []string{long, ".", "17", "."}, []byte("body"))
		want := hmacSHA256([]byte("key"), long+".17.body")
		assert.Equal(t, want, got)
	}
}

func hmacSHA256(key []byte, msg string) [sha256.Size]byte {
	// The reference: the construction of RFC 2104 spelled out.
	var k [64]byte
	copy(k[:], key)
	inner, outer := sha256.New(), sha256.New()
	for i := range k {
		inner.Write([]byte{k[i] ^ 0x36})
		outer.Write([]byte{k[i] ^ 0x5c})
	}
	inner.Write([]byte(msg))
	outer.Write(inner.Sum(nil))
	var out [sha256.Size]byte
	copy(out[:], outer.Sum(nil))
	return out
}
