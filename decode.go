package ofauth

import (
	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/ofauth-go/ofauth/internal/jsonx"
)

// Responses decode in one pass with json v2 (github.com/go-json-experiment/json):
// the models are plain structs, and the values the API sends in several
// forms (timestamps, ids) are read by per-type unmarshalers straight from
// the decoder. encoding/json would need a wrapper per model for the same
// leniency, and each wrapper re-scans its bytes once per nesting level.

// decodeOptions are the options of every response decode; set once by
// init (the decoders they list decode through them) and never changed.
var decodeOptions jsonv2.Options

func init() {
	decodeOptions = jsonx.Options(
		jsonv2.UnmarshalFromFunc(decodeID),
		inPlace((*Connection).decode),
		inPlace((*ConnectionUser).decode),
		inPlace((*VaultPlusMedia).decode),
		inPlace((*TrialLink).decode),
	)
}

// inPlace runs a model's own decoding on the decoder of the response
// being decoded, in place of its UnmarshalJSON (which serves
// encoding/json and would re-decode the model's bytes).
func inPlace[T any](decode func(T, auxSource) error) *jsonv2.Unmarshalers {
	return jsonv2.UnmarshalFromFunc(func(dec *jsontext.Decoder, v T) error {
		return decode(v, auxSource{dec: dec})
	})
}

// auxSource is where a model with its own decoding reads its fields
// from: the bytes given to UnmarshalJSON, or the decoder of a response.
type auxSource struct {
	b   []byte
	dec *jsontext.Decoder
}

// into decodes the source's one JSON value into aux.
func (s auxSource) into(aux any) error {
	if s.dec != nil {
		return jsonv2.UnmarshalDecode(s.dec, aux)
	}
	return unmarshalJSON(s.b, aux)
}

// unmarshalJSON decodes b into out leniently, in one pass.
func unmarshalJSON(b []byte, out any) error {
	return jsonv2.Unmarshal(b, out, decodeOptions)
}
