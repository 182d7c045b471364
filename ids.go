package ofauth

import (
	"encoding/json"
	"strconv"

	"github.com/go-json-experiment/json/jsontext"

	"github.com/ofauth-go/ofauth/internal/jsonx"
)

// ID is an identifier the API sends as a number in some places and a
// string in others (user lists, list members, media items). It decodes
// from either and encodes as a number when it is all digits.
type ID string

// IDOf formats a numeric id.
func IDOf(n int64) ID { return ID(strconv.FormatInt(n, 10)) }

// Int64 returns the id as a number, and false if it is not one.
func (id ID) Int64() (int64, bool) {
	n, err := strconv.ParseInt(string(id), 10, 64)
	return n, err == nil
}

// String returns the id's text.
func (id ID) String() string { return string(id) }

// UnmarshalJSON accepts a JSON string or number; null decodes to "". It
// serves encoding/json; responses decode through decodeID.
func (id *ID) UnmarshalJSON(b []byte) error {
	*id = ID(jsonx.Text(b))
	return nil
}

// decodeID reads an ID from a JSON string or number in place, during the
// single pass over a response: one allocation, the id's text.
func decodeID(dec *jsontext.Decoder, id *ID) error {
	s, err := jsonx.ReadText(dec)
	*id = ID(s)
	return err
}

// MarshalJSON writes a numeric id as a JSON number, anything else as a
// string. Only an id written as its number would be ("42", not "042" or
// "+42") becomes a number, so it decodes back to the same text.
func (id ID) MarshalJSON() ([]byte, error) {
	if n, ok := id.Int64(); ok && strconv.FormatInt(n, 10) == string(id) {
		return strconv.AppendInt(nil, n, 10), nil
	}
	return json.Marshal(string(id))
}
