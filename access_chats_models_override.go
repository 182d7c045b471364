package ofauth

import "encoding/json"

// ChatReason decodes itself: the API sends a string, or false when there
// is none.

// ChatReason is a reason the API sends as a string, or as false when there
// is none; false and null decode to "".
type ChatReason string

// UnmarshalJSON keeps a string and reads anything else (false, null) as "".
func (r *ChatReason) UnmarshalJSON(b []byte) error {
	var s string
	if json.Unmarshal(b, &s) != nil {
		s = ""
	}
	*r = ChatReason(s)
	return nil
}
