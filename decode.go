package ofauth

import (
	jsonv2 "github.com/go-json-experiment/json"

	"github.com/ofauth-go/ofauth/internal/jsonx"
)

// Responses decode in one pass with json v2 (github.com/go-json-experiment/json):
// the models are plain structs, and the values the API sends in several
// forms (timestamps, ids) are read by per-type unmarshalers straight from
// the decoder. encoding/json would need a wrapper per model for the same
// leniency, and each wrapper re-scans its bytes once per nesting level.

// decodeOptions are the options of every response decode; they are built
// once and never changed.
var decodeOptions = jsonx.Options(jsonv2.UnmarshalFromFunc(decodeID))

// unmarshalJSON decodes b into out leniently, in one pass.
func unmarshalJSON(b []byte, out any) error {
	return jsonv2.Unmarshal(b, out, decodeOptions)
}
